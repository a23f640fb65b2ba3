"""Abandoned tasks (database backend): a worker that is killed leaves its task RUNNING forever unless someone
notices. Every ``skillpath worker`` writes a heartbeat every ``HEARTBEAT_SECONDS``; a RUNNING task whose
worker has not beaten for ``LEASE`` (or, for a worker that never beats, such as a bare ``db_worker``, that
started more than ``LEASE_WITHOUT_HEARTBEAT`` ago) was abandoned. ``tasks_reclaim(now)`` puts it back on its
queue, or, after ``MAX_TRIES`` runs, marks it failed with ``TaskAbandoned``, so it is listed by
``skillpath tasks failed`` and in the admin, and can be retried by hand.

Tasks are written to be safe to run twice (docs/operations.md), which is what makes a retry safe.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from skillpath.operations.models import WorkerHeartbeat
from skillpath.operations.tasklog import logfmt

logger = logging.getLogger("skillpath.tasks")

HEARTBEAT_SECONDS = 10.0
LEASE = timedelta(seconds=60)
LEASE_WITHOUT_HEARTBEAT = timedelta(hours=2)
MAX_TRIES = 3
ABANDONED = "skillpath.operations.leases.TaskAbandoned"


class TaskAbandoned(RuntimeError):
    """The worker running a task stopped (killed, crashed, machine lost) before the task finished."""


def new_worker_id() -> str:
    """Unique across the pool: host, process and a random part (db_worker allows 64 characters)."""
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(12)}"[:64]


def heartbeat(worker_id: str, now: datetime) -> None:
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id, hostname=socket.gethostname()[:255], pid=os.getpid(), started_at=now, beat_at=now
        )


def heartbeat_stop(worker_id: str) -> None:
    """A worker that stops cleanly says so: its tasks are finished, nothing of it is left to reclaim."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


@dataclass(frozen=True)
class Reclaimed:
    retried: list[str]
    failed: list[str]


def abandoned(now: datetime) -> list[DBTaskResult[Any, Any]]:
    """RUNNING tasks whose worker is silent: past its lease, or never heard of and started long ago."""
    running = list(DBTaskResult.objects.running().only("id", "worker_ids", "started_at", "task_path"))
    workers = {w for r in running for w in r.worker_ids[-1:]}
    beats = dict(WorkerHeartbeat.objects.filter(worker_id__in=workers).values_list("worker_id", "beat_at"))
    found = []
    for result in running:
        last = result.worker_ids[-1] if result.worker_ids else ""
        beat = beats.get(last)
        if (beat is not None and beat < now - LEASE) or (
            beat is None and result.started_at is not None and result.started_at < now - LEASE_WITHOUT_HEARTBEAT
        ):
            found.append(result)
    return found


def tasks_reclaim(now: datetime) -> Reclaimed:
    """Retry abandoned tasks, or fail them after ``MAX_TRIES`` runs. Safe on several workers at once: each
    row changes only if it is still RUNNING in the same run (a new claim sets a new start)."""
    retried, failed = [], []
    for result in abandoned(now):
        still = Q(pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at)
        tries = len(result.worker_ids)
        if tries < MAX_TRIES:
            if DBTaskResult.objects.filter(still).update(status=TaskResultStatus.READY, started_at=None):
                retried.append(str(result.pk))
            continue
        message = (
            f"TaskAbandoned: the worker running this task stopped responding ({result.worker_ids[-1]}); "
            f"tried {tries} times, the limit is {MAX_TRIES}"
        )
        if DBTaskResult.objects.filter(still).update(
            status=TaskResultStatus.FAILED, finished_at=now, exception_class_path=ABANDONED, traceback=message
        ):
            failed.append(str(result.pk))
    for task_id in retried:
        logger.warning(logfmt(task_abandoned=task_id, action="retry"))
    for task_id in failed:
        logger.error(logfmt(task_abandoned=task_id, action="failed"))
    WorkerHeartbeat.objects.filter(beat_at__lt=now - 10 * LEASE).delete()
    return Reclaimed(retried, failed)
