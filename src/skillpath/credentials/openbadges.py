"""Open Badges 3.0 documents: the AchievementCredential of a certificate, the issuer Profile and the
revocation status list (a Bitstring Status List credential). Built as plain JSON; signed in ``signing``."""

from __future__ import annotations

import base64
import gzip
import hashlib
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.utils.translation import gettext as _

from skillpath.credentials.identity import issuer_did
from skillpath.credentials.signing import OB_CONTEXT, VC_CONTEXT
from skillpath.domain.proficiency import LEVEL_NAMES
from skillpath.domain.recognition import SkillEvidence

STATUS_LIST_BITS = 131_072  # 16 KiB: the specification's minimum, so one position reveals nothing
MAX_STATUS_LIST_BYTES = 2 * 1024 * 1024  # reading other issuers' lists: 16 million entries at most


def iso(moment: datetime) -> str:
    """XML Schema dateTime in UTC, to the second (``2026-11-29T21:09:52Z``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_url(org_slug: str) -> str:
    """Where the issuer Profile is published (its id is the organization's DID)."""
    return f"{settings.PUBLIC_URL}/orgs/{org_slug}/issuer"


def status_list_url(org_slug: str) -> str:
    return f"{settings.PUBLIC_URL}/orgs/{org_slug}/status/revocation"


def credential_url(certificate_id: UUID) -> str:
    return f"{settings.PUBLIC_URL}/credentials/{certificate_id}"


def _identifiers(name: str, email: str, salt: str) -> list[dict[str, Any]]:
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return [
        {"type": "IdentityObject", "identityHash": name, "identityType": "name", "hashed": False},
        {
            "type": "IdentityObject",
            "identityHash": f"sha256${digest}",
            "identityType": "emailAddress",
            "hashed": True,
            "salt": salt,
        },
    ]


def evidence_narrative(item: SkillEvidence) -> str:
    recalls = "; ".join(
        f"recalled “{r.concept}” {r.days:.0f} days after learning it ({r.recalled_at:%Y-%m-%d})" for r in item.recalls
    )
    observed = (
        f" Observed on the job: met the skill's rubric ({item.observed_at:%Y-%m-%d})." if item.observed_at else ""
    )
    return f"Passed {', '.join(item.modules)}. Retention: {recalls}.{observed}"


def achievement_credential(
    *,
    certificate_id: UUID,
    title: str,
    role_title: str,
    org_slug: str,
    org_name: str,
    package: str,
    role: str,
    person_name: str,
    person_email: str,
    salt: str,
    issued_at: datetime,
    valid_until: datetime,
    retention_days: int,
    evidence: Iterable[SkillEvidence],
    status_index: int,
) -> dict[str, Any]:
    """The unsigned AchievementCredential (VC 2.0) of a certificate."""
    items = list(evidence)
    requirements = ", ".join(f"{e.title} at level {e.required} ({LEVEL_NAMES[e.required]})" for e in items)
    criteria = (
        f"Holds {requirements}, each shown by passing the modules of the {role_title} path that teach it, and "
        f"kept: every concept of these skills recalled successfully at least {retention_days} days after it was "
        "first learned. Expires unless the capability is kept up."
    )
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_url(certificate_id),
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": title,
        "description": f"{person_name} has shown and kept the capability of a {role_title} at {org_name}.",
        "issuer": {"id": issuer_did(org_slug), "type": ["Profile"], "name": org_name, "url": issuer_url(org_slug)},
        "validFrom": iso(issued_at),
        "validUntil": iso(valid_until),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": _identifiers(person_name, person_email, salt),
            "achievement": {
                "id": f"{settings.PUBLIC_URL}/orgs/{org_slug}/achievements/{package}/{role}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": title,
                "description": f"Certificate of the {role_title} role at {org_name}: capability shown and retained.",
                "criteria": {"narrative": criteria},
            },
        },
        "evidence": [
            {
                "type": ["Evidence"],
                "name": f"{e.title}: level {e.level} ({LEVEL_NAMES[e.level]})",
                "narrative": evidence_narrative(e),
            }
            for e in items
        ],
        "credentialStatus": {
            "id": f"{status_list_url(org_slug)}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": status_list_url(org_slug),
        },
    }


def encoded_status_list(revoked: Iterable[int]) -> str:
    """The revocation bitstring (bit i set = credential at index i revoked), gzipped and base64url-encoded."""
    bits = bytearray(STATUS_LIST_BITS // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def status_bit(encoded: str, index: int) -> bool:
    """Bit ``index`` of an encoded status list (anyone's). Raises ``ValueError`` for a list that is not
    base64url-encoded gzip, inflates past ``MAX_STATUS_LIST_BYTES`` (a gzip bomb) or is too short for ``index``."""
    data = encoded[1:] if encoded.startswith("u") else encoded
    try:
        packed = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        raw = inflater.decompress(packed, MAX_STATUS_LIST_BYTES)
    except (ValueError, zlib.error) as exc:
        raise ValueError(_("the status list is not base64url-encoded gzip")) from exc
    if inflater.unconsumed_tail:
        raise ValueError(_("the status list inflates to more than {most} bytes").format(most=MAX_STATUS_LIST_BYTES))
    if not 0 <= index < len(raw) * 8:
        raise ValueError(
            _("the status list has {count} entries; index {index} is outside it").format(
                count=len(raw) * 8, index=index
            )
        )
    return bool(raw[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(org_slug: str, org_name: str, revoked: Iterable[int], now: datetime) -> dict[str, Any]:
    url = status_list_url(org_slug)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": issuer_did(org_slug), "name": org_name},
        "validFrom": iso(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_status_list(revoked),
        },
    }


def issuer_profile(org_slug: str, org_name: str) -> dict[str, Any]:
    """The issuer's Profile (Open Badges 3.0). Its id is the organization's DID, whose document lists the keys."""
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer_did(org_slug),
        "type": ["Profile"],
        "name": org_name,
        "url": issuer_url(org_slug),
    }
