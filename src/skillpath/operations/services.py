"""Operations on background tasks that staff trigger (from the admin or the command line)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django_tasks import task_backends
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from django_tasks_rq import RQBackend

from skillpath.operations.selectors import rq_queues


class RetryRefused(ValueError):
    """The task cannot be retried (unknown id, not failed, or no longer a task); the message says why."""


def task_retry(result: DBTaskResult[Any, Any]) -> str:
    """Enqueue the task of ``result`` again, on its queue, with the same arguments; returns the new result id.

    The original row stays as it was (its error remains visible); the retry is a new task result.
    """
    task = import_string(result.task_path)
    if not isinstance(task, Task):
        raise RetryRefused(f"{result.task_path} is not a task")
    arguments = result.args_kwargs
    return task.using(queue_name=result.queue_name).enqueue(*arguments["args"], **arguments["kwargs"]).id


def task_retry_by_id(result_id: str) -> str:
    """Retry one failed task of the configured backend; returns the id it runs under now.

    Database: a new task result with the same task and arguments. RQ: the same job, moved from the failed-job
    registry back onto its queue (RQ's own requeue), so its id stays.
    """
    backend = task_backends["default"]
    if isinstance(backend, DatabaseBackend):
        try:
            result = DBTaskResult.objects.failed().filter(pk=result_id).first()
        except ValidationError:  # not a UUID
            result = None
        if result is None:
            raise RetryRefused(f"no failed task {result_id}")
        return task_retry(result)
    if isinstance(backend, RQBackend):
        from rq.registry import FailedJobRegistry

        for queue in rq_queues():
            registry = FailedJobRegistry(queue=queue)
            if result_id in registry.get_job_ids():
                return str(registry.requeue(result_id).id)
        raise RetryRefused(f"no failed task {result_id}")
    raise RetryRefused(f"{type(backend).__name__} keeps no failed tasks")
