"""Load a person's ledger from the database and write back what an attempt changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from uuid import UUID

from skillpath.domain.memory import Memory
from skillpath.learning import models as lm
from skillpath.learning.ledger import Events, Ledger, MemoryRec, ProgressRec, RunRec
from skillpath.people.models import Person


def memory_of(row: lm.MemoryState) -> Memory:
    return Memory(
        row.stability, row.difficulty, row.first_review, row.last_review, row.due,
        row.reviews, row.lapses, row.retained_days, row.retained_at,
    )  # fmt: skip


def run_rec(run: lm.ModuleRun, answered: dict[int, float]) -> RunRec:
    return RunRec(
        module=run.module_id,
        variants={int(k): v for k, v in run.variants.items()},
        started_at=run.started_at,
        answered=answered,
        completed_at=run.completed_at,
        score=run.score,
        passed=run.passed,
    )


def ledger_load(person: Person, runs: Iterable[UUID] = ()) -> Ledger:
    """Everything derived about a person (a handful of queries, independent of their history's length)."""
    ledger = Ledger()
    for row in lm.MemoryState.objects.filter(person=person):
        ledger.memories[row.concept_id] = MemoryRec(memory_of(row), list(row.variants_seen))
    for p in lm.ModuleProgress.objects.filter(person=person):
        ledger.progress[p.module_id] = ProgressRec(p.started_at, p.best_score, p.runs, p.passed_at, p.tested_out_at)
    for s in lm.SkillState.objects.filter(person=person):
        ledger.skills[s.skill_id] = (s.level, s.reached_at)
    for m in lm.MilestoneReached.objects.filter(person=person):
        ledger.milestones[m.milestone_id] = m.reached_at
    run_ids = list(runs)
    if run_ids:
        answered: dict[UUID, dict[int, float]] = {r: {} for r in run_ids}
        for run_id, concept_id, score in lm.Attempt.objects.filter(run_id__in=run_ids).values_list(
            "run_id", "concept_id", "score"
        ):
            answered[run_id][concept_id] = score
        for run in lm.ModuleRun.objects.filter(pk__in=run_ids, person=person):
            ledger.runs[run.pk] = run_rec(run, answered[run.pk])
    return ledger


def memory_fields(rec: MemoryRec) -> dict[str, object]:
    m = rec.memory
    return {
        "stability": m.stability, "difficulty": m.difficulty, "first_review": m.first_review,
        "last_review": m.last_review, "due": m.due, "reviews": m.reviews, "lapses": m.lapses,
        "retained_days": m.retained_days, "retained_at": m.retained_at, "variants_seen": rec.variants_seen,
    }  # fmt: skip


def progress_fields(p: ProgressRec) -> dict[str, object]:
    return {
        "started_at": p.started_at, "best_score": p.best_score, "runs": p.runs,
        "passed_at": p.passed_at, "tested_out_at": p.tested_out_at,
    }  # fmt: skip


def ledger_save(
    person: Person, ledger: Ledger, skill_ids: Mapping[str, int], concept: int, run: UUID | None, events: Events
) -> None:
    """Write the parts of ``ledger`` that one attempt on ``concept`` (in ``run``) can have changed."""
    org = person.organization_id
    lm.MemoryState.objects.update_or_create(
        person=person, concept_id=concept, defaults={"organization_id": org, **memory_fields(ledger.memories[concept])}
    )
    if run is not None:
        rec = ledger.runs[run]
        if rec.completed_at is not None and events.run_completed:
            lm.ModuleRun.objects.filter(pk=run).update(
                completed_at=rec.completed_at, score=rec.score, passed=rec.passed
            )
            lm.ModuleProgress.objects.update_or_create(
                person=person, module_id=rec.module,
                defaults={"organization_id": org, **progress_fields(ledger.progress[rec.module])},
            )  # fmt: skip
    for slug, _, _ in events.levels:
        skill = skill_ids[slug]
        level, reached_at = ledger.skills[skill]
        lm.SkillState.objects.update_or_create(
            person=person, skill_id=skill, defaults={"organization_id": org, "level": level, "reached_at": reached_at}
        )
    lm.MilestoneReached.objects.bulk_create(
        [
            lm.MilestoneReached(organization_id=org, person=person, milestone_id=m, reached_at=ledger.milestones[m])
            for m in events.milestones
        ]
    )
