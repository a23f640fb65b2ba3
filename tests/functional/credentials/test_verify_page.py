"""/verify/ and the public credential pages: forgeries are never valid, revocation shows whatever host the
credential's URLs name, and nothing a stranger sends gets a 5xx."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from skillpath.content.services import organization_ensure
from skillpath.credentials.identity import issuer_did
from skillpath.credentials.models import Certificate, SigningKey
from skillpath.credentials.services import certificate_revoke
from tests.integration.credentials.issued import certify, re_signed

pytestmark = pytest.mark.django_db
JSON: dict[str, Any] = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def cert() -> Certificate:
    return certify("ann@acme.example.com", datetime.now(UTC) - timedelta(days=16))[1]


def verdict(client: Client, document: Any) -> dict[str, Any]:
    response = client.post("/verify/", {"credential": json.dumps(document)}, **JSON)
    assert response.status_code == 200, response.content
    answer: dict[str, Any] = response.json()
    return answer


def test_a_credential_re_signed_with_a_strangers_key_is_not_valid_and_names_no_issuer(
    client: Client, cert: Certificate
) -> None:
    for forged in (
        re_signed(cert.credential, name="Certified Astronaut"),
        re_signed(cert.credential, method=issuer_did("acme"), name="Certified Astronaut"),
    ):
        answer = verdict(client, forged)
        assert answer["status"] == "invalid" and answer["issuer"] == "" and answer["title"] == ""
        page = client.post("/verify/", {"credential": json.dumps(forged)}).content.decode()
        assert "Not valid" in page and "Acme" not in page and "Certified Astronaut" not in page
    answer = verdict(client, re_signed(cert.credential, name="Certified Astronaut"))
    issuer = next(c for c in answer["checks"] if c["check"] == "issuer")
    assert issuer["ok"] is False and "belongs to no issuer known here" in issuer["message"]


def test_a_legacy_did_key_credential_verifies_only_with_one_of_the_issuers_keys(
    client: Client, cert: Certificate
) -> None:
    from skillpath.credentials.keys import private_key
    from skillpath.credentials.signing import sign

    key = SigningKey.objects.get(organization=cert.organization, retired_at=None)
    legacy = {**cert.credential, "issuer": {**cert.credential["issuer"], "id": "https://old.example/orgs/acme/issuer"}}
    legacy.pop("proof")
    did_key = f"did:key:{key.public_multibase}#{key.public_multibase}"
    signed = sign(legacy, private_key(key), verification_method=did_key, created="2026-01-01T00:00:00Z")
    answer = verdict(client, signed)
    assert answer["status"] == "valid" and answer["issuer"] == "Acme"
    assert "before SkillPath issuers had DIDs" in next(c["message"] for c in answer["checks"] if c["check"] == "issuer")
    other = organization_ensure("globex")
    posing = {**legacy, "issuer": {**legacy["issuer"], "id": "https://old.example/orgs/globex/issuer"}}
    signed = sign(posing, private_key(key), verification_method=did_key, created="2026-01-01T00:00:00Z")
    assert verdict(client, signed)["status"] == "invalid"
    assert other.name not in json.dumps(verdict(client, signed))


def test_revocation_shows_when_the_public_url_changed_since_issue(
    client: Client, cert: Certificate, settings: Any
) -> None:
    settings.PUBLIC_URL = "https://learn.acme-renamed.example"  # a new domain: the credential names the old one
    certificate_revoke(cert, reason="Issued in error", now=datetime.now(UTC))
    assert client.get(f"/credentials/{cert.id}/status.json").json()["status"] == "revoked"
    assert verdict(client, cert.credential)["status"] == "revoked"
    page = client.get(f"/credentials/{cert.id}/").content.decode()
    assert "Revoked: Acme withdrew this certificate." in page and "Issued in error" in page


def test_the_pdf_of_a_revoked_or_expired_certificate_is_stamped(client: Client, cert: Certificate) -> None:
    from skillpath.credentials.pdf import standing

    now = datetime.now(UTC)
    assert standing(cert, now) == ""
    assert standing(cert, cert.valid_until).startswith("Expired on")
    certificate_revoke(cert, reason="Issued in error", now=now)
    cert.refresh_from_db()
    assert standing(cert, now).startswith("Revoked on")
    pdf = client.get(f"/credentials/{cert.id}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'inline; filename="Certified Seller - Lee.pdf"'


def test_organizations_get_their_key_when_created_and_public_documents_write_nothing(client: Client) -> None:
    org = organization_ensure("initech")
    assert SigningKey.objects.filter(organization=org, retired_at=None).count() == 1
    with CaptureQueriesContext(connection) as queries:
        for path in ("/orgs/initech/status/revocation", "/orgs/initech/did.json", "/orgs/initech/issuer"):
            assert client.get(path).status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))]
    assert writes == []
    assert client.get("/orgs/nobody/did.json").status_code == 404


def test_an_organization_without_a_key_has_no_status_list_and_gets_no_key_from_a_get(client: Client) -> None:
    org = organization_ensure("hooli")
    SigningKey.objects.filter(organization=org).delete()  # as if made outside SkillPath's services
    response = client.get("/orgs/hooli/status/revocation")
    assert response.status_code == 404 and not SigningKey.objects.filter(organization=org).exists()


def test_a_holder_name_with_a_line_break_still_gets_a_pdf(client: Client, cert: Certificate) -> None:
    from skillpath.people.models import Person

    Person.objects.filter(pk=cert.person_id).update(name="Lee\r\nPark")  # once broke the download's header (500)
    pdf = client.get(f"/credentials/{cert.id}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
