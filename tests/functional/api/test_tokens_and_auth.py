"""API tokens (made, shown once, stored hashed, revoked) and how a request is authenticated and scoped."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from skillpath.api.models import ApiToken
from skillpath.content.services import organization_ensure
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from skillpath.ratelimits import RATES
from tests.functional.api.conftest import Api, api_for

pytestmark = pytest.mark.django_db


def _admin(now: datetime) -> Person:
    return person_upsert(
        organization_ensure("acme"), PersonSpec("ada@acme.test", "Ada", is_admin=True), password=None, today=now.date()
    )


def test_a_token_made_on_the_page_is_shown_once_and_stored_only_as_its_hash(client: Client, lee: Person) -> None:
    client.force_login(lee.user)
    page = client.post("/settings/api-tokens/", {"name": "My script", "scope": "learner"})
    assert page.status_code == 200
    secret = page.context["created"].secret
    assert secret.startswith("sp_") and secret in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    row = ApiToken.objects.get()
    assert (row.name, row.scope, row.person_id) == ("My script", "learner", lee.pk)
    assert row.digest == hashlib.sha256(secret.encode()).hexdigest() and secret not in str(vars(row))
    again = client.get("/settings/api-tokens/")
    assert secret not in again.content.decode() and "My script" in again.content.decode()
    assert Api(Client(), secret).get("/me").json()["scope"] == "learner"


def test_last_use_is_recorded_and_a_revoked_token_stops_working(client: Client, lee: Person, now: datetime) -> None:
    api = api_for(lee, "read", now)
    row = ApiToken.objects.get()
    assert row.last_used_at is None
    assert api.get("/me").status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None
    client.force_login(lee.user)
    assert client.post(f"/settings/api-tokens/{row.pk}/revoke").status_code == 302
    refused = api.get("/me")
    assert refused.status_code == 401 and refused["Content-Type"] == "application/problem+json"
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert refused.json()["status"] == 401


def test_only_admins_make_admin_tokens_and_see_the_organizations_tokens(
    client: Client, lee: Person, now: datetime
) -> None:
    client.force_login(lee.user)
    refused = client.post("/settings/api-tokens/", {"name": "x", "scope": "admin"})
    assert refused.status_code == 422 and not ApiToken.objects.exists()
    client.post("/settings/api-tokens/", {"name": "lee's", "scope": "read"})
    admin = _admin(now)
    other = learner_elsewhere(now)
    api_for(other, "read", now)  # another organization's token
    client.force_login(admin.user)
    assert client.post("/settings/api-tokens/", {"name": "ops", "scope": "admin"}).status_code == 200
    names = {t.name for t in client.get("/settings/api-tokens/").context["tokens"]}
    assert names == {"lee's", "ops"}
    theirs = ApiToken.objects.get(person=other)
    assert client.post(f"/settings/api-tokens/{theirs.pk}/revoke").status_code == 404  # never another org's
    client.force_login(lee.user)
    mine_only = {t.name for t in client.get("/settings/api-tokens/").context["tokens"]}
    assert mine_only == {"lee's"}
    ops = ApiToken.objects.get(name="ops")
    assert client.post(f"/settings/api-tokens/{ops.pk}/revoke").status_code == 404  # not lee's to revoke


def learner_elsewhere(now: datetime) -> Person:
    from tests.integration.learning_helpers import learner

    return learner(now, org="globex", email="gil@globex.test")


def test_a_deactivated_persons_tokens_stop_working(lee: Person, now: datetime) -> None:
    api = api_for(lee, "read", now)
    admin_api = api_for(_admin(now), "admin", now)
    assert admin_api.post(f"/people/{lee.pk}/deactivate").status_code == 200
    assert api.get("/today").status_code == 401


def test_scopes_narrow_what_a_token_may_do(lee: Person, now: datetime) -> None:
    read = api_for(lee, "read", now)
    refused = read.post("/modules/basics/checks")
    assert refused.status_code == 403 and "scope" in refused.json()["detail"]
    assert api_for(lee, "learner", now).post("/modules/basics/checks").status_code == 200
    admin_only = api_for(lee, "learner", now).post("/people", {"email": "x@acme.test", "name": "X"})
    assert admin_only.status_code == 403


def test_an_admin_token_never_lifts_a_person_above_their_pages(lee: Person, now: datetime) -> None:
    ApiToken.objects.all().delete()
    secret = api_for(_admin(now), "admin", now)
    assert secret.get("/people").status_code == 200
    learner_admin_token = api_for(lee, "read", now)
    assert learner_admin_token.get("/people").status_code == 403
    assert learner_admin_token.get("/team").status_code == 404


def test_no_credential_or_a_bad_one_is_401_problem_json(client: Client) -> None:
    tries: list[dict[str, Any]] = [
        {},
        {"HTTP_AUTHORIZATION": "Bearer sp_0123456789_wrong"},
        {"HTTP_AUTHORIZATION": "Bearer x"},
    ]
    for headers in tries:
        response = client.get("/api/v1/today", **headers)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        body = response.json()
        assert set(body) >= {"type", "title", "status", "detail"} and body["title"] == "Unauthorized"


def test_the_browser_session_works_and_needs_its_csrf_token_to_write(lee: Person) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(lee.user)
    assert browser.get("/api/v1/me").json()["scope"] == "session"
    refused = browser.post("/api/v1/modules/basics/checks")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    browser.get("/settings/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    assert browser.post("/api/v1/modules/basics/checks", HTTP_X_CSRFTOKEN=token).status_code == 200


def test_each_token_has_its_own_rate_limit_answered_429_with_retry_after(
    lee: Person, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(RATES, "api", "3/m")
    first, second = api_for(lee, "read", now), api_for(lee, "read", now)
    assert [first.get("/me").status_code for _ in range(3)] == [200, 200, 200]
    limited = first.get("/me")
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert limited["Content-Type"] == "application/problem+json"
    assert second.get("/me").status_code == 200


def test_invalid_input_names_the_field_that_is_wrong(lee: Person, now: datetime) -> None:
    api = api_for(lee, "learner", now)
    response = api.post("/answers", {"attempt_id": "not-a-uuid", "variant_id": 0, "response": {}})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"body.attempt_id", "body.variant_id"}
    too_many = api.get("/team", limit=100000)
    assert too_many.status_code in (404, 422)
    bad_limit = api_for(_admin(now), "admin", now).get("/people", limit=0)
    assert bad_limit.status_code == 422 and bad_limit.json()["errors"][0]["field"] == "query.limit"


def test_every_refusal_under_api_is_problem_json(client: Client, lee: Person, now: datetime) -> None:
    api = api_for(lee, "read", now)
    nowhere = client.post("/api/v1/nowhere")
    assert nowhere.status_code == 404 and nowhere["Content-Type"] == "application/problem+json"
    nul = api.get("/team", team="a\x00b")
    assert nul.status_code == 400 and nul["Content-Type"] == "application/problem+json"
    assert nul.json()["status"] == 400 and "NUL" in nul.json()["detail"]


def test_a_nul_in_an_answer_or_a_token_is_refused_before_any_query(lee: Person, now: datetime) -> None:
    api = api_for(lee, "learner", now)
    item = api.post("/modules/basics/checks").json()["next"]
    body = {
        "attempt_id": item["attempt_id"],
        "variant_id": item["variant_id"],
        "run_id": item["run_id"],
        "response": {"blanks": ["a\x00"]},
    }
    refused = api.post("/answers", body)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "body.response"
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer sp_0123456789_" + "\x00" * 43).status_code == 401
