"""Sending a person's daily digest, idempotently, on each of their channels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import translation

from skillpath.domain.localtime import local_date
from skillpath.domain.nudging import Digest, Verdict, digest_verdict
from skillpath.nudges.messages import digest_chat, digest_email, subject
from skillpath.nudges.models import Channel, NudgeSent
from skillpath.nudges.selectors import digest_for, reminder_prefs, webhook_url
from skillpath.nudges.webhooks import Poster, post_json
from skillpath.people.language import language_for
from skillpath.people.models import Person


@dataclass(frozen=True)
class Delivery:
    verdict: Verdict
    channels: tuple[str, ...]  # sent by this call (empty: nothing was due, said or left to send)
    digest: Digest | None = None


def nudge_deliver(person: Person, *, now: datetime, any_time: bool = False, post: Poster = post_json) -> Delivery:
    """Send the person's digest for their local day on every channel not yet done, if one is due now.

    Each channel's ``NudgeSent`` row is written (committed) before its message goes out and deleted again
    if sending fails, so a duplicated or retried job never sends twice, and a failure can be retried.
    ``any_time`` ignores the reminder time (opt-out, quiet hours and once a day still hold).
    """
    prefs = reminder_prefs(person)
    today = local_date(prefs.zone, now)
    recorded = list(NudgeSent.objects.filter(person=person, local_date__gte=today).values_list("local_date", "channel"))
    done = {channel for day, channel in recorded if day == today}
    wanted = _channels(person)
    finished = any(day > today for day, _ in recorded) or Channel.NONE in done or (bool(done) and done >= wanted)
    verdict = digest_verdict(prefs, now, last_digest_on=today if finished else None, any_time=any_time)
    if verdict is not Verdict.DUE:
        return Delivery(verdict, ())
    digest = digest_for(person, now=now)
    pending = [c for c in (Channel.EMAIL, Channel.WEBHOOK) if c in wanted and c not in done]
    if not pending or not digest.worth_sending:
        _claim(person, today, Channel.NONE, now, "")
        return Delivery(verdict, (), digest)
    sent = []
    with translation.override(language_for(person)):  # the digest speaks the person's language
        for channel in pending:
            if not _claim(person, today, channel, now, subject(digest)):
                continue  # another job is sending (or sent) it
            try:
                _send(person, digest, channel, post)
            except Exception:
                NudgeSent.objects.filter(person=person, local_date=today, channel=channel).delete()
                raise
            sent.append(str(channel))
    return Delivery(verdict, tuple(sent), digest)


def _channels(person: Person) -> set[str]:
    wanted: set[str] = set()
    if person.user.email:
        wanted.add(Channel.EMAIL)
    if webhook_url(person):
        wanted.add(Channel.WEBHOOK)
    return wanted


def _claim(person: Person, day: date, channel: str, now: datetime, summary: str) -> bool:
    try:
        with transaction.atomic():
            NudgeSent.objects.create(
                organization_id=person.organization_id,
                person=person,
                local_date=day,
                channel=channel,
                sent_at=now,
                summary=summary[:255],
            )
    except IntegrityError:
        return False
    return True


def _send(person: Person, digest: Digest, channel: str, post: Poster) -> None:
    if channel == Channel.EMAIL:
        digest_email(person, digest).send()
    else:
        post(webhook_url(person), digest_chat(person, digest))
