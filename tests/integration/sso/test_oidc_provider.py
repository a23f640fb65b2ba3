"""OpenID Connect sign-in, end to end against a real OpenID Provider: node's `oidc-provider` (certified), started
by the test on loopback. An HTTP client plays the browser through both servers: SkillPath's sign-in page, the
provider's login and consent forms, the callback, and RP-initiated logout."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
from django.contrib.auth import get_user_model

from skillpath.people.models import Organization, Person
from skillpath.sso.models import OidcConnection, OidcIdentity

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
PROVIDER = ROOT / "tests" / "fixtures" / "oidc" / "provider.mjs"
SECRET = "a-client-secret-only-the-provider-and-skillpath-know"
ACCOUNTS = {
    "ann": {"email": "ann@acme.test", "email_verified": True, "name": "Ann Example"},
    "bea": {"email": "Bea@acme.test", "email_verified": True, "name": "Bea from the IdP"},
    "eve": {"email": "eve@acme.test", "email_verified": False, "name": "Eve Unverified"},
}


@dataclass
class Provider:
    issuer: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def provider(live_server: Any, settings: Any, tmp_path: Path) -> Iterator[Provider]:
    if not (ROOT / "node_modules" / "oidc-provider").exists() or shutil.which("node") is None:
        pytest.fail("oidc-provider is not installed: run `make install` (npm ci)")
    settings.PUBLIC_URL = live_server.url
    port = _free_port()
    config = {
        "port": port,
        "client": {
            "client_id": "skillpath",
            "client_secret": SECRET,
            "redirect_uris": [f"{live_server.url}/accounts/sso/acme/callback"],
            "post_logout_redirect_uris": [f"{live_server.url}/accounts/login/"],
        },
        "accounts": ACCOUNTS,
    }
    path = tmp_path / "provider.json"
    path.write_text(json.dumps(config))
    process = subprocess.Popen(
        ["node", str(PROVIDER), str(path)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:  # wait until it serves
            if line.startswith("listening "):
                break
        else:
            pytest.fail("the OpenID provider did not start")
        yield Provider(issuer=f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


def csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def form_of(page: httpx.Response) -> tuple[str, dict[str, str]]:
    """The first form of an HTML page: its absolute action and its hidden fields."""
    form = re.search(r"<form[^>]*action=\"([^\"]*)\"[^>]*>(.*?)</form>", page.text, re.S)
    assert form, page.text[:800]
    hidden = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.group(2)))
    return urljoin(str(page.url), unescape(form.group(1))), hidden


def sign_in_as(browser: httpx.Client, server: str, login: str, identifier: str = "acme") -> httpx.Response:
    """From SkillPath's "Sign in with your organization" through the provider's login and consent and back."""
    page = browser.get(f"{server}/accounts/sso/")
    page = browser.post(f"{server}/accounts/sso/", data={"organization": identifier, "csrfmiddlewaretoken": csrf(page)})
    assert page.url.host == "127.0.0.1" and "/interaction/" in page.url.path, page.url  # at the provider
    action, fields = form_of(page)
    page = browser.post(action, data={**fields, "login": login, "password": "anything"})
    if "/interaction/" in page.url.path:  # the consent screen
        action, fields = form_of(page)
        page = browser.post(action, data=fields)
    return page


def test_sign_in_through_the_provider_with_pkce_state_nonce_and_logout(live_server: Any, provider: Provider) -> None:
    acme = Organization.objects.create(slug="acme", name="Acme")
    admin_user = get_user_model().objects.create(username="ada@acme.test", email="ada@acme.test")
    admin_user.set_password("ada-long-password")
    admin_user.save()
    Person.objects.create(user=admin_user, organization=acme, name="Ada", is_admin=True, started_on=date(2026, 1, 5))
    bea = get_user_model().objects.create(username="bea@acme.test", email="bea@acme.test")
    bea.set_unusable_password()
    bea.save()
    bea_person = Person.objects.create(user=bea, organization=acme, name="Bea", started_on=date(2026, 1, 5))
    server = live_server.url

    # An admin enters the issuer, client id and secret; SkillPath reads the provider's discovery and keys.
    with httpx.Client(follow_redirects=True, timeout=30) as admin:
        page = admin.get(f"{server}/accounts/login/")
        page = admin.post(
            f"{server}/accounts/login/",
            data={
                "username": "ada@acme.test",
                "password": "ada-long-password",
                "csrfmiddlewaretoken": csrf(page),
            },
        )
        page = admin.get(f"{server}/settings/sso/")
        assert page.status_code == 200 and f"{server}/accounts/sso/acme/callback" in page.text
        page = admin.post(
            f"{server}/settings/sso/oidc",
            data={
                "issuer": provider.issuer,
                "client_id": "skillpath",
                "client_secret": SECRET,
                "email_domains": "acme.test",
                "enabled": "on",
                "create_people": "on",
                "csrfmiddlewaretoken": csrf(page),
            },
        )
        assert page.status_code == 200 and "Provider checked" in page.text, page.text[:2000]
    conn = OidcConnection.objects.get(organization=acme)
    assert conn.discovery is not None
    assert conn.discovery["authorization_endpoint"] == f"{provider.issuer}/auth"
    assert SECRET.encode() not in bytes(conn.client_secret_encrypted)  # encrypted at rest

    # Ann is new: found by her e-mail's domain, created just in time in Acme, signed in.
    with httpx.Client(follow_redirects=True, timeout=30) as browser:
        authorize = None

        def remember(request: httpx.Request) -> None:
            nonlocal authorize
            if request.url.path == "/auth":
                authorize = request.url

        browser.event_hooks["request"] = [remember]
        page = sign_in_as(browser, server, "ann", identifier="ann@acme.test")
        assert page.status_code == 200 and page.url.host == urlsplit(server).hostname, page.url
        assert "Ann Example" in page.text  # signed in, on their page
        query = parse_qs(authorize.query.decode()) if authorize else {}
        assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
        assert query["state"][0] and query["nonce"][0] and query["scope"] == ["openid email profile"]
        ann = Person.objects.select_related("user").get(user__email="ann@acme.test")
        assert ann.organization == acme and ann.name == "Ann Example" and not ann.user.has_usable_password()
        assert OidcIdentity.objects.get(person=ann).subject == "ann"

        # A callback replayed (same code and state) is refused: the state was used up.
        callback = next(r for r in page.history if "/callback" in r.url.path).url
        replay = browser.get(str(callback))
        assert replay.status_code == 400 and "could not be checked" in replay.text

        # Sign out: here, then at the provider (RP-initiated logout), which sends the browser back to sign-in.
        page = browser.get(f"{server}/")
        page = browser.post(f"{server}/accounts/logout/", data={"csrfmiddlewaretoken": csrf(page)})
        assert page.url.host == "127.0.0.1" and "/session/end" in page.url.path, page.url
        action, fields = form_of(page)
        page = browser.post(action, data={**fields, "logout": "yes"})
        assert page.url.path == "/accounts/login/" and page.url.host == urlsplit(server).hostname, page.url
        assert browser.get(f"{server}/", follow_redirects=False).status_code == 302  # signed out here

    # Bea already exists: matched by her verified e-mail (any case), not created again.
    with httpx.Client(follow_redirects=True, timeout=30) as browser:
        page = sign_in_as(browser, server, "bea")
        assert page.status_code == 200 and "/accounts/sso/" not in page.url.path, page.text[:500]
        assert OidcIdentity.objects.get(subject="bea").person == bea_person
        assert Person.objects.filter(organization=acme).count() == 3

    # Eve's provider has not verified her e-mail: refused, nobody created.
    with httpx.Client(follow_redirects=True, timeout=30) as browser:
        page = sign_in_as(browser, server, "eve")
        assert page.status_code == 403 and "has not verified" in page.text
        assert not Person.objects.filter(user__email="eve@acme.test").exists()


def test_a_forged_or_foreign_id_token_is_refused(live_server: Any, provider: Provider) -> None:
    """SkillPath verifies the ID token's signature with the provider's keys: with other keys stored, it refuses."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from joserfc.jwk import RSAKey

    from skillpath import clock
    from skillpath.sso import oidc

    acme = Organization.objects.create(slug="acme", name="Acme")
    spec = oidc.ConnectionSpec(provider.issuer, "skillpath", SECRET, ["acme.test"], True, False, True)
    conn = oidc.connection_save(acme, spec, now=clock.now())
    other = RSAKey.import_key(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    assert conn.discovery is not None
    kid = conn.discovery["jwks"]["keys"][0]["kid"]
    conn.discovery["jwks"] = {"keys": [{**other.as_dict(private=False), "kid": kid, "use": "sig", "alg": "RS256"}]}
    conn.save()
    with httpx.Client(follow_redirects=True, timeout=30) as browser:
        page = sign_in_as(browser, live_server.url, "ann")
        assert page.status_code == 400 and "did not verify" in page.text, page.text[:800]
    assert not Person.objects.exists()
