"""Nudges and coaching conversations from the report page: recorded, and shown to the person on Today."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from skillpath import clock
from skillpath.coaching.models import Note
from tests.functional.test_insights_pages import team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(now: datetime) -> Any:
    clock.travel_to(now)
    yield
    clock.travel(timedelta(0))


def test_a_manager_nudges_and_schedules_a_coaching_conversation_that_the_person_sees(
    client: Client, now: datetime
) -> None:
    people = team(now, size=2)
    ann = people["r0"]
    client.force_login(people["lead"].user)
    back = f"/team/{ann.pk}/"
    nudge = client.post(
        "/team/notes/new",
        {
            "target": f"person:{ann.pk}",
            "kind": "nudge",
            "back": back,
            "text": "Finish Discovery questions before Friday",
        },
    )
    assert nudge["Location"] == f"{back}#notes"
    client.post(
        "/team/notes/new",
        {
            "target": f"person:{ann.pk}",
            "kind": "coaching",
            "on": "2026-03-05",
            "text": "Review two of your calls together",
            "back": back,
        },
    )
    assert "Nudges and coaching notes sent" in client.get(back).content.decode()
    client.force_login(ann.user)
    today = client.get("/").content.decode()
    assert "From your manager" in today and "Finish Discovery questions before Friday" in today
    assert "Conversation on Thursday 5 Mar" in today and "Review two of your calls together" in today
    client.force_login(people["r1"].user)
    assert "From your manager" not in client.get("/").content.decode()
    clock.travel_to(now + timedelta(days=31))
    client.force_login(ann.user)
    assert "From your manager" not in client.get("/").content.decode()  # old news drops off Today


def test_notes_refuse_bad_input_and_strangers(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    client.force_login(people["lead"].user)
    target = f"person:{people['r0'].pk}"
    page = client.post("/team/notes/new", {"target": target, "kind": "coaching", "text": "", "on": "x"})
    assert page.status_code == 422
    assert (
        "write 1 to 500 characters" in page.content.decode() and "enter a date as YYYY-MM-DD" in page.content.decode()
    )
    assert client.post("/team/notes/new", {"target": target, "kind": "shout", "text": "hi"}).status_code == 422
    outsider = f"person:{people['outsider'].pk}"
    assert client.post("/team/notes/new", {"target": outsider, "kind": "nudge", "text": "hi"}).status_code == 422
    client.force_login(people["r0"].user)
    assert client.post("/team/notes/new", {"target": target, "kind": "nudge", "text": "hi"}).status_code == 404
    assert not Note.objects.exists()
