from __future__ import annotations

import csv
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from skillpath import clock
from skillpath.content.services import organization_ensure
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.integration.learning_helpers import do_check, learner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock() -> Any:
    yield
    clock.travel(timedelta(0))


def team(now: datetime, size: int = 3) -> dict[str, Person]:
    """boss → lead → (ann, bob, …): a small reporting tree in 'acme', and an outsider in the same org."""
    boss = learner(now, email="boss@acme.test")
    org = organization_ensure("acme")

    def add(email: str, name: str, manager: str | None, **flags: Any) -> Person:
        return person_upsert(
            org,
            PersonSpec(email, name, [("seller", None)], team="Sales", manager_email=manager, **flags),
            password=None,
            today=now.date(),
        )

    Person.objects.filter(pk=boss.pk).update(is_manager=True)
    people = {"boss": boss, "lead": add("lead@acme.test", "Lead", "boss@acme.test", is_manager=True)}
    for i in range(size):
        people[f"r{i}"] = add(f"r{i}@acme.test", f"Report {i}", "lead@acme.test")
    people["outsider"] = add("out@acme.test", "Outsider", None)
    return people


def test_growth_shows_readiness_with_its_formula_and_what_closes_each_gap(client: Client, now: datetime) -> None:
    lee = learner(now)
    do_check(lee, "basics", now)
    client.force_login(lee.user)
    clock.travel_to(now + timedelta(days=1))
    page = client.get("/growth/").content.decode()
    assert "Readiness for <strong>Senior Seller</strong>" in page
    assert "(0 + 1) / (3 + 2) = 1 / 5 = 20%" in page  # Closing, Listening
    assert "Pass Discovery questions." in page and "Pass Closing conversations." in page


def test_a_manager_sees_direct_and_indirect_reports_only(client: Client, now: datetime) -> None:
    people = team(now)
    do_check(people["r0"], "basics", now)
    client.force_login(people["boss"].user)
    page = client.get("/team/").content.decode()
    assert "Lead" in page and "Report 0" in page and "Report 2" in page
    assert "Outsider" not in page
    assert client.get(f"/team/{people['r1'].pk}/").status_code == 200
    assert client.get(f"/team/{people['outsider'].pk}/").status_code == 404
    client.force_login(people["lead"].user)
    assert client.get(f"/team/{people['boss'].pk}/").status_code == 404  # not up the chain


def test_a_learner_has_no_team_view_and_an_admin_sees_the_whole_organization(client: Client, now: datetime) -> None:
    people = team(now)
    client.force_login(people["r0"].user)
    assert client.get("/team/").status_code == 404
    assert client.get(f"/team/{people['r1'].pk}/").status_code == 404
    Person.objects.filter(pk=people["outsider"].pk).update(is_admin=True)
    client.force_login(people["outsider"].user)
    page = client.get("/team/").content.decode()
    assert "Report 1" in page and ">Lee<" in page  # the whole organization (Lee is the boss), whoever manages whom


def test_another_organization_is_never_visible(client: Client, now: datetime) -> None:
    people = team(now)
    other = learner(now, org="globex", email="admin@globex.test")
    Person.objects.filter(pk=other.pk).update(is_admin=True, is_manager=True)
    client.force_login(other.user)
    assert "Report 0" not in client.get("/team/").content.decode()
    assert client.get(f"/team/{people['r0'].pk}/").status_code == 404
    assert "Report 0" not in client.get("/team/export.csv").content.decode()


def test_heat_map_marks_levels_against_target_fading_and_coming_drops(client: Client, now: datetime) -> None:
    people = team(now)
    for key in ("r0", "r1"):
        do_check(people[key], "basics", now)
    client.force_login(people["boss"].user)
    clock.travel_to(now + timedelta(days=4))
    page = client.get("/team/").content.decode()
    assert 'class="cell meets"' in page and "drops" in page  # at target now, predicted to fade within 30 days
    assert "Predicted to drop below target in the next 30 days" in page
    clock.travel_to(now + timedelta(days=90))
    later = client.get("/team/").content.decode()
    assert 'class="cell fading"' in later or 'class="cell below"' in later


def test_team_view_filters_sorts_and_exports(client: Client, now: datetime) -> None:
    people = team(now)
    do_check(people["r2"], "basics", now)
    client.force_login(people["boss"].user)
    clock.travel_to(now + timedelta(days=1))
    page = client.get("/team/?sort=readiness").content.decode()
    assert page.index("Report 2") < page.index("Report 0")
    assert "Report 0" not in client.get("/team/?team=Nobody").content.decode()
    csv = client.get("/team/export.csv").content.decode()
    assert csv.splitlines()[0].startswith("name,role,level,team,readiness_percent")
    assert len(csv.splitlines()) == 1 + 4  # lead and three reports


@pytest.mark.parametrize("size", [2, 8])
def test_team_view_takes_a_fixed_number_of_queries(
    client: Client, now: datetime, size: int, django_assert_num_queries: Any
) -> None:
    people = team(now, size)
    for key in [k for k in people if k.startswith("r")]:
        do_check(people[key], "basics", now)
    client.force_login(people["boss"].user)
    client.get("/team/")
    with django_assert_num_queries(9):
        client.get("/team/")


def test_a_90_day_plan_is_made_shown_week_by_week_and_exported_to_a_calendar(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    clock.travel_to(now)
    response = client.post("/growth/plan", {"role": "seller", "target": "senior-seller"})
    assert response.status_code == 302
    page = client.get("/growth/").content.decode()
    assert "Seller → Senior Seller" in page and "On track" in page
    assert "Week 1" in page and "Listening basics" in page and "Day 90" in page
    assert "closes the gap in Closing" in page
    assert "Reinforcement is forecast to take about" in page and "min new ·" in page
    plan_id = lee.plans.get().pk
    ics = client.get(f"/growth/plan/{plan_id}.ics")
    body = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR") and "SUMMARY:SkillPath week 1: Listening basics" in body
    assert "SkillPath day 90 checkpoint" in body


def test_a_plan_falls_behind_when_planned_modules_are_not_passed_and_updates_as_they_are(
    client: Client, now: datetime
) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    clock.travel_to(now)
    client.post("/growth/plan", {"role": "seller", "target": "senior-seller"})
    clock.travel_to(now + timedelta(days=22))
    assert "Behind" in client.get("/growth/").content.decode()
    do_check(lee, "basics", now + timedelta(days=22))
    do_check(lee, "questions", now + timedelta(days=22))
    do_check(lee, "closing-talk", now + timedelta(days=22))
    assert "On track" in client.get("/growth/").content.decode()


def test_plans_are_only_made_for_roles_the_person_holds(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    bad = client.post("/growth/plan", {"role": "astronaut", "target": "x"})
    assert bad.status_code == 422 and "You do not hold the role" in bad.content.decode()
    other = learner(now, email="kim@acme.test")
    client.force_login(other.user)
    client.post("/growth/plan", {"role": "seller", "target": "seller"})
    client.force_login(lee.user)
    assert client.get(f"/growth/plan/{other.plans.get().pk}.ics").status_code == 404


def test_team_export_escapes_cells_a_spreadsheet_would_run_as_formulas(client: Client, now: datetime) -> None:
    people = team(now)
    Person.objects.filter(pk=people["r1"].pk).update(name='=HYPERLINK("http://evil.example","x")')
    Person.objects.filter(pk=people["r2"].pk).update(name="@SUM(1+1)")
    client.force_login(people["boss"].user)
    rows = list(csv.reader(client.get("/team/export.csv").content.decode().splitlines()))
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in names and "'@SUM(1+1)" in names
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
