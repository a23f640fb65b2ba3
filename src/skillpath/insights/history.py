"""A person's recent learning history (what they answered, when, how well)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from skillpath.domain.curriculum import percent
from skillpath.learning import models as lm
from skillpath.people.models import Person


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    kind: str
    module: str
    concept: str
    score_percent: int
    minutes: float | None  # None: not measured


def recent_history(person: Person, limit: int = 25) -> list[HistoryItem]:
    rows = (
        lm.Attempt.objects.filter(person=person)
        .order_by("-id")
        .values_list("submitted_at", "kind", "concept__module__title", "concept__title", "score", "duration_seconds")[
            :limit
        ]
    )
    return [
        HistoryItem(at, kind, module, concept, percent(score), None if seconds is None else seconds / 60)
        for at, kind, module, concept, score, seconds in rows
    ]
