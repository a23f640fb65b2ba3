"""Work that follows a learner's progress, run after the transaction that recorded it commits.

Other apps register what they do when a person progressed (credentials: award certificates). The
learning app does not import them; it only says, on commit, who progressed and when.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import transaction

Followup = Callable[[int, datetime], None]
_followups: list[Followup] = []
log = logging.getLogger(__name__)


def on_progress(followup: Followup) -> Followup:
    """Register ``followup(person_id, now)`` to run after a person's progress is committed."""
    if followup not in _followups:
        _followups.append(followup)
    return followup


def progressed(person_id: int, now: datetime) -> None:
    """Schedule every registered follow-up for after the current transaction commits."""

    def run() -> None:
        for followup in list(_followups):
            try:
                followup(person_id, now)
            except Exception:  # a follow-up failing must not undo or hide the recorded answer
                log.exception("follow-up %s failed for person %s", followup.__qualname__, person_id)

    transaction.on_commit(run)
