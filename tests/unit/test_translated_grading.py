"""Grading an answer to a translated activity (no database): the translation, the original's typed answers, and
the original for a response that only fits it (the learner switched language between seeing and answering)."""

from __future__ import annotations

from typing import Any

import pytest

from skillpath.learning.curricula import VariantRef
from skillpath.learning.services import LearningError, _grade


def simulation(status: list[str], answer: str, typed: str) -> dict[str, Any]:
    form = {
        "title": "t",
        "text": "x",
        "fields": [{"label": "Status", "answer": answer, "options": status}, {"label": "Note", "answer": typed}],
    }
    pick = {"title": "t", "text": "x", "hotspots": [{"label": "Go", "correct": True}, {"label": "No"}]}
    return {"type": "simulation", "prompt": "p", "steps": [form, pick]}


def variant() -> VariantRef:
    english = simulation(["Open", "Closed"], "Closed", "refund")
    german = simulation(["Offen", "Geschlossen"], "Geschlossen", "Erstattung")
    return VariantRef(1, "m/c", 0, "simulation", english, {"de": german})


def response(status: str, note: str) -> dict[str, Any]:
    return {"steps": [{"fields": [status, note]}, {"pick": 0}]}


def test_a_german_answer_is_graded_against_the_german_options_and_both_typed_answers() -> None:
    assert _grade(variant(), response("Geschlossen", "Erstattung"), "de").score == 1
    assert _grade(variant(), response("Geschlossen", "refund"), "de").score == 1
    assert _grade(variant(), response("Offen", "Erstattung"), "de").score == 0.75


def test_an_answer_with_the_originals_option_is_graded_as_the_original() -> None:
    assert _grade(variant(), response("Closed", "refund"), "de").score == 1


def test_a_response_that_fits_neither_says_what_is_wrong_in_the_shown_language() -> None:
    with pytest.raises(LearningError, match="choose one of Offen, Geschlossen"):
        _grade(variant(), response("Zu", "x"), "de")
    with pytest.raises(LearningError, match="choose one of Open, Closed"):
        _grade(variant(), response("Zu", "x"), None)
