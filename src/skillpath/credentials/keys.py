"""Organizations' Ed25519 signing keys: created with the organization, encrypted at rest, rotatable.

Rotation retires the active key without deleting it: the organization's DID document keeps listing it, so every
credential signed before still verifies. Reads (``signing_key_current``) never create a key, so no anonymous GET
writes to the database.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import transaction

from skillpath.credentials.models import SigningKey
from skillpath.credentials.signing import multibase_key
from skillpath.people.models import Organization


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"skillpath-signing-keys:" + settings.KEY_SECRET.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def private_key(key: SigningKey) -> Ed25519PrivateKey:
    try:
        raw = _fernet().decrypt(bytes(key.private_encrypted))
    except InvalidToken as exc:
        raise RuntimeError(
            "cannot decrypt the organization's signing key: SKILLPATH_KEY_SECRET (or SECRET_KEY) changed"
        ) from exc
    return Ed25519PrivateKey.from_private_bytes(raw)


def _new_key(org: Organization, now: datetime) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    return SigningKey.objects.create(
        organization=org,
        public_multibase=multibase_key(private.public_key()),
        private_encrypted=_fernet().encrypt(private.private_bytes_raw()),
        created_at=now,
    )


def signing_key_current(org: Organization) -> SigningKey | None:
    """The organization's active key (read only; None only for an organization made outside SkillPath's services)."""
    return SigningKey.objects.filter(organization=org, retired_at=None).first()


@transaction.atomic
def signing_key_ensure(org: Organization, *, now: datetime) -> SigningKey:
    """The organization's active key, generated when it has none (organizations get one when they are created)."""
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    return signing_key_current(org) or _new_key(org, now)


@transaction.atomic
def signing_key_rotate(org: Organization, *, now: datetime) -> SigningKey:
    """Retire the active key (it keeps verifying what it signed) and start signing with a new one."""
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    SigningKey.objects.filter(organization=org, retired_at=None).update(retired_at=now)
    return _new_key(org, now)


def organization_created(organization: Organization, **_: Any) -> None:
    """Handler of the ``organization.created`` event: the organization's first signing key, in its transaction."""
    signing_key_ensure(organization, now=organization.created_at)
