"""Reads of the skill-gap diagnostic: a person's sittings, the question to answer now, and the gap profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from skillpath.content import models as cm
from skillpath.domain.diagnostic import GOOD_SCORE
from skillpath.learning import models as lm
from skillpath.learning.services import diagnostic_question
from skillpath.people.models import Person


@dataclass(frozen=True)
class DiagnosticSummary:
    id: UUID
    started_at: datetime
    finished: bool
    asked: int
    shown: int
    tested_out: list[str]  # titles of every module the person has tested out of


def _summary(run: lm.DiagnosticRun, scores: list[float], tested_out: list[str]) -> DiagnosticSummary:
    shown = sum(1 for s in scores if s >= GOOD_SCORE)
    return DiagnosticSummary(run.pk, run.started_at, run.finished_at is not None, len(scores), shown, tested_out)


def _tested_out(person: Person) -> list[str]:
    return list(
        lm.ModuleProgress.objects.filter(person=person, tested_out_at__isnull=False)
        .order_by("tested_out_at")
        .values_list("module__title", flat=True)
    )


def diagnostic_runs(person: Person, limit: int = 5) -> list[DiagnosticSummary]:
    """The person's latest diagnostics, newest first (3 queries)."""
    runs = list(lm.DiagnosticRun.objects.filter(person=person).order_by("-started_at")[:limit])
    scores: dict[UUID, list[float]] = {r.pk: [] for r in runs}
    for run_id, score in lm.Attempt.objects.filter(diagnostic_id__in=list(scores)).values_list(
        "diagnostic_id", "score"
    ):
        scores[run_id].append(score)
    tested_out = _tested_out(person) if runs else []
    return [_summary(r, scores[r.pk], tested_out) for r in runs]


@dataclass(frozen=True)
class DiagnosticStep:
    run: lm.DiagnosticRun
    asked: int
    question: cm.Variant | None  # None: the diagnostic is over


def diagnostic_step(person: Person, run_id: UUID) -> DiagnosticStep | None:
    """The person's own diagnostic and its current question (None for anyone else's)."""
    run = lm.DiagnosticRun.objects.filter(pk=run_id, person=person).first()
    if run is None:
        return None
    question = None if run.finished_at else diagnostic_question(person, run)
    return DiagnosticStep(run, run.attempts.count(), question)


def diagnostic_summary(person: Person, run_id: UUID) -> DiagnosticSummary | None:
    run = lm.DiagnosticRun.objects.filter(pk=run_id, person=person).first()
    if run is None:
        return None
    return _summary(run, list(run.attempts.values_list("score", flat=True)), _tested_out(person))
