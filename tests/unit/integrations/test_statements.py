"""Every xAPI statement SkillPath writes validates with Ralph's xAPI statement model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from pydantic import TypeAdapter, ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

from skillpath.domain.content import Activity
from skillpath.domain.grading import grade
from skillpath.domain.grading.answers import answer_with_mistakes, model_answer
from skillpath.integrations import statements as st
from skillpath.integrations.profile import statement_problems, xapi_profile

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
V = st.Vocabulary("https://learn.acme.example.com", "acme")
LEE = st.Learner("7", "Lee Park", "lee@acme.example.com")
MODULE = st.ModuleRef("mini-academy", "questions", "Asking good questions")
CHECK = UUID("00000000-0000-4000-8000-000000000001")
ACTIVITIES: dict[str, dict[str, Any]] = {
    "choice": {
        "type": "choice",
        "prompt": "Which are open questions?",
        "options": [
            {"text": "What matters most to you?", "correct": True},
            {"text": "Is blue OK?", "correct": False, "feedback": "Closed: yes or no."},
            {"text": "How do you decide?", "correct": True},
        ],
    },
    "order": {"type": "order", "prompt": "Order the call", "items": ["Greet", "Ask", "Summarise"]},
    "categorize": {
        "type": "categorize",
        "prompt": "Open or closed?",
        "categories": [{"id": "open", "title": "Open"}, {"id": "closed", "title": "Closed"}],
        "items": [{"text": "Why?", "category": "open"}, {"text": "Is it red?", "category": "closed"}],
    },
    "match": {
        "type": "match",
        "prompt": "Match",
        "pairs": [{"left": "SPIN", "right": "Situation"}, {"left": "BANT", "right": "Budget"}],
    },
    "cloze": {"type": "cloze", "prompt": "Complete", "text": "Ask {{open|open-ended}} questions to {{listen}}."},
    "scenario": {
        "type": "scenario",
        "prompt": "A customer hesitates",
        "start": "start",
        "nodes": {
            "start": {
                "text": "The customer says the price is high.",
                "choices": [
                    {"text": "Ask what they compare it with", "next": "compare", "points": 2},
                    {"text": "Offer a discount", "next": "discount", "points": 0, "feedback": "Too early."},
                ],
            },
            "compare": {
                "text": "They compare with a cheaper tool.",
                "choices": [{"text": "Show the value", "next": "won", "points": 1}],
            },
            "discount": {"text": "They take the discount and leave.", "end": "fail"},
            "won": {"text": "They agree to a pilot.", "end": "success"},
        },
    },
    "simulation": {
        "type": "simulation",
        "prompt": "Log the call",
        "steps": [
            {
                "title": "Account page",
                "text": "Open the call log.",
                "hotspots": [{"label": "Log a call", "correct": True}, {"label": "Delete"}],
            },
            {
                "title": "Call log",
                "text": "Record it.",
                "fields": [
                    {"label": "Outcome", "answer": "Meeting", "options": ["Meeting", "No answer"]},
                    {"label": "Day", "answer": "Thursday|Thu"},
                ],
            },
        ],
    },
}
ADAPTER: TypeAdapter[Activity] = TypeAdapter(Activity)


PROFILE = xapi_profile("https://learn.acme.example.com")


def validate(statement: dict[str, Any]) -> BaseXapiStatement:
    """Check ``statement`` with Ralph's model and with SkillPath's xAPI Profile."""
    assert statement_problems(PROFILE, statement) == []
    return BaseXapiStatement.model_validate(statement)


def answer_for(kind: str, *, mistakes: int = 0, check: UUID | None = CHECK) -> st.Answer:
    activity = ADAPTER.validate_python(ACTIVITIES[kind])
    response = answer_with_mistakes(activity, mistakes) if mistakes else model_answer(activity)
    graded = grade(activity, response)
    return st.Answer(
        MODULE,
        "open-questions",
        "Open questions",
        activity,
        response,
        graded.score,
        graded.correct,
        "good",
        42.5,
        "check" if check else "reinforcement",
        check,
        graded.path,
    )


# The xAPI interaction type each activity type is reported as (xAPI 1.0.3, "Interaction Activities").
INTERACTION_TYPES = {
    "choice": "choice",
    "order": "sequencing",
    "categorize": "matching",
    "match": "matching",
    "cloze": "fill-in",
    "scenario": "performance",
    "simulation": "performance",
}


@pytest.mark.parametrize("kind", sorted(ACTIVITIES))
@pytest.mark.parametrize("mistakes", [0, 1, 99])
def test_an_answer_to_every_activity_type_validates(kind: str, mistakes: int) -> None:
    statement = st.answered(V, uuid4(), LEE, answer_for(kind, mistakes=mistakes), AT)
    model = validate(statement)
    assert str(model.verb.id) == "http://adlnet.gov/expapi/verbs/answered"
    assert statement["object"]["definition"]["interactionType"] == INTERACTION_TYPES[kind]


def test_a_scenario_answer_carries_the_choice_taken_at_every_node() -> None:
    answer = answer_for("scenario")
    statement = st.answered(V, uuid4(), LEE, answer, AT)
    path = statement["result"]["extensions"]["https://learn.acme.example.com/xapi/extensions/scenario-path"]
    assert [(step["node"], step["choice"], step["points"]) for step in path] == [("start", 0, 2), ("compare", 0, 1)]
    assert statement["result"]["response"] == "start[.]0[,]compare[.]0"
    assert statement["object"]["definition"]["interactionType"] == "performance"


def test_a_simulation_answer_names_each_screen_and_what_was_done_on_it() -> None:
    answer = answer_for("simulation", mistakes=1)
    statement = st.answered(V, uuid4(), LEE, answer, AT)
    validate(statement)
    definition = statement["object"]["definition"]
    assert definition["interactionType"] == "performance"
    assert definition["steps"] == [
        {"id": "step-0", "description": {"en-US": "Account page"}},
        {"id": "step-1", "description": {"en-US": "Call log"}},
    ]
    assert statement["result"]["response"] == "step-0[.]pick-1[,]step-1[.]Meeting; Thursday"
    assert statement["result"]["score"]["scaled"] == 0.5


def test_an_answer_carries_response_score_success_and_duration() -> None:
    statement = st.answered(V, uuid4(), LEE, answer_for("choice", mistakes=1), AT)
    result = statement["result"]
    assert result["response"] == "option-0"
    assert result["success"] is False
    assert 0 < result["score"]["scaled"] < 1
    assert result["duration"] == "PT42.5S"
    assert statement["context"]["registration"] == str(CHECK)
    assert statement["context"]["contextActivities"]["grouping"][0]["id"].endswith(
        "/content/mini-academy/modules/questions"
    )


def test_a_reinforcement_answer_has_no_registration() -> None:
    statement = st.answered(V, uuid4(), LEE, answer_for("cloze", check=None), AT)
    validate(statement)
    assert "registration" not in statement["context"]
    assert (
        statement["context"]["extensions"]["https://learn.acme.example.com/xapi/extensions/attempt-kind"]
        == "reinforcement"
    )


def test_module_launched_validates_with_the_run_as_registration() -> None:
    statement = st.module_launched(V, uuid4(), LEE, MODULE, CHECK, AT)
    validate(statement)
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/launched"
    assert (
        statement["object"]["id"] == "https://learn.acme.example.com/orgs/acme/content/mini-academy/modules/questions"
    )


@pytest.mark.parametrize(("passed", "verb"), [(True, "passed"), (False, "failed")])
def test_module_passed_and_failed_validate(passed: bool, verb: str) -> None:
    statement = st.module_finished(
        V,
        uuid4(),
        LEE,
        MODULE,
        CHECK,
        score=0.9 if passed else 0.5,
        passed=passed,
        pass_score=0.8,
        started_at=AT - timedelta(minutes=4, seconds=3),
        at=AT,
    )
    validate(statement)
    assert statement["verb"]["id"] == f"http://adlnet.gov/expapi/verbs/{verb}"
    assert statement["result"]["success"] is passed
    assert statement["result"]["duration"] == "PT4M3S"


def test_level_reached_validates_and_points_at_the_answer_that_caused_it() -> None:
    cause = uuid4()
    skill = st.SkillRef("mini-academy", "listening", "Listening")
    statement = st.level_reached(V, uuid4(), LEE, skill, before=1, after=2, at=AT, cause=cause)
    validate(statement)
    assert statement["verb"]["id"] == "https://learn.acme.example.com/xapi/verbs/reached-level"
    assert statement["context"]["statement"] == {"objectType": "StatementRef", "id": str(cause)}
    extensions = statement["result"]["extensions"]
    assert extensions["https://learn.acme.example.com/xapi/extensions/level"] == 2
    assert extensions["https://learn.acme.example.com/xapi/extensions/level-name"] == "application"


def test_milestone_reached_validates() -> None:
    milestone = st.MilestoneRef("mini-academy", "seller", "seller-onboarded", "Onboarded", 30)
    statement = st.milestone_reached(V, uuid4(), LEE, milestone, AT, uuid4())
    validate(statement)
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert statement["object"]["id"].endswith("/content/mini-academy/roles/seller/milestones/seller-onboarded")


def test_certificate_issued_and_revoked_validate() -> None:
    certificate = st.CertificateRef(uuid4(), "Certified Seller", "seller", AT + timedelta(days=365))
    issued = st.certificate_issued(V, uuid4(), LEE, certificate, AT)
    revoked = st.certificate_revoked(V, uuid4(), LEE, certificate, "Issued by mistake", AT + timedelta(days=1))
    validate(issued)
    validate(revoked)
    assert issued["verb"]["id"] == "http://id.tincanapi.com/verb/earned"
    assert issued["object"]["id"] == f"https://learn.acme.example.com/credentials/{certificate.id}/"
    assert revoked["verb"]["id"] == "https://learn.acme.example.com/xapi/verbs/had-revoked"


def test_a_person_without_an_email_address_is_an_account() -> None:
    statement = st.module_launched(V, uuid4(), st.Learner("42", "", "kim"), MODULE, CHECK, AT)
    validate(statement)
    assert statement["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "https://learn.acme.example.com", "name": "42"},
    }


def test_statements_are_plain_json_with_the_id_and_time_given() -> None:
    sid = uuid4()
    statement = st.module_launched(V, sid, LEE, MODULE, CHECK, AT)
    assert statement["id"] == str(sid)
    assert statement["timestamp"] == "2026-03-02T09:30:00.000Z"
    assert statement["actor"]["mbox"] == "mailto:lee@acme.example.com"


def test_ralph_refuses_what_the_lrs_would_refuse() -> None:
    """The check is real: a statement without a verb id is rejected."""
    statement = st.module_launched(V, uuid4(), LEE, MODULE, CHECK, AT)
    statement["verb"] = {"display": {"en-US": "launched"}}
    with pytest.raises(ValidationError):
        BaseXapiStatement.model_validate(statement)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "PT0S"),
        (5.25, "PT5.25S"),
        (65, "PT1M5S"),
        (3725.5, "PT1H2M5.5S"),
        (0.004, "PT0S"),
        (240, "PT4M"),
        (3600, "PT1H"),
    ],
)
def test_durations_are_iso_8601_with_hundredths(seconds: float, text: str) -> None:
    assert st.duration(seconds) == text


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        st.timestamp(datetime(2026, 3, 2, 9, 30))  # noqa: DTZ001


def test_the_lrs_connection_test_validates() -> None:
    statement = st.connection_tested(V, uuid4(), LEE, AT)
    validate(statement)
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/initialized"
    assert statement["object"]["id"] == "https://learn.acme.example.com/xapi/connection-test"
