"""SkillPath's own xAPI IRIs answer: JSON definitions for machines, readable pages for people."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from skillpath.content import models as cm
from skillpath.integrations.statements import question_key
from skillpath.learning.services import activity_of
from tests.integration.learning_helpers import learner

pytestmark = pytest.mark.django_db
JSON: dict[str, Any] = {"HTTP_ACCEPT": "application/json"}
P = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _public_url(settings: Any) -> None:
    settings.PUBLIC_URL = P


def test_every_concept_and_template_of_the_profile_answers_at_its_iri(client: Client) -> None:
    profile = client.get("/xapi/profile", **JSON).json()
    assert profile["type"] == "Profile" and client.get("/xapi/profile/v1", **JSON).json() == profile
    for item in profile["concepts"] + profile["templates"]:
        path = item["id"].removeprefix(P)
        document = client.get(path, **JSON).json()
        assert document["id"] == item["id"] and document["@context"] == "https://w3id.org/xapi/profiles/context"
        page = client.get(path)
        assert page.status_code == 200 and item["prefLabel"]["en"] in page.content.decode()
    assert "reached level" in client.get("/xapi/profile").content.decode()
    assert client.get("/xapi/verbs/juggled", **JSON).status_code == 404
    assert client.get("/xapi/connection-test", **JSON).json()["definition"]["name"] == {
        "en-US": "SkillPath connection test"
    }


def test_activities_answer_with_their_definition_but_not_their_answers(client: Client, now: datetime) -> None:
    learner(now)  # the mini academy in "acme"
    base = "/orgs/acme/content/mini-academy"
    module = client.get(f"{base}/modules/questions", **JSON).json()
    assert module["definition"] == {
        "type": "http://adlnet.gov/expapi/activities/module",
        "name": {"en-US": "Discovery questions"},
    }
    concept = client.get(f"{base}/modules/questions/concepts/pain-first", **JSON).json()
    assert concept["definition"]["name"] == {"en-US": "Find the pain first"}
    variant = cm.Variant.objects.filter(concept__slug="pain-first").order_by("position").first()
    assert variant is not None
    key = question_key(activity_of(variant))
    question = client.get(f"{base}/modules/questions/concepts/pain-first/questions/{key}", **JSON).json()
    assert question["definition"]["interactionType"] == "matching"
    assert "correctResponsesPattern" not in question["definition"] and "choices" not in question["definition"]
    skill = client.get(f"{base}/skills/listening", **JSON).json()
    assert skill["definition"]["type"] == f"{P}/xapi/activity-types/skill"
    milestone = client.get(f"{base}/roles/seller/milestones/seller-onboarded", **JSON).json()
    assert milestone["definition"]["extensions"] == {f"{P}/xapi/extensions/day": 30}
    assert "Find the pain first" in client.get(f"{base}/modules/questions/concepts/pain-first").content.decode()
    for missing in (
        f"{base}/modules/nope",
        f"{base}/modules/questions/concepts/pain-first/questions/q-0",
        "/orgs/globex/content/mini-academy/modules/questions",
    ):
        assert client.get(missing, **JSON).status_code == 404
