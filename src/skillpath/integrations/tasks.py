"""Delivery tasks (queue ``delivery``). Each is safe to run twice: a lease keeps one worker per target,
and what was sent is marked sent."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django_tasks import task
from django_tasks.base import Task

from skillpath import clock
from skillpath.integrations.delivery import DeliveryReport, lrs_deliver, targets_due, webhook_deliver
from skillpath.operations.scheduling import register_periodic

log = logging.getLogger(__name__)


def _follow_up(this: Task[[int], Any], key: int, report: DeliveryReport) -> None:
    """After a failure, queue the retry at its time; while entries remain, queue the next run now."""
    if report.retry_at is not None:
        if this.get_backend().supports_defer:
            this.using(run_after=report.retry_at).enqueue(key)
        else:  # e.g. the immediate backend: the next event (or deliveries_kick_task) retries
            log.warning("delivery %s(%s) failed; backend cannot defer, retry waits for the next event", this.name, key)
    elif report.more:
        this.enqueue(key)


@task(queue_name="delivery")
def lrs_deliver_task(organization_id: int) -> dict[str, Any]:
    """Send an organization's pending xAPI statements to its LRS."""
    report = lrs_deliver(organization_id, now=clock.now())
    log.info("xapi delivery organization=%s %s", organization_id, report.as_dict())
    _follow_up(lrs_deliver_task, organization_id, report)
    return report.as_dict()


@task(queue_name="delivery")
def webhook_deliver_task(endpoint_id: int) -> dict[str, Any]:
    """Send a webhook endpoint's pending deliveries."""
    report = webhook_deliver(endpoint_id, now=clock.now())
    log.info("webhook delivery endpoint=%s %s", endpoint_id, report.as_dict())
    _follow_up(webhook_deliver_task, endpoint_id, report)
    return report.as_dict()


@task(queue_name="delivery")
def deliveries_kick_task() -> dict[str, int]:
    """Queue delivery for every target with pending entries that are due (for a periodic schedule)."""
    organizations, endpoints = targets_due(clock.now())
    for organization_id in organizations:
        lrs_deliver_task.enqueue(organization_id)
    for endpoint_id in endpoints:
        webhook_deliver_task.enqueue(endpoint_id)
    return {"lrs": len(organizations), "webhooks": len(endpoints)}


# Pending deliveries whose retry time has come go out within five minutes, whatever the backend.
register_periodic(deliveries_kick_task, every=timedelta(minutes=5))
