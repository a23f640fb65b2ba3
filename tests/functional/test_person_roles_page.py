"""An admin changes a person's role level, removes a role and adds one in the browser; nobody else can."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from skillpath import clock
from skillpath.people.models import Person, PersonRole
from tests.functional.test_insights_pages import team
from tests.integration.learning_helpers import learner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(now: datetime) -> Any:
    clock.travel_to(now + timedelta(days=10))
    yield
    clock.travel(timedelta(0))


def test_an_admin_promotes_a_person_and_their_growth_follows(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    ann = people["r0"]
    Person.objects.filter(pk=people["boss"].pk).update(is_admin=True)
    client.force_login(people["boss"].user)
    assert f'href="/admin-tools/people/{ann.pk}/roles/"' in client.get("/admin-tools/people/").content.decode()
    url = f"/admin-tools/people/{ann.pk}/roles/"
    page = client.get(url).content.decode()
    assert "Seller: level" in page and 'value="senior-seller"' in page
    response = client.post(url, {"level:seller": "senior-seller"})
    assert response["Location"] == f"{url}?saved=1"
    holding = PersonRole.objects.get(person=ann)
    assert holding.level is not None and holding.level.slug == "senior-seller"
    assert holding.assigned_on == now.date()  # the role's start is kept: milestones still count from it
    client.force_login(ann.user)
    assert "Your level: Senior Seller" in client.get("/path/").content.decode()
    client.force_login(people["boss"].user)
    client.post(url, {"level:seller": "-"})
    assert not PersonRole.objects.filter(person=ann).exists()
    assert 'value="seller:seller"' in client.get(url).content.decode()
    client.post(url, {"add": "seller:seller"})
    assert PersonRole.objects.get(person=ann).assigned_on == (now + timedelta(days=10)).date()


def test_the_roles_form_refuses_unknown_levels_and_changes_nothing(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    Person.objects.filter(pk=people["boss"].pk).update(is_admin=True)
    client.force_login(people["boss"].user)
    url = f"/admin-tools/people/{people['r0'].pk}/roles/"
    response = client.post(url, {"level:seller": "emperor", "add": "seller:seller"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "choose a level of Seller from the list" in page and "choose a role the person does not hold yet" in page
    assert PersonRole.objects.get(person=people["r0"]).level.slug == "seller"  # type: ignore[union-attr]


def test_only_an_admin_of_the_same_organization_changes_roles(client: Client, now: datetime) -> None:
    people = team(now, size=1)
    url = f"/admin-tools/people/{people['r0'].pk}/roles/"
    for who in ("lead", "r0"):  # a manager and a learner
        client.force_login(people[who].user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"level:seller": "senior-seller"}).status_code == 404
    stranger = learner(now, org="globex", email="admin@globex.test")
    Person.objects.filter(pk=stranger.pk).update(is_admin=True)
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"level:seller": "senior-seller"}).status_code == 404
    assert PersonRole.objects.get(person=people["r0"]).level.slug == "seller"  # type: ignore[union-attr]
