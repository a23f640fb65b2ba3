from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from skillpath.credentials.identity import issuer_did
from skillpath.credentials.models import Certificate
from skillpath.people.models import Person
from tests.integration.learning_helpers import learner
from tests.integration.test_certificates import certified, pass_everything

pytestmark = pytest.mark.django_db


def test_my_certificates_says_what_is_still_to_show(client: Client, now: datetime) -> None:
    lee = learner(now)
    pass_everything(lee, now)
    client.force_login(lee.user)
    page = client.get("/certificates/").content.decode()
    assert "Certified Seller" in page and "Not earned yet" in page
    assert "successfully at least 14 days after learning it" in page


def test_a_held_certificate_links_to_its_public_page_pdf_and_json(client: Client, now: datetime) -> None:
    lee, cert = certified(now)
    client.force_login(lee.user)
    assert f"/credentials/{cert.id}/" in client.get("/certificates/").content.decode()
    client.logout()  # the verification page and documents are public
    page = client.get(f"/credentials/{cert.id}/").content.decode()
    assert "Valid: this certificate was issued by Acme to Lee" in page and "What was proven" in page
    document = client.get(f"/credentials/{cert.id}.json").json()
    assert (
        document["id"].endswith(f"/credentials/{cert.id}") and document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    )
    assert client.get(f"/credentials/{cert.id}/status.json").json()["status"] == "valid"
    pdf = client.get(f"/credentials/{cert.id}.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_anyone_can_paste_or_upload_a_credential_to_verify_it(client: Client, now: datetime) -> None:
    _, cert = certified(now)
    text = json.dumps(cert.credential)
    assert "Valid:" in client.post("/verify/", {"credential": text}).content.decode()
    upload = SimpleUploadedFile("badge.json", text.encode(), content_type="application/json")
    assert "Valid:" in client.post("/verify/", {"file": upload}).content.decode()
    tampered = json.dumps({**cert.credential, "name": "Certified Astronaut"})
    verdict = client.post("/verify/", {"credential": tampered}, HTTP_ACCEPT="application/json").json()
    assert verdict["status"] == "invalid"
    assert any(c["check"] == "signature" and c["ok"] is False for c in verdict["checks"])
    broken = client.post("/verify/", {"credential": "{not json"})
    assert broken.status_code == 422 and "This is not JSON" in broken.content.decode()


def test_only_an_admin_of_the_issuing_organization_can_revoke(client: Client, now: datetime) -> None:
    lee, cert = certified(now)
    outsider = learner(now, org="globex", email="boss@globex.test")
    Person.objects.filter(pk=outsider.pk).update(is_admin=True)
    client.force_login(outsider.user)
    assert client.post(f"/credentials/{cert.id}/revoke", {"reason": "no"}).status_code == 404
    client.force_login(lee.user)  # a learner, not an admin
    assert client.post(f"/credentials/{cert.id}/revoke", {"reason": "no"}).status_code == 404
    Person.objects.filter(pk=lee.pk).update(is_admin=True)
    assert client.post(f"/credentials/{cert.id}/revoke", {"reason": ""}).status_code == 422
    client.post(f"/credentials/{cert.id}/revoke", {"reason": "Issued in error"})
    assert Certificate.objects.get(pk=cert.pk).revoked_reason == "Issued in error"
    assert "Revoked: Acme withdrew this certificate." in client.get(f"/credentials/{cert.id}/").content.decode()


def test_issuer_profile_did_document_and_status_list_are_published(client: Client, now: datetime) -> None:
    _lee, _cert = certified(now)
    profile = client.get("/orgs/acme/issuer").json()
    assert profile["type"] == ["Profile"] and profile["id"] == issuer_did("acme")
    did = client.get("/orgs/acme/did.json").json()
    assert did["id"] == profile["id"] and did["verificationMethod"][0]["publicKeyMultibase"].startswith("z6Mk")
    assert did["assertionMethod"] == [did["verificationMethod"][0]["id"]]
    status: Any = client.get("/orgs/acme/status/revocation").json()
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert client.get("/orgs/nobody/issuer").status_code == 404


def test_an_expired_certificate_says_how_to_renew(client: Client, now: datetime) -> None:
    from skillpath import clock

    lee, cert = certified(now)
    client.force_login(lee.user)
    clock.travel_to(cert.valid_until + timedelta(days=1))
    try:
        page = client.get("/certificates/").content.decode()
    finally:
        clock.travel(timedelta(0))
    assert "Expired" in page and "Renew it by refreshing these skills" in page
