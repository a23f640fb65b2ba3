"""Writes of the learning app: starting a module's check and submitting answers."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from django.db import IntegrityError, transaction
from pydantic import TypeAdapter, ValidationError

from skillpath.content import models as cm
from skillpath.domain.content import Activity
from skillpath.domain.diagnostic import GOOD_SCORE, Answer, next_question
from skillpath.domain.gates import module_gate
from skillpath.domain.grading import Grade, ResponseInvalid, grade
from skillpath.domain.grading.responses import response_too_large
from skillpath.domain.memory import Memory, Rating
from skillpath.domain.rating import MIN_TIMINGS, rating_for
from skillpath.domain.variants import next_variant
from skillpath.events import emit
from skillpath.learning import models as lm
from skillpath.learning.curricula import Built, curriculum_for, memory_model
from skillpath.learning.followups import progressed
from skillpath.learning.ledger import AttemptRec, Events, Ledger, apply_attempt
from skillpath.learning.persistence import ledger_load, ledger_save, memory_of
from skillpath.people.models import Person

ACTIVITY = TypeAdapter(Activity)
MAX_SECONDS = 3600.0
USUAL_TIME_SAMPLE = 50


class LearningError(ValueError):
    """A request the learning rules refuse; the message says what to do instead."""


@dataclass(frozen=True)
class SubmitResult:
    attempt_id: int
    duplicate: bool  # the same client id was submitted before; nothing new was recorded
    grade: Grade
    rating: Rating
    memory: Memory | None  # None after a diagnostic answer that did not show the concept
    events: Events


def activity_of(variant: cm.Variant) -> Activity:
    return ACTIVITY.validate_python(variant.activity)


def _module_row(person: Person, built: Built, module_slug: str) -> cm.Module:
    if module_slug not in built.curriculum.path_order:
        raise LearningError(f"module '{module_slug}' is not on your path")
    return cm.Module.objects.get(pk=built.module_ids[module_slug])


@transaction.atomic
def module_start(person: Person, module_slug: str, *, now: datetime) -> lm.ModuleRun:
    """Open (or resume) a check of a module: one variant per concept, fresh ones on a retry."""
    Person.objects.select_for_update().filter(pk=person.pk).first()
    built = curriculum_for(person)
    module = _module_row(person, built, module_slug)
    open_run = lm.ModuleRun.objects.filter(person=person, module=module, completed_at=None).first()
    if open_run is not None:
        return open_run
    ledger = ledger_load(person)
    gate = module_gate(built.curriculum, module_slug, ledger.domain_progress(built))
    if not gate.open:
        raise LearningError("This module is locked. " + " ".join(gate.reasons))
    chosen = {}
    for key in built.curriculum.modules[module_slug].concepts:
        concept = built.concept_ids[key]
        seen = ledger.memories[concept].variants_seen if concept in ledger.memories else []
        chosen[str(concept)] = next_variant(built.variants[concept], seen)
    run = lm.ModuleRun.objects.create(
        id=uuid4(), organization_id=person.organization_id, person=person, module=module,
        variants=chosen, started_at=now,
    )  # fmt: skip
    lm.ModuleProgress.objects.get_or_create(
        person=person, module=module, defaults={"organization_id": person.organization_id, "started_at": now}
    )
    emit("module.launched", person=person, run=run)
    return run


def usual_seconds(variant_id: int) -> float | None:
    """Median answer time of a variant over its latest answers; None until there are enough."""
    times = list(
        lm.Attempt.objects.filter(variant_id=variant_id)
        .order_by("-submitted_at", "-id")
        .values_list("duration_seconds", flat=True)[:USUAL_TIME_SAMPLE]
    )
    return statistics.median(times) if len(times) >= MIN_TIMINGS else None


def _parse_grade(variant: cm.Variant, response: Any) -> Grade:
    if not isinstance(response, dict):
        raise LearningError('response must be a JSON object, for example {"selected": [0]}')
    try:
        return grade(activity_of(variant), response)
    except ResponseInvalid as exc:
        raise LearningError(str(exc)) from exc
    except ValidationError as exc:  # pragma: no cover - imported content is validated
        raise LearningError(f"this activity cannot be graded: {exc}") from exc


def _check_run(run: lm.ModuleRun | None, variant: cm.Variant) -> None:
    if run is None:
        raise LearningError("no such module check; start the module again")
    if run.completed_at is not None:
        raise LearningError("this module check is already complete; start a new one to try again")
    if run.variants.get(str(variant.concept_id)) != variant.position:
        raise LearningError("this activity is not part of the current module check")
    if lm.Attempt.objects.filter(run=run, concept_id=variant.concept_id).exists():
        raise LearningError("this concept was already answered in this check")


def attempt_submit(
    person: Person, *, client_id: UUID, variant_id: int, response: Any, duration_seconds: float,
    now: datetime, run_id: UUID | None = None, diagnostic_id: UUID | None = None,
) -> SubmitResult:  # fmt: skip
    """Record one answer and update memory, progress, levels, unlocks and milestones, in one transaction.

    ``run_id``: an answer in a module check; ``diagnostic_id``: in a skill-gap diagnostic; neither:
    a spaced reinforcement of a concept already learned.

    Submitting the same ``client_id`` again records nothing and returns the first submission's result.
    Raises ``LearningError`` for an answer that cannot be accepted (nothing is written then).
    """
    if not 0 < duration_seconds <= MAX_SECONDS:
        raise LearningError(f"duration_seconds must be more than 0 and at most {MAX_SECONDS:.0f}")
    if (too_large := response_too_large(response)) is not None:  # refused before anything is written
        raise LearningError(too_large)
    try:
        with transaction.atomic():
            return _submit(person, client_id, variant_id, response, duration_seconds, now, run_id, diagnostic_id)
    except IntegrityError:
        # The client id was recorded before (a retry, or a concurrent duplicate): nothing new happens.
        existing = lm.Attempt.objects.filter(person=person, client_id=client_id).select_related("variant").first()
        if existing is None:  # pragma: no cover - an integrity error of another kind
            raise
        return _duplicate(person, existing)


def _submit(
    person: Person, client_id: UUID, variant_id: int, response: Any, seconds: float, now: datetime,
    run_id: UUID | None, diagnostic_id: UUID | None,
) -> SubmitResult:  # fmt: skip
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one writer per person at a time
    existing = lm.Attempt.objects.filter(person=person, client_id=client_id).select_related("variant").first()
    if existing is not None:
        return _duplicate(person, existing)
    variant = (
        cm.Variant.objects.filter(pk=variant_id, organization_id=person.organization_id, retired_at=None)
        .select_related("concept")
        .first()
    )
    built = curriculum_for(person)
    if variant is None or variant.concept_id not in built.concept_keys:
        raise LearningError(f"no activity {variant_id} in your learning content")
    run = lm.ModuleRun.objects.filter(pk=run_id, person=person).first() if run_id else None
    if run_id is not None:
        _check_run(run, variant)
    diagnostic = _check_diagnostic(person, built, diagnostic_id, variant) if diagnostic_id else None
    concepts = _concepts_to_load(built, variant, run, whole_module=diagnostic is not None)
    ledger = ledger_load(person, [run_id] if run_id else [], concepts, diagnostics=diagnostic is not None)
    known = ledger.memories.get(variant.concept_id)
    if run_id is None and diagnostic is None and known is None:
        raise LearningError("this concept has not been learned yet; start its module first")
    result = _parse_grade(variant, response)
    rating = rating_for(result.score, seconds, usual_seconds(variant.pk))
    model = memory_model(person.organization)
    if known is not None and now < known.memory.last_review:
        # A request that waited for the person's lock may carry an earlier clock reading than one
        # already recorded: it counts as simultaneous (attempts are replayed in insertion order).
        now = known.memory.last_review
    kind = "practice" if run_id else "diagnostic" if diagnostic else "reinforcement"
    record = AttemptRec(kind, run_id, variant.concept_id, variant.position, result.score, rating, now)
    events = apply_attempt(ledger, built, model, record)
    attempt = lm.Attempt.objects.create(
        organization_id=person.organization_id, person=person, client_id=client_id, kind=record.kind, run=run,
        diagnostic=diagnostic, concept_id=variant.concept_id, variant=variant, response=response,
        score=result.score, rating=int(rating), duration_seconds=seconds, submitted_at=now,
    )  # fmt: skip
    ledger_save(person, ledger, built.skill_ids, variant.concept_id, run_id, events)
    if diagnostic is not None and diagnostic_question(person, diagnostic, built=built, ledger=ledger) is None:
        lm.DiagnosticRun.objects.filter(pk=diagnostic.pk).update(finished_at=now)
    if events.levels or events.milestones or (run_id is None and rating != Rating.AGAIN):
        progressed(person.pk, now)  # a level, or retention evidence: certificates may follow
    memory = ledger.memories[variant.concept_id].memory if variant.concept_id in ledger.memories else None
    submitted = SubmitResult(attempt.pk, False, result, rating, memory, events)
    emit("attempt.recorded", person=person, attempt=attempt, result=submitted)
    return submitted


def _concepts_to_load(
    built: Built, variant: cm.Variant, run: lm.ModuleRun | None, *, whole_module: bool = False
) -> set[int]:
    """The memories an attempt can need: its own, and those of the skills whose level it may change."""
    c = built.curriculum
    key = built.concept_keys[variant.concept_id]
    skills = {c.concept_skill[key]}
    if run is not None:
        skills |= set(c.modules[built.module_slugs[run.module_id]].skills)
    if whole_module and c.module_of(key) in c.modules:
        skills |= set(c.modules[c.module_of(key)].skills)
    return {variant.concept_id} | {built.concept_ids[k] for skill in skills for k in c.concepts_of_skill(skill)}


def _duplicate(person: Person, attempt: lm.Attempt) -> SubmitResult:
    memory = lm.MemoryState.objects.filter(person=person, concept_id=attempt.concept_id).first()
    result = grade(activity_of(attempt.variant), attempt.response)
    return SubmitResult(
        attempt.pk, True, result, Rating(attempt.rating), memory_of(memory) if memory else None, Events()
    )


@transaction.atomic
def diagnostic_start(person: Person, *, now: datetime) -> lm.DiagnosticRun:
    """Open (or resume) a skill-gap diagnostic."""
    Person.objects.select_for_update().filter(pk=person.pk).first()
    open_run = lm.DiagnosticRun.objects.filter(person=person, finished_at=None).first()
    return open_run or lm.DiagnosticRun.objects.create(
        id=uuid4(), organization_id=person.organization_id, person=person, started_at=now
    )


def diagnostic_question(
    person: Person, diagnostic: lm.DiagnosticRun, *, built: Built | None = None, ledger: Ledger | None = None
) -> cm.Variant | None:
    """The next question of a diagnostic (a concept's last variant), or None when it is over."""
    built = built or curriculum_for(person)
    ledger = ledger or ledger_load(person)
    answers = [
        Answer(built.concept_keys[concept], score >= GOOD_SCORE)
        for concept, score in diagnostic.attempts.order_by("id").values_list("concept_id", "score")
        if concept in built.concept_keys
    ]
    key = next_question(built.curriculum, ledger.domain_progress(built), answers)
    if key is None:
        return None
    concept = built.concept_ids[key]
    return cm.Variant.objects.filter(concept_id=concept, position=max(built.variants[concept])).first()


def _check_diagnostic(person: Person, built: Built, diagnostic_id: UUID, variant: cm.Variant) -> lm.DiagnosticRun:
    diagnostic = lm.DiagnosticRun.objects.filter(pk=diagnostic_id, person=person).first()
    if diagnostic is None:
        raise LearningError("no such diagnostic; start it again")
    if diagnostic.finished_at is not None:
        raise LearningError("this diagnostic is finished")
    expected = diagnostic_question(person, diagnostic, built=built)
    if expected is None or expected.pk != variant.pk:
        raise LearningError("this is not the diagnostic's current question")
    return diagnostic


def ledger_for(person: Person) -> tuple[Built, Ledger]:
    """The person's curriculum and derived state (for selectors that need both)."""
    return curriculum_for(person), ledger_load(person)
