from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_rq import RQBackend

from skillpath.operations.leases import new_worker_id
from skillpath.operations.tasklog import logfmt
from skillpath.operations.workers import HeartbeatThread, SchedulerThread, signals_restored, tick

logger = logging.getLogger("skillpath.tasks")


class Command(BaseCommand):
    help = (
        "Run background tasks with the configured backend (SKILLPATH_TASKS: database or rq) and the scheduler "
        "(periodic and nightly tasks). Logs one key=value line per task."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queues", default="*", help="comma-separated queue names, or * for all (default)")
        parser.add_argument("--batch", action="store_true", help="run what is ready now, then exit")
        parser.add_argument("--max-tasks", type=int, default=None, help="exit after this many tasks")
        parser.add_argument("--interval", type=float, default=1.0, help="database: seconds between polls when idle")
        parser.add_argument("--no-scheduler", action="store_true", help="do not enqueue periodic or nightly tasks")

    def handle(self, *args: Any, **options: Any) -> None:
        backend = task_backends["default"]
        queues = self._queues(options["queues"])
        scheduling = not options["no_scheduler"]
        logger.info(
            logfmt(
                worker="start",
                backend=type(backend).__name__,
                queues=",".join(queues),
                scheduler="on" if scheduling else "off",
            )
        )
        quiet = max(options["verbosity"] - 1, 0)  # the backends' own per-task logs only at -v 2
        scheduler = SchedulerThread() if scheduling and not options["batch"] else None
        if scheduling and options["batch"]:
            tick()
        with signals_restored():
            try:
                if scheduler:
                    scheduler.start()
                self._run(backend, queues, options, verbosity=quiet)
            finally:
                if scheduler:
                    scheduler.stop()
                logger.info(logfmt(worker="stop", backend=type(backend).__name__))

    def _run(self, backend: object, queues: list[str], options: dict[str, Any], *, verbosity: int) -> None:
        if isinstance(backend, DatabaseBackend):
            worker_id = new_worker_id()
            beats = HeartbeatThread(worker_id)  # abandoned tasks of killed workers are found and retried
            beats.start()
            try:
                call_command(
                    "db_worker",
                    queue_name=",".join(queues),
                    batch=options["batch"],
                    reload=False,
                    max_tasks=options["max_tasks"],
                    interval=options["interval"],
                    startup_delay=False,
                    verbosity=verbosity,
                    worker_id=worker_id,
                )
            finally:
                beats.stop()
        elif isinstance(backend, RQBackend):
            call_command(
                "rqworker",
                *self._all_if_star(queues),
                job_class="django_tasks_rq.Job",
                with_scheduler=True,
                burst=options["batch"],
                max_jobs=options["max_tasks"],
                verbosity=verbosity,
            )
        else:
            raise CommandError(f"{type(backend).__name__} runs tasks as they are enqueued: no worker needed")

    def _queues(self, value: str) -> list[str]:
        names = [q.strip() for q in value.split(",") if q.strip()] or ["*"]
        unknown = [q for q in names if q != "*" and q not in settings.TASK_QUEUES]
        if unknown:
            raise CommandError(f"unknown queue(s): {', '.join(unknown)}; known: {', '.join(settings.TASK_QUEUES)}")
        return names

    def _all_if_star(self, queues: list[str]) -> list[str]:
        return list(settings.TASK_QUEUES) if "*" in queues else queues
