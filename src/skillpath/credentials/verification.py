"""Check a credential the way anyone can: shape, signature, issuer key, validity dates and revocation.

The verdict is ``valid`` only when the signature matches AND the signing key belongs to the issuer the
credential names (one of this SkillPath's organizations' keys, current or rotated, or a key another issuer's
DID document lists). A credential signed with any other key is ``invalid``, and no verdict names an issuer
whose key did not sign it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from jsonschema import Draft201909Validator

from skillpath.credentials.checks import Check
from skillpath.credentials.limits import document_too_big
from skillpath.credentials.models import Certificate
from skillpath.credentials.resolution import Signer, Unresolved, resolve_signer
from skillpath.credentials.revocation import revocation_check
from skillpath.credentials.signing import CONTEXTS, ProofError, proofs_of, verify

SCHEMA_FILE = Path(CONTEXTS) / "achievementcredential.schema.json"


@cache
def _validator() -> Draft201909Validator:
    return Draft201909Validator(json.loads(SCHEMA_FILE.read_text()))


@dataclass(frozen=True)
class Verification:
    status: str  # valid, invalid, revoked, expired, not_yet_valid, unchecked (revocation unknown)
    headline: str
    checks: list[Check]
    title: str = ""
    subject: str = ""
    issuer: str = ""  # only when the signing key was confirmed as the issuer's
    valid_from: str = ""
    valid_until: str = ""
    evidence: list[dict[str, str]] = field(default_factory=list)
    certificate: Certificate | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "headline": self.headline,
            "title": self.title,
            "subject": self.subject,
            "issuer": self.issuer,
            "validFrom": self.valid_from,
            "validUntil": self.valid_until,
            "checks": [{"check": c.name, "ok": c.ok, "message": c.message} for c in self.checks],
        }


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def issuer_id_of(document: dict[str, Any]) -> str:
    issuer = document.get("issuer")
    value = issuer.get("id") if isinstance(issuer, dict) else issuer
    return value if isinstance(value, str) else ""


def _signature(document: dict[str, Any]) -> tuple[Check, Signer | None]:
    """Every proof must verify, each with the key its verificationMethod names; the first proof's signer counts."""
    try:
        signers = []
        for proof in proofs_of(document):
            signer = resolve_signer(proof.get("verificationMethod"))
            verify(document, signer.public, proof)
            signers.append(signer)
    except Unresolved as exc:
        return Check("signature", None, _("Not checked: {reason}.").format(reason=exc)), None
    except ProofError as exc:
        return Check("signature", False, f"{str(exc)[:1].upper()}{str(exc)[1:]}."), None
    if len({s.controller for s in signers}) > 1:
        return Check("signature", False, _("The proofs are signed by keys of different controllers.")), None
    return Check("signature", True, _("The Ed25519 signature (eddsa-rdfc-2022) matches the content.")), signers[0]


def _legacy_issuer_matches(issuer_id: str, slug: str) -> bool:
    # Before issuer DIDs, SkillPath named the issuer by its Profile URL: …/orgs/<slug>/issuer (any host).
    return issuer_id.startswith(("http://", "https://")) and issuer_id.endswith(f"/orgs/{slug}/issuer")


def _issuer(document: dict[str, Any], signer: Signer | None) -> Check:
    if signer is None:
        return Check("issuer", None, _("Not checked: the signature was not confirmed."))
    if not signer.known:
        return Check(
            "issuer",
            False,
            _(
                "The signing key belongs to no issuer known here: anyone can make such a key, "
                "so nothing says who issued this credential."
            ),
        )
    issuer_id = issuer_id_of(document)
    key = signer.key
    if signer.legacy and key is not None:
        if not _legacy_issuer_matches(issuer_id, key.organization.slug):
            return Check("issuer", False, _(NOT_ISSUERS_KEY))
        return Check(
            "issuer",
            True,
            _(
                "Signed by {issuer} with one of its keys (a credential issued before SkillPath issuers had DIDs)."
            ).format(issuer=key.organization.name),
        )
    if issuer_id != signer.controller:
        return Check("issuer", False, _(NOT_ISSUERS_KEY))
    if key is None:
        return Check(
            "issuer",
            True,
            _("Signed with a key that {issuer} lists as one of its assertion methods.").format(issuer=issuer_id),
        )
    if key.retired_at:
        return Check(
            "issuer",
            True,
            _("Signed by {issuer} with an earlier key, since rotated.").format(issuer=key.organization.name),
        )
    return Check("issuer", True, _("Signed by {issuer} with its current key.").format(issuer=key.organization.name))


