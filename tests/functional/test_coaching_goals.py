"""Performance goals: a manager sets one with a report (a skill level by a date, or an outcome with a measure),
the learner sees it on Today and Growth, both record check-ins, the 90-day plan works towards skill goals."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from skillpath import clock
from skillpath.coaching.models import Goal, GoalCheckIn
from tests.functional.test_insights_pages import team
from tests.integration.learning_helpers import do_check

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(now: datetime) -> Any:
    clock.travel_to(now)
    yield
    clock.travel(timedelta(0))


def set_goal(client: Client, person: Any, **fields: str) -> Any:
    back = f"/team/{person.pk}/"
    return client.post("/team/goals/new", {"target": f"person:{person.pk}", "back": back, **fields})


def test_a_manager_sets_an_outcome_goal_and_both_record_check_ins(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    ann = people["r0"]
    client.force_login(people["lead"].user)
    response = set_goal(
        client,
        ann,
        kind="outcome",
        outcome="Run discovery calls using the pain → product map",
        measure="5",
        unit="discovery calls",
        due_on="2026-03-31",
    )
    assert response.status_code == 302 and response["Location"] == f"/team/{ann.pk}/#goals"
    goal = Goal.objects.get()
    client.force_login(ann.user)
    today = client.get("/").content.decode()
    assert "Your goals" in today and "Run discovery calls using the pain → product map" in today
    assert "Set by Lead, by 31 Mar 2026" in today and "0 of 5 so far" in today
    assert (
        client.post(f"/goals/{goal.pk}/check-in", {"amount": "2", "note": "Two with Northwind", "back": "/"})[
            "Location"
        ]
        == "/#goals"
    )
    client.force_login(people["lead"].user)
    client.post(f"/goals/{goal.pk}/check-in", {"amount": "1", "back": f"/team/{ann.pk}/"})
    report = client.get(f"/team/{ann.pk}/").content.decode()
    assert "3 of 5 so far" in report and "Two with Northwind" in report
    client.force_login(ann.user)
    client.post(f"/goals/{goal.pk}/check-in", {"amount": "2", "back": "/growth/"})
    growth = client.get("/growth/").content.decode()
    assert "5 of 5 so far" in growth and "status-met" in growth
    assert "Run discovery calls" not in client.get("/").content.decode()  # met: no longer on Today


def test_a_skill_goal_follows_the_level_and_leads_the_90_day_plan(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    ann = people["r0"]
    client.force_login(people["lead"].user)
    set_goal(client, ann, kind="skill", skill="closing", level="3", due_on="2026-04-30")
    client.force_login(ann.user)
    assert "Closing at level 3 (mastery)" in client.get("/").content.decode()
    client.post("/growth/plan", {"role": "seller", "target": "seller"})
    growth = client.get("/growth/").content.decode()
    assert "towards your goal: Closing at level 3 by 30 Apr" in growth
    assert "level now 0 of 3" in growth
    do_check(ann, "basics", now)
    assert "level now 1 of 3" not in client.get("/growth/").content.decode()  # listening, not closing


def test_goal_forms_refuse_bad_input_clearly_and_write_nothing(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    ann = people["r0"]
    client.force_login(people["lead"].user)
    response = set_goal(client, ann, kind="skill", skill="juggling", level="9", due_on="soon")
    assert response.status_code == 422
    page = response.content.decode()
    assert "choose a skill from the list" in page and "a whole number from 1 to 4" in page
    assert "enter a date as YYYY-MM-DD" in page and f'href="/team/{ann.pk}/"' in page
    page = set_goal(client, ann, kind="outcome", outcome="", measure="0", due_on="2026-03-31").content.decode()
    assert "describe the outcome" in page and "how many: a whole number from 1 to 10000" in page
    assert (
        "choose a skill level or an on-the-job outcome" in set_goal(client, ann, due_on="2026-03-31").content.decode()
    )
    assert not Goal.objects.exists()
    set_goal(client, ann, kind="outcome", outcome="Calls", measure="5", due_on="2026-03-31")
    goal = Goal.objects.get()
    refused = client.post(f"/goals/{goal.pk}/check-in", {"amount": "", "note": ""})
    assert refused.status_code == 422 and "record how many since the last check-in" in refused.content.decode()
    assert client.post(f"/goals/{goal.pk}/check-in", {"amount": "-1"}).status_code == 422
    assert not GoalCheckIn.objects.exists()


def test_goals_are_scoped_to_the_person_and_those_they_report_to(client: Client, now: datetime) -> None:
    people = team(now, size=2)
    client.force_login(people["lead"].user)
    set_goal(client, people["r0"], kind="outcome", outcome="Calls", measure="5", due_on="2026-03-31")
    assert (
        set_goal(
            client, people["outsider"], kind="outcome", outcome="Calls", measure="5", due_on="2026-03-31"
        ).status_code
        == 422
    )
    goal = Goal.objects.get()
    for stranger in ("r1", "outsider"):
        client.force_login(people[stranger].user)
        assert client.post(f"/goals/{goal.pk}/check-in", {"amount": "1"}).status_code == 404
        assert "Calls" not in client.get("/").content.decode()
    client.force_login(people["r0"].user)
    assert (
        set_goal(client, people["r0"], kind="outcome", outcome="x", measure="1", due_on="2026-03-31").status_code == 404
    )  # a learner sets no goals through the manager's form
    client.force_login(people["boss"].user)  # the manager's manager may record progress too
    assert client.post(f"/goals/{goal.pk}/check-in", {"amount": "1"}).status_code == 302
    assert GoalCheckIn.objects.count() == 1 and Goal.objects.count() == 1
