"""Credentials of other issuers: their did:web DID documents and status lists are fetched (bounded), and a list
that cannot be fetched leaves revocation unknown, said so, never "valid"."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from skillpath.credentials.fetching import FetchError, http_fetch_json, use_fetcher
from skillpath.credentials.identity import did_document
from skillpath.credentials.openbadges import iso, status_list_credential
from skillpath.credentials.signing import multibase_key, sign
from skillpath.credentials.verification import verify_credential
from tests.integration.credentials.issued import certify

pytestmark = pytest.mark.django_db
OTHER = "https://badges.other.example"
OTHER_DID = "did:web:badges.other.example:orgs:guild"


def other_issuer(credential: dict[str, Any], revoked: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """``credential`` re-issued by another SkillPath (another host): the credential and what its host serves."""
    private = Ed25519PrivateKey.generate()
    key = multibase_key(private.public_key())
    vm, now = f"{OTHER_DID}#{key}", iso(datetime.now(UTC))
    status_url = f"{OTHER}/orgs/guild/status/revocation"
    document = {k: v for k, v in credential.items() if k != "proof"}
    document["issuer"] = {**document["issuer"], "id": OTHER_DID, "name": "Guild of Testers"}
    document["credentialStatus"] = {
        **document["credentialStatus"],
        "statusListCredential": status_url,
        "id": f"{status_url}#5",
        "statusListIndex": "5",
    }
    status = status_list_credential("guild", "Guild of Testers", [5] if revoked else [], datetime.now(UTC))
    status = {**status, "id": status_url, "issuer": {"id": OTHER_DID, "name": "Guild of Testers"}}
    did = {**did_document("guild", [key]), "id": OTHER_DID}
    did["verificationMethod"] = [{**did["verificationMethod"][0], "id": vm, "controller": OTHER_DID}]
    did["assertionMethod"] = [vm]
    served = {
        f"{OTHER}/orgs/guild/did.json": did,
        status_url: sign(status, private, verification_method=vm, created=now),
    }
    return sign(document, private, verification_method=vm, created=now), served


@pytest.fixture
def credential() -> dict[str, Any]:
    issued: dict[str, Any] = certify("ann@acme.example.com", datetime.now(UTC) - timedelta(days=16))[1].credential
    return issued


def test_another_issuers_credential_is_checked_against_its_did_document_and_status_list(
    credential: dict[str, Any],
) -> None:
    for revoked, expected in ((False, "valid"), (True, "revoked")):
        document, served = other_issuer(credential, revoked)

        def fetch(url: str, served: dict[str, Any] = served) -> Any:
            return served[url]

        with use_fetcher(fetch):
            result = verify_credential(document, now=datetime.now(UTC))
        assert result.status == expected, result.checks
        assert result.issuer == f"Guild of Testers ({OTHER_DID})"


def test_when_the_status_list_cannot_be_fetched_revocation_is_unknown_and_said_so(credential: dict[str, Any]) -> None:
    document, served = other_issuer(credential, revoked=False)

    def fetch(url: str) -> Any:
        if url.endswith("did.json"):
            return served[url]
        raise FetchError(f"{url} did not answer within 3 s")

    with use_fetcher(fetch):
        result = verify_credential(document, now=datetime.now(UTC))
    assert result.status == "unchecked" and "could not be checked" in result.headline
    revocation = next(c for c in result.checks if c.name == "revocation")
    assert revocation.ok is None and "did not answer within 3 s" in revocation.message


def test_without_its_did_document_another_issuers_credential_is_not_valid(credential: dict[str, Any]) -> None:
    document, _ = other_issuer(credential, revoked=False)

    def unreachable(url: str) -> Any:
        raise FetchError(f"{url} could not be reached (ConnectError)")

    with use_fetcher(unreachable):
        result = verify_credential(document, now=datetime.now(UTC))
    assert result.status == "invalid" and result.issuer == ""
    assert "could not be fetched" in next(c.message for c in result.checks if c.name == "signature")


@pytest.fixture
def slow_server() -> Iterator[str]:
    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            time.sleep(2)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def test_fetching_is_https_to_public_addresses_only_and_times_out(slow_server: str) -> None:
    with pytest.raises(FetchError, match="not an https URL"):
        http_fetch_json(f"{slow_server}/did.json")
    with pytest.raises(FetchError, match="not a public address"):
        http_fetch_json("https://127.0.0.1/did.json")
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"did not answer within 0\.5 s"):
        http_fetch_json(f"{slow_server}/did.json", timeout=0.5, public_only=False)
    assert time.monotonic() - started < 1.5
