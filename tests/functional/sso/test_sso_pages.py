"""The SSO settings page (admins only), "Sign in with your organization", SSO-only organizations, SCIM list cost."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from skillpath import clock
from skillpath.sso import scim
from skillpath.sso.models import OidcConnection, ScimToken
from tests.functional.sso.conftest import make_person


def test_only_admins_see_the_sso_page_and_tokens_are_shown_once_and_stored_hashed(client: Client, orgs: Any) -> None:
    learner = make_person(orgs[0], "leo@acme.test")
    client.force_login(learner.user)
    assert client.get("/settings/sso/").status_code == 404
    assert client.post("/settings/sso/tokens/new", {"name": "Workday"}).status_code == 404
    admin = make_person(orgs[0], "ada@acme.test", admin=True)
    client.force_login(admin.user)
    page = client.post("/settings/sso/tokens/new", {"name": "Workday"})
    token = ScimToken.objects.get()
    raw = page.context["new_token"][1]
    assert raw.startswith("scim_") and raw.encode() in page.content
    assert token.token_hash != raw and raw not in token.token_hash and token.organization == orgs[0]
    assert raw.encode() not in client.get("/settings/sso/").content  # shown once
    other_admin = make_person(orgs[1], "gil@globex.test", admin=True)
    client.force_login(other_admin.user)
    assert client.post(f"/settings/sso/tokens/{token.pk}/revoke").status_code == 404  # not theirs
    client.force_login(admin.user)
    assert client.post(f"/settings/sso/tokens/{token.pk}/revoke").status_code == 302
    assert ScimToken.objects.get().revoked_at is not None


def test_the_settings_form_explains_what_is_wrong(client: Client, orgs: Any) -> None:
    client.force_login(make_person(orgs[0], "ada@acme.test", admin=True).user)
    page = client.post("/settings/sso/oidc", {"issuer": "not a url", "client_id": "x"})
    assert page.status_code == 400 and b"Enter a valid URL" in page.content
    page = client.post("/settings/sso/oidc", {"issuer": "http://127.0.0.1:9/", "client_id": "x", "client_secret": "s"})
    assert page.status_code == 400 and b"could not fetch the discovery document" in page.content
    assert not OidcConnection.objects.exists()


def test_sign_in_with_your_organization(client: Client, orgs: Any) -> None:
    assert b"Sign in with your organization" in client.get("/accounts/login/").content
    page = client.post("/accounts/sso/", {"organization": "nobody"})
    assert page.status_code == 400 and b"No organization &#x27;nobody&#x27;" in page.content
    page = client.post("/accounts/sso/", {"organization": "someone@elsewhere.test"})
    assert page.status_code == 400 and b"elsewhere.test" in page.content
    assert client.get("/accounts/sso/acme/start").status_code == 404  # Acme has no SSO
    assert client.get("/accounts/sso/acme/callback?code=x&state=y").status_code == 403


@pytest.fixture
def acme_sso(orgs: Any) -> OidcConnection:
    return OidcConnection.objects.create(
        organization=orgs[0],
        issuer="https://idp.acme.test",
        client_id="c",
        email_domains=["acme.test"],
        sso_only=True,
        discovery={},
        updated_at=clock.now(),
    )


def test_sso_only_refuses_password_sign_in_for_that_organization_only(
    client: Client, orgs: Any, acme_sso: OidcConnection
) -> None:
    make_person(orgs[0], "ann@acme.test")
    make_person(orgs[1], "bob@globex.test")
    page = client.post("/accounts/login/", {"username": "ann@acme.test", "password": "pw-123456"})
    assert page.status_code == 200 and "Sign in with your organization" in page.context["form"].non_field_errors()[0]
    assert not Client().login(username="ann@acme.test", password="pw-123456")  # refused below the form too
    page = client.post("/accounts/login/", {"username": "bob@globex.test", "password": "pw-123456"})
    assert page.status_code == 302
    acme_sso.sso_only = False
    acme_sso.save()
    assert Client().login(username="ann@acme.test", password="pw-123456")


def test_listing_users_costs_a_fixed_number_of_queries(
    client: Client, orgs: Any, tokens: tuple[str, str], django_assert_max_num_queries: Any
) -> None:
    boss = make_person(orgs[0], "boss@acme.test")
    for i in range(30):
        person = make_person(orgs[0], f"p{i}@acme.test", password=None)
        person.manager = boss
        person.save()
    scim.token_create(orgs[0], "other", by=None, now=clock.now())
    with django_assert_max_num_queries(4):
        response = client.get("/scim/v2/Users", HTTP_AUTHORIZATION=f"Bearer {tokens[0]}")
    assert response.json()["totalResults"] == 31
    with django_assert_max_num_queries(4):
        response = client.get("/scim/v2/Groups", HTTP_AUTHORIZATION=f"Bearer {tokens[0]}")
    assert response.status_code == 200


def test_start_sends_pkce_state_and_nonce_and_keeps_only_a_local_next(client: Client, orgs: Any) -> None:
    discovery = {
        "issuer": "https://idp.acme.test",
        "authorization_endpoint": "https://idp.acme.test/auth",
        "token_endpoint": "https://idp.acme.test/token",
        "jwks_uri": "https://idp.acme.test/jwks",
    }
    OidcConnection.objects.create(
        organization=orgs[0],
        issuer="https://idp.acme.test",
        client_id="c",
        email_domains=["acme.test"],
        discovery=discovery,
        updated_at=clock.now(),
    )
    page = client.post("/accounts/sso/", {"organization": "ann@acme.test", "next": "/skills/?a=1&b=2"})
    assert page.status_code == 302 and page["Location"] == "/accounts/sso/acme/start?next=%2Fskills%2F%3Fa%3D1%26b%3D2"
    page = client.get(page["Location"])
    assert page.status_code == 302 and page["Location"].startswith("https://idp.acme.test/auth?")
    query = parse_qs(urlsplit(page["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0] and query["client_id"] == ["c"]
    assert query["redirect_uri"] == [f"{settings.PUBLIC_URL}/accounts/sso/acme/callback"]
    assert client.session["sso_next"] == "/skills/?a=1&b=2"
    client.get("/accounts/sso/acme/start?next=https://evil.test/")
    assert client.session["sso_next"] == "/"
