"""Answers built from an activity: the model answer (to show after a mistake), and answers with a
chosen number of mistakes (for simulated learners, whose histories fill the demo)."""

from __future__ import annotations

from typing import Any, assert_never

from skillpath.domain.content.graphs import best_points
from skillpath.domain.content.model import (
    Activity,
    Categorize,
    Choice,
    Cloze,
    Match,
    Order,
    Scenario,
    Simulation,
    SimulationStep,
)


def model_answer(activity: Activity) -> dict[str, Any]:
    """The response that scores 1."""
    match activity:
        case Choice():
            return {"selected": [i for i, o in enumerate(activity.options) if o.correct]}
        case Order():
            return {"order": list(range(len(activity.items)))}
        case Categorize():
            return {"placements": [item.category for item in activity.items]}
        case Match():
            return {"pairs": list(range(len(activity.pairs)))}
        case Cloze():
            return {"blanks": [answers[0] for answers in activity.blanks]}
        case Scenario():
            return {"path": _scenario_path(activity, best=True, wrong_steps=0)}
        case Simulation():
            return {"steps": [_step_action(step, right=True) for step in activity.steps]}
        case _:
            assert_never(activity)


def answer_with_mistakes(activity: Activity, mistakes: int) -> dict[str, Any]:
    """A response with about ``mistakes`` wrong elements (0 gives the model answer); never empty."""
    if mistakes <= 0:
        return model_answer(activity)
    match activity:
        case Choice():
            return _choice_with_mistakes(activity, mistakes)
        case Order():
            order = list(range(len(activity.items)))
            for i in range(min(mistakes, len(order) - 1)):
                order[i], order[i + 1] = order[i + 1], order[i]
            return {"order": order}
        case Categorize():
            ids = [c.id for c in activity.categories]
            return {
                "placements": [
                    ids[(ids.index(item.category) + 1) % len(ids)] if i < mistakes else item.category
                    for i, item in enumerate(activity.items)
                ]
            }
        case Match():
            # Swapped right sides (never all left unmatched: an empty answer is refused, not graded).
            pairs: list[int | None] = list(range(len(activity.pairs)))
            swapped = min(max(mistakes, 2), len(pairs))
            pairs[:swapped] = [*pairs[1:swapped], pairs[0]]
            return {"pairs": pairs}
        case Cloze():
            return {"blanks": ["?" if i < mistakes else a[0] for i, a in enumerate(activity.blanks)]}
        case Scenario():
            return {"path": _scenario_path(activity, best=False, wrong_steps=mistakes)}
        case Simulation():
            return {"steps": [_step_action(step, right=i >= mistakes) for i, step in enumerate(activity.steps)]}
        case _:
            assert_never(activity)


def _choice_with_mistakes(activity: Choice, mistakes: int) -> dict[str, Any]:
    wrong = [i for i, o in enumerate(activity.options) if not o.correct]
    right = [i for i, o in enumerate(activity.options) if o.correct]
    if not wrong or (len(right) > 1 and mistakes == 1):
        return {"selected": right[:-1]}
    return {"selected": wrong[:1]}


def _step_action(step: SimulationStep, *, right: bool) -> dict[str, Any]:
    """The right action on a screen, or a wrong one (another control; the first field wrong)."""
    if not step.fields:
        return {"pick": next(i for i, (_, correct, _) in enumerate(step.picks) if correct is right)}
    texts = [field.answers[0] for field in step.fields]
    if not right:
        first = step.fields[0]
        texts[0] = next((o for o in first.options if o != first.answer), "?")
    return {"fields": texts}


def _scenario_path(scenario: Scenario, *, best: bool, wrong_steps: int) -> list[int]:
    """The best path, or one whose first ``wrong_steps`` decisions take the weakest choice."""

    def value(choice_next: str, points: int) -> int:
        sub = Scenario(type="scenario", prompt=scenario.prompt, start=choice_next, nodes=scenario.nodes)
        return points + best_points(sub)

    path: list[int] = []
    node = scenario.start
    while scenario.nodes[node].choices:
        choices = scenario.nodes[node].choices
        values = [value(c.next, c.points) for c in choices]
        pick_best = best or len(path) >= wrong_steps
        index = values.index(max(values) if pick_best else min(values))
        path.append(index)
        node = choices[index].next
    return path
