"""Assignments with due dates: a manager or an admin assigns, the person sees it on Today and My path, the
standing follows their progress, the overview exports it, the digest mentions overdue work; scoped to reports."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from skillpath import clock
from skillpath.coaching.models import Assignment
from skillpath.content.services import organization_ensure
from skillpath.learning.selectors import reinforcement_variant
from skillpath.nudges.messages import lines, subject
from skillpath.nudges.selectors import digest_for
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.functional.test_insights_pages import team
from tests.integration.learning_helpers import answer, do_check, learner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(now: datetime) -> Any:
    clock.travel_to(now)
    yield
    clock.travel(timedelta(0))


def assign(client: Client, target: str, what: str, due: str, **extra: str) -> Any:
    return client.post("/team/assignments/new", {"target": target, "what": what, "due_on": due, **extra})


def test_a_manager_assigns_a_module_to_a_whole_team_and_each_member_sees_it(client: Client, now: datetime) -> None:
    people = team(now)
    lead = people["lead"]
    client.force_login(lead.user)
    team_id = people["r0"].team_id
    response = assign(client, f"team:{team_id}", "module:questions", "2026-03-20", note="Before the roadshow")
    assert response.status_code == 302 and response["Location"] == "/team/assignments/?made=3"
    assert Assignment.objects.filter(batch__isnull=False).count() == 3  # r0, r1, r2 (lead is not their own report)
    assert set(Assignment.objects.values_list("person__name", flat=True)) == {"Report 0", "Report 1", "Report 2"}
    client.force_login(people["r1"].user)
    today = client.get("/").content.decode()
    assert "Assigned to you" in today and "Discovery questions" in today
    assert "Assigned by Lead, due 20 Mar" in today and "Before the roadshow" in today
    assert 'href="/modules/questions/"' in today
    assert "Assigned by Lead" in client.get("/path/").content.decode()
    client.force_login(people["outsider"].user)
    assert "Assigned to you" not in client.get("/").content.decode()


def test_the_standing_follows_progress_and_the_due_date_and_exports(client: Client, now: datetime) -> None:
    people = team(now, size=2)
    client.force_login(people["boss"].user)
    assign(client, f"person:{people['r0'].pk}", "stage:seller:foundation", "2026-03-10")
    assign(client, f"person:{people['r1'].pk}", "stage:seller:foundation", "2026-03-10")
    do_check(people["r0"], "basics", now)
    clock.travel_to(now + timedelta(days=12))
    page = client.get("/team/assignments/").content.decode().split("Completion against due dates")[1]
    assert page.index("Report 1") < page.index("Report 0")  # overdue first
    assert "Overdue" in page and "Done" in page
    rows = list(csv.DictReader(client.get("/team/assignments.csv").content.decode("utf-8-sig").splitlines()))
    assert [(r["person"], r["assignment"], r["standing"], r["percent"]) for r in rows] == [
        ("Report 1", "Seller: foundation stage", "Overdue", "0"),
        ("Report 0", "Seller: foundation stage", "Done", "100"),
    ]
    overdue_only = client.get("/team/assignments/?standing=overdue").content.decode().split("<table")[1]
    assert "Report 1" in overdue_only and "Report 0" not in overdue_only
    digest = digest_for(people["r1"], now=clock.now())
    assert digest.overdue == ("Seller: foundation stage",) and digest.worth_sending
    assert subject(digest) == "Assigned work is overdue: Seller: foundation stage"
    assert lines(digest) == [
        "“Seller: foundation stage”, assigned to you, is past its due date: it is still worth finishing.",
        "Practice streak: 0 days (this week 0 of 5 practice days).",  # the habit rides along
    ]
    assert digest_for(people["r0"], now=clock.now()).overdue == ()


def test_the_assign_form_refuses_bad_input_with_a_clear_reason_and_writes_nothing(
    client: Client, now: datetime
) -> None:
    people = team(now, size=1)
    client.force_login(people["lead"].user)
    response = assign(client, "person:999999", "module:nope", "12/03/2026")
    assert response.status_code == 422
    page = response.content.decode()
    assert "choose one of your reports or one of their teams" in page
    assert "choose a role path, a stage or a module from the list" in page
    assert "enter a date as YYYY-MM-DD" in page
    assert (
        "choose today (2026-03-02) or a later day"
        in assign(client, f"person:{people['r0'].pk}", "module:basics", "2026-03-01").content.decode()
    )
    assert Assignment.objects.count() == 0


def test_a_manager_cannot_assign_to_someone_outside_their_reports(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    client.force_login(people["lead"].user)
    assert assign(client, f"person:{people['outsider'].pk}", "module:basics", "2026-03-20").status_code == 422
    assert assign(client, f"person:{people['boss'].pk}", "module:basics", "2026-03-20").status_code == 422
    assert Assignment.objects.count() == 0


def test_a_learner_has_no_assignment_pages(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    client.force_login(people["r0"].user)
    assert client.get("/team/assignments/").status_code == 404
    assert client.get("/team/assignments.csv").status_code == 404
    assert assign(client, f"person:{people['r0'].pk}", "module:basics", "2026-03-20").status_code == 404
    assert Assignment.objects.count() == 0


def test_another_organization_never_sees_or_withdraws_an_assignment(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    client.force_login(people["lead"].user)
    assign(client, f"person:{people['r0'].pk}", "module:basics", "2026-03-20")
    made = Assignment.objects.get()
    other_admin = learner(now, org="globex", email="admin@globex.test")
    Person.objects.filter(pk=other_admin.pk).update(is_admin=True)
    person_upsert(
        organization_ensure("globex"),
        PersonSpec("g@globex.test", "G", [("seller", None)]),
        password=None,
        today=now.date(),
    )
    client.force_login(other_admin.user)
    page = client.get("/team/assignments/").content.decode()
    assert "No assignments yet." in page and "Report 0" not in page
    assert client.post(f"/team/assignments/{made.pk}/withdraw").status_code == 404
    assert assign(client, f"person:{people['r0'].pk}", "module:basics", "2026-03-20").status_code == 422
    client.force_login(people["lead"].user)
    assert client.post(f"/team/assignments/{made.pk}/withdraw").status_code == 302
    assert not Assignment.objects.exists()


def test_the_report_page_assigns_to_that_person_and_returns_to_it(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    client.force_login(people["lead"].user)
    url = f"/team/{people['r0'].pk}/"
    assert 'name="target" value="person:' in client.get(url).content.decode()
    response = assign(client, f"person:{people['r0'].pk}", "path:seller", "2026-04-30", back=url)
    assert response["Location"] == f"{url}?made=1"
    assert "Seller: whole path" in client.get(url).content.decode()
    made = Assignment.objects.get()
    assert [m for m, _ in made.modules] == ["basics", "questions", "closing-talk"]
    response = assign(client, f"person:{people['r0'].pk}", "path:seller", "2026-04-30", back="https://evil.test/")
    assert response["Location"] == "/team/assignments/?made=1"


def review(person: Person, key: str, at: datetime, *, right: bool) -> None:
    variant = reinforcement_variant(person, key)
    assert variant is not None
    answer(person, variant, at, right=right)


def test_the_weakest_concept_gets_a_refresher_in_one_click_and_recalling_it_completes_it(
    client: Client, now: datetime
) -> None:
    people = team(now, size=2)
    for name in ("r0", "r1"):
        do_check(people[name], "basics", now)
        review(people[name], "basics/open-questions", now + timedelta(days=2), right=False)
        review(people[name], "basics/summarise", now + timedelta(days=2), right=True)
    review(people["r0"], "basics/open-questions", now + timedelta(days=3), right=True)
    review(people["r1"], "basics/summarise", now + timedelta(days=3), right=True)
    clock.travel_to(now + timedelta(days=4))
    client.force_login(people["lead"].user)
    assert 'hx-get="/team/weakest/"' in client.get("/team/").content.decode()
    weakest = client.get("/team/weakest/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in weakest
    assert weakest.index("Open questions") < weakest.index("Summarise back")
    assert "Recalled in 33% of 3 spaced reviews by 2 people" in weakest
    assert "Recalled in 100% of 3 spaced reviews by 2 people" in weakest
    response = client.post("/team/refreshers/new", {"concepts": "basics/open-questions", "back": "/team/assignments/"})
    assert response["Location"] == "/team/assignments/?made=2"  # Report 2 never learned it: not asked
    made = Assignment.objects.get(person=people["r0"])
    assert (made.kind, made.title, made.due_on.isoformat()) == ("refresher", "Refresher: Open questions", "2026-03-13")
    client.force_login(people["r0"].user)
    assert 'href="/reinforcement/basics/open-questions/"' in client.get("/").content.decode()
    review(people["r0"], "basics/open-questions", now + timedelta(days=5), right=True)
    clock.travel_to(now + timedelta(days=5, hours=1))
    assert "Refresher: Open questions" in client.get("/path/").content.decode()
    assert "Refresher: Open questions" not in client.get("/").content.decode()  # done: off Today
    client.force_login(people["lead"].user)
    nobody = client.post("/team/refreshers/new", {"concepts": "closing-talk/ask-for-decision"})
    assert nobody.status_code == 422 and "nobody you may assign to has learned" in nobody.content.decode()
    assert client.post("/team/refreshers/new", {"concepts": "nope"}).status_code == 422
    assert Assignment.objects.count() == 2
    client.force_login(people["r1"].user)
    assert client.get("/team/weakest/").status_code == 404
    assert client.post("/team/refreshers/new", {"concepts": "basics/summarise"}).status_code == 404
