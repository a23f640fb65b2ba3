"""Nightly: recompute each organization's item analytics (safe to run twice: it replaces the rows)."""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task

from skillpath import clock
from skillpath.analytics.services import analytics_refresh
from skillpath.operations.scheduling import register_nightly
from skillpath.operations.tasklog import logfmt
from skillpath.people.models import Organization

logger = logging.getLogger("skillpath.tasks")


@task(queue_name="nightly")
def nightly_analytics(organization_id: int) -> dict[str, Any]:
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None:
        return {"skipped": "no such organization"}
    result = analytics_refresh(org, now=clock.now())
    outcome = {"answers": result.answers, "variants": result.variants, "seconds": round(result.seconds, 2)}
    logger.info(logfmt(nightly="analytics", org=org.slug, **outcome))
    return outcome


register_nightly(nightly_analytics)
