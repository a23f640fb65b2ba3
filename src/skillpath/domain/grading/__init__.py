"""Grading learners' responses to activities: pure functions from (activity, response) to a ``Grade``.

Responses are JSON-able mappings that refer to AUTHORED positions (option, item, pair, blank and
choice indices as written in the package), never to display positions, so shuffling what the
learner sees never changes a score:

- choice: ``{"selected": [option indices]}``
- order: ``{"order": [item indices in the learner's order]}``
- categorize: ``{"placements": [category id or null per item]}``
- match: ``{"pairs": [right-side index or null per left]}``
- cloze: ``{"blanks": [text per blank]}``
- scenario: ``{"path": [choice index at each node visited, from start]}``
- simulation: ``{"steps": [{"pick": control index} or {"fields": [text per field]} per screen]}``

A malformed response raises ``ResponseInvalid`` saying what is wrong and how it should look; an
empty one (nothing chosen, matched, placed or typed) raises its subclass ``ResponseEmpty`` with a
prompt for the learner. A partly filled match, categorize or cloze is graded (the gaps count wrong).
Activities are assumed to have passed content validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, assert_never

from skillpath.domain.content.model import Activity, Categorize, Choice, Cloze, Match, Order, Scenario, Simulation
from skillpath.domain.grading.categorize import grade_categorize
from skillpath.domain.grading.choice import grade_choice
from skillpath.domain.grading.cloze import cloze_segments, grade_cloze
from skillpath.domain.grading.match import grade_match
from skillpath.domain.grading.ordering import grade_order
from skillpath.domain.grading.result import Grade, ItemFeedback, ResponseEmpty, ResponseInvalid, ScenarioStep
from skillpath.domain.grading.scenario import grade_scenario, scenario_step
from skillpath.domain.grading.simulation import grade_simulation, read_step, step_feedback, step_score

__all__ = [
    "Grade",
    "ItemFeedback",
    "ResponseEmpty",
    "ResponseInvalid",
    "ScenarioStep",
    "cloze_segments",
    "grade",
    "read_step",
    "scenario_step",
    "step_feedback",
    "step_score",
]


def grade(activity: Activity, response: Mapping[str, Any]) -> Grade:
    """Grade ``response`` to ``activity``: a score in [0, 1], feedback per element, the explanation."""
    match activity:
        case Choice():
            return grade_choice(activity, response)
        case Order():
            return grade_order(activity, response)
        case Categorize():
            return grade_categorize(activity, response)
        case Match():
            return grade_match(activity, response)
        case Cloze():
            return grade_cloze(activity, response)
        case Scenario():
            return grade_scenario(activity, response)
        case Simulation():
            return grade_simulation(activity, response)
        case _:
            assert_never(activity)
