"""OpenID Connect sign-in per organization, with Authlib's Django client (one client per organization, made from
the organization's stored settings and the provider's discovery document).

The flow: authorization code with PKCE (S256), ``state`` kept in the session and checked on return, ``nonce`` in
the ID token checked, the ID token's signature verified against the provider's JWKS (fetched again once when it
names an unknown key), its issuer, audience and expiry checked (Authlib). People are found by the identity they
signed in with before (issuer, subject), then by their verified e-mail in the organization, or created just in
time there when the organization allows it.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from skillpath.people.models import Organization, Person
from skillpath.sso.models import OidcConnection, OidcIdentity

SCOPES = "openid email profile"
_TIMEOUT = httpx.Timeout(10.0)
_MAX_DOCUMENT = 512 * 1024


class SsoError(ValueError):
    """Signing in (or saving the settings) failed; the message says what happened and what to do."""


# ---------------------------------------------------------------------------------------------------- secrets


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"skillpath-oidc-client-secrets:" + settings.KEY_SECRET.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _encrypt(secret: str) -> bytes:
    return _fernet().encrypt(secret.encode())


def client_secret(conn: OidcConnection) -> str:
    if not conn.client_secret_encrypted:
        return ""
    try:
        return _fernet().decrypt(bytes(conn.client_secret_encrypted)).decode()
    except InvalidToken as exc:
        raise SsoError(
            _("the stored client secret cannot be decrypted (SKILLPATH_KEY_SECRET changed): an admin enters it again")
        ) from exc


# ---------------------------------------------------------------------------------------------------- discovery


def _get_json(url: str, what: str) -> dict[str, Any]:
    """``what``: the document's name, already translated ("the discovery document")."""
    try:
        with httpx.Client(timeout=_TIMEOUT, follow_redirects=False) as client:
            response = client.get(url, headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise SsoError(
            _("could not fetch {document} at {url}: {reason}").format(
                document=what, url=url, reason=exc.__class__.__name__
            )
        ) from exc
    if response.status_code != 200:
        raise SsoError(
            _("{document} at {url} answered HTTP {status}").format(document=what, url=url, status=response.status_code)
        )
    if len(response.content) > _MAX_DOCUMENT:
        raise SsoError(
            _("{document} at {url} is larger than {size} KiB").format(
                document=what, url=url, size=_MAX_DOCUMENT // 1024
            )
        )
    try:
        doc = response.json()
    except ValueError as exc:
        raise SsoError(_("{document} at {url} is not JSON").format(document=what, url=url)) from exc
    if not isinstance(doc, dict):
        raise SsoError(_("{document} at {url} is not a JSON object").format(document=what, url=url))
    return doc


def discover(issuer: str) -> dict[str, Any]:
    """The provider's discovery document (OpenID Connect Discovery 1.0) with its JWKS, checked."""
    issuer = issuer.strip().rstrip("/")
    doc = _get_json(f"{issuer}/.well-known/openid-configuration", _("the discovery document"))
    if str(doc.get("issuer", "")).rstrip("/") != issuer:
        raise SsoError(
            _("the discovery document names the issuer “{named}”, not “{issuer}”").format(
                named=doc.get("issuer"), issuer=issuer
            )
        )
    missing = [k for k in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not doc.get(k)]
    if missing:
        raise SsoError(_("the discovery document has no {fields}").format(fields=", ".join(missing)))
    methods = doc.get("code_challenge_methods_supported")
    if methods is not None and "S256" not in methods:
        raise SsoError(_("the provider does not support PKCE with S256 (code_challenge_methods_supported)"))
    keys = _get_json(str(doc["jwks_uri"]), _("the key set (JWKS)"))
    if not isinstance(keys.get("keys"), list) or not keys["keys"]:
        raise SsoError(_("the key set at {url} has no keys").format(url=doc["jwks_uri"]))
    doc["jwks"] = keys
    return doc


# ---------------------------------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class ConnectionSpec:
    issuer: str
    client_id: str
    client_secret: str  # empty: keep the stored one
    email_domains: list[str]
    enabled: bool
    sso_only: bool
    create_people: bool


def connection_of(org: Organization) -> OidcConnection | None:
    return OidcConnection.objects.filter(organization=org).first()


def connection_save(org: Organization, spec: ConnectionSpec, *, now: datetime) -> OidcConnection:
    """Check the provider (discovery and keys) and store the settings; a ``SsoError`` says what is wrong."""
    existing = connection_of(org)
    if not spec.client_secret and (existing is None or not existing.client_secret_encrypted):
        raise SsoError(_("enter the client secret the identity provider gave SkillPath"))
    domains = sorted({d.strip().lower().lstrip("@") for d in spec.email_domains if d.strip()})
    taken = (
        OidcConnection.objects.exclude(organization=org)
        .filter(enabled=True)
        .values_list("email_domains", "organization__name")
    )
    for other_domains, other_org in taken:
        clash = set(domains) & set(other_domains or [])
        if clash:
            raise SsoError(
                _("the e-mail domain {domain} already signs in to another organization ({organization})").format(
                    domain=sorted(clash)[0], organization=other_org
                )
            )
    discovery = discover(spec.issuer)  # outside the transaction: a slow provider holds no lock
    with transaction.atomic():
        conn = existing or OidcConnection(organization=org)
        conn.issuer = spec.issuer.strip().rstrip("/")
        conn.client_id = spec.client_id.strip()
        if spec.client_secret:
            conn.client_secret_encrypted = _encrypt(spec.client_secret)
        conn.email_domains = domains
        conn.enabled, conn.sso_only, conn.create_people = spec.enabled, spec.sso_only, spec.create_people
        conn.discovery, conn.discovered_at, conn.updated_at = discovery, now, now
        conn.save()
    return conn


# ---------------------------------------------------------------------------------------------------- sign-in


def connection_for(identifier: str) -> OidcConnection:
    """The enabled connection of an organization named by its slug, or by an e-mail address or domain."""
    text = identifier.strip().lower()
    if not text:
        raise SsoError(_("enter your organization's short name or your work e-mail address"))
    if "@" in text or "." in text:
        domain = text.rsplit("@", 1)[-1]
        for conn in OidcConnection.objects.filter(enabled=True).select_related("organization"):
            if domain in (conn.email_domains or []):
                return conn
        raise SsoError(
            _("no organization signs in with single sign-on for {domain}: sign in with your password").format(
                domain=domain
            )
        )
    found = OidcConnection.objects.filter(organization__slug=text, enabled=True).select_related("organization").first()
    if found is None:
        raise SsoError(
            _("no organization '{name}' signs in with single sign-on: check the name with your admin").format(name=text)
        )
    return found


def enabled_connection(org_slug: str) -> OidcConnection:
    conn = OidcConnection.objects.filter(organization__slug=org_slug, enabled=True).select_related("organization")
    found = conn.first()
    if found is None:
        raise SsoError(_("organization '{name}' has no single sign-on").format(name=org_slug[:80]))
    return found


def client(conn: OidcConnection) -> DjangoOAuth2App:
    """Authlib's client for this organization: its settings, the stored discovery document and keys."""
    metadata = {k: v for k, v in (conn.discovery or {}).items() if not k.startswith("_")}
    oauth = OAuth()
    return oauth.register(
        name=f"sso-{conn.organization_id}",
        client_id=conn.client_id,
        client_secret=client_secret(conn),
        client_kwargs={"scope": SCOPES, "code_challenge_method": "S256", "timeout": 10},
        **metadata,
    )


def sso_only(user_pk: int | None = None, *, username: str | None = None) -> bool:
    """Whether this account's organization signs in through its identity provider only (no password)."""
    people = Person.objects.filter(organization__oidc__sso_only=True, organization__oidc__enabled=True)
    if user_pk is not None:
        return people.filter(user_id=user_pk).exists()
    return bool(username) and people.filter(user__username__iexact=(username or "").strip()).exists()


def sso_only_domain(username: str) -> str | None:
    """The name of the SSO-only organization whose e-mail domain this username has, if any."""
    if "@" not in username:
        return None
    domain = username.strip().lower().rsplit("@", 1)[1]
    for domains, name in OidcConnection.objects.filter(sso_only=True, enabled=True).values_list(
        "email_domains", "organization__name"
    ):
        if domain in (domains or []):
            return str(name)
    return None


@transaction.atomic
def person_signed_in(conn: OidcConnection, claims: dict[str, Any], *, now: datetime) -> Person:
    """The person the verified ID token names, found or created in the connection's organization."""
    org = conn.organization
    subject, issuer = str(claims.get("sub") or ""), str(claims.get("iss") or conn.issuer)
    if not subject:
        raise SsoError(_("the identity provider sent no subject (sub)"))
    identity = OidcIdentity.objects.select_related("person__user").filter(issuer=issuer, subject=subject).first()
    person = identity.person if identity else None
    if person is None:
        email = str(claims.get("email") or "").strip().lower()
        if not email:
            raise SsoError(_("the identity provider sent no e-mail address: ask your admin to release the email scope"))
        if claims.get("email_verified") is not True:
            raise SsoError(
                _("the identity provider has not verified {email}: SkillPath matches people by verified e-mail").format(
                    email=email
                )
            )
        users = get_user_model().objects
        person = Person.objects.select_related("user").filter(organization=org, user__email__iexact=email).first()
        person = (
            person
            or Person.objects.select_related("user").filter(organization=org, user__username__iexact=email).first()
        )
        if person is None:
            if (
                users.filter(username__iexact=email).exists()
                or Person.objects.filter(user__email__iexact=email).exists()
            ):
                raise SsoError(_("{email} belongs to another organization on SkillPath").format(email=email))
            if not conn.create_people:
                raise SsoError(
                    _("{email} is not a person of {organization} yet: ask your admin to add you").format(
                        email=email, organization=org.name
                    )
                )
            user = users.create(username=email, email=email, date_joined=now)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            name = str(claims.get("name") or "").strip()[:200] or email
            person = Person.objects.create(user=user, organization=org, name=name, started_on=now.date())
        OidcIdentity.objects.create(
            organization=org, person=person, issuer=issuer, subject=subject, first_seen_at=now, last_seen_at=now
        )
    else:
        OidcIdentity.objects.filter(pk=identity.pk).update(last_seen_at=now)  # type: ignore[union-attr]
    if person.organization_id != org.pk:
        raise SsoError(_("this identity belongs to another organization on SkillPath"))
    if not person.user.is_active:
        raise SsoError(_("your account is deactivated: ask your admin"))
    return person
