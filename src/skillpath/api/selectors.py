"""Reads of API tokens: the ones a person may see, and the token a request presents."""

from __future__ import annotations

import hashlib
import hmac
import re

from skillpath.api.models import ApiToken
from skillpath.people.models import Person

TOKEN_START = "sp_"  # noqa: S105 - the tokens' visible start, not a secret
PREFIX_LENGTH = 10
TOKEN_SHAPE = re.compile(r"sp_([0-9a-f]{10})_[A-Za-z0-9_-]{43}")  # prefix: 5 random bytes in hex; secret: 32


def token_digest(token: str) -> str:
    """SHA-256 of the whole token. Tokens carry 256 random bits, so a fast hash is as strong as a slow one
    here (there is no small space of guesses to search); a password hash would only slow every request."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_prefix(token: str) -> str | None:
    """The lookup part of ``sp_<prefix>_<secret>``; None for anything not shaped like a token (never queried)."""
    match = TOKEN_SHAPE.fullmatch(token)
    return match.group(1) if match else None


def token_authenticate(token: str) -> ApiToken | None:
    """The live token ``token`` is, with its person and organization (None: unknown, revoked or deactivated)."""
    prefix = token_prefix(token)
    if prefix is None:
        return None
    row = (
        ApiToken.objects.select_related("person__organization", "person__user", "person__team", "person__manager")
        .filter(prefix=prefix, revoked_at=None)
        .first()
    )
    if row is None or not hmac.compare_digest(row.digest, token_digest(token)):
        return None
    if not row.person.user.is_active:
        return None
    return row


def tokens_visible(viewer: Person) -> list[ApiToken]:
    """The viewer's own tokens; an admin sees every token of the organization. Newest first."""
    tokens = ApiToken.objects.filter(organization_id=viewer.organization_id).select_related("person")
    if not viewer.is_admin:
        tokens = tokens.filter(person=viewer)
    return list(tokens.order_by("revoked_at", "-created_at")[:500])
