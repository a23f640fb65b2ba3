"""Invitations: a set-password link for people created without a password (CSV import, added by an admin).

- A link expires after ``settings.INVITATION_DAYS`` and works once: it is tied to the account's password
  hash and last sign-in, so choosing a password (or signing in) spends every link sent before.
- ``invitations_queue(org, person_ids)`` sends them in the background after the caller's transaction commits;
  an admin re-sends from the People page. Each sending is recorded (``Invitation``), so the page can show
  who was invited when, whose invitation expired, and who has signed up.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from skillpath import clock
from skillpath.people.language import language_for
from skillpath.people.models import Invitation, Organization, Person

logger = logging.getLogger("skillpath.people")

BATCH = 100  # invitations per task: a large import becomes several short tasks


class InvitationTokens(PasswordResetTokenGenerator):
    """Tokens like password-reset ones, under their own salt and with the invitation's lifetime."""

    key_salt = "skillpath.people.invitations.InvitationTokens"

    def _now(self) -> datetime:
        return clock.now().replace(tzinfo=None)  # naive UTC, as the generator's epoch is

    def check_token(self, user: Any, token: str | None) -> bool:
        if not (user and token) or token.count("-") != 1:
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - issued > settings.INVITATION_DAYS * 86400:
            return False
        secrets = [self.secret, *self.secret_fallbacks]
        return any(constant_time_compare(self._make_token_with_timestamp(user, issued, s), token) for s in secrets)


invitation_tokens = InvitationTokens()


def invitation_url(person: Person) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.user.pk))
    path = reverse("invitation_accept", kwargs={"uidb64": uid, "token": invitation_tokens.make_token(person.user)})
    return settings.PUBLIC_URL + path


def invitable(org: Organization, person_ids: Sequence[int]) -> list[int]:
    """Those of ``person_ids`` in ``org`` who have never chosen a password (everyone else signs in)."""
    people = Person.objects.filter(organization=org, pk__in=person_ids, user__is_active=True).select_related("user")
    return [p.pk for p in people if not p.user.has_usable_password()]


def invitations_queue(org: Organization, person_ids: Sequence[int]) -> int:
    """Send invitations to those of ``person_ids`` who have no password yet, once the transaction commits.

    Returns how many will be sent."""
    wanted = invitable(org, person_ids)
    language = translation.get_language() or ""  # the admin's, for people who chose none
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        transaction.on_commit(lambda batch=batch: invitations_send.enqueue(org.pk, batch, language))  # type: ignore[misc]
    return len(wanted)


def _message(person: Person, url: str, language: str = "") -> EmailMultiAlternatives:
    with translation.override(language_for(person, language)):
        return _written(person, url)


def _written(person: Person, url: str) -> EmailMultiAlternatives:
    context = {
        "name": person.name,
        "organization": person.organization.name,
        "url": url,
        "days": settings.INVITATION_DAYS,
        "email": person.user.username,
    }
    message = EmailMultiAlternatives(
        subject=_("{organization} invites you to SkillPath").format(organization=person.organization.name),
        body=render_to_string("accounts/invitation_email.txt", context),
        to=[person.user.email or person.user.username],
    )
    message.attach_alternative(render_to_string("accounts/invitation_email.html", context), "text/html")
    return message


@task(queue_name="delivery")
def invitations_send(organization_id: int, person_ids: list[int], language: str = "") -> int:
    """Send the invitation e-mails (task), each in the person's language (else ``language``, the admin's). People
    who chose a password meanwhile are skipped."""
    org = Organization.objects.get(pk=organization_id)
    people = Person.objects.filter(pk__in=invitable(org, person_ids)).select_related("user", "organization")
    sent = 0
    for person in people:
        _message(person, invitation_url(person), language).send()
        now = clock.now()
        updated = Invitation.objects.filter(person=person).update(sent_at=now, times_sent=F("times_sent") + 1)
        if not updated:
            Invitation.objects.create(organization=org, person=person, sent_at=now, times_sent=1)
        sent += 1
    logger.info("invitations sent org=%s count=%d", org.slug, sent)
    return sent


def invitation_accepted(user_id: int, *, now: datetime) -> None:
    """Record that the person chose their password through an invitation."""
    Invitation.objects.filter(person__user_id=user_id, accepted_at=None).update(accepted_at=now)


@dataclass(frozen=True)
class InviteState:
    """How far a person is from signing in, for the People page."""

    code: str  # "active", "invited", "expired", "not_invited"
    label: str
    sent_at: datetime | None = None
    expires_at: datetime | None = None

    @property
    def can_send(self) -> bool:
        return self.code != "active"


def invite_state(person: Person, invitation: Invitation | None, *, now: datetime) -> InviteState:
    if person.user.has_usable_password():
        return InviteState("active", _("Signed up"))
    if invitation is None or invitation.sent_at is None:
        return InviteState("not_invited", _("Not invited yet"))
    expires = invitation.sent_at + timedelta(days=settings.INVITATION_DAYS)
    if now >= expires:
        return InviteState("expired", _("Invitation expired"), invitation.sent_at, expires)
    return InviteState("invited", _("Invited"), invitation.sent_at, expires)
