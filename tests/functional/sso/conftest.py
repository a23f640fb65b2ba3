from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from skillpath import clock
from skillpath.people.models import Organization, Person
from skillpath.sso import scim


def make_person(org: Organization, email: str, *, admin: bool = False, password: str | None = "pw-123456") -> Person:  # noqa: S107
    user = get_user_model().objects.create(username=email, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return Person.objects.create(
        user=user, organization=org, name=email.split("@")[0], is_admin=admin, started_on=date(2026, 1, 5)
    )


@pytest.fixture
def orgs(db: Any) -> tuple[Organization, Organization]:
    return Organization.objects.create(slug="acme", name="Acme"), Organization.objects.create(
        slug="globex", name="Globex"
    )


@pytest.fixture
def tokens(orgs: tuple[Organization, Organization]) -> tuple[str, str]:
    a, b = orgs
    return (
        scim.token_create(a, "HR", by=None, now=clock.now())[1],
        scim.token_create(b, "HR", by=None, now=clock.now())[1],
    )