def _dates(document: dict[str, Any], now: datetime) -> tuple[Check, str | None]:
    start, end = _parse_time(document.get("validFrom")), _parse_time(document.get("validUntil"))
    if start is None:
        return Check(
            "dates", False, _("validFrom is missing or not a date and time (2026-03-02T09:00:00Z).")
        ), "invalid"
    if document.get("validUntil") is not None and end is None:
        return Check("dates", False, _("validUntil is not a date and time (2026-03-02T09:00:00Z).")), "invalid"
    if now < start:
        return Check("dates", False, _("Not valid before {day}.").format(day=f"{start:%Y-%m-%d}")), "not_yet_valid"
    if end is not None and now >= end:
        return Check("dates", False, _("Expired on {day}.").format(day=f"{end:%Y-%m-%d}")), "expired"
    if end is not None:
        message = _("Valid from {start} until {end}.").format(start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}")
    else:
        message = _("Valid from {start}.").format(start=f"{start:%Y-%m-%d}")
    return Check("dates", True, message), None


def _shape(document: dict[str, Any]) -> Check:
    errors = sorted(_validator().iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return Check("format", True, _("An Open Badges 3.0 AchievementCredential."))
    where = "/".join(map(str, errors[0].absolute_path)) or _("top")
    return Check(
        "format",
        False,
        _("Not a valid AchievementCredential: {problem} (at {where}).").format(
            problem=errors[0].message[:300], where=where
        ),
    )


def verify_credential(document: Any, *, now: datetime) -> Verification:
    """Every check on a credential, and a plain verdict. Never raises for any JSON value."""
    if not isinstance(document, dict):
        return Verification("invalid", _("This is not a credential (expected a JSON object)."), [])
    too_big = document_too_big(document)
    if too_big:
        return Verification(
            "invalid", _("Not valid: this document is not a credential."), [Check("format", False, too_big)]
        )
    shape = _shape(document)
    signature, signer = _signature(document)
    issuer = _issuer(document, signer)
    dates, date_status = _dates(document, now)
    if issuer.ok:
        revocation, cert = revocation_check(document, signer.key if signer else None, issuer_id_of(document))
    else:
        revocation, cert = Check("revocation", None, _("Not checked: the issuer was not confirmed.")), None
    checks = [shape, signature, issuer, dates, revocation]
    if shape.ok is False or signature.ok is not True or issuer.ok is not True or date_status == "invalid":
        status = "invalid"
    elif revocation.ok is False:
        status = "revoked"
    else:
        status = date_status or ("valid" if revocation.ok else "unchecked")
    return _verdict(document, status, checks, cert, signer)


HEADLINES = {
    "valid": gettext_noop("Valid: this certificate was issued by {issuer} to {subject} and has not been changed."),
    "invalid": gettext_noop("Not valid: this credential cannot be trusted (see the checks below)."),
    "revoked": gettext_noop("Revoked: {issuer} withdrew this certificate."),
    "expired": gettext_noop("Expired: this certificate was valid, but its validity has ended."),
    "not_yet_valid": gettext_noop("Not valid yet."),
    "unchecked": gettext_noop(
        "Signed by {issuer} and unchanged, but whether it was revoked could not be checked (see below)."
    ),
}
NOT_ISSUERS_KEY = gettext_noop("The signing key is not one of the keys of the issuer the credential names.")


def _text(value: Any, limit: int = 300) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _issuer_name(document: dict[str, Any], signer: Signer) -> str:
    if signer.key is not None:  # one of ours: the organization's own name, whatever the document says
        return signer.key.organization.name
    issuer = document.get("issuer")
    claimed = _text(issuer.get("name")) if isinstance(issuer, dict) else ""
    return f"{claimed} ({signer.controller})" if claimed else signer.controller


def _holder(document: dict[str, Any]) -> str:
    subject = document.get("credentialSubject")
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    for item in identifiers if isinstance(identifiers, list) else []:
        if isinstance(item, dict) and item.get("identityType") == "name" and item.get("hashed") is False:
            return _text(item.get("identityHash"))
    return ""


def _verdict(
    document: dict[str, Any], status: str, checks: list[Check], cert: Certificate | None, signer: Signer | None
) -> Verification:
    """The verdict; what the credential claims (title, holder, issuer, evidence) only once its issuer is confirmed."""
    confirmed = status != "invalid" and signer is not None
    if not confirmed or signer is None:
        return Verification(status, _(HEADLINES["invalid"]), checks)
    issuer, subject = _issuer_name(document, signer), _holder(document)
    raw_evidence = document.get("evidence")
    evidence = [
        {"name": _text(e.get("name")), "narrative": _text(e.get("narrative"), 2000)}
        for e in (raw_evidence if isinstance(raw_evidence, list) else [])
        if isinstance(e, dict)
    ]
    headline = _(HEADLINES[status]).format(issuer=issuer, subject=subject or _("its holder"))
    return Verification(
        status,
        headline,
        checks,
        _text(document.get("name")),
        subject,
        issuer,
        _text(document.get("validFrom")),
        _text(document.get("validUntil")),
        evidence,
        cert,
    )
