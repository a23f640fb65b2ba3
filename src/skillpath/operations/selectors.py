"""Failed background tasks, whichever backend holds them (the database table, or RQ's failed-job registry)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django_tasks import TaskResult, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from django_tasks_rq import RQBackend

from skillpath.operations.tasklog import error_of


@dataclass(frozen=True)
class FailedTask:
    id: str
    task: str
    queue: str
    finished_at: datetime | None
    error: str
    args: list[Any]
    kwargs: dict[str, Any]


def tasks_failed(limit: int = 50) -> list[FailedTask]:
    """The most recent failed tasks of the configured backend, newest first."""
    backend = task_backends["default"]
    results: list[TaskResult[Any]]
    if isinstance(backend, DatabaseBackend):
        rows = DBTaskResult.objects.failed().filter(backend_name=backend.alias).order_by("-finished_at")[:limit]
        results = [row.task_result for row in rows]
    elif isinstance(backend, RQBackend):
        results = [backend.get_result(job_id) for job_id in _rq_failed_ids()][:limit]
    else:
        results = []
    return [
        FailedTask(r.id, r.task.name, r.task.queue_name, r.finished_at, error_of(r), list(r.args), dict(r.kwargs))
        for r in results
    ]


def _rq_failed_ids() -> list[str]:
    from rq.registry import FailedJobRegistry

    ids = []
    for queue in rq_queues():
        ids += FailedJobRegistry(queue=queue).get_job_ids(desc=True)
    return ids


def rq_queues() -> list[Any]:
    import django_rq
    from django_tasks_rq import Job

    return [django_rq.get_queue(name, job_class=Job) for name in settings.TASK_QUEUES]
