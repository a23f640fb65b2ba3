"""Writes of the learning app: opening a module's check, submitting answers, the skill-gap diagnostic.

Every write runs in one transaction with the person's row locked (one writer per person at a time):
load the learner state, apply the domain rules (``domain.learner``), append the answer, save what changed.
Work that follows (certificates) is queued as tasks when the transaction commits, never run in the request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from threading import Lock
from typing import Any, cast
from uuid import UUID, uuid4

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext

from skillpath.content import models as cm
from skillpath.content.localizing import activity_data, content_language
from skillpath.domain.content import Activity
from skillpath.domain.content.translations import merge_answers
from skillpath.domain.diagnostic import GOOD_SCORE, next_question
from skillpath.domain.diagnostic import Answer as DiagnosticAnswer
from skillpath.domain.gates import NOT_STARTED
from skillpath.domain.grading import Grade, ResponseInvalid, grade
from skillpath.domain.grading.responses import response_too_large
from skillpath.domain.learner import Answer, AnswerKind, AnswerRefused, Changes, LearnerState, apply_answer, start_check
from skillpath.domain.memory import Memory, Rating
from skillpath.domain.rating import rating_for
from skillpath.domain.recognition import certificate_eligibility
from skillpath.domain.retakes import RetakeGate, retake_gate
from skillpath.domain.timing import usual_seconds as usual_answer_seconds
from skillpath.events import emit
from skillpath.learning import models as lm
from skillpath.learning.curricula import ACTIVITY, ContentIndex, VariantRef
from skillpath.learning.followups import progressed
from skillpath.learning.store import (
    AttemptRow,
    Begun,
    Loaded,
    StateReads,
    answer_begin,
    answer_save,
    check_insert,
    memory_stored,
    person_lock,
    state_load,
)
from skillpath.people.models import Person

MAX_SECONDS = 3600.0
RETAKE_HISTORY = 10  # failed checks in a row counted for the retake wait (it stops growing after three)
USUAL_TIME_SAMPLE = 200
USUAL_TIME_TTL = 600.0  # seconds a variant's usual time is reused before it is computed again
DB_KIND = {
    AnswerKind.CHECK: lm.Attempt.Kind.CHECK,
    AnswerKind.REINFORCEMENT: lm.Attempt.Kind.REINFORCEMENT,
    AnswerKind.DIAGNOSTIC: lm.Attempt.Kind.DIAGNOSTIC,
}


class LearningError(ValueError):
    """A request the learning rules refuse; the message says what to do instead."""


@dataclass(frozen=True)
class SubmitResult:
    attempt_id: int
    duplicate: bool  # the same client id was submitted before; nothing new was recorded
    grade: Grade
    rating: Rating
    memory: Memory | None  # None after a diagnostic answer that did not show a concept never learned
    events: Changes


def activity_of(variant: cm.Variant, language: str | None = None) -> Activity:
    """The activity as authored, or in ``language`` where the package translates it (see ``content_language``)."""
    return ACTIVITY.validate_python(activity_data(variant, language))


def regrade(variant: cm.Variant, response: dict[str, Any], language: str | None) -> Grade:
    """An answer recorded earlier, graded again as shown in ``language`` (the original's answers count too); as
    the original when the response only fits the original (the person answered before switching language)."""
    if not language or language not in variant.translations:
        return grade(activity_of(variant), response)
    merged = merge_answers(variant.translations[language], variant.activity)
    try:
        return grade(ACTIVITY.validate_python(merged), response)
    except ResponseInvalid:
        return grade(activity_of(variant), response)


@transaction.atomic
def module_start(person: Person, module_slug: str, *, now: datetime) -> lm.ModuleCheck:
    """Open (or resume) a check of a module: one variant per concept, fresh ones on a retry."""
    person_lock(person)
    loaded = state_load(person)
    open_check = loaded.state.open_check(module_slug)
    if open_check is None:
        gate = retake_gate_for(person, loaded.index, module_slug, loaded.state, now=now)
        if gate is not None and not gate.open:
            raise LearningError(gate.reason or gettext("This module's retake is not open yet."))
        try:
            _, open_check = start_check(loaded.state, module_slug, check_id=uuid4(), at=now)
        except AnswerRefused as exc:
            raise LearningError(str(exc)) from exc
        check_insert(person, loaded.index, open_check)
        _module_started(person, loaded.index, module_slug, now)
        check = lm.ModuleCheck.objects.get(pk=open_check.id)
        emit("module.launched", person=person, check=check)
        return check
    return lm.ModuleCheck.objects.get(pk=open_check.id)


def retake_gate_for(
    person: Person, index: ContentIndex, module: str, state: LearnerState, *, now: datetime
) -> RetakeGate | None:
    """Whether a module whose latest check failed can be retaken now (None: no failed check to retake)."""
    if module not in index.module_pks or state.progress.get(module, NOT_STARTED).done:
        return None
    finished = list(
        lm.ModuleCheck.objects.filter(person=person, module_id=index.module_pks[module], completed_at__isnull=False)
        .order_by("-completed_at")
        .values_list("passed", "completed_at", "reviewed_at")[:RETAKE_HISTORY]
    )
    failures = 0
    for passed, _, _ in finished:
        if passed:
            break
        failures += 1
    if not failures:
        return None
    _, failed_at, reviewed_at = finished[0]
    assert failed_at is not None
    return retake_gate(failed_at=failed_at, failures_in_a_row=failures, reviewed_at=reviewed_at, now=now)


@transaction.atomic
def check_reviewed(person: Person, check_id: UUID, *, now: datetime) -> lm.ModuleCheck:
    """The learner went through what they missed in a failed check: its retake can open (after the wait)."""
    check = lm.ModuleCheck.objects.filter(pk=check_id, person=person, completed_at__isnull=False, passed=False).first()
    if check is None:
        raise LearningError(gettext("there is no failed check to review here"))
    if check.reviewed_at is None:
        check.reviewed_at = now
        check.save(update_fields=["reviewed_at"])
    return check


def _module_started(person: Person, index: ContentIndex, module: str, now: datetime) -> None:
    lm.ModuleProgress.objects.get_or_create(
        person=person,
        module_id=index.module_pks[module],
        defaults={"organization_id": person.organization_id, "started_at": now},
    )


_usual: dict[int, tuple[float, float | None]] = {}
_usual_lock = Lock()


def usual_seconds(variant_id: int) -> float | None:
    """A variant's usual answer time over its latest measured answers (``domain/timing.py``); None until known.

    Computed at most every ``USUAL_TIME_TTL`` seconds per variant, by whichever server process needs it first: it
    moves slowly, and the answer path should not pay a query for it. The figure and when it expires are shared
    through the cache (Redis when the processes share one) and kept in each process's memory until then.
    """
    clock_now = time.time()
    with _usual_lock:
        cached = _usual.get(variant_id)
    if cached is not None and cached[0] > clock_now:
        return cached[1]
    key = f"usual-seconds:{variant_id}"
    shared = cache.get(key)
    if shared is None or shared[0] <= clock_now:  # only this function writes the key
        samples = (
            lm.Attempt.objects.filter(variant_id=variant_id, duration_seconds__isnull=False)
            .order_by("-submitted_at", "-id")
            .values_list("person_id", "duration_seconds")[:USUAL_TIME_SAMPLE]
        )
        value = usual_answer_seconds([(person, seconds) for person, seconds in samples if seconds is not None])
        shared = (clock_now + USUAL_TIME_TTL, value)
        cache.set(key, shared, timeout=USUAL_TIME_TTL)
    with _usual_lock:
        _usual[variant_id] = shared
    return cast(float | None, shared[1])


def usual_seconds_forget() -> None:
    """Forget every usual time this process knows of, here and in the shared cache."""
    with _usual_lock:
        cache.delete_many([f"usual-seconds:{variant_id}" for variant_id in _usual])
        _usual.clear()


def _grade(variant: VariantRef, response: Any, language: str | None) -> Grade:
    """Grade against the activity as the learner was shown it (their language; a cloze also takes the original's
    answers); a response that only fits the original (they switched language meanwhile) is graded as the original."""
    if not isinstance(response, dict):
        raise LearningError(gettext('response must be a JSON object, for example {"selected": [0]}'))
    try:
        return grade(variant.graded_in(language), response)
    except ResponseInvalid as exc:
        if variant.graded_in(language) is not variant.activity:
            try:
                return grade(variant.activity, response)
            except ResponseInvalid:
                pass
        raise LearningError(str(exc)) from exc


class _RecordedMeanwhile(Exception):
    """The answer's client id was recorded by a writer that did not hold the person's lock."""


def attempt_submit(
    person: Person,
    *,
    client_id: UUID,
    variant_id: int,
    response: Any,
    duration_seconds: float | None,
    now: datetime,
    check_id: UUID | None = None,
    diagnostic_id: UUID | None = None,
) -> SubmitResult:
    """Record one answer and update memory, progress, levels, unlocks and milestones, in one transaction.

    ``check_id``: an answer in a module check; ``diagnostic_id``: in a skill-gap diagnostic; neither:
    a spaced reinforcement of a concept already learned.

    ``duration_seconds``: the time taken, or None when it could not be measured or trusted (the answer is
    recorded untimed: it never rates Easy and does not count towards the question's usual time).

    Submitting the same ``client_id`` again records nothing and returns the first submission's result.
    Raises ``LearningError`` for an answer that cannot be accepted (nothing is written then).
    """
    if duration_seconds is not None and not 0 < duration_seconds <= MAX_SECONDS:
        raise LearningError(
            gettext("duration_seconds must be more than 0 and at most {seconds}").format(seconds=f"{MAX_SECONDS:.0f}")
        )
    if (too_large := response_too_large(response)) is not None:  # refused before anything is written
        raise LearningError(too_large)
    try:
        with transaction.atomic():
            begun = answer_begin(person, client_id, partial(_reads, variant_id, check_id, diagnostic_id))
            if begun.recorded is not None:
                return _duplicate(person, client_id)
            return _submit(
                person, begun, client_id, variant_id, response, duration_seconds, now, check_id, diagnostic_id
            )
    except _RecordedMeanwhile:  # its writes were rolled back with the transaction
        return _duplicate(person, client_id)


def _kind(check_id: UUID | None, diagnostic_id: UUID | None) -> AnswerKind:
    return AnswerKind.CHECK if check_id else AnswerKind.DIAGNOSTIC if diagnostic_id else AnswerKind.REINFORCEMENT


def _reads(
    variant_id: int, check_id: UUID | None, diagnostic_id: UUID | None, index: ContentIndex
) -> StateReads | None:
    """What of the learner's state an answer on ``variant_id`` needs (None: no such activity here)."""
    variant = index.variants.get(variant_id)
    if variant is None:
        return None
    kind = _kind(check_id, diagnostic_id)
    return StateReads(
        checks=(check_id,) if check_id else (),
        diagnostics=kind is AnswerKind.DIAGNOSTIC,
        skills=None if kind is AnswerKind.DIAGNOSTIC else _skills_touched(index, variant.concept, kind),
    )


def _submit(
    person: Person,
    begun: Begun,
    client_id: UUID,
    variant_id: int,
    response: Any,
    seconds: float | None,
    now: datetime,
    check_id: UUID | None,
    diagnostic_id: UUID | None,
) -> SubmitResult:
    variant = begun.index.variants.get(variant_id)
    loaded = begun.loaded
    if variant is None or loaded is None:
        raise LearningError(gettext("no activity {id} in your learning content").format(id=variant_id))
    kind = _kind(check_id, diagnostic_id)
    state = loaded.state
    if diagnostic_id is not None:
        _check_diagnostic(person, loaded, diagnostic_id, variant)
    known = state.memories.get(variant.concept)
    if kind is AnswerKind.REINFORCEMENT and known is None:
        raise LearningError(gettext("this concept has not been learned yet; start its module first"))
    result = _grade(variant, response, content_language())
    rating = rating_for(result.score, seconds, usual_seconds(variant.pk))
    if known is not None and now < known.memory.last_review:
        # A request that waited for the person's lock may carry an earlier clock reading than one
        # already recorded: it counts as simultaneous (attempts are replayed in insertion order).
        now = known.memory.last_review
    answer = Answer(kind, variant.concept, variant.position, result.score, rating, now, check_id)
    try:
        after, changes = apply_answer(state, answer)
    except AnswerRefused as exc:
        raise LearningError(str(exc)) from exc
    row = AttemptRow(
        client_id,
        DB_KIND[kind].value,
        check_id,
        diagnostic_id,
        loaded.index.concept_pks[variant.concept],
        variant.pk,
        response,
        result.score,
        int(rating),
        seconds,
        now,
    )
    attempt_id = answer_save(person, loaded.index, row, state, after, changes)
    if attempt_id is None:
        raise _RecordedMeanwhile
    if diagnostic_id is not None and _next_diagnostic(loaded, after, diagnostic_id) is None:
        lm.DiagnosticRun.objects.filter(pk=diagnostic_id).update(finished_at=now)
    if _may_certify(after, changes, kind, rating, now):
        progressed(person.pk, now)
    memory = after.memories[variant.concept].memory if variant.concept in after.memories else None
    submitted = SubmitResult(attempt_id, False, result, rating, memory, changes)
    attempt = lm.Attempt(
        pk=attempt_id,
        organization_id=person.organization_id,
        person_id=person.pk,
        client_id=client_id,
        kind=row.kind,
        module_check_id=check_id,
        diagnostic_id=diagnostic_id,
        concept_id=row.concept,
        variant_id=variant.pk,
        response=response,
        score=result.score,
        rating=int(rating),
        duration_seconds=seconds,
        submitted_at=now,
    )
    emit("attempt.recorded", person=person, attempt=attempt, result=submitted)
    return submitted


def _skills_touched(index: ContentIndex, concept: str, kind: AnswerKind) -> set[str]:
    """The skills whose memories an answer on ``concept`` can need: its own skill; in a check, every skill of
    its module (levels when the check completes, variants of retries); and the skills a role's certificate
    requires (to see whether the answer earned it). The diagnostic, which can test out any module, loads all."""
    c = index.curriculum
    skills = {c.concept_skill[concept]}
    module = c.modules.get(c.module_of(concept))
    if kind is AnswerKind.CHECK and module is not None:
        skills |= set(module.skills) | {c.concept_skill[k] for k in module.concepts}
    for rule in c.certificates:
        skills |= set(rule.requires)
    return skills


def _may_certify(state: LearnerState, changes: Changes, kind: AnswerKind, rating: Rating, now: datetime) -> bool:
    """A certificate may follow: a level changed or retention was shown, and a role's certificate is earned now.

    The award task decides the rest (held already, renewal); this only spares it answers that cannot matter.
    """
    if not (changes.levels or changes.milestones or (kind is not AnswerKind.CHECK and rating != Rating.AGAIN)):
        return False
    return any(
        certificate_eligibility(
            state.curriculum,
            rule.requires,
            rule.retention_days,
            state.progress,
            state.memory,
            state.model,
            now,
            state.observed,
        ).eligible
        for rule in state.curriculum.certificates
    )


def _duplicate(person: Person, client_id: UUID) -> SubmitResult:
    """The result of an answer recorded before (nothing new is written)."""
    attempt = lm.Attempt.objects.filter(person=person, client_id=client_id).select_related("variant").get()
    result = regrade(attempt.variant, attempt.response, content_language())
    memory = memory_stored(person, attempt.concept_id)
    return SubmitResult(attempt.pk, True, result, Rating(attempt.rating), memory, Changes())


@transaction.atomic
def diagnostic_start(person: Person, *, now: datetime) -> lm.DiagnosticRun:
    """Open (or resume) a skill-gap diagnostic."""
    person_lock(person)
    open_run = lm.DiagnosticRun.objects.filter(person=person, finished_at=None).first()
    return open_run or lm.DiagnosticRun.objects.create(
        id=uuid4(), organization_id=person.organization_id, person=person, started_at=now
    )


def _diagnostic_answers(loaded: Loaded, diagnostic_id: UUID) -> list[DiagnosticAnswer]:
    rows = lm.Attempt.objects.filter(diagnostic_id=diagnostic_id).order_by("id").values_list("concept_id", "score")
    keys = loaded.index.concept_keys
    return [DiagnosticAnswer(keys[c], score >= GOOD_SCORE) for c, score in rows if c in keys]


def _next_diagnostic(loaded: Loaded, state: LearnerState, diagnostic_id: UUID) -> str | None:
    return next_question(state.curriculum, state.progress, _diagnostic_answers(loaded, diagnostic_id))


def diagnostic_question(person: Person, diagnostic: lm.DiagnosticRun) -> cm.Variant | None:
    """The next question of a diagnostic (a concept's last variant), or None when it is over."""
    loaded = state_load(person)
    key = _next_diagnostic(loaded, loaded.state, diagnostic.pk)
    if key is None:
        return None
    position = max(loaded.state.curriculum.variants[key])
    return cm.Variant.objects.filter(pk=loaded.index.variant_pks[(key, position)]).select_related("concept").first()


def _check_diagnostic(person: Person, loaded: Loaded, diagnostic_id: UUID, variant: VariantRef) -> None:
    diagnostic = lm.DiagnosticRun.objects.filter(pk=diagnostic_id, person=person).first()
    if diagnostic is None:
        raise LearningError(gettext("no such diagnostic; start it again"))
    if diagnostic.finished_at is not None:
        raise LearningError(gettext("this diagnostic is finished"))
    expected = _next_diagnostic(loaded, loaded.state, diagnostic_id)
    if (
        expected is None
        or expected != variant.concept
        or variant.position != max(loaded.state.curriculum.variants[expected])
    ):
        raise LearningError(gettext("this is not the diagnostic's current question"))
