"""One structured log line per finished task, on both backends (they send the same django-tasks signals):

    task=nudges_dispatch id=6f0c… status=SUCCESSFUL duration_ms=41 error=""

``key=value`` pairs (logfmt): a value with spaces, quotes or ``=`` is JSON-quoted, so a line splits safely.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

from django_tasks import TaskResult, TaskResultStatus
from django_tasks.signals import task_finished, task_started

logger = logging.getLogger("skillpath.tasks")
_started: dict[str, float] = {}  # task result id → monotonic start (the worker that runs it is this process)


def logfmt(**fields: object) -> str:
    """``key=value`` pairs in the order given; values that need it are JSON-quoted."""
    parts = []
    for key, value in fields.items():
        text = "" if value is None else str(value)
        if not text or any(c in text for c in ' "=\n\t'):
            text = json.dumps(text)
        parts.append(f"{key}={text}")
    return " ".join(parts)


def error_of(result: TaskResult[Any]) -> str:
    """``ExceptionClass: message`` of a failed task (the last line of its traceback)."""
    if result.errors:
        error = result.errors[-1]
        last = error.traceback.strip().splitlines()[-1:] if error.traceback else []
        return last[0] if last else error.exception_class_path
    exc = sys.exc_info()[1]  # RQ calls its failure callback inside the ``except`` that caught the error
    return f"{type(exc).__name__}: {exc}" if exc is not None else "unknown error"


def _on_started(sender: object, task_result: TaskResult[Any], **kwargs: object) -> None:
    _started[task_result.id] = time.monotonic()


def _on_finished(sender: object, task_result: TaskResult[Any], **kwargs: object) -> None:
    began = _started.pop(task_result.id, None)
    failed = task_result.status == TaskResultStatus.FAILED
    logger.log(
        logging.ERROR if failed else logging.INFO,
        logfmt(
            task=task_result.task.name,
            id=task_result.id,
            status=str(task_result.status),
            duration_ms=round((time.monotonic() - began) * 1000) if began is not None else "",
            error=error_of(task_result) if failed else "",
        ),
    )


def connect() -> None:
    task_started.connect(_on_started, dispatch_uid="skillpath.tasklog.started")
    task_finished.connect(_on_finished, dispatch_uid="skillpath.tasklog.finished")
