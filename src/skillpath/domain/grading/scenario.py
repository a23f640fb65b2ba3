"""Grading ``scenario``: ``{"path": [choice index at each node visited, from start]}``.

A path must lead from ``start`` to an ending exactly. The score is the points on the path divided
by the best path's points (``best_points``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from skillpath.domain.content.graphs import best_points
from skillpath.domain.content.model import Scenario
from skillpath.domain.grading.responses import index_range, read_index, read_list
from skillpath.domain.grading.result import (
    Grade,
    ItemFeedback,
    ResponseEmpty,
    ResponseInvalid,
    ScenarioStep,
    make_grade,
)
from skillpath.domain.i18n import gettext

KIND = "scenario"


def scenario_step(scenario: Scenario, path_so_far: Sequence[Any]) -> str:
    """The id of the node a partial path leads to (``start`` for an empty path).

    For players that show one node at a time. Raises ``ResponseInvalid`` when an index is not one of
    its node's choices or the path goes on past an ending.
    """
    node_id = scenario.start
    for position, value in enumerate(path_so_far):
        node = scenario.nodes[node_id]
        if not node.choices:
            raise ResponseInvalid(
                f"{KIND}: path[{position}] goes past the ending {json.dumps(node_id)}; "
                "the path must stop at the first ending it reaches"
            )
        how = f"the choices at {json.dumps(node_id)} are {index_range(len(node.choices))}"
        index = read_index(value, len(node.choices), KIND, f"path[{position}]", how)
        node_id = node.choices[index].next
    return node_id


def grade_scenario(activity: Scenario, response: Mapping[str, Any]) -> Grade:
    """Score a complete path; each step is correct when it kept the best remaining points reachable."""
    path = read_list(response, KIND, "path", '{"path": [1, 0]}')
    if not path:
        raise ResponseEmpty(gettext("Choose a reply before checking your answer."))
    end = scenario_step(activity, path)
    choices = activity.nodes[end].choices
    if choices:
        raise ResponseInvalid(
            f"{KIND}: the path stops at {json.dumps(end)}, which is not an ending; "
            f"add the index {index_range(len(choices))} of the choice taken there"
        )
    steps = walk(activity, path)
    best = best_points(activity)
    score = sum(s.points for s in steps) / best if best else 1.0
    feedback = (
        ItemFeedback(f"path[{i}]", step.points + _best_after(activity, step) == step.best_points_here, step.feedback)
        for i, step in enumerate(steps)
    )
    return make_grade(score, feedback, activity.explanation, steps)


def walk(scenario: Scenario, path: Sequence[int]) -> list[ScenarioStep]:
    """The steps of a valid path (checked by ``scenario_step``), with each node's best remaining points."""
    steps: list[ScenarioStep] = []
    node_id = scenario.start
    for index in path:
        node = scenario.nodes[node_id]
        choice = node.choices[index]
        best_here = _best_from(scenario, node_id)
        steps.append(ScenarioStep(node_id, node.text, index, choice.text, choice.points, best_here, choice.feedback))
        node_id = choice.next
    return steps


def _best_after(scenario: Scenario, step: ScenarioStep) -> int:
    return _best_from(scenario, scenario.nodes[step.node].choices[step.choice].next)


def _best_from(scenario: Scenario, node_id: str) -> int:
    return best_points(scenario.model_copy(update={"start": node_id}))
