from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from skillpath.content.services import organization_ensure, package_import
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.helpers import mini_source


def member(now: datetime, org: str, email: str, **flags: Any) -> Person:
    return person_upsert(
        organization_ensure(org),
        PersonSpec(email, email.split("@")[0].title(), [("seller", None)], **flags),
        password=None,
        today=now.date(),
    )


@pytest.fixture
def acme(now: datetime) -> None:
    package_import("acme", mini_source(), now=now)


@pytest.fixture
def author(acme: None, now: datetime) -> Person:
    return member(now, "acme", "ada@acme.test", is_author=True)


@pytest.fixture
def author_client(client: Client, author: Person) -> Client:
    client.force_login(author.user)
    return client
