"""A graded answer as the learner sees and hears it: the verdict, what each element should have been and what
the learner gave, how a partial score was counted, and, in a scenario, the better move where one was missed.

Every mark shown as a symbol also has words (``verdict``, ``key_text``), so the feedback reads the same on a
screen reader and does not rest on colour.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, assert_never

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skillpath.domain.content.graphs import best_points
from skillpath.domain.content.model import Activity, Categorize, Choice, Cloze, Match, Order, Scenario, Simulation
from skillpath.domain.curriculum import percent
from skillpath.domain.grading import Grade, ItemFeedback
from skillpath.web.activities import cloze_sentences

KEY = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class FeedbackLine:
    """One element of the answer. ``correct``: the learner handled it right.

    ``text`` is a choice option's authored feedback, or for the other types the right answer when the learner's
    was wrong. ``key`` (choice only) says whether the option is a correct one, ``picked`` whether the learner
    picked it. ``given`` is what the learner answered for this element, in words.
    """

    label: str
    correct: bool
    text: str | None
    picked: bool | None = None
    key: bool | None = None
    given: str | None = None

    @property
    def key_text(self) -> str:
        """Choice: what the option is, apart from the learner's pick."""
        return _("Correct option") if self.key else _("Wrong option")

    @property
    def verdict(self) -> str:
        """The learner's handling of this element, in words."""
        if self.picked is None:
            return _("Right") if self.correct else _("Wrong")
        if self.picked:
            return _("You picked it: right") if self.key else _("You picked it: wrong")
        return _("You did not pick it: missed") if self.key else _("Not picked: right")


@dataclass(frozen=True)
class PathStep:
    situation: str
    choice: str
    feedback: str | None
    best: bool
    better: str | None = None  # where this step was not the best move: the move that was
    better_feedback: str | None = None


@dataclass(frozen=True)
class FeedbackView:
    score_percent: int
    correct: bool
    partly: bool
    lines: list[FeedbackLine]
    explanation: str | None
    correct_order: list[str]
    path: list[PathStep]
    ending: str | None
    kind: str = ""
    score_note: str | None = None  # how a score below 100% was counted, in words

    @property
    def verdict(self) -> str:
        if self.correct:
            return _("Correct")
        if self.partly:
            return _("Partly right: {score}%").format(score=self.score_percent)
        return _("Not quite: {score}%").format(score=self.score_percent)


def feedback_view(activity: Activity, grade: Grade, response: Mapping[str, Any] | None = None) -> FeedbackView:
    """The feedback for ``grade``; with the learner's ``response`` it also repeats what they answered."""
    response = response or {}
    lines = [] if isinstance(activity, Scenario) else _lines(activity, grade, response)
    path = _path(activity, grade) if isinstance(activity, Scenario) else []
    ending = None
    if isinstance(activity, Scenario) and grade.path:
        last = grade.path[-1]
        ending = activity.nodes[activity.nodes[last.node].choices[last.choice].next].text
    order = list(activity.items) if isinstance(activity, Order) and not grade.correct else []
    return FeedbackView(
        percent(grade.score),
        grade.correct,
        0 < grade.score < 1,
        lines,
        grade.explanation,
        order,
        path,
        ending,
        activity.type,
        None if grade.correct else score_note(activity, grade),
    )


def _lines(activity: Activity, grade: Grade, response: Mapping[str, Any]) -> list[FeedbackLine]:
    lines = []
    for item in grade.feedback:
        match = KEY.search(item.key)
        index = int(match.group(1)) if match else 0
        if isinstance(activity, Choice):
            option = activity.options[index]
            lines.append(FeedbackLine(option.text, item.correct, item.text, item.picked, option.correct))
            continue
        if isinstance(activity, Simulation):
            outcome = step_outcome(activity, index, item)
            lines.append(FeedbackLine(_label(activity, index), item.correct, outcome.better, given=outcome.did))
            continue
        label = _label(activity, index)
        lines.append(FeedbackLine(label, item.correct, item.text, given=_given(activity, response, index)))
    if isinstance(activity, Order) and _valid_order(response, len(lines)):
        lines = [lines[i] for i in response["order"]]  # the learner's order, each item marked
    return lines


def _label(activity: Activity, index: int) -> str:
    """What element ``index`` of the activity is called in the feedback."""
    match activity:
        case Choice():
            return activity.options[index].text
        case Order():
            return activity.items[index]
        case Categorize():
            return activity.items[index].text
        case Match():
            return activity.pairs[index].left
        case Cloze():
            return cloze_sentences(activity)[index]
        case Scenario():
            return activity.nodes[list(activity.nodes)[index]].text
        case Simulation():
            return _("Screen {number}: {title}").format(number=index + 1, title=activity.steps[index].title)
        case _:
            assert_never(activity)


def _valid_order(response: Mapping[str, Any], count: int) -> bool:
    order = response.get("order")
    return isinstance(order, list) and sorted(order) == list(range(count))


