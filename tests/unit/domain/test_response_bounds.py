from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.grading import grade
from skillpath.domain.grading.responses import MAX_RESPONSE_BYTES, MAX_TEXT_CHARS, response_too_large
from tests.unit.domain.test_grading import CLOZE
from tests.unit.domain.test_grading_invalid import rejection


def test_a_blank_longer_than_the_bound_is_refused_with_its_length() -> None:
    answer = "x" * 1_000_000
    assert rejection(CLOZE, {"blanks": ["thanks", answer, "etc"]}) == (
        f"cloze: blanks[1] is 1,000,000 characters long; an answer is at most {MAX_TEXT_CHARS} characters"
    )


def test_a_blank_at_the_bound_is_graded() -> None:
    assert grade(CLOZE, {"blanks": ["thanks", "x" * MAX_TEXT_CHARS, "etc"]}).score < 1


@pytest.mark.parametrize(
    "response",
    [{"selected": list(range(5000))}, {"blanks": ["x" * 20_000]}, {"path": [0] * 10_000}, {"x" * 17_000: []}],
)
def test_any_response_larger_than_the_bound_is_refused(response: Any) -> None:
    problem = response_too_large(response)
    assert problem is not None and f"an answer is at most {MAX_RESPONSE_BYTES:,} bytes" in problem


def test_a_response_that_is_not_json_is_refused() -> None:
    assert response_too_large({"selected": {1, 2}}) == (
        "the response must be JSON: an object of lists of numbers, texts and nulls"
    )


@given(st.lists(st.text(max_size=MAX_TEXT_CHARS), max_size=10))
def test_ordinary_answers_are_never_too_large(blanks: list[str]) -> None:
    assert response_too_large({"blanks": blanks}) is None
