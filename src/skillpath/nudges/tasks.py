"""Reminder tasks: every 15 minutes the dispatcher finds who is due a digest and hands them to senders."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from django_tasks import task

from skillpath import clock
from skillpath.nudges.models import NudgeSent
from skillpath.nudges.selectors import nudge_candidates
from skillpath.nudges.services import nudge_deliver
from skillpath.operations.scheduling import register_nightly, register_periodic
from skillpath.operations.tasklog import logfmt
from skillpath.people.models import Person

logger = logging.getLogger("skillpath.tasks")

DISPATCH_EVERY = timedelta(minutes=15)
BATCH = 50  # people per sending task: a failure is retried for few people, and many workers share a morning
KEEP = timedelta(days=90)


class NudgesFailed(RuntimeError):
    """Some digests of a batch could not be sent; the others were. Retrying sends only the missing ones."""


@task()
def nudges_dispatch(any_time: bool = False) -> int:
    """Enqueue the sending of every digest due now; returns how many people are due.

    ``any_time``: everyone with reminders on who has had no digest today, whatever their reminder time
    (``skillpath demo`` uses it to show one round at once).
    """
    due = nudge_candidates(clock.now(), any_time=any_time)
    for start in range(0, len(due), BATCH):
        nudges_send.enqueue(person_ids=due[start : start + BATCH], any_time=any_time)
    return len(due)


@task(queue_name="delivery")
def nudges_send(person_ids: list[int], any_time: bool = False) -> dict[str, int]:
    """Send the digests of these people (each checked again now); idempotent, so safe to retry."""
    counts: Counter[str] = Counter()
    failed = []
    for person in Person.objects.filter(pk__in=person_ids).select_related("organization", "user"):
        try:
            delivery = nudge_deliver(person, now=clock.now(), any_time=any_time)
        except Exception as exc:
            logger.warning(logfmt(nudge="failed", person=person.pk, error=f"{type(exc).__name__}: {exc}"))
            failed.append(f"person {person.pk}: {type(exc).__name__}: {exc}")
            continue
        if delivery.channels:
            counts.update(delivery.channels)
        else:  # not due now (the verdict), or due with nothing to say or left to send
            counts[delivery.verdict.value if delivery.digest is None else "nothing_to_send"] += 1
    if failed:
        raise NudgesFailed(f"{len(failed)} of {len(person_ids)} digests failed: " + "; ".join(failed))
    return dict(counts)


@task(queue_name="nightly")
def nudges_prune(organization_id: int) -> int:
    """Forget digests older than ``KEEP`` (only today's rows matter for sending)."""
    cutoff = (clock.now() - KEEP).date()
    return NudgeSent.objects.filter(organization_id=organization_id, local_date__lt=cutoff).delete()[0]


register_periodic(nudges_dispatch, every=DISPATCH_EVERY)
register_nightly(nudges_prune)
