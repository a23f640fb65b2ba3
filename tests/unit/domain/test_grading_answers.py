from __future__ import annotations

import pytest
from hypothesis import given, settings

from skillpath.content.reader import read_package
from skillpath.domain.content import parse_package
from skillpath.domain.grading import grade
from skillpath.domain.grading.answers import answer_with_mistakes, model_answer
from tests.helpers import DEMO, mini_source
from tests.unit.domain.test_grading_strategies import ACTIVITIES

ACADEMY = parse_package(read_package(DEMO))
VARIANTS = [v for m in ACADEMY.modules.values() for c in m.concepts for v in c.variants]


@pytest.mark.parametrize("activity", VARIANTS[::7])
def test_the_model_answer_of_every_demo_activity_scores_1(activity: object) -> None:
    assert grade(activity, model_answer(activity)).score == 1  # type: ignore[arg-type]


@pytest.mark.parametrize("activity", VARIANTS[::7])
def test_answers_with_mistakes_score_less(activity: object) -> None:
    one = grade(activity, answer_with_mistakes(activity, 1)).score  # type: ignore[arg-type]
    many = grade(activity, answer_with_mistakes(activity, 99)).score  # type: ignore[arg-type]
    assert many <= one < 1


@settings(max_examples=80, deadline=None)
@given(ACTIVITIES)
def test_model_answers_of_generated_activities_score_1(activity: object) -> None:
    assert grade(activity, model_answer(activity)).score == 1  # type: ignore[arg-type]


@pytest.mark.parametrize("activity", VARIANTS[::7])
def test_an_answer_with_no_mistakes_is_the_model_answer(activity: object) -> None:
    assert answer_with_mistakes(activity, 0) == model_answer(activity)  # type: ignore[arg-type]


def test_one_mistake_on_a_multiple_answer_choice_leaves_out_one_correct_option() -> None:
    choice = parse_package(mini_source()).modules["closing-talk"].concepts[0].variants[0]
    answer = answer_with_mistakes(choice, 1)
    assert answer == {"selected": [0]}
    assert grade(choice, answer).score == 0.5
