from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from skillpath import clock
from skillpath.content import models as cm
from skillpath.domain.grading.answers import answer_with_mistakes, model_answer
from skillpath.learning import models as lm
from skillpath.learning.rebuild import rebuild_organization
from skillpath.learning.services import activity_of
from tests.functional.test_learner_pages import hidden
from tests.helpers import form_fields
from tests.integration.learning_helpers import learner
from tests.integration.test_learning_rebuild_and_concurrency import derived

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(now: datetime) -> Any:
    clock.travel_to(now)
    yield
    clock.travel(timedelta(0))


def answer_question(client: Client, url: str, *, right: bool) -> Any:
    page = client.get(url, follow=True)
    html = page.content.decode()
    if "Your gap profile" in html:
        return None
    variant = cm.Variant.objects.get(pk=hidden(html, "variant"))
    activity = activity_of(variant)
    base = {"attempt_id": hidden(html, "attempt_id"), "stamp": hidden(html, "stamp"), "variant": str(variant.pk)}
    response = model_answer(activity) if right else answer_with_mistakes(activity, 99)
    if activity.type != "scenario":
        return client.post(url, {**base, **form_fields(activity, response)})
    path: list[int] = []
    shown = None
    for step in response["path"]:
        client.post(url, {**base, "path": ",".join(map(str, path)), "stage": "choose", "step": step})
        path.append(step)
        shown = client.post(url, {**base, "path": ",".join(map(str, path)), "stage": "continue"})
    return shown


def test_a_strong_learner_tests_out_and_gets_a_gap_profile(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    url = client.post("/growth/diagnostic/start")["Location"]
    asked = 0
    while answer_question(client, url, right=True) is not None:
        asked += 1
        assert asked < 20
    result = client.get(url, follow=True).content.decode()
    assert "Your gap profile" in result and "Tested out" in result
    tested = set(
        lm.ModuleProgress.objects.filter(person=lee, tested_out_at__isnull=False).values_list("module__slug", flat=True)
    )
    assert tested == {"basics", "questions", "closing-talk"}
    assert lm.MemoryState.objects.filter(person=lee).count() == asked  # every idea shown is seeded into memory
    assert lm.Attempt.objects.filter(person=lee, kind="diagnostic").count() == asked
    path = client.get("/path/").content.decode()
    assert path.count("Tested out") == 3


def test_a_weak_answer_seeds_nothing_and_the_test_goes_easier(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    url = client.post("/growth/diagnostic/start")["Location"]
    first = re.search(r'name="variant" value="(\d+)"', client.get(url).content.decode())
    assert first
    assert cm.Variant.objects.get(pk=first.group(1)).concept.module.slug == "questions"  # application first
    answer_question(client, url, right=False)
    second = re.search(r'name="variant" value="(\d+)"', client.get(url).content.decode())
    assert second and cm.Variant.objects.get(pk=second.group(1)).concept.module.slug == "basics"  # then easier
    assert not lm.MemoryState.objects.filter(person=lee).exists()


def test_diagnostics_replay_to_the_same_state(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    url = client.post("/growth/diagnostic/start")["Location"]
    for right in (True, False, True, True, True):
        if answer_question(client, url, right=right) is None:
            break
    before = derived()
    rebuild_organization(lee.organization)
    assert derived() == before


def test_another_persons_diagnostic_is_not_found(client: Client, now: datetime) -> None:
    lee = learner(now)
    kim = learner(now, email="kim@acme.test")
    client.force_login(kim.user)
    url = client.post("/growth/diagnostic/start")["Location"]
    client.force_login(lee.user)
    assert client.get(url).status_code == 404
    assert client.get(url + "result").status_code == 404
