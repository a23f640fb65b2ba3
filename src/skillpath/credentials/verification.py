"""Check a credential the way anyone can: shape, signature, issuer key, validity dates and revocation."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft201909Validator

from skillpath.credentials.models import Certificate, SigningKey
from skillpath.credentials.openbadges import credential_url
from skillpath.credentials.signing import CONTEXTS, ProofError, proofs_of, public_key_from_multibase, verify

SCHEMA_FILE = Path(CONTEXTS) / "achievementcredential.schema.json"


@cache
def _validator() -> Draft201909Validator:
    return Draft201909Validator(json.loads(SCHEMA_FILE.read_text()))


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: could not be checked here
    message: str


@dataclass(frozen=True)
class Verification:
    status: str  # valid, invalid, revoked, expired, not_yet_valid
    headline: str
    checks: list[Check]
    title: str = ""
    subject: str = ""
    issuer: str = ""
    valid_from: str = ""
    valid_until: str = ""
    evidence: list[dict[str, str]] = field(default_factory=list)
    certificate: Certificate | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status, "headline": self.headline, "title": self.title, "subject": self.subject,
            "issuer": self.issuer, "validFrom": self.valid_from, "validUntil": self.valid_until,
            "checks": [{"check": c.name, "ok": c.ok, "message": c.message} for c in self.checks],
        }  # fmt: skip


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _signature(document: dict[str, Any]) -> tuple[Check, SigningKey | None]:
    try:
        proofs = proofs_of(document)
        method = str(proofs[0].get("verificationMethod", ""))
        if not method.startswith("did:key:"):
            return Check("signature", None, f"the key {method!r} is not a did:key; it cannot be resolved offline"), None
        multibase = method.removeprefix("did:key:").split("#", 1)[0]
        for proof in proofs:
            verify(document, public_key_from_multibase(multibase), proof)
    except ProofError as exc:
        return Check("signature", False, str(exc)), None
    key = SigningKey.objects.select_related("organization").filter(public_multibase=multibase).first()
    return Check("signature", True, "The Ed25519 signature (eddsa-rdfc-2022) matches the content."), key


def _issuer(document: dict[str, Any], key: SigningKey | None) -> Check:
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if key is None:
        return Check("issuer", None, f"The signing key is not one of this SkillPath's issuers ({issuer_id}).")
    expected = f"/orgs/{key.organization.slug}/issuer"
    if not isinstance(issuer_id, str) or not issuer_id.endswith(expected):
        return Check("issuer", False, "The credential names another issuer than the owner of the signing key.")
    when = "an earlier key, since rotated" if key.retired_at else "its current key"
    return Check("issuer", True, f"Signed by {key.organization.name} with {when}.")


def _dates(document: dict[str, Any], now: datetime) -> tuple[Check, str | None]:
    start, end = _parse_time(document.get("validFrom")), _parse_time(document.get("validUntil"))
    if start is None:
        return Check("dates", False, "validFrom is missing or not a date."), "invalid"
    if now < start:
        return Check("dates", False, f"Not valid before {start:%Y-%m-%d}."), "not_yet_valid"
    if end is not None and now >= end:
        return Check("dates", False, f"Expired on {end:%Y-%m-%d}."), "expired"
    until = f" until {end:%Y-%m-%d}" if end else ""
    return Check("dates", True, f"Valid from {start:%Y-%m-%d}{until}."), None


def _revocation(document: dict[str, Any], key: SigningKey | None) -> tuple[Check, Certificate | None]:
    cert = Certificate.objects.filter(id__in=[_certificate_id(document)]).first() if key else None
    if key is None or cert is None or cert.organization_id != key.organization_id:
        return Check("revocation", None, "The status list is not held here, so revocation was not checked."), None
    if cert.revoked_at is not None:
        return Check("revocation", False, f"Revoked on {cert.revoked_at:%Y-%m-%d}: {cert.revoked_reason}"), cert
    return Check("revocation", True, "Not revoked (checked against the issuer's status list)."), cert


def _certificate_id(document: dict[str, Any]) -> str | None:
    value = document.get("id")
    if isinstance(value, str) and "/credentials/" in value:
        candidate = value.rsplit("/credentials/", 1)[1].strip("/")
        return candidate if len(candidate) == 36 and credential_url(candidate) == value else None  # type: ignore[arg-type]
    return None


def verify_credential(document: Any, *, now: datetime) -> Verification:
    """Every check on a credential, and a plain verdict."""
    if not isinstance(document, dict):
        return Verification("invalid", "This is not a credential (expected a JSON object).", [])
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(map(str, errors[0].absolute_path)) or "top"
        shape = Check("format", False, f"Not a valid AchievementCredential: {errors[0].message} (at {where}).")
    else:
        shape = Check("format", True, "An Open Badges 3.0 AchievementCredential.")
    signature, key = _signature(document)
    issuer = _issuer(document, key)
    dates, date_status = _dates(document, now)
    revocation, cert = _revocation(document, key) if signature.ok else (Check("revocation", None, "Not checked."), None)
    checks = [shape, signature, issuer, dates, revocation]
    if shape.ok is False or signature.ok is not True or issuer.ok is False:
        status = "invalid"
    elif revocation.ok is False:
        status = "revoked"
    else:
        status = date_status or "valid"
    return _verdict(document, status, checks, cert)


HEADLINES = {
    "valid": "Valid: this certificate was issued by {issuer} to {subject} and has not been changed.",
    "invalid": "Not valid: this credential cannot be trusted (see the checks below).",
    "revoked": "Revoked: {issuer} withdrew this certificate.",
    "expired": "Expired: this certificate was valid, but its validity has ended.",
    "not_yet_valid": "Not valid yet.",
}


def _verdict(document: dict[str, Any], status: str, checks: list[Check], cert: Certificate | None) -> Verification:
    issuer = document.get("issuer")
    issuer_name = issuer.get("name", "") if isinstance(issuer, dict) else str(issuer or "")
    subject = document.get("credentialSubject") or {}
    names = [
        i.get("identityHash", "") for i in (subject.get("identifier") or [])
        if isinstance(i, dict) and i.get("identityType") == "name" and not i.get("hashed")
    ]  # fmt: skip
    evidence = [
        {"name": str(e.get("name", "")), "narrative": str(e.get("narrative", ""))}
        for e in document.get("evidence") or [] if isinstance(e, dict)
    ]  # fmt: skip
    headline = HEADLINES[status].format(issuer=issuer_name or "the issuer", subject=names[0] if names else "its holder")
    return Verification(
        status, headline, checks, str(document.get("name", "")), names[0] if names else "", issuer_name,
        str(document.get("validFrom", "")), str(document.get("validUntil", "")), evidence, cert,
    )  # fmt: skip
