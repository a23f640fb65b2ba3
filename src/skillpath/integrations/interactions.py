"""xAPI interaction definitions and responses for SkillPath's activity types (pure, no database).

Each activity type maps to an xAPI 1.0.3 interaction type, with components whose ids name the
authored element (``option-2``, ``item-0``, ``left-1``, a category id, a scenario node id, a simulation's
``step-0``), and the
learner's response written in that interaction type's response format (``[,]`` between entries,
``[.]`` between the two halves of a pair). See docs/xapi.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, assert_never

from skillpath.domain.content import Activity
from skillpath.domain.content.model import Categorize, Choice, Cloze, Match, Order, Scenario, Simulation

LANG = "en-US"


def interaction_type(activity: Activity) -> str:
    """The xAPI interaction type an activity is reported as."""
    match activity:
        case Choice():
            return "choice"
        case Order():
            return "sequencing"
        case Categorize() | Match():
            return "matching"
        case Cloze():
            return "fill-in"
        case Scenario() | Simulation():
            return "performance"
        case _:
            assert_never(activity)


def component_id(text: str) -> str:
    """An interaction component id: no whitespace (xAPI forbids it), never empty."""
    return re.sub(r"\s+", "-", text.strip()) or "-"


def _component(cid: str, text: str) -> dict[str, Any]:
    return {"id": component_id(cid), "description": {LANG: text}} if text.strip() else {"id": component_id(cid)}


def _pairs(pairs: Sequence[tuple[str, str]]) -> str:
    return "[,]".join(f"{component_id(a)}[.]{component_id(b)}" for a, b in pairs)


def interaction_definition(activity: Activity) -> dict[str, Any]:
    """The ``interactionType``, components and correct response pattern of an activity."""
    definition: dict[str, Any] = {"interactionType": interaction_type(activity)}
    match activity:
        case Choice():
            definition["choices"] = [_component(f"option-{i}", o.text) for i, o in enumerate(activity.options)]
            correct = [f"option-{i}" for i, o in enumerate(activity.options) if o.correct]
            definition["correctResponsesPattern"] = ["[,]".join(correct)]
        case Order():
            definition["choices"] = [_component(f"item-{i}", text) for i, text in enumerate(activity.items)]
            definition["correctResponsesPattern"] = ["[,]".join(f"item-{i}" for i in range(len(activity.items)))]
        case Categorize():
            definition["source"] = [_component(f"item-{i}", item.text) for i, item in enumerate(activity.items)]
            definition["target"] = [_component(c.id, c.title) for c in activity.categories]
            definition["correctResponsesPattern"] = [
                _pairs([(f"item-{i}", item.category) for i, item in enumerate(activity.items)])
            ]
        case Match():
            definition["source"] = [_component(f"left-{i}", p.left) for i, p in enumerate(activity.pairs)]
            definition["target"] = [_component(f"right-{i}", p.right) for i, p in enumerate(activity.pairs)]
            definition["correctResponsesPattern"] = [
                _pairs([(f"left-{i}", f"right-{i}") for i in range(len(activity.pairs))])
            ]
        case Cloze():
            first = [answers[0] for answers in activity.blanks]
            if first and all(first):
                definition["correctResponsesPattern"] = ["{case_matters=false}" + "[,]".join(first)]
        case Scenario():
            definition["steps"] = [
                _component(node_id, node.text) for node_id, node in activity.nodes.items() if node.choices
            ]
        case Simulation():
            definition["steps"] = [_component(f"step-{i}", step.title) for i, step in enumerate(activity.steps)]
        case _:
            assert_never(activity)
    return definition


def _indices(values: Any) -> list[int]:
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)] if isinstance(values, list) else []


def response_text(activity: Activity, response: Mapping[str, Any]) -> str:
    """The learner's response in the xAPI format of the activity's interaction type ("" when empty)."""
    match activity:
        case Choice():
            return "[,]".join(f"option-{i}" for i in _indices(response.get("selected")))
        case Order():
            return "[,]".join(f"item-{i}" for i in _indices(response.get("order")))
        case Categorize():
            placements = response.get("placements") or []
            return _pairs([(f"item-{i}", str(c)) for i, c in enumerate(placements) if c])
        case Match():
            chosen = response.get("pairs") or []
            return _pairs([(f"left-{i}", f"right-{r}") for i, r in enumerate(chosen) if isinstance(r, int)])
        case Cloze():
            blanks = response.get("blanks") or []
            return "[,]".join(str(b) for b in blanks) if any(str(b).strip() for b in blanks) else ""
        case Scenario():
            return _scenario_response(activity, response)
        case Simulation():
            return _simulation_response(response)
        case _:
            assert_never(activity)


def _scenario_response(activity: Scenario, response: Mapping[str, Any]) -> str:
    node = activity.start
    taken: list[tuple[str, str]] = []
    for index in _indices(response.get("path")):
        taken.append((node, str(index)))
        choices = activity.nodes[node].choices if node in activity.nodes else []
        if not 0 <= index < len(choices):
            break
        node = choices[index].next
    return _pairs(taken)


def _simulation_response(response: Mapping[str, Any]) -> str:
    """``step-0[.]pick-1[,]step-1[.]4,800; Negotiate``: per screen, the control picked or the fields' texts."""
    steps = response.get("steps")
    taken: list[str] = []
    for i, action in enumerate(steps if isinstance(steps, list) else []):
        if isinstance(action, dict) and isinstance(action.get("pick"), int):
            taken.append(f"step-{i}[.]pick-{action['pick']}")
        elif isinstance(action, dict) and isinstance(action.get("fields"), list):
            taken.append(f"step-{i}[.]" + "; ".join(str(t).replace("[,]", ",") for t in action["fields"]))
    return "[,]".join(taken)
