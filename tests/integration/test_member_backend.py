"""The signed-in user's query, compiled once: the same user, membership and related objects as the ORM's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.db import models

from skillpath.content.services import organization_ensure
from skillpath.people.backends import MemberBackend, member_user, membership_query
from skillpath.people.models import Person, Team
from skillpath.people.services import PersonSpec, person_upsert
from tests.integration.learning_helpers import learner

pytestmark = pytest.mark.django_db


def values(obj: models.Model | None) -> dict[str, Any] | None:
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_a_member_comes_as_the_orm_gives_them_with_person_organization_team_and_manager(
    now: datetime, django_assert_num_queries: Any
) -> None:
    boss = learner(now, email="boss@acme.test")
    lee = person_upsert(
        organization_ensure("acme"),
        PersonSpec("lee@acme.test", "Lee", [("seller", None)], manager_email="boss@acme.test"),
        password=None,
        today=now.date(),
    )
    Person.objects.filter(pk=lee.pk).update(team=Team.objects.create(organization=lee.organization, name="North"))
    expected = membership_query().get(pk=lee.user_id)
    member_user(boss.user_id)  # the statement is compiled by a first call
    with django_assert_num_queries(1):
        got = member_user(lee.user_id)
    with django_assert_num_queries(0):  # everything came with the user
        assert got is not None and got.person.user is got
        assert values(got) == values(expected)
        for name in ("organization", "team", "manager"):
            assert values(getattr(got.person, name)) == values(getattr(expected.person, name)) is not None
        assert values(got.person) == values(expected.person)
    assert values(member_user(boss.user_id).person.manager) is None  # type: ignore[union-attr]


@pytest.mark.parametrize("user_id", [987_654_321, "abc", "", None, "1e5"])
def test_an_unknown_or_malformed_user_id_is_nobody(user_id: object) -> None:
    assert member_user(user_id) is None
    assert MemberBackend().get_user(user_id) is None


def test_a_user_without_a_membership_comes_without_a_person(now: datetime) -> None:
    from django.contrib.auth.models import User

    admin = User.objects.create_user("root", password=None)
    got = member_user(admin.pk)
    assert got is not None and got.pk == admin.pk
    assert not hasattr(got, "person")
