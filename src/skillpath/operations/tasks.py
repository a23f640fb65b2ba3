"""Nightly work per organization, and upkeep of the task tables. Each task is safe to run twice.

- ``nightly_fit``: fit memory (organization, people, concepts, calibration) to the reviews; adopt what predicts better.
- ``nightly_certificates``: every held certificate's status now (valid, at risk, expired), counted and
  logged. Nothing is stored: the certificate page and the reminder digest compute the same status live.
- ``nightly_plans``: 90-day plans are re-planned on every view, so there is nothing to refresh; this
  checks every plan against its baseline and logs how many are behind schedule (for the admins).
- ``tasks_prune``: finished task results and scheduler rows older than a few weeks.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from typing import Any

from django_tasks import task

from skillpath import clock
from skillpath.credentials.models import Certificate
from skillpath.credentials.selectors import certificates_page
from skillpath.insights.models import LearningPlan
from skillpath.insights.plans import plans_page
from skillpath.learning.fitting import organization_fit
from skillpath.operations.models import ScheduledRun
from skillpath.operations.scheduling import register_nightly, register_periodic
from skillpath.operations.tasklog import logfmt
from skillpath.people.models import Organization, Person

logger = logging.getLogger("skillpath.tasks")

KEEP_SUCCESSFUL = timedelta(days=14)
KEEP_FAILED = timedelta(days=60)


@task(queue_name="nightly")
def nightly_fit(organization_id: int) -> dict[str, Any]:
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None:
        return {"skipped": "no such organization"}
    fit = organization_fit(org, now=clock.now())
    outcome = {"histories": fit.histories, "adopted": fit.adopted, "enough_reviews": fit.split_at is not None}
    logger.info(logfmt(nightly="fit", org=org.slug, **outcome))
    return outcome


@task(queue_name="nightly")
def nightly_certificates(organization_id: int) -> dict[str, int]:
    now = clock.now()
    holders = Person.objects.filter(
        organization_id=organization_id,
        pk__in=Certificate.objects.filter(organization_id=organization_id, revoked_at=None).values("person_id"),
    ).select_related("organization")
    counts: Counter[str] = Counter()
    for person in holders:
        counts.update(card.status for card in certificates_page(person, now=now) if card.id is not None)
    outcome = {status: counts[status] for status in ("valid", "at_risk", "expired", "revoked")}
    logger.info(logfmt(nightly="certificates", org_id=organization_id, **outcome))
    return outcome


@task(queue_name="nightly")
def nightly_plans(organization_id: int) -> dict[str, int]:
    now = clock.now()
    planners = Person.objects.filter(
        organization_id=organization_id,
        pk__in=LearningPlan.objects.filter(organization_id=organization_id).values("person_id"),
    ).select_related("organization")
    counts: Counter[str] = Counter()
    for person in planners:
        counts.update(view.status for view in plans_page(person, now=now))
    outcome = {status: counts[status] for status in ("on_track", "behind", "finished")}
    logger.info(logfmt(nightly="plans", org_id=organization_id, **outcome))
    return outcome


@task()
def tasks_prune() -> dict[str, int]:
    from django_tasks_db.models import DBTaskResult

    now = clock.now()
    results = DBTaskResult.objects.successful().filter(finished_at__lt=now - KEEP_SUCCESSFUL).delete()[0]
    results += DBTaskResult.objects.failed().filter(finished_at__lt=now - KEEP_FAILED).delete()[0]
    runs = ScheduledRun.objects.filter(run_at__lt=now - KEEP_SUCCESSFUL).delete()[0]
    return {"task_results": results, "scheduled_runs": runs}


register_nightly(nightly_fit)
register_nightly(nightly_certificates)
register_nightly(nightly_plans)
register_periodic(tasks_prune, every=timedelta(days=1))
