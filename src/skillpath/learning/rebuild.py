"""Recompute every derived learning state of an organization from its stored answers.

Each person's answers are replayed, oldest first, through the same ``apply_answer`` as the live path,
from an empty state, and the result is written by the same writer (``store.state_write_all``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import transaction

from skillpath.domain.learner import (
    Answer,
    AnswerKind,
    Check,
    LearnerState,
    ModuleRecord,
    Observation,
    apply_answer,
    apply_observation,
)
from skillpath.domain.memory import Rating
from skillpath.learning import models as lm
from skillpath.learning.curricula import ContentIndex, content_index, memory_model
from skillpath.learning.store import check_variants, state_write_all
from skillpath.people.models import Organization, Person

KINDS: dict[str, AnswerKind] = {
    lm.Attempt.Kind.CHECK.value: AnswerKind.CHECK,
    lm.Attempt.Kind.REINFORCEMENT.value: AnswerKind.REINFORCEMENT,
    lm.Attempt.Kind.DIAGNOSTIC.value: AnswerKind.DIAGNOSTIC,
}


@dataclass(frozen=True)
class RebuildResult:
    people: int
    attempts: int
    memories: int


def state_replay(person: Person) -> tuple[ContentIndex, LearnerState]:
    """A person's learner state computed from nothing but their checks, answers and observations."""
    index = content_index(person)
    state = LearnerState(curriculum=index.curriculum, model=memory_model(person))
    checks = [
        Check(check_id, index.module_ids[module], check_variants(index, index.module_ids[module], chosen), started)
        for check_id, module, chosen, started in lm.ModuleCheck.objects.filter(person=person)
        .order_by("started_at", "id")
        .values_list("id", "module_id", "variants", "started_at")
        if module in index.module_ids
    ]
    attempts = (
        lm.Attempt.objects.filter(person=person)
        .order_by("id")  # insertion order: a person's answers are inserted one at a time, under a lock
        .values_list("kind", "module_check_id", "concept_id", "variant__position", "score", "rating", "submitted_at")
    )
    pending = iter(checks)
    upcoming = next(pending, None)
    seen = iter(_observations(person, index))
    observed = next(seen, None)
    for kind, check_id, concept, position, score, rating, at in attempts:
        while upcoming is not None and upcoming.started_at <= at:
            state = _started(state, upcoming)
            upcoming = next(pending, None)
        while observed is not None and observed.at <= at:
            state, _ = apply_observation(state, observed)
            observed = next(seen, None)
        key = index.concept_keys.get(concept)
        if key is None:
            continue  # content retired since: its history stays, it no longer shapes state
        if check_id is not None:
            if check_id not in state.checks:
                continue  # a check of a retired module
            check = state.checks[check_id]  # the variant answered is the one the check showed then
            check = replace(check, variants={**check.variants, key: position})
            state = replace(state, checks={**state.checks, check_id: check})
        answer = Answer(KINDS[kind], key, position, score, Rating(rating), at, check_id)
        state, _ = apply_answer(state, answer)
    while upcoming is not None:
        state = _started(state, upcoming)
        upcoming = next(pending, None)
    while observed is not None:
        state, _ = apply_observation(state, observed)
        observed = next(seen, None)
    return index, state


def _observations(person: Person, index: ContentIndex) -> list[Observation]:
    """The person's observations on the job, oldest first, of skills still on their paths."""
    rows = lm.Observation.objects.filter(person=person).order_by("recorded_at", "id")
    return [
        Observation(slug, scores, at)
        for slug, scores, at in rows.values_list("skill__slug", "scores", "recorded_at")
        if slug in index.skill_pks
    ]


def _started(state: LearnerState, check: Check) -> LearnerState:
    """A check opened: its module counts as started from the first check."""
    modules = dict(state.modules)
    modules.setdefault(check.module, ModuleRecord(started_at=check.started_at))
    return replace(state, modules=modules, checks={**state.checks, check.id: check})


@transaction.atomic
def rebuild_organization(org: Organization) -> RebuildResult:
    """Delete and recompute memory, progress, levels, milestones and check scores from the answers."""
    people = list(Person.objects.filter(organization=org).select_related("organization"))
    for model in (lm.MemoryState, lm.ModuleProgress, lm.SkillState, lm.MilestoneReached):
        model.objects.filter(organization=org).delete()
    memories, attempts = 0, lm.Attempt.objects.filter(organization=org).count()
    for person in people:
        index, state = state_replay(person)
        state_write_all(person, index, state)
        memories += len(state.memories)
    return RebuildResult(len(people), attempts, memories)
