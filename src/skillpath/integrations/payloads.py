"""Outgoing webhook payloads and their HMAC-SHA256 signature (pure: no database, no clock).

The body is fixed when the delivery is written to the outbox; every retry sends the same bytes with
the same signature. Payloads and verification are documented in docs/webhooks.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any
from uuid import UUID

from skillpath.integrations.statements import LEVEL_NAMES, CertificateRef, Learner, MilestoneRef, SkillRef, timestamp

CERTIFICATE_ISSUED = "certificate.issued"
CERTIFICATE_REVOKED = "certificate.revoked"
LEVEL_REACHED = "level.reached"
MILESTONE_REACHED = "milestone.reached"
EVENTS = (CERTIFICATE_ISSUED, CERTIFICATE_REVOKED, LEVEL_REACHED, MILESTONE_REACHED)
SIGNATURE_HEADER = "X-SkillPath-Signature"
EVENT_HEADER = "X-SkillPath-Event"
DELIVERY_HEADER = "X-SkillPath-Delivery"


def body(event: str, event_id: UUID, organization: str, occurred_at: datetime, data: dict[str, Any]) -> str:
    """The JSON body of a delivery (compact, keys sorted: the same event always gives the same bytes)."""
    envelope = {
        "id": str(event_id),
        "event": event,
        "organization": organization,
        "occurred_at": timestamp(occurred_at),
        "data": data,
    }
    return json.dumps(envelope, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def signature(secret: str, raw_body: bytes) -> str:
    """The ``X-SkillPath-Signature`` value: ``sha256=`` and the hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()


def signature_valid(secret: str, raw_body: bytes, header: str) -> bool:
    """What a receiver does: recompute the signature and compare in constant time."""
    return hmac.compare_digest(signature(secret, raw_body), header.strip())


def person_data(learner: Learner) -> dict[str, Any]:
    return {"id": learner.key, "name": learner.name, "email": learner.email}


def certificate_issued(
    learner: Learner, certificate: CertificateRef, issued_at: datetime, public_url: str
) -> dict[str, Any]:
    url = f"{public_url.rstrip('/')}/credentials/{certificate.id}"
    return {
        "person": person_data(learner),
        "certificate": {
            "id": str(certificate.id),
            "title": certificate.title,
            "role": certificate.role,
            "issued_at": timestamp(issued_at),
            "valid_until": timestamp(certificate.valid_until),
            "url": url + "/",
            "credential": url + ".json",
        },
    }


def certificate_revoked(
    learner: Learner, certificate: CertificateRef, revoked_at: datetime, reason: str, public_url: str
) -> dict[str, Any]:
    """The certificate as in ``certificate.issued``, with when and why it was revoked."""
    url = f"{public_url.rstrip('/')}/credentials/{certificate.id}"
    return {
        "person": person_data(learner),
        "certificate": {
            "id": str(certificate.id),
            "title": certificate.title,
            "role": certificate.role,
            "revoked_at": timestamp(revoked_at),
            "reason": reason,
            "url": url + "/",
            "credential": url + ".json",
        },
    }


def level_reached(learner: Learner, skill: SkillRef, before: int, after: int) -> dict[str, Any]:
    return {
        "person": person_data(learner),
        "skill": {"id": skill.slug, "title": skill.title, "package": skill.package},
        "level": after,
        "level_name": LEVEL_NAMES.get(after, str(after)),
        "previous_level": before,
    }


def milestone_reached(learner: Learner, milestone: MilestoneRef) -> dict[str, Any]:
    return {
        "person": person_data(learner),
        "milestone": {
            "id": milestone.slug,
            "title": milestone.title,
            "role": milestone.role,
            "day": milestone.day,
            "package": milestone.package,
        },
    }
