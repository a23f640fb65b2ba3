"""Recompute every derived learning state of an organization from its stored attempts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from skillpath.domain.memory import Rating
from skillpath.learning import models as lm
from skillpath.learning.curricula import curriculum_for, memory_model
from skillpath.learning.ledger import AttemptRec, Ledger, RunRec, apply_attempt, start_progress
from skillpath.learning.persistence import memory_fields, progress_fields
from skillpath.people.models import Organization, Person


@dataclass(frozen=True)
class RebuildResult:
    people: int
    attempts: int
    memories: int


def ledger_replay(person: Person) -> Ledger:
    """A person's derived state computed from nothing but their runs and attempts."""
    built = curriculum_for(person)
    model = memory_model(person)
    ledger = Ledger()
    for run in lm.ModuleRun.objects.filter(person=person).order_by("started_at", "id"):
        ledger.runs[run.pk] = RunRec(run.module_id, {int(k): v for k, v in run.variants.items()}, run.started_at)
        start_progress(ledger, run.module_id, run.started_at)
    attempts = (
        lm.Attempt.objects.filter(person=person)
        .order_by("id")  # insertion order: a person's attempts are inserted one at a time, under a lock
        .values_list("kind", "run_id", "concept_id", "variant__position", "score", "rating", "submitted_at")
    )
    for kind, run_id, concept, position, score, rating, at in attempts:
        if concept not in built.concept_keys:
            continue  # content retired since: its history stays, it no longer shapes state
        apply_attempt(ledger, built, model, AttemptRec(kind, run_id, concept, position, score, Rating(rating), at))
    return ledger


@transaction.atomic
def rebuild_organization(org: Organization) -> RebuildResult:
    """Delete and recompute memory, progress, levels, milestones and run scores from the attempts."""
    people = list(Person.objects.filter(organization=org).select_related("organization"))
    for model in (lm.MemoryState, lm.ModuleProgress, lm.SkillState, lm.MilestoneReached):
        model.objects.filter(organization=org).delete()
    memories, attempts = 0, lm.Attempt.objects.filter(organization=org).count()
    for person in people:
        ledger = ledger_replay(person)
        memories += _write(person, ledger)
    return RebuildResult(len(people), attempts, memories)


def _write(person: Person, ledger: Ledger) -> int:
    org = person.organization_id
    lm.MemoryState.objects.bulk_create(
        [
            lm.MemoryState(organization_id=org, person=person, concept_id=c, **memory_fields(r))
            for c, r in ledger.memories.items()
        ]
    )
    lm.ModuleProgress.objects.bulk_create(
        [
            lm.ModuleProgress(organization_id=org, person=person, module_id=m, **progress_fields(p))
            for m, p in ledger.progress.items()
        ]
    )
    lm.SkillState.objects.bulk_create(
        [
            lm.SkillState(
                organization_id=org,
                person=person,
                skill_id=s,
                level=r.level,
                reached_at=r.reached_at,
                fading_on=r.fading_on,
            )
            for s, r in ledger.skills.items()
        ]
    )
    lm.MilestoneReached.objects.bulk_create(
        [
            lm.MilestoneReached(organization_id=org, person=person, milestone_id=m, reached_at=at)
            for m, at in ledger.milestones.items()
        ]
    )
    by_state: dict[tuple[object, ...], list[object]] = defaultdict(list)
    for run_id, run in ledger.runs.items():
        by_state[(run.completed_at, run.score, run.passed)].append(run_id)
    for (completed_at, score, passed), ids in by_state.items():
        lm.ModuleRun.objects.filter(pk__in=ids).update(completed_at=completed_at, score=score, passed=passed)
    return len(ledger.memories)
