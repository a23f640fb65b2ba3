"""The learner's endpoints answer what the pages show, and answers go through the pages' service."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.test import Client

from skillpath import clock
from skillpath.learning import models as lm
from skillpath.learning.services import activity_of
from skillpath.people.models import Person
from tests.functional.api.conftest import api_for
from tests.helpers import perfect_response, wrong_response
from tests.integration.learning_helpers import do_check, learner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock() -> object:
    yield
    clock.travel(timedelta(0))


def test_reads_answer_what_the_pages_show(client: Client, lee: Person, now: datetime) -> None:
    api = api_for(lee, "read", now)
    client.force_login(lee.user)
    today = api.get("/today").json()
    page = client.get("/").context["today"]
    assert [i["ref"] for i in today["items"]] == [i.ref for i in page.items] and today["items"]
    path = api.get("/path").json()
    assert [m["slug"] for m in path[0]["stages"][0]["modules"]] == ["basics"]
    assert path[0]["stages"][0]["modules"][0]["status"] == "available"
    locked = path[0]["stages"][1]["modules"][0]
    assert locked["status"] == "locked" and locked["reasons"]
    skills = api.get("/skills").json()
    assert {s["slug"] for s in skills} == {s.slug for s in client.get("/skills/").context["skills"]}
    assert all(s["level"] == 0 for s in skills)
    growth = api.get("/growth").json()
    assert growth["roles"] and 0 <= growth["roles"][0]["readiness"]["percent"] <= 100
    certificates = api.get("/certificates").json()
    assert [c["status"] for c in certificates] == [c.status for c in client.get("/certificates/").context["cards"]]


def _check_through_the_api(
    api: object, module: str, *, right: bool = True, repeat_first: bool = False
) -> list[dict[str, Any]]:
    from tests.functional.api.conftest import Api

    assert isinstance(api, Api)
    state = api.post(f"/modules/{module}/checks").json()
    results = []
    while state["next"] is not None:
        item = state["next"]
        from skillpath.content import models as cm

        activity = activity_of(cm.Variant.objects.get(pk=item["variant_id"]))
        body = {
            "attempt_id": item["attempt_id"],
            "variant_id": item["variant_id"],
            "stamp": item["stamp"],
            "run_id": item["run_id"],
            "response": perfect_response(activity) if right else wrong_response(activity),
        }
        answered = api.post("/answers", body)
        assert answered.status_code == 200, answered.content
        results.append(answered.json())
        if repeat_first and len(results) == 1:
            again = api.post("/answers", body).json()
            assert again["duplicate"] and again["attempt"] == results[0]["attempt"]
        state = api.get(f"/checks/{state['run_id']}").json()
    return results


def test_a_check_taken_through_the_api_passes_the_module_and_unlocks_the_next(lee: Person, now: datetime) -> None:
    api = api_for(lee, "learner", now)
    results = _check_through_the_api(api, "basics")
    assert all(r["correct"] for r in results) and results[-1]["check_complete"] and results[-1]["check_passed"]
    assert "questions" in results[-1]["unlocked"]
    assert results[0]["next_review"] is not None
    path = api.get("/path").json()
    assert path[0]["stages"][0]["modules"][0]["status"] == "passed"


def test_the_attempt_id_records_an_answer_once_however_often_it_is_sent(lee: Person, now: datetime) -> None:
    api = api_for(lee, "learner", now)
    results = _check_through_the_api(api, "basics", repeat_first=True)
    assert lm.Attempt.objects.filter(person=lee).count() == len(results)


def test_an_answer_of_the_wrong_shape_is_refused_with_nothing_written(lee: Person, now: datetime) -> None:
    api = api_for(lee, "learner", now)
    item = api.post("/modules/basics/checks").json()["next"]
    body = {
        "attempt_id": item["attempt_id"],
        "variant_id": item["variant_id"],
        "run_id": item["run_id"],
        "response": {"nonsense": True},
    }
    refused = api.post("/answers", body)
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "body" and refused.json()["detail"]
    assert not lm.Attempt.objects.exists()


def test_the_activity_shown_never_carries_its_answer(lee: Person, now: datetime) -> None:
    item = api_for(lee, "learner", now).post("/modules/basics/checks").json()["next"]
    text = str(item["activity"])
    assert "correct" not in text and "feedback" not in text and item["activity"]["prompt"]


def test_a_reinforcement_is_answered_like_the_practice_page(lee: Person, now: datetime) -> None:
    do_check(lee, "basics", now)
    api = api_for(lee, "learner", now)
    key = lm.MemoryState.objects.filter(person=lee).select_related("concept__module").first()
    assert key is not None
    module, concept = key.concept.module.slug, key.concept.slug
    item = api.get(f"/session/items/{module}/{concept}").json()
    from skillpath.content import models as cm

    activity = activity_of(cm.Variant.objects.get(pk=item["variant_id"]))
    body = {
        "attempt_id": item["attempt_id"],
        "variant_id": item["variant_id"],
        "stamp": item["stamp"],
        "response": perfect_response(activity),
    }
    answered = api.post("/answers", body).json()
    assert answered["correct"] and not answered["duplicate"]
    attempt = lm.Attempt.objects.get(client_id=item["attempt_id"])
    assert attempt.kind == lm.Attempt.Kind.REINFORCEMENT and attempt.duration_seconds is None  # answered at once
    assert api.get("/session/items/basics/no-such-concept").status_code == 404


def test_a_learner_never_reads_or_answers_another_learners_check(lee: Person, now: datetime) -> None:
    kim = learner(now, email="kim@acme.test")
    check = api_for(kim, "learner", now).post("/modules/basics/checks").json()
    lee_api = api_for(lee, "learner", now)
    assert lee_api.get(f"/checks/{check['run_id']}").status_code == 404
    item = check["next"]
    body = {
        "attempt_id": str(uuid4()),
        "variant_id": item["variant_id"],
        "run_id": check["run_id"],
        "response": {"selected": [0]},
    }
    assert lee_api.post("/answers", body).status_code == 422
    assert not lm.Attempt.objects.exists()


def test_another_organizations_content_is_never_answerable(lee: Person, now: datetime) -> None:
    gil = learner(now, org="globex", email="gil@globex.test")
    item = api_for(gil, "learner", now).post("/modules/basics/checks").json()["next"]
    body = {"attempt_id": str(uuid4()), "variant_id": item["variant_id"], "response": {"selected": [0]}}
    refused = api_for(lee, "learner", now).post("/answers", body)
    assert refused.status_code == 422 and "no activity" in refused.json()["detail"]
