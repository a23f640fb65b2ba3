"""Credentials as SkillPath issues them, and forgeries of them, for verifier tests."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from skillpath.credentials.keys import signing_key_rotate
from skillpath.credentials.models import Certificate
from skillpath.credentials.openbadges import iso
from skillpath.credentials.services import certificate_revoke, certificates_award
from skillpath.credentials.signing import multibase_key, sign
from skillpath.people.models import Person
from tests.integration.learning_helpers import learner
from tests.integration.test_certificates import pass_everything, recall_everything


def certify(email: str, start: datetime, org: str = "acme") -> tuple[Person, Certificate]:
    """A learner of ``org`` who passed everything at ``start`` and recalled it all 15 days later: certified then."""
    person = learner(start, org, email)
    pass_everything(person, start)
    recall_everything(person, start + timedelta(days=15))
    certificates_award(person, now=start + timedelta(days=15))  # outside a test transaction, the recall did already
    return person, Certificate.objects.get(person=person)


def re_signed(credential: dict[str, Any], *, method: str | None = None, **changes: Any) -> dict[str, Any]:
    """``credential`` with ``changes`` applied, re-signed with a stranger's fresh key (did:key unless ``method``
    names another verification method, which then carries the stranger's key as its fragment)."""
    stranger = Ed25519PrivateKey.generate()
    key = multibase_key(stranger.public_key())
    document = {**deepcopy(credential), **changes}
    document.pop("proof")
    vm = f"{method}#{key}" if method else f"did:key:{key}#{key}"
    return sign(document, stranger, verification_method=vm, created=iso(datetime.now(UTC)))


@dataclass
class Issued:
    fresh: Certificate
    rotated: Certificate  # signed with a key that was rotated out afterwards
    revoked: Certificate


def issue_a_set(start: datetime, org: str = "acme") -> Issued:
    """Three certificates of ``org``: one signed before a key rotation, one after, one revoked."""
    person, rotated = certify(f"ann@{org}.example.com", start, org)
    signing_key_rotate(person.organization, now=start + timedelta(days=15, hours=1))
    _, fresh = certify(f"ben@{org}.example.com", start + timedelta(hours=2), org)
    _, revoked = certify(f"cai@{org}.example.com", start + timedelta(hours=3), org)
    certificate_revoke(revoked, reason="Issued in error", now=start + timedelta(days=16))
    return Issued(fresh, rotated, revoked)
