from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import partial

import pytest

from skillpath.integrations.models import LrsConnection, WebhookEndpoint
from skillpath.integrations.sending import http_send, use_sender
from skillpath.people.models import Person
from tests.integration.integrations.fakes import FakeReceiver, fake_receiver
from tests.integration.learning_helpers import learner

SHORT_TIMEOUT = 0.5


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "lrs: starts Ralph's LRS server in its own virtual environment")


@pytest.fixture
def receiver() -> Iterator[FakeReceiver]:
    """A fake LRS / webhook receiver on loopback, and a sender that gives up after half a second."""
    with fake_receiver() as fake, use_sender(partial(http_send, timeout=SHORT_TIMEOUT)):
        yield fake


@pytest.fixture
def lee(now: datetime) -> Person:
    """A learner of the mini academy in organization ``acme``, with an e-mail address an LRS accepts."""
    return learner(now, "acme", "lee@acme.example.com")


def connect_lrs(person: Person, url: str) -> LrsConnection:
    connection = LrsConnection.objects.create(
        organization_id=person.organization_id, endpoint=f"{url}/xAPI", username="skillpath", password="lrs-secret"
    )
    person.organization.refresh_from_db()  # as the next request's user would come: with the new flags
    return connection


def add_webhook(
    person: Person, url: str, *, secret: str | None = None, events: list[str] | None = None
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.create(
        organization_id=person.organization_id, url=f"{url}/hooks", secret=secret or "whsec-1", events=events or []
    )
    person.organization.refresh_from_db()  # as the next request's user would come: with the new flags
    return endpoint
