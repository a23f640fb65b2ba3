"""Writes of API tokens: make one (its secret is returned once, never stored), revoke one, note its use."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from skillpath.api.models import ApiToken
from skillpath.api.selectors import PREFIX_LENGTH, TOKEN_START, token_digest
from skillpath.domain.people_csv import control_characters
from skillpath.people.models import Person

MAX_TOKENS = 50  # live tokens per person
TOUCH_EVERY = timedelta(minutes=1)  # last use is written at most this often per token


class TokenInvalid(ValueError):
    """A token cannot be made or revoked as asked; ``field`` names the input that is wrong."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token: shown once


def token_create(owner: Person, name: str, scope: str, *, now: datetime) -> NewToken:
    """A new token of ``owner``. Only admins may make admin tokens."""
    name = name.strip()
    if not name or len(name) > 100 or control_characters(name):
        raise TokenInvalid(_("give the token a name of 1 to 100 characters on one line"), "name")
    if scope not in ApiToken.Scope.values:
        raise TokenInvalid(_("scope must be one of {scopes}").format(scopes=", ".join(ApiToken.Scope.values)), "scope")
    if scope == ApiToken.Scope.ADMIN and not owner.is_admin:
        raise TokenInvalid(_("only admins can make admin tokens; choose read or learner"), "scope")
    with transaction.atomic():
        live = ApiToken.objects.filter(person=owner, revoked_at=None).count()
        if live >= MAX_TOKENS:
            raise TokenInvalid(
                _("you have {count} tokens; revoke one you no longer use first").format(count=live), "name"
            )
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        secret = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            organization_id=owner.organization_id,
            person=owner,
            name=name,
            scope=scope,
            prefix=prefix,
            digest=token_digest(secret),
            created_at=now,
        )
    return NewToken(token, secret)


def token_revoke(viewer: Person, token_id: int, *, now: datetime) -> ApiToken | None:
    """Revoke one of the viewer's tokens (an admin: any of the organization's); None if not theirs to revoke."""
    tokens = ApiToken.objects.filter(pk=token_id, organization_id=viewer.organization_id)
    if not viewer.is_admin:
        tokens = tokens.filter(person=viewer)
    with transaction.atomic():
        token = tokens.select_for_update().first()
        if token is None:
            return None
        if token.revoked_at is None:
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
    return token


def token_touch(token: ApiToken, *, now: datetime) -> None:
    """Record that the token was used (at most one write a minute per token)."""
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
