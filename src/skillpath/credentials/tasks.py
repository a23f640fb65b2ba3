"""Tasks of the credentials app (queue ``default``)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from skillpath.credentials.services import certificates_award_for


@task()
def certificates_award_task(person_id: int, now: str) -> int:
    """Follow-up of a learner's progress: award the certificates they earned by ``now`` (ISO time)."""
    return len(certificates_award_for(person_id, datetime.fromisoformat(now)))
