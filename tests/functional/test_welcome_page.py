"""The first-run welcome: shown once to a new person after their first sign-in, then Today."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
from django.test import Client

from skillpath.people.models import Person
from tests.integration.learning_helpers import learner

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-welcome-password"


def new_person(now: datetime) -> Person:
    lee = learner(now)
    lee.user.set_password(PASSWORD)
    lee.user.save()
    return lee


def test_a_new_person_signs_in_to_the_welcome_and_then_goes_to_today(client: Client, now: datetime) -> None:
    lee = new_person(now)
    signed = client.post("/accounts/login/", {"username": "lee@acme.test", "password": PASSWORD})
    assert signed["Location"] == "/welcome/"
    page = client.get("/welcome/").content.decode()
    assert "Welcome, Lee" in page and "As <strong>Seller</strong> you go through" in page
    assert "1 foundation module, 1 application module and 1 mastery module" in page
    assert "You start with <em>Listening basics</em>" in page
    assert "Why ideas come back" in page and 'value="10"' in page  # the organization's daily minutes
    done = client.post("/welcome/", {"daily_minutes": "15", "reminder_time": "07:30", "reminders_enabled": "on"})
    assert done["Location"] == "/"
    lee.refresh_from_db()
    assert (lee.daily_minutes, lee.reminder_time, lee.reminders_enabled) == (15, time(7, 30), True)
    assert lee.welcomed_at is not None
    assert client.get("/welcome/")["Location"] == "/"  # shown once
    client.logout()
    assert client.post("/accounts/login/", {"username": "lee@acme.test", "password": PASSWORD})["Location"] == "/"


def test_the_welcome_refuses_bad_choices_and_saves_nothing(client: Client, now: datetime) -> None:
    lee = new_person(now)
    client.force_login(lee.user)
    bad = client.post("/welcome/", {"daily_minutes": "0", "reminder_time": "25:99"})
    text = bad.content.decode()
    assert bad.status_code == 422 and "from 1 to 240" in text and "is not a time" in text
    lee.refresh_from_db()
    assert lee.welcomed_at is None and lee.daily_minutes is None


def test_a_deep_link_is_followed_before_the_welcome(client: Client, now: datetime) -> None:
    new_person(now)
    signed = client.post(
        "/accounts/login/?next=/skills/", {"username": "lee@acme.test", "password": PASSWORD, "next": "/skills/"}
    )
    assert signed["Location"] == "/skills/"


def test_demo_people_with_history_are_not_new_and_without_it_they_are(now: datetime, monkeypatch: Any) -> None:
    from skillpath.demo import services as demo

    monkeypatch.setattr(demo, "simulate_history", lambda person, today, **_: 0)  # the weeks of use, skipped here
    fresh = demo.demo_setup(now=now, history=False)
    assert all(p.welcomed_at is None for p in Person.objects.filter(pk__in=[p.pk for p in fresh.people]))
    used = demo.demo_setup(now=now, history=True)
    assert all(p.welcomed_at == now for p in Person.objects.filter(pk__in=[p.pk for p in used.people]))
