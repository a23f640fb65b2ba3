"""Hostile form input to the authoring pages gives a clear refusal or an error by its field, never a server error."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HOSTILE = ["", "9" * 5000, "[" * 3000, "{{ 7*7 }}", "²", "roles[0]", "-1", "x: [1, 2", "\u202e", "NaN"]
POSTS = [
    (
        "/content/mini-academy/modules/basics/",
        [
            "title",
            "minutes",
            "pass_score",
            "lesson[0]",
            "lesson[99999]",
            "concepts[0].variants[0]",
            "concepts[9999].id",
            "op",
        ],
    ),
    ("/content/mini-academy/modules/basics/validate", ["requires", "concepts[0].variants[1]"]),
    (
        "/content/mini-academy/package/",
        [
            "roles[0].levels[0].requires",
            "roles[0].milestones[0].day",
            "op",
            "roles[0].certificate.valid_days",
            "skills[5].id",
            "roles[0]",
        ],
    ),
    ("/content/mini-academy/modules/basics/preview/answer?v=0.0", ["attempt_id", "selected", "stage", "step"]),
    ("/content/mini-academy/modules/new", ["id", "title", "place"]),
]


@pytest.mark.parametrize("url,names", POSTS, ids=[u for u, _ in POSTS])
def test_hostile_values_never_give_a_server_error(author_client: Client, url: str, names: list[str]) -> None:
    author_client.post("/content/mini-academy/")
    for value in HOSTILE:
        for name in names:
            htmxes: list[dict[str, Any]] = [{}, {"HTTP_HX_REQUEST": "true"}]
            for htmx in htmxes:
                response = author_client.post(url, {name: value, "op": value}, **htmx)
                assert response.status_code < 500, (url, name, value)
    for op in [
        "up lesson[99999]",
        "add-variant 0 no-such-type",
        "add-block nope",
        "delete concepts[0].variants[9]",
        "add roles[7].levels",
        "down skills[99]",
        "add-variant 9999 choice",
    ]:
        assert author_client.post(url, {"op": op}).status_code < 500
