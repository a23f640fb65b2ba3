"""Observed on the job: a manager records an observation against the skill's rubric from the report page; one
that meets the rubric raises a level that requires it, shows on the skill page, and survives a rebuild."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from skillpath import clock
from skillpath.content.services import package_import
from skillpath.learning import models as lm
from skillpath.learning.rebuild import rebuild_organization
from tests.functional.test_insights_pages import team
from tests.helpers import edit_yaml, mini_source
from tests.integration.learning_helpers import do_check

pytestmark = pytest.mark.django_db

RUBRIC = {
    "required_for": 1,
    "criteria": [{"id": "asks", "title": "Asks open questions"}, {"id": "waits", "title": "Lets the customer finish"}],
}


@pytest.fixture(autouse=True)
def _clock(now: datetime) -> Any:
    clock.travel_to(now + timedelta(hours=1))
    yield
    clock.travel(timedelta(0))


def with_rubric(d: dict[str, Any]) -> None:
    d["version"] = "1.1.0"
    d["skills"][0]["rubric"] = RUBRIC  # listening: level 1 needs an observation


def observe(client: Client, person: Any, **scores: str) -> Any:
    data = {"target": f"person:{person.pk}", "skill": "listening", "back": f"/team/{person.pk}/", "note": "Good call"}
    return client.post("/team/observations/new", data | {f"score:{k}": v for k, v in scores.items()})


def test_an_observation_that_meets_the_rubric_raises_the_level_and_is_shown(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    package_import("acme", edit_yaml(mini_source(), "package.yaml", with_rubric), now=now)
    ann = people["r0"]
    do_check(ann, "basics", now)
    assert lm.SkillState.objects.get(person=ann, skill__slug="listening").level == 0  # held back: not observed
    client.force_login(ann.user)
    assert "an observation on the job that meets the skill" in client.get("/skills/").content.decode()
    client.force_login(people["lead"].user)
    report = client.get(f"/team/{ann.pk}/").content.decode()
    assert "Record an observation of Listening" in report and "Asks open questions" in report
    response = observe(client, ann, asks="3", waits="2")
    assert response["Location"] == f"/team/{ann.pk}/?observed=not-met#observations"
    assert lm.SkillState.objects.get(person=ann, skill__slug="listening").level == 0
    response = observe(client, ann, asks="4", waits="3")
    assert response["Location"] == f"/team/{ann.pk}/?observed=raised#observations"
    state = lm.SkillState.objects.get(person=ann, skill__slug="listening")
    assert state.level == 1 and state.observed_at is not None
    report = client.get(response["Location"]).content.decode()
    assert "it met the rubric and raised a level" in report and "meets the rubric" in report
    client.force_login(ann.user)
    skills = client.get("/skills/").content.decode()
    assert "Observed on the job" in skills and "Observed on the job: an observation met the rubric." in skills
    lm.SkillState.objects.filter(person=ann).update(level=0, observed_at=None)
    rebuild_organization(ann.organization)  # replays answers and observations
    assert lm.SkillState.objects.get(person=ann, skill__slug="listening").level == 1


def test_observations_refuse_bad_scores_unknown_skills_and_strangers(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    package_import("acme", edit_yaml(mini_source(), "package.yaml", with_rubric), now=now)
    ann = people["r0"]
    client.force_login(people["lead"].user)
    page = observe(client, ann, asks="5")
    assert page.status_code == 422 and "score “Lets the customer finish” from 1 (not yet) to 4" in page.content.decode()
    unknown = client.post("/team/observations/new", {"target": f"person:{ann.pk}", "skill": "closing"})
    assert "choose a skill that has an observation rubric" in unknown.content.decode()
    future = client.post(
        "/team/observations/new",
        {
            "target": f"person:{ann.pk}",
            "skill": "listening",
            "score:asks": "4",
            "score:waits": "4",
            "observed_on": (now + timedelta(days=3)).date().isoformat(),
        },
    )
    assert future.status_code == 422 and "choose a day in the past year" in future.content.decode()
    assert observe(client, people["outsider"], asks="4", waits="4").status_code == 422
    client.force_login(ann.user)
    assert observe(client, ann, asks="4", waits="4").status_code == 404  # nobody observes themselves
    assert not lm.Observation.objects.exists()
