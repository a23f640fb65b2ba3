"""Work that follows a learner's progress, queued as tasks when the transaction that recorded it commits.

Other apps register the tasks they run when a person progressed (credentials: award certificates). The
learning app does not import them; it only says, on commit, who progressed and when. The tasks run in a
worker (or at once with the immediate backend), never in the request that recorded the answer.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django_tasks.base import Task

_followups: list[Task[[int, str], Any]] = []
log = logging.getLogger(__name__)


def on_progress(followup: Task[[int, str], Any]) -> Task[[int, str], Any]:
    """Register ``followup(person_id, now_iso)``, a task queued after a person's progress is committed."""
    if followup not in _followups:
        _followups.append(followup)
    return followup


def progressed(person_id: int, now: datetime) -> None:
    """Queue every registered follow-up for after the current transaction commits."""

    def enqueue() -> None:
        for followup in list(_followups):
            try:
                followup.enqueue(person_id, now.isoformat())
            except Exception:  # a queue that is down must not undo or hide the recorded answer
                log.exception("could not queue follow-up %s for person %s", followup.name, person_id)

    transaction.on_commit(enqueue)
