"""Inputs that used to end in a 500: each now gets a 4xx that says what is wrong, and nothing is written."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from skillpath import clock
from skillpath.content import models as cm
from skillpath.content.services import organization_ensure
from skillpath.domain.content.model import Scenario
from skillpath.learning import models as lm
from skillpath.learning.services import activity_of
from skillpath.people.models import Person
from skillpath.people.services import PersonInvalid, PersonSpec, person_upsert
from tests.integration.learning_helpers import do_check, learner
from tests.integration.test_certificates import certified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock() -> Any:
    yield
    clock.travel(timedelta(0))


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


@pytest.fixture
def lee(client: Client, now: datetime) -> Person:
    person = learner(now)
    for module in ("basics", "questions", "closing-talk"):
        do_check(person, module, now)
    client.force_login(person.user)
    clock.travel_to(now + timedelta(days=6))
    return person


@pytest.mark.parametrize("posted", ["abc", "1e5", "-1", "²", "9" * 5000, "1.0"])
def test_a_practice_variant_that_is_not_a_number_is_refused_for_every_concept(
    client: Client, lee: Person, posted: str
) -> None:
    kinds = set()
    for state in lm.MemoryState.objects.filter(person=lee).select_related("concept__module"):
        url = f"/reinforcement/{state.concept.module.slug}/{state.concept.slug}/"
        page = client.get(url).content.decode()
        kinds.add(activity_of(cm.Variant.objects.get(pk=hidden(page, "variant"))).type)
        base = {"attempt_id": hidden(page, "attempt_id"), "stamp": hidden(page, "stamp")}
        response = client.post(url, {**base, "variant": posted, "selected": "0", "blank": "x", "step": "0"})
        assert response.status_code == 422, url
        assert "variant must be the number the page sent" in response.content.decode()
    assert len(kinds) >= 3
    assert lm.Attempt.objects.filter(kind="reinforcement").count() == 0


@pytest.mark.parametrize("step", [",", ",,", "1,2", "x", " , "])
def test_a_scenario_step_that_is_not_one_option_is_refused(client: Client, lee: Person, step: str) -> None:
    url = "/reinforcement/questions/pain-first/"
    page = client.get(url).content.decode()
    assert 'name="step"' in page
    base = {
        "attempt_id": hidden(page, "attempt_id"),
        "stamp": hidden(page, "stamp"),
        "variant": hidden(page, "variant"),
    }
    response = client.post(url, {**base, "path": "", "stage": "choose", "step": step})
    assert response.status_code == 422
    assert "choose one of the options" in response.content.decode() or "whole numbers" in response.content.decode()


@pytest.mark.parametrize("stage", ["choose", "continue"])
def test_a_scenario_path_that_goes_past_its_ending_is_refused_and_the_scenario_shown_again(
    client: Client, lee: Person, stage: str
) -> None:
    url = "/reinforcement/questions/pain-first/"
    page = client.get(url).content.decode()
    scenario = activity_of(cm.Variant.objects.get(pk=hidden(page, "variant")))
    assert isinstance(scenario, Scenario)
    walk, node = [], scenario.start  # first choices all the way to an ending, then one step more
    while scenario.nodes[node].choices:
        walk.append(0)
        node = scenario.nodes[node].choices[0].next
    base = {
        "attempt_id": hidden(page, "attempt_id"),
        "stamp": hidden(page, "stamp"),
        "variant": hidden(page, "variant"),
    }
    response = client.post(url, {**base, "path": ",".join(map(str, [*walk, 0])), "stage": stage, "step": "0"})
    assert response.status_code == 422
    assert "goes past the ending" in response.content.decode()
    assert 'name="step"' in response.content.decode()  # a decision to make again, not a dead end
    assert lm.Attempt.objects.filter(kind="reinforcement").count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("daily_minutes", "²", "give a whole number of minutes from 1 to 240"),
        ("daily_minutes", "9" * 5000, "give a whole number of minutes from 1 to 240"),
        ("daily_minutes", "١٢", "give a whole number of minutes from 1 to 240"),
        ("reminder_time", "09:00+02:00", "is not a time; write it like 09:00"),
        ("reminder_time", "09:00:00.5", "is not a time; write it like 09:00"),
        ("quiet_start", "2026-03-02T22:00", "is not a time; write it like 09:00"),
    ],
)
def test_settings_refuse_numbers_and_times_they_cannot_store(
    client: Client, now: datetime, field: str, value: str, message: str
) -> None:
    person = learner(now)
    client.force_login(person.user)
    form = {
        "daily_minutes": "10",
        "timezone": "",
        "reminder_time": "09:00",
        "quiet_start": "22:00",
        "quiet_end": "07:00",
    }
    response = client.post("/settings/", {**form, field: value})
    assert response.status_code == 422
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.daily_minutes is None and person.quiet_start is None


def test_a_name_with_a_line_break_is_refused_on_input(now: datetime) -> None:
    learner(now)
    with pytest.raises(PersonInvalid, match="line break"):
        person_upsert(
            organization_ensure("acme"),
            PersonSpec("x@acme.test", "Evil\nName", [("seller", None)]),
            password=None,
            today=date(2026, 3, 2),
        )
    assert not Person.objects.filter(user__username="x@acme.test").exists()


# (PostgreSQL stores no NUL character at all, so the worst stored names hold other control characters.)
@pytest.mark.parametrize("name", ["Lee\nRivera", "Lee\r\nRivera\x07", 'Lee "the closer"\\ \u2028Rivera'])
def test_the_certificate_pdf_renders_any_stored_name(client: Client, now: datetime, name: str) -> None:
    lee, cert = certified(now)
    Person.objects.filter(pk=lee.pk).update(name=name)  # stored before names were checked
    pdf = client.get(f"/credentials/{cert.id}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    disposition = pdf["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition and disposition.count('"') == 2


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (5_000, "is 5,000 characters long; an answer is at most 200 characters"),
        (200_000, "bytes; an answer is at most 16,384 bytes"),
    ],
)
def test_an_oversized_answer_is_refused_with_a_clear_message_and_nothing_is_stored(
    client: Client, lee: Person, length: int, message: str
) -> None:
    url = "/reinforcement/basics/open-questions/"
    page = client.get(url).content.decode()
    assert 'name="blank"' in page  # the reinforcement of this concept is a cloze
    base = {
        "attempt_id": hidden(page, "attempt_id"),
        "stamp": hidden(page, "stamp"),
        "variant": hidden(page, "variant"),
    }
    before = lm.Attempt.objects.count()
    response = client.post(url, {**base, "blank": ["x" * length] * page.count('name="blank"')})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert lm.Attempt.objects.count() == before


def test_the_answer_service_refuses_an_oversized_response_before_writing(lee: Person, now: datetime) -> None:
    from uuid import uuid4

    from skillpath.learning.services import LearningError, attempt_submit

    variant = cm.Variant.objects.filter(concept__slug="open-questions", position=1).get()
    with pytest.raises(LearningError, match="an answer is at most 16,384 bytes"):
        attempt_submit(
            lee,
            client_id=uuid4(),
            variant_id=variant.pk,
            response={"blanks": ["x" * 1_000_000]},
            duration_seconds=10,
            now=now + timedelta(days=6),
        )
    assert not lm.Attempt.objects.filter(kind="reinforcement").exists()
