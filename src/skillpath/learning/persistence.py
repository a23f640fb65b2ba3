"""Load a person's ledger from the database and write back what an attempt changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from uuid import UUID

from skillpath.domain.diagnostic import GOOD_SCORE
from skillpath.domain.memory import Memory
from skillpath.learning import models as lm
from skillpath.learning.ledger import Events, Ledger, MemoryRec, ProgressRec, RunRec, SkillRec
from skillpath.people.models import Person


def memory_of(row: lm.MemoryState) -> Memory:
    return Memory(
        row.stability, row.difficulty, row.first_review, row.last_review, row.due,
        row.reviews, row.lapses, row.retained_days, row.retained_at, row.last_recall,
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


MEMORY_COLUMNS = (
    "concept_id", "stability", "difficulty", "first_review", "last_review", "due", "reviews", "lapses",
    "retained_days", "retained_at", "last_recall", "variants_seen",
)  # fmt: skip


def ledger_load(
    person: Person, runs: Iterable[UUID] = (), concepts: Iterable[int] | None = None, *, diagnostics: bool = False
) -> Ledger:
    """Everything derived about a person (a handful of queries, independent of their history's length).

    ``concepts`` limits the memories loaded to those concepts (an attempt needs only its skills' ones).
    """
    ledger = Ledger()
    memories = lm.MemoryState.objects.filter(person=person)
    if concepts is not None:
        memories = memories.filter(concept_id__in=list(concepts))
    for concept, *fields, seen in memories.values_list(*MEMORY_COLUMNS):
        ledger.memories[concept] = MemoryRec(Memory(*fields), list(seen))
    for module, *fields in lm.ModuleProgress.objects.filter(person=person).values_list(
        "module_id", "started_at", "best_score", "runs", "passed_at", "tested_out_at"
    ):
        ledger.progress[module] = ProgressRec(*fields)
    for skill, level, reached_at, fades in lm.SkillState.objects.filter(person=person).values_list(
        "skill_id", "level", "reached_at", "fading_on"
    ):
        ledger.skills[skill] = SkillRec(level, reached_at, fades)
        ledger.stored_skills.add(skill)
    for milestone, reached_at in lm.MilestoneReached.objects.filter(person=person).values_list(
        "milestone_id", "reached_at"
    ):
        ledger.milestones[milestone] = reached_at
    if diagnostics:
        for concept, score in (
            lm.Attempt.objects.filter(person=person, kind=lm.Attempt.Kind.DIAGNOSTIC)
            .order_by("id")
            .values_list("concept_id", "score")
        ):
            ledger.diagnosed[concept] = score >= GOOD_SCORE
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
        "retained_days": m.retained_days, "retained_at": m.retained_at, "last_recall": m.last_recall,
        "variants_seen": rec.variants_seen,
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
    if concept in ledger.memories:  # a poor diagnostic answer leaves no memory
        fields = memory_fields(ledger.memories[concept])
        if ledger.memories[concept].memory.reviews == 1:
            lm.MemoryState.objects.create(organization_id=org, person=person, concept_id=concept, **fields)
        else:
            lm.MemoryState.objects.filter(person=person, concept_id=concept).update(**fields)
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
    for module in events.tested_out:
        lm.ModuleProgress.objects.update_or_create(
            person=person,
            module_id=module,
            defaults={"organization_id": org, **progress_fields(ledger.progress[module])},
        )
    for slug in events.skills:
        skill = skill_ids[slug]
        state = ledger.skills[skill]
        values = {"level": state.level, "reached_at": state.reached_at, "fading_on": state.fading_on}
        if skill in ledger.stored_skills:
            lm.SkillState.objects.filter(person=person, skill_id=skill).update(**values)
        else:
            lm.SkillState.objects.create(organization_id=org, person=person, skill_id=skill, **values)
            ledger.stored_skills.add(skill)
    lm.MilestoneReached.objects.bulk_create(
        [
            lm.MilestoneReached(organization_id=org, person=person, milestone_id=m, reached_at=ledger.milestones[m])
            for m in events.milestones
        ]
    )
