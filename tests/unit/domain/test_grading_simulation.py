"""Grading a simulation: screen by screen, partial credit per screen, authored feedback per action."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.content.model import Simulation
from skillpath.domain.grading import ResponseEmpty, ResponseInvalid, grade, read_step, step_feedback, step_score
from skillpath.domain.grading.answers import answer_with_mistakes, model_answer
from tests.unit.domain.test_grading_strategies import simulation_action, simulations

OPPORTUNITY = Simulation.model_validate(
    {
        "type": "simulation",
        "prompt": "Kestrel Wholesale wants Stockroom. Update the opportunity.",
        "explanation": "Stage on evidence; amount = locations × price.",
        "steps": [
            {
                "title": "Pipeline",
                "text": "Open the Kestrel Wholesale opportunity.",
                "screen": {"src": "media/crm/pipeline.svg", "alt": "The pipeline board"},
                "hotspots": [
                    {"label": "Kestrel Retail", "feedback": "Another account."},
                    {"label": "Kestrel Wholesale", "correct": True, "feedback": "The record opens."},
                ],
            },
            {
                "title": "Edit opportunity",
                "text": "Update the stage and the amount.",
                "fields": [
                    {"label": "Stage", "answer": "Negotiate", "options": ["Proposal", "Negotiate"]},
                    {"label": "Amount ($)", "answer": "93500|93,500", "feedback": "55 × $1,700."},
                ],
            },
            {
                "title": "Close date",
                "text": "Legal needs three weeks.",
                "choices": [
                    {"text": "Keep the 30th", "feedback": "You know it is wrong."},
                    {"text": "Legal's date", "correct": True},
                ],
            },
        ],
    }
)


def steps(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"steps": list(actions)}


def test_every_screen_right_scores_one() -> None:
    result = grade(OPPORTUNITY, steps({"pick": 1}, {"fields": ["Negotiate", " 93,500 "]}, {"pick": 1}))
    assert (result.score, result.correct) == (1.0, True)
    assert [f.key for f in result.feedback] == ["steps[0]", "steps[1]", "steps[2]"]
    assert result.explanation == "Stage on evidence; amount = locations × price."


def test_each_screen_counts_a_third_and_a_form_counts_its_share_of_fields() -> None:
    result = grade(OPPORTUNITY, steps({"pick": 0}, {"fields": ["Negotiate", "90000"]}, {"pick": 1}))
    assert result.score == pytest.approx((0 + 0.5 + 1) / 3)
    first, form, last = result.feedback
    assert (first.correct, first.text, first.given, first.expected) == (
        False,
        "Another account.",
        "Kestrel Retail",
        "Kestrel Wholesale",
    )
    assert (form.correct, form.text) == (False, "55 × $1,700.")  # the first wrong field's feedback
    assert form.given == "Stage: Negotiate; Amount ($): 90000"
    assert form.expected == "Stage: Negotiate; Amount ($): 93500"
    assert (last.correct, last.text, last.given) == (True, None, "Legal's date")


def test_an_empty_field_counts_wrong_and_shows_as_empty() -> None:
    result = grade(OPPORTUNITY, steps({"pick": 1}, {"fields": ["", "93500"]}, {"pick": 1}))
    assert result.score == pytest.approx(2.5 / 3)
    assert result.feedback[1].given == "Stage: (empty); Amount ($): 93500"
    assert result.feedback[1].text is None  # the wrong field (Stage) has no authored feedback


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ({"steps": [{"pick": 1}]}, "expected 3 entries (one per screen)"),
        ({"steps": [{"pick": 5}, {}, {}]}, "steps[0].pick is 5, out of range"),
        ({"steps": [{"fields": ["x"]}, {}, {}]}, "steps[0] must be an object like"),
        ({"steps": [{"pick": 1}, {"fields": "Negotiate"}, {"pick": 1}]}, "steps[1].fields must be a list"),
        ({"steps": [{"pick": 1}, {"fields": ["Negotiate"]}, {"pick": 1}]}, "expected 2 entries (one per field)"),
        ({"steps": [{"pick": 1}, {"fields": ["Won", "1"]}, {"pick": 1}]}, "choose one of Proposal, Negotiate"),
        ({"steps": [{"pick": 1}, {"fields": [3, "1"]}, {"pick": 1}]}, "steps[1].fields[0] is 3 (a number), not"),
        ({"steps": [{"pick": 1}, {"fields": ["", "x" * 201]}, {"pick": 1}]}, "201 characters long; at most 200"),
        ({"screens": []}, 'unexpected key "screens"'),
    ],
)
def test_a_malformed_response_is_refused_with_where_and_how(response: dict[str, Any], message: str) -> None:
    with pytest.raises(ResponseInvalid, match=r"^simulation: ") as refused:
        grade(OPPORTUNITY, response)
    assert message in str(refused.value)


def test_nothing_done_or_an_empty_form_is_refused_as_empty() -> None:
    with pytest.raises(ResponseEmpty, match="Act on the first screen"):
        grade(OPPORTUNITY, steps())
    with pytest.raises(ResponseEmpty, match="Fill in at least one field"):
        read_step(OPPORTUNITY, 1, {"fields": ["", "  "]})


def test_read_step_checks_one_screen_for_the_walk_through() -> None:
    assert read_step(OPPORTUNITY, 0, {"pick": 1}) == {"pick": 1}
    action = read_step(OPPORTUNITY, 1, {"fields": ["Proposal", "93500"]})
    assert step_score(OPPORTUNITY.steps[1], action) == 0.5
    feedback = step_feedback(OPPORTUNITY, 1, action)
    assert (feedback.key, feedback.correct, feedback.text) == ("steps[1]", False, None)


def test_model_answer_scores_one_and_mistakes_cost_whole_screens() -> None:
    assert grade(OPPORTUNITY, model_answer(OPPORTUNITY)).score == 1
    assert model_answer(OPPORTUNITY) == steps({"pick": 1}, {"fields": ["Negotiate", "93500"]}, {"pick": 1})
    one = answer_with_mistakes(OPPORTUNITY, 1)
    assert one["steps"][0] == {"pick": 0}
    assert grade(OPPORTUNITY, one).score == pytest.approx(2 / 3)
    two = answer_with_mistakes(OPPORTUNITY, 2)
    assert two["steps"][1] == {"fields": ["Proposal", "93500"]}  # another option in the first field
    assert grade(OPPORTUNITY, two).score == pytest.approx((0 + 0.5 + 1) / 3)


def test_a_wrong_typed_first_field_is_a_question_mark() -> None:
    typed_first = OPPORTUNITY.model_copy(update={"steps": [OPPORTUNITY.steps[0], _typed_only()]})
    assert answer_with_mistakes(typed_first, 2)["steps"][1] == {"fields": ["?"]}


def _typed_only() -> Any:
    return OPPORTUNITY.steps[1].model_copy(update={"fields": [OPPORTUNITY.steps[1].fields[1]]})


# --- properties against an independent oracle -----------------------------------------------------


@given(st.data(), simulations())
def test_score_is_the_mean_of_screens_right_when_each_is_done_right_or_wrong(
    data: st.DataObject, activity: Simulation
) -> None:
    rights = data.draw(st.lists(st.booleans(), min_size=len(activity.steps), max_size=len(activity.steps)))
    response = steps(*(simulation_action(step, right=r) for step, r in zip(activity.steps, rights, strict=True)))
    result = grade(activity, response)
    expected = sum(
        1.0 if r else (len(step.fields) - 1) / len(step.fields) if step.fields else 0.0
        for step, r in zip(activity.steps, rights, strict=True)
    ) / len(rights)
    assert result.score == pytest.approx(expected)
    assert [f.correct for f in result.feedback] == rights


@given(simulations(), st.integers(0, 6))
def test_answers_with_mistakes_never_score_more_than_the_model_answer(activity: Simulation, mistakes: int) -> None:
    result = grade(activity, answer_with_mistakes(activity, mistakes))
    wrong = min(mistakes, len(activity.steps))
    assert sum(not f.correct for f in result.feedback) == wrong
