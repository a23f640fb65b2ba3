"""openbadgeslib (PyPI, ``[ldp]``) verifies SkillPath's credentials by itself: it resolves the issuer's did:web
DID to its DID document and takes the key from there (no key supplied by hand), and reads the status list.

Its ``download`` hook is the transport only: requests for ``https://skillpath.example.com/…`` are answered by
this SkillPath through Django's test client instead of the network.

openbadgeslib 4.6.3 checks a status list's own signature only when the list is a JWT-VC; SkillPath publishes a
Data Integrity status list (Digital Bazaar's verifier checks its signature), so here the revocation bit is read
with ``verify_status_list=False``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from openbadgeslib.ob3.ldp import OB3LdpVerifier
from openbadgeslib.ob3.verifier import OB3VerificationError

from skillpath.credentials.identity import issuer_did
from tests.integration.credentials.issued import issue_a_set, re_signed

pytestmark = pytest.mark.django_db
PUBLIC = "https://skillpath.example.com"


def downloader(client: Client, asked: list[str]) -> Any:
    def download(url: str) -> bytes:
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == PUBLIC, f"openbadgeslib asked for {url}"
        asked.append(parts.path)
        response = client.get(parts.path)
        assert response.status_code == 200, (url, response.status_code)
        return response.content

    return download


def test_openbadgeslib_verifies_skillpath_credentials_without_a_key_given(client: Client, settings: Any) -> None:
    settings.PUBLIC_URL = PUBLIC
    issued = issue_a_set(datetime.now(UTC) - timedelta(days=16))
    asked: list[str] = []
    download = downloader(client, asked)

    for cert in (issued.fresh, issued.rotated):
        badge = OB3LdpVerifier().verify(cert.credential, check_status=True, verify_status_list=False, download=download)
        assert badge.issuer.id == issuer_did("acme")
    assert asked == ["/orgs/acme/did.json", "/orgs/acme/status/revocation"] * 2

    with pytest.raises(OB3VerificationError, match="status 'revocation' is set at index"):
        OB3LdpVerifier().verify(
            issued.revoked.credential, check_status=True, verify_status_list=False, download=download
        )
    forged = re_signed(issued.fresh.credential, name="Certified Astronaut")
    with pytest.raises(OB3VerificationError, match="does not belong to the credential issuer"):
        OB3LdpVerifier().verify(forged, check_status=True, verify_status_list=False, download=download)
    posing = re_signed(issued.fresh.credential, method=issuer_did("acme"), name="Certified Astronaut")
    with pytest.raises(OB3VerificationError, match="no verificationMethod with id"):
        OB3LdpVerifier().verify(posing, check_status=True, verify_status_list=False, download=download)
    with pytest.raises(OB3VerificationError):
        OB3LdpVerifier().verify({**issued.fresh.credential, "name": "Certified Astronaut"}, download=download)