def _given(activity: Activity, response: Mapping[str, Any], index: int) -> str | None:
    """What the learner answered for element ``index``, in words (None when the response does not say)."""
    try:
        match activity:
            case Cloze():
                typed = " ".join(str(response["blanks"][index]).split())
                return _("You wrote “{text}”").format(text=typed) if typed else _("You left it empty")
            case Categorize():
                titles = {c.id: c.title for c in activity.categories}
                placed = response["placements"][index]
                return _("You put it in {group}").format(group=titles[placed]) if placed else _("You did not sort it")
            case Match():
                chosen = response["pairs"][index]
                if chosen is None:
                    return _("You left it")
                return _("You matched it with {item}").format(item=activity.pairs[chosen].right)
            case Order():
                return _("You put it at position {position}").format(position=response["order"].index(index) + 1)
            case Choice() | Scenario() | Simulation():
                return None  # a choice marks each option as picked; a scenario shows its path, a simulation its steps
            case _:
                assert_never(activity)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _path(activity: Scenario, grade: Grade) -> list[PathStep]:
    """The steps taken; for each one that was not the best move, the move that keeps the most points in reach."""
    steps = []
    # For scenarios, feedback[i] says whether step i kept the best outcome within reach.
    for step, item in zip(grade.path, grade.feedback, strict=False):
        better = None if item.correct else best_choice(activity, step.node)
        steps.append(PathStep(step.node_text, step.choice_text, step.feedback, item.correct, *_move(better)))
    return steps


def _move(choice: Any) -> tuple[str | None, str | None]:
    return (choice.text, choice.feedback) if choice is not None else (None, None)


def best_choice(activity: Scenario, node_id: str) -> Any:
    """The choice at ``node_id`` on the best path from there (the first one, if several tie)."""

    def reach(choice: Any) -> int:
        return int(choice.points) + best_points(activity.model_copy(update={"start": choice.next}))

    return max(activity.nodes[node_id].choices, key=reach)


@dataclass(frozen=True)
class StepOutcome:
    """What the learner did on one screen of a simulation and how it went, in words."""

    correct: bool
    did: str  # "You pressed “Edit”", "You entered Amount: 4800; Stage: Negotiate"
    feedback: str | None  # the authored feedback of the control, choice or first wrong field
    better: str | None  # when not right: the right action, in words

    @property
    def lead(self) -> str:
        return _("Right.") if self.correct else _("Not quite.")


def step_outcome(activity: Simulation, index: int, item: ItemFeedback) -> StepOutcome:
    """The outcome of screen ``index`` from its graded feedback (``step_feedback``)."""
    step = activity.steps[index]
    if step.fields:
        did, better = _("You entered {given}"), _("Enter {expected}")
    elif step.hotspots:
        did, better = _("You pressed “{given}”"), _("Press “{expected}”")
    else:
        did, better = _("You chose “{given}”"), _("Choose “{expected}”")
    did, better = did.format(given=item.given), better.format(expected=item.expected)
    return StepOutcome(item.correct, did, item.text, None if item.correct else better)


def score_note(activity: Activity, grade: Grade) -> str | None:
    """How a score below 100% was counted, in one sentence (None for single-answer choices: right or wrong)."""
    score = percent(grade.score)
    right = sum(item.correct for item in grade.feedback)
    total = len(grade.feedback)
    match activity:
        case Choice():
            return _choice_note(activity, grade, score) if activity.multiple else None
        case Order():
            return _(
                "{right} of the {total} items stand in the right order relative to each other; the score counts "
                "the steps between them: ({right} − 1) ÷ ({total} − 1) = {score}%."
            ).format(right=right, total=total, score=score)
        case Scenario():
            got = sum(step.points for step in grade.path)
            return _("Your path earned {got} of the {best} points of the best path: {score}%.").format(
                got=got, best=best_points(activity), score=score
            )
        case Categorize():
            return _("{right} of {total} items right: {score}%.").format(right=right, total=total, score=score)
        case Match():
            return _("{right} of {total} pairs right: {score}%.").format(right=right, total=total, score=score)
        case Cloze():
            return _("{right} of {total} blanks right: {score}%.").format(right=right, total=total, score=score)
        case Simulation():
            return _(
                "Each of the {total} screens counts the same; {right} done fully right, and a form earns the share "
                "of its fields filled in right: {score}%."
            ).format(total=total, right=right, score=score)
        case _:
            assert_never(activity)


def _choice_note(activity: Choice, grade: Grade, score: int) -> str:
    correct = sum(o.correct for o in activity.options)
    picks = [option.correct for option, item in zip(activity.options, grade.feedback, strict=True) if item.picked]
    hits, wrong = sum(picks), len(picks) - sum(picks)
    if not wrong:
        return _("You picked {hits} of the {correct} correct options: {score}%.").format(
            hits=hits, correct=correct, score=score
        )
    return ngettext(
        "You picked {hits} of the {correct} correct options and {wrong} wrong one. Each wrong pick cancels a right "
        "one: ({hits} − {wrong}) ÷ {correct} = {score}%.",
        "You picked {hits} of the {correct} correct options and {wrong} wrong ones. Each wrong pick cancels a right "
        "one: ({hits} − {wrong}) ÷ {correct} = {score}%.",
        wrong,
    ).format(hits=hits, correct=correct, wrong=wrong, score=score)
