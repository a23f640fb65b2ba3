"""The issuer's documents are JSON-LD whose every term their contexts define: JSON-LD processing (expand, then
compact back) gives the same document, so nothing a verifier reads is silently dropped."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from pyld import jsonld

from skillpath.credentials.identity import did_document, issuer_did, key_id, method_ref
from skillpath.credentials.openbadges import achievement_credential, issuer_profile, status_list_credential
from skillpath.credentials.signing import document_loader

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KEYS = ["z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH", "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"]


def round_trip(document: dict[str, Any]) -> dict[str, Any]:
    options = {"documentLoader": document_loader}
    expanded = jsonld.expand(document, options)
    back: dict[str, Any] = jsonld.compact(expanded, {"@context": document["@context"]}, options)
    back["@context"] = document["@context"]
    return back


def plain(document: dict[str, Any]) -> dict[str, Any]:
    """JSON-LD compaction writes one-element arrays as the element; compare like with like."""

    def unwrap(value: Any) -> Any:
        if isinstance(value, list):
            items = [unwrap(v) for v in value]
            return items[0] if len(items) == 1 else items
        if isinstance(value, dict):
            return {k: unwrap(v) for k, v in value.items()}
        return value

    result: dict[str, Any] = unwrap(json.loads(json.dumps(document)))
    return result


@pytest.fixture(autouse=True)
def _public_url(settings: Any) -> None:
    settings.PUBLIC_URL = "https://learn.acme.example.com:8443/skills"


def test_the_did_is_did_web_under_the_public_url_with_its_port_and_path() -> None:
    assert issuer_did("northwind") == "did:web:learn.acme.example.com%3A8443:skills:orgs:northwind"
    ref = method_ref(key_id("northwind", KEYS[0]))
    assert ref is not None and ref.skillpath_org == "northwind" and ref.fragment == KEYS[0]
    assert ref.document_url() == "https://learn.acme.example.com:8443/skills/orgs/northwind/did.json"
    assert method_ref("did:web:x") is None and method_ref("https://x#y") is None


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(did_document("northwind", KEYS), id="DID document"),
        pytest.param(issuer_profile("northwind", "Northwind Software"), id="issuer Profile"),
        pytest.param(status_list_credential("northwind", "Northwind Software", [3], AT), id="status list"),
    ],
)
def test_issuer_documents_survive_json_ld_processing(document: dict[str, Any]) -> None:
    assert plain(round_trip(document)) == plain(document)


def test_the_credential_survives_json_ld_processing() -> None:
    document = achievement_credential(
        certificate_id=UUID("2b9c4e1a-7d3f-4f6a-8e2b-1c0d9e8f7a6b"),
        title="Certified Seller",
        role_title="Seller",
        org_slug="northwind",
        org_name="Northwind Software",
        package="mini",
        role="seller",
        person_name="Lee",
        person_email="lee@example.com",
        salt="abc",
        issued_at=AT,
        valid_until=AT,
        retention_days=14,
        evidence=[],
        status_index=3,
    )
    back = round_trip(document)
    # The Open Badges context defines AchievementCredential and OpenBadgeCredential as the same IRI: compaction
    # may write either name. Nothing else may change.
    back["type"] = ["AchievementCredential" if t == "OpenBadgeCredential" else t for t in back["type"]]
    assert plain(back) == plain(document)


def test_every_key_current_and_rotated_is_an_assertion_method() -> None:
    document = did_document("northwind", KEYS)
    ids = [m["id"] for m in document["verificationMethod"]]
    assert document["assertionMethod"] == ids == [f"{issuer_did('northwind')}#{k}" for k in KEYS]
    assert all(m["controller"] == document["id"] and m["type"] == "Multikey" for m in document["verificationMethod"])
