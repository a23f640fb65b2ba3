"""Every learner and manager page, and both kinds of answer, take a fixed number of queries.

The counts are pinned exactly: a page that starts to query per module, per skill or per person fails
here, and so does one that gets cheaper without the pin being lowered (keep them honest). Each is
measured twice, with a small and a larger history, to show the count does not grow with it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.db import connection
from django.test import Client

from skillpath import clock
from skillpath.content import models as cm
from skillpath.content.services import organization_ensure
from skillpath.domain.grading.answers import model_answer
from skillpath.learning.selectors import check_items, reinforcement_variant
from skillpath.learning.services import activity_of, attempt_submit, module_start
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.helpers import form_fields
from tests.integration.learning_helpers import do_check, learner

pytestmark = pytest.mark.django_db

# The session, then the user with their membership (person, organization, team, manager) in one query.
PAGES = {"/": 11, "/path/": 9, "/skills/": 7, "/growth/": 12}  # coaching: Today +3, path +1, growth +1; habit +1
TEAM_PAGE = 10
REPORT_PAGE = 19  # +5: the report's assignments, goals, notes, observations and its skills' rubrics
ASSIGNMENTS_PAGE = 9
COACHED_TODAY = 15  # habit +1; Today with assignments (one a refresher) and goals: their progress, check-ins and levels
# An answer's statements. On PostgreSQL they travel in three round trips: the lock with the roles and the
# "recorded already?" check; the state; the answer's insert with the writes (then the commit).
REINFORCEMENT_ANSWER = 11
CHECK_COMPLETING_ANSWER = 15  # includes reading the question's usual time, not cached yet
# The reinforcement page: the session, the user with their membership, the roles, the variants seen (the
# variant itself is read once per content version). Its answer, posted with htmx: the session, the user, the
# roles (the posted variant is answered: no need of the variants seen), then the answer.
REINFORCEMENT_PAGE = 4
REINFORCEMENT_POST = 3 + REINFORCEMENT_ANSWER + 1  # + the question's usual time (then cached for 10 minutes)


LOCK = 1 if connection.vendor == "postgresql" else 0  # the person's row lock (SQLite's transactions serialize)


@pytest.fixture(autouse=True)
def _clock(now: datetime) -> Any:
    clock.travel_to(now + timedelta(days=3))
    yield
    clock.travel(timedelta(0))


def history(person: Person, now: datetime, modules: int) -> None:
    for module in ["basics", "questions", "closing-talk"][:modules]:
        do_check(person, module, now)


@pytest.mark.parametrize("modules", [1, 3])
@pytest.mark.parametrize(("url", "queries"), list(PAGES.items()))
def test_learner_pages_take_a_fixed_number_of_queries(
    client: Client, now: datetime, url: str, queries: int, modules: int, django_assert_num_queries: Any
) -> None:
    lee = learner(now)
    history(lee, now, modules)
    client.force_login(lee.user)
    client.post("/growth/plan", {"role": "seller", "target": "senior-seller"})
    client.get(url)  # warm the curriculum cache
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def _team(now: datetime, size: int) -> tuple[Person, list[Person]]:
    org = organization_ensure("acme")
    boss = learner(now, email="boss@acme.test")
    reports = []
    for i in range(size):
        spec = PersonSpec(f"r{i}@acme.test", f"Report {i}", [("seller", None)], manager_email="boss@acme.test")
        reports.append(person_upsert(org, spec, password=None, today=now.date()))
    for person in reports:
        history(person, now, 2)
    return boss, reports


@pytest.mark.parametrize("size", [2, 6])
def test_manager_pages_take_a_fixed_number_of_queries(
    client: Client, now: datetime, size: int, django_assert_num_queries: Any
) -> None:
    boss, reports = _team(now, size)
    client.force_login(boss.user)
    client.get("/team/")
    with django_assert_num_queries(TEAM_PAGE):
        assert client.get("/team/").status_code == 200
    client.get(f"/team/{reports[0].pk}/")
    with django_assert_num_queries(REPORT_PAGE):
        assert client.get(f"/team/{reports[0].pk}/").status_code == 200


@pytest.mark.parametrize("modules", [1, 3])
def test_a_reinforcement_answer_takes_a_fixed_number_of_queries(
    now: datetime, modules: int, django_assert_num_queries: Any
) -> None:
    lee = learner(now)
    history(lee, now, modules)
    variant = reinforcement_variant(lee, "basics/" + check_items(module_start(lee, "basics", now=now))[0].concept.slug)
    assert variant is not None
    kwargs: dict[str, Any] = {"response": model_answer(activity_of(variant)), "duration_seconds": 20.0}
    attempt_submit(lee, client_id=uuid4(), variant_id=variant.pk, now=now + timedelta(days=1), **kwargs)  # warm
    with django_assert_num_queries(REINFORCEMENT_ANSWER + LOCK):
        attempt_submit(lee, client_id=uuid4(), variant_id=variant.pk, now=now + timedelta(days=4), **kwargs)


@pytest.mark.parametrize("modules", [1, 3])
def test_the_reinforcement_page_and_its_answer_take_a_fixed_number_of_queries(
    client: Client, now: datetime, modules: int, django_assert_num_queries: Any
) -> None:
    lee = learner(now)
    history(lee, now, modules)
    client.force_login(lee.user)
    url = f"/reinforcement/basics/{check_items(module_start(lee, 'basics', now=now))[0].concept.slug}/"
    client.get(url)  # warm the curriculum cache
    with django_assert_num_queries(REINFORCEMENT_PAGE):
        page = client.get(url).content.decode()
    fields = dict(re.findall(r'name="(attempt_id|stamp|variant)" value="([^"]*)"', page))
    activity = activity_of(cm.Variant.objects.get(pk=fields["variant"]))
    form = {**fields, **form_fields(activity, model_answer(activity))}
    with django_assert_num_queries(REINFORCEMENT_POST + LOCK):
        feedback = client.post(url, form, HTTP_HX_REQUEST="true")
    assert feedback.status_code == 200 and "feedback" in feedback.content.decode()


@pytest.mark.parametrize("modules", [1, 2])
def test_a_check_completing_answer_takes_a_fixed_number_of_queries(
    now: datetime, modules: int, django_assert_num_queries: Any
) -> None:
    lee = learner(now)
    history(lee, now, modules)
    check = module_start(lee, "basics", now=now + timedelta(days=2))  # a retake of a passed module
    *first, last = check_items(check)
    for variant in first:
        attempt_submit(
            lee,
            client_id=uuid4(),
            variant_id=variant.pk,
            response=model_answer(activity_of(variant)),
            duration_seconds=20.0,
            now=now + timedelta(days=2),
            check_id=check.pk,
        )
    with django_assert_num_queries(CHECK_COMPLETING_ANSWER + LOCK):
        result = attempt_submit(
            lee,
            client_id=uuid4(),
            variant_id=last.pk,
            response=model_answer(activity_of(last)),
            duration_seconds=20.0,
            now=now + timedelta(days=2),
            check_id=check.pk,
        )
    assert result.events.check_outcome is not None


def _coached(client: Client, boss: Person, reports: list[Person]) -> None:
    """Assign a module to everyone and a refresher, and set a goal of each kind, as the manager does."""
    client.force_login(boss.user)
    for person in reports:
        client.post(
            "/team/assignments/new",
            {"target": f"person:{person.pk}", "what": "module:questions", "due_on": "2026-03-20"},
        )
        client.post(
            "/team/goals/new",
            {
                "target": f"person:{person.pk}",
                "kind": "skill",
                "skill": "closing",
                "level": "2",
                "due_on": "2026-04-20",
            },
        )
        client.post(
            "/team/goals/new",
            {
                "target": f"person:{person.pk}",
                "kind": "outcome",
                "outcome": "Calls",
                "measure": "5",
                "due_on": "2026-04-20",
            },
        )
    client.post("/team/refreshers/new", {"concepts": "basics/open-questions", "due_on": "2026-03-20"})


@pytest.mark.parametrize("size", [2, 6])
def test_coaching_pages_take_a_fixed_number_of_queries(
    client: Client, now: datetime, size: int, django_assert_num_queries: Any
) -> None:
    boss, reports = _team(now, size)
    Person.objects.filter(pk=boss.pk).update(is_manager=True)
    _coached(client, boss, reports)
    with django_assert_num_queries(ASSIGNMENTS_PAGE):
        assert client.get("/team/assignments/").status_code == 200
    with django_assert_num_queries(REPORT_PAGE + 4):  # modules passed and recalls; goals' check-ins and levels
        assert client.get(f"/team/{reports[0].pk}/").status_code == 200
    client.force_login(reports[-1].user)
    client.get("/")
    with django_assert_num_queries(COACHED_TODAY):
        page = client.get("/")
        assert page.status_code == 200 and b"Assigned to you" in page.content and b"Your goals" in page.content


ROLES_PAGE = 6
WEAKEST_PAGE = 4


@pytest.mark.parametrize("size", [2, 6])
def test_admin_and_team_action_pages_take_a_fixed_number_of_queries(
    client: Client, now: datetime, size: int, django_assert_num_queries: Any
) -> None:
    boss, reports = _team(now, size)
    Person.objects.filter(pk=boss.pk).update(is_admin=True, is_manager=True)
    client.force_login(boss.user)
    with django_assert_num_queries(ROLES_PAGE):
        assert client.get(f"/admin-tools/people/{reports[0].pk}/roles/").status_code == 200
    with django_assert_num_queries(WEAKEST_PAGE):
        assert client.get("/team/weakest/").status_code == 200
