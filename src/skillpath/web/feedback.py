"""A graded answer as the learner sees it: right or not, what each element should have been, and why."""

from __future__ import annotations

import re
from dataclasses import dataclass

from skillpath.domain.content.model import Activity, Categorize, Choice, Match, Order, Scenario
from skillpath.domain.curriculum import percent
from skillpath.domain.grading import Grade

KEY = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class FeedbackLine:
    label: str
    correct: bool
    text: str | None
    picked: bool | None


@dataclass(frozen=True)
class PathStep:
    situation: str
    choice: str
    feedback: str | None
    best: bool


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


def _label(activity: Activity, index: int) -> str:
    if isinstance(activity, Choice):
        return activity.options[index].text
    if isinstance(activity, Order):
        return activity.items[index]
    if isinstance(activity, Categorize):
        return activity.items[index].text
    if isinstance(activity, Match):
        return activity.pairs[index].left
    return f"Blank {index + 1}"


def feedback_view(activity: Activity, grade: Grade) -> FeedbackView:
    lines = []
    if not isinstance(activity, Scenario):
        for item in grade.feedback:
            match = KEY.search(item.key)
            index = int(match.group(1)) if match else 0
            lines.append(FeedbackLine(_label(activity, index), item.correct, item.text, item.picked))
    # For scenarios, feedback[i] says whether step i kept the best outcome within reach.
    path = [
        PathStep(step.node_text, step.choice_text, step.feedback, item.correct)
        for step, item in zip(grade.path, grade.feedback, strict=False)
    ]
    ending = None
    if isinstance(activity, Scenario) and grade.path:
        last = grade.path[-1]
        node = activity.nodes[last.node].choices[last.choice].next
        ending = activity.nodes[node].text
    return FeedbackView(
        percent(grade.score), grade.correct, 0 < grade.score < 1, lines, grade.explanation,
        list(activity.items) if isinstance(activity, Order) and not grade.correct else [], path, ending,
    )  # fmt: skip
