"""The team heat map fits a screen: one role's skills at a time, one row per person, a list on phones."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from skillpath import clock
from skillpath.content.services import organization_ensure, package_import
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.helpers import edit_yaml, mini_source
from tests.integration.learning_helpers import do_check

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock() -> Any:
    yield
    clock.travel(timedelta(0))


def _with_coach_role(data: dict[str, Any]) -> None:
    data["skills"].append({"id": "coaching", "title": "Coaching", "description": "Help others get better."})
    data["roles"].append(
        {
            "id": "coach",
            "title": "Coach",
            "levels": [{"id": "coach", "title": "Coach", "requires": {"coaching": 1, "listening": 2}}],
            "stages": {"foundation": ["basics"], "application": [], "mastery": [], "reinforcement": []},
        }
    )


def two_role_team(now: datetime) -> dict[str, Person]:
    package_import("acme", edit_yaml(mini_source(), "package.yaml", _with_coach_role), now=now)
    org = organization_ensure("acme")

    def add(email: str, name: str, roles: list[tuple[str, str | None]], **flags: Any) -> Person:
        spec = PersonSpec(
            email, name, roles, manager_email="boss@acme.test" if email != "boss@acme.test" else None, **flags
        )
        return person_upsert(org, spec, password=None, today=now.date())

    return {
        "boss": add("boss@acme.test", "Boss", [("seller", None)], is_manager=True),
        "ann": add("ann@acme.test", "Ann Both", [("seller", None), ("coach", None)]),
        "bob": add("bob@acme.test", "Bob Seller", [("seller", None)]),
        "cat": add("cat@acme.test", "Cat Coach", [("coach", None)]),
    }


def heat_rows(page: str) -> list[str]:
    table = page.split('<table class="heatmap">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row"><a href="/team/\d+/">([^<]+)</a>', table)


def columns(page: str) -> list[str]:
    head = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return re.findall(r"sort=skill:[a-z-]+\">([^<]+)</a>", head)


def test_the_heat_map_shows_the_first_role_by_default_with_only_its_skills(client: Client, now: datetime) -> None:
    people = two_role_team(now)
    client.force_login(people["boss"].user)
    page = client.get("/team/").content.decode()
    assert '<option value="coach" selected>Coach</option>' in page  # "Coach" sorts before "Seller"
    assert "All roles" not in page
    assert heat_rows(page) == ["Ann Both", "Cat Coach"]
    assert columns(page) == ["Coaching", "Listening"]


def test_a_person_with_two_roles_is_one_row_under_each_roles_filter(client: Client, now: datetime) -> None:
    people = two_role_team(now)
    client.force_login(people["boss"].user)
    page = client.get("/team/?role=seller").content.decode()
    assert heat_rows(page) == ["Ann Both", "Bob Seller"]
    assert columns(page) == ["Closing", "Listening"]  # no Coaching column: not a seller's skill
    coach = client.get("/team/?role=coach").content.decode()
    assert heat_rows(coach).count("Ann Both") == 1


def test_an_unknown_role_falls_back_to_the_first(client: Client, now: datetime) -> None:
    people = two_role_team(now)
    client.force_login(people["boss"].user)
    assert heat_rows(client.get("/team/?role=nope").content.decode()) == ["Ann Both", "Cat Coach"]


def test_the_phone_list_carries_each_person_with_each_skill_level_in_words(client: Client, now: datetime) -> None:
    people = two_role_team(now)
    do_check(people["bob"], "basics", now)
    clock.travel_to(now + timedelta(days=1))
    client.force_login(people["boss"].user)
    page = client.get("/team/?role=seller").content.decode()
    listing = page.split('<ul class="heat-list"', 1)[1].split("</ul>\n", 1)[0]
    bob = listing.split("Bob Seller", 1)[1]
    assert "Readiness" in bob and '<span class="heat-skill">Listening</span>' in bob
    assert "level 1, target 1: at target" in bob
    assert "Each cell reads level/target" in page  # the legend


def test_the_heat_map_keeps_a_fixed_number_of_queries_with_two_roles(
    client: Client, now: datetime, django_assert_num_queries: Any
) -> None:
    people = two_role_team(now)
    client.force_login(people["boss"].user)
    client.get("/team/?role=seller")
    with django_assert_num_queries(9):  # as test_insights_pages pins it
        assert client.get("/team/?role=seller").status_code == 200
