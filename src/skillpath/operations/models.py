"""What the scheduler has already enqueued, so that running it again (or on two workers) enqueues nothing twice."""

from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    """One scheduled run: a periodic task's time slot, or one organization's night. Its key is unique."""

    key = models.CharField(max_length=255, unique=True, help_text="what and when: 'task@slot' or 'nightly:org:date'")
    run_at = models.DateTimeField(help_text="when the tasks were asked to run (UTC)")
    task_ids = models.JSONField(default=list, help_text="ids of the enqueued task results")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-run_at"]
        indexes = [models.Index(fields=["run_at"])]

    def __str__(self) -> str:
        return self.key


class WorkerHeartbeat(models.Model):
    """A running ``skillpath worker`` says it is alive every few seconds; a task whose worker went silent was
    abandoned (the worker was killed) and is retried, up to a bound (``skillpath.operations.leases``)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
