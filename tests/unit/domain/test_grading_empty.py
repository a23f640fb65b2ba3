"""Empty answers are refused with a prompt, never graded 0; partly filled ones are graded."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.grading import ResponseEmpty, ResponseInvalid, grade
from tests.unit.domain.test_grading import CATEGORIZE, CLOZE, MATCH, SCENARIO, choice
from tests.unit.domain.test_grading_strategies import (
    ACTIVITIES,
    Activity,
    categorizes,
    choices,
    clozes,
    matches,
    responses,
)


@pytest.mark.parametrize(
    ("activity", "response", "prompt"),
    [
        (choice(True, False), {"selected": []}, "Choose at least one option before checking your answer."),
        (MATCH, {"pairs": [None] * len(MATCH.pairs)}, "Match at least one item before checking your answer."),
        (
            CATEGORIZE,
            {"placements": [None] * len(CATEGORIZE.items)},
            "Place at least one item in a category before checking your answer.",
        ),
        (SCENARIO, {"path": []}, "Choose a reply before checking your answer."),
        (CLOZE, {"blanks": ["", "  ", "\t"]}, "Fill in at least one blank before checking your answer."),
    ],
)
def test_an_empty_answer_is_refused_with_a_friendly_prompt(activity: Any, response: Any, prompt: str) -> None:
    with pytest.raises(ResponseEmpty) as caught:
        grade(activity, response)
    assert str(caught.value) == prompt
    assert isinstance(caught.value, ResponseInvalid)  # callers that refuse invalid answers refuse these too


def test_partly_filled_answers_are_graded_with_the_gaps_counted_wrong() -> None:
    assert grade(MATCH, {"pairs": [0, None, None, None]}).score == 0.25
    assert grade(CATEGORIZE, {"placements": [CATEGORIZE.items[0].category] + [None] * 3}).score == 0.25
    assert grade(CLOZE, {"blanks": ["thanks", "", ""]}).score == pytest.approx(1 / 3)


@st.composite
def empty_answers(draw: st.DrawFn) -> tuple[Activity, dict[str, Any]]:
    kind = draw(st.sampled_from(["choice", "match", "categorize", "cloze"]))
    if kind == "choice":
        return draw(choices()), {"selected": []}
    if kind == "match":
        activity = draw(matches())
        return activity, {"pairs": [None] * len(activity.pairs)}
    if kind == "categorize":
        sorting = draw(categorizes())
        return sorting, {"placements": [None] * len(sorting.items)}
    cloze = draw(clozes())
    return cloze, {"blanks": [draw(st.sampled_from(["", " ", "\u3000"])) for _ in cloze.blanks]}


@given(empty_answers())
def test_every_empty_answer_is_refused(case: tuple[Activity, dict[str, Any]]) -> None:
    activity, response = case
    with pytest.raises(ResponseEmpty):
        grade(activity, response)


@given(st.data(), ACTIVITIES)
def test_every_non_empty_valid_answer_is_graded(data: st.DataObject, activity: Activity) -> None:
    assert 0 <= grade(activity, data.draw(responses(activity))).score <= 1
