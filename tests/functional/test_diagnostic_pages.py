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


def current_concept(client: Client, url: str) -> int | None:
    html = client.get(url, follow=True).content.decode()
    return None if "Your gap profile" in html else cm.Variant.objects.get(pk=hidden(html, "variant")).concept_id


def test_a_wrong_answer_to_a_concept_met_before_is_recorded_and_the_test_moves_on(
    client: Client, now: datetime
) -> None:
    """Regression: this answered HTTP 500 on every retry, and only right answers were ever recorded."""
    lee = learner(now)
    client.force_login(lee.user)
    url = client.post("/growth/diagnostic/start")["Location"]
    asked: list[int] = []
    while (concept := current_concept(client, url)) is not None:
        asked.append(concept)
        answer_question(client, url, right=len(asked) != 3)  # all right but the third: that module stays open
    met = [c for c in asked if lm.MemoryState.objects.filter(person=lee, concept_id=c).exists()]
    url = client.post("/growth/diagnostic/start")["Location"]
    wrong_again = 0
    while (concept := current_concept(client, url)) is not None:
        known = concept in met
        response = answer_question(client, url, right=not known)
        assert response.status_code == 303
        if known:
            wrong_again += 1
            scores = lm.Attempt.objects.filter(person=lee, concept_id=concept).order_by("id").values_list("score")
            assert [s for (s,) in scores][-1] < 0.9  # recorded as given
            assert lm.MemoryState.objects.get(person=lee, concept_id=concept).lapses >= 1
            assert current_concept(client, url) != concept  # the test moved on
    assert wrong_again >= 1


def test_trial_and_error_never_tests_a_module_out(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    url = client.post("/growth/diagnostic/start")["Location"]
    answer_question(client, url, right=False)  # the first question (an application module), answered poorly
    wrong = lm.Attempt.objects.get(person=lee, kind="diagnostic").concept.module.slug
    lm.DiagnosticRun.objects.filter(person=lee).update(finished_at=now)
    for _ in range(3):  # sit it again and again, answering everything right
        url = client.post("/growth/diagnostic/start")["Location"]
        while answer_question(client, url, right=True) is not None:
            pass
    tested = set(
        lm.ModuleProgress.objects.filter(person=lee, tested_out_at__isnull=False).values_list("module__slug", flat=True)
    )
    assert wrong not in tested
    before = derived()
    rebuild_organization(lee.organization)  # rebuild re-derives the flags from the answers as given
    assert derived() == before


def test_an_answer_sent_by_htmx_loads_the_next_question_as_a_whole_page(client: Client, now: datetime) -> None:
    """Regression: the next page (header included) was swapped into the question card."""
    lee = learner(now)
    client.force_login(lee.user)
    url = client.post("/growth/diagnostic/start")["Location"]
    html = client.get(url).content.decode()
    variant = cm.Variant.objects.get(pk=hidden(html, "variant"))
    activity = activity_of(variant)
    fields = {"attempt_id": hidden(html, "attempt_id"), "stamp": hidden(html, "stamp"), "variant": str(variant.pk)}
    htmx: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}
    if activity.type == "scenario":
        path: list[int] = []
        for step in model_answer(activity)["path"]:
            turn = client.post(
                url, {**fields, "path": ",".join(map(str, path)), "stage": "choose", "step": step}, **htmx
            )
            assert turn.status_code == 200 and b"<header" not in turn.content  # a turn swaps the card only
            path.append(step)
            response = client.post(url, {**fields, "path": ",".join(map(str, path)), "stage": "continue"}, **htmx)
    else:
        response = client.post(url, {**fields, **form_fields(activity, model_answer(activity))}, **htmx)
    assert response.status_code == 204
    assert response["HX-Redirect"] == url
    assert lm.Attempt.objects.filter(person=lee).count() == 1
