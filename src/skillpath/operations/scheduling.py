"""The scheduler: periodic tasks (every N minutes) and nightly tasks (per organization, at its local night).

Apps register their tasks in their ``tasks`` module (imported at start-up by this app):

    from skillpath.operations.scheduling import register_nightly, register_periodic

    register_periodic(nudges_dispatch, every=timedelta(minutes=15))   # called with no arguments
    register_nightly(nightly_fit)                                      # called with organization_id=<pk>

``schedule_tick(now)`` enqueues whatever is due: each periodic task once per time slot (slots are aligned
to the epoch, so every worker agrees on them), and each organization's nightly tasks once per night, with
``run_after`` set to ``NIGHTLY_AT`` local time of that night. A unique ``ScheduledRun`` row per slot or
night is written in the transaction that enqueues, so running the tick again, or on several workers at
once, enqueues nothing twice. ``skillpath worker`` ticks every ``TICK_SECONDS``; ``skillpath schedule``
ticks once (for cron).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import IntegrityError, transaction
from django_tasks.base import Task

from skillpath.domain.localtime import local_date, next_local_time
from skillpath.operations.models import ScheduledRun
from skillpath.people.models import Organization

logger = logging.getLogger("skillpath.tasks")

NIGHTLY_AT = time(2, 0)  # local time of an organization's nightly work
TICK_SECONDS = 30.0
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Periodic:
    task: Task[..., Any]
    every: timedelta
    kwargs: dict[str, Any] = field(default_factory=dict)


_periodic: dict[str, Periodic] = {}
_nightly: dict[str, Task[..., Any]] = {}


def register_periodic(task: Task[..., Any], *, every: timedelta, **kwargs: Any) -> None:
    """Run ``task(**kwargs)`` once every ``every`` (at least a minute), on whichever worker ticks first."""
    if every < timedelta(minutes=1):
        raise ValueError("periodic tasks run at most once a minute")
    _periodic[task.module_path] = Periodic(task, every, kwargs)


def register_nightly(task: Task[..., Any]) -> None:
    """Run ``task(organization_id=pk)`` for every organization, once a night at its local ``NIGHTLY_AT``."""
    _nightly[task.module_path] = task


def periodic_tasks() -> list[Periodic]:
    return list(_periodic.values())


def nightly_tasks() -> list[Task[..., Any]]:
    return list(_nightly.values())


def slot_start(now: datetime, every: timedelta) -> datetime:
    """The start of the time slot of length ``every`` that contains ``now`` (slots count from 2000-01-01 UTC)."""
    return EPOCH + ((now - EPOCH) // every) * every


def _claim(key: str, run_at: datetime, now: datetime, enqueue: Callable[[], list[str]]) -> bool:
    """Write the unique row and enqueue in one transaction; False when another tick got there first."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(key=key, run_at=run_at, created_at=now)
            run.task_ids = enqueue()
            run.save(update_fields=["task_ids"])
    except IntegrityError:
        return False
    return True


def _enqueue_periodic(entry: Periodic) -> list[str]:
    return [entry.task.enqueue(**entry.kwargs).id]


def _enqueue_nightly(org_id: int, run_at: datetime) -> list[str]:
    return [task.using(run_after=run_at).enqueue(organization_id=org_id).id for task in nightly_tasks()]


Due = tuple[str, datetime, Callable[[], list[str]]]  # key, run at, enqueue


def _due(now: datetime) -> list[Due]:
    due: list[Due] = []
    for entry in periodic_tasks():
        slot = slot_start(now, entry.every)
        due.append((f"{entry.task.module_path}@{slot:%Y-%m-%dT%H:%M}Z", slot, partial(_enqueue_periodic, entry)))
    if _nightly:
        for org in Organization.objects.only("pk", "slug", "timezone"):
            zone = _org_zone(org)
            run_at = next_local_time(zone, NIGHTLY_AT, now)
            key = f"nightly:{org.slug}:{local_date(zone, run_at).isoformat()}"
            due.append((key, run_at, partial(_enqueue_nightly, org.pk, run_at)))
    return due


def schedule_tick(now: datetime) -> list[str]:
    """Enqueue every periodic task whose current slot has not run and every organization's next night;
    returns the keys of what this call enqueued (empty when all of it was already scheduled).
    Two queries when there is nothing new, however many organizations."""
    due = _due(now)
    known = set(ScheduledRun.objects.filter(key__in=[key for key, _, _ in due]).values_list("key", flat=True))
    done = [key for key, run_at, enqueue in due if key not in known and _claim(key, run_at, now, enqueue)]
    for key in done:
        logger.info("scheduled key=%s", key)
    return done


def _org_zone(org: Organization) -> ZoneInfo:
    try:
        return ZoneInfo(org.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
