from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from skillpath.api.services import token_create
from skillpath.people.models import Person
from tests.integration.learning_helpers import learner


class Api:
    """A client of /api/v1/ with one token."""

    def __init__(self, client: Client, secret: str) -> None:
        self.client = client
        self.auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, **self.auth)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.client.post(f"/api/v1{path}", body, content_type="application/json", **self.auth, **extra)

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(f"/api/v1{path}", body, content_type="application/json", **self.auth)


def api_for(person: Person, scope: str, now: datetime) -> Api:
    return Api(Client(), token_create(person, f"{scope} token", scope, now=now).secret)


@pytest.fixture
def lee(now: datetime) -> Person:
    return learner(now)
