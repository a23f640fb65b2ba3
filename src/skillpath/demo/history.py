"""Believable learning histories for the demo people, made by simulated learners and the real rules.

Each person gets a simulated memory (FSRS-like, with personal parameters), an ability, a speed and an
engagement (how many days a week they show up). Day by day they take today's queue as Today shows it
(``queue_for_person``), open module checks (``start_check``, the retake rules of ``retakes.py``), and
answer real activities: each response is graded by the real grader and rated by the real rule, and
changes the learner state through the domain's ``apply_answer``, the same function the live answer path
and ``skillpath rebuild`` use. The history is computed in memory and written at the end, set-based:
the answers and checks with ``bulk_create``, every derived row through the one writer of derived rows
(``store.state_write_all``, as a rebuild writes them). So the demo's memory states, levels, unlocks and
milestones are exactly what real use would produce, and ``skillpath rebuild`` reproduces them.

Each person follows a 90-day plan made on the day they started their role (``insights.plans``, the same
plan the Growth page shows): they take a new module only while they are behind what it plans up to the
current week, so a person at day 10, 30, 60 or 90 of their role is where that plan would have them.

The demo writes no xAPI statements or webhook deliveries for this history (the demo organization has
no LRS or endpoints when it is made); certificates follow as tasks, as after live answers.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from django.db import transaction

from skillpath.domain.grading import grade
from skillpath.domain.grading.answers import answer_with_mistakes
from skillpath.domain.learner import Answer, AnswerKind, AnswerRefused, LearnerState, apply_answer, start_check
from skillpath.domain.rating import rating_for
from skillpath.domain.recognition import certificate_eligibility
from skillpath.domain.retakes import retake_gate
from skillpath.domain.simulation import FsrsTruth, SimulatedLearner, session_minutes, session_start
from skillpath.domain.simulation.truth import seeded_rng
from skillpath.domain.timing import usual_seconds
from skillpath.domain.variants import next_variant
from skillpath.insights.plans import plan_create
from skillpath.learning import models as lm
from skillpath.learning.curricula import ContentIndex, VariantRef, content_index, memory_model
from skillpath.learning.followups import progressed
from skillpath.learning.selectors import queue_for_person
from skillpath.learning.store import state_write_all
from skillpath.people.models import Person

MAX_DAYS = 90
PLAN_DAYS = 91  # a role started longer ago than this gets no demo plan (its 90 days are over)
TIMING_SAMPLE = 200  # the latest answer times a variant's usual time is taken from (as on the live path)
BATCH = 500


@dataclass
class Timings:
    """Answer times per variant across the demo people, for the usual time that decides "Easy"."""

    samples: dict[int, list[tuple[Hashable, float]]] = field(default_factory=dict)

    def usual(self, variant: int) -> float | None:
        return usual_seconds(self.samples.get(variant, [])[-TIMING_SAMPLE:])

    def add(self, variant: int, person: int, seconds: float) -> None:
        self.samples.setdefault(variant, []).append((person, seconds))


def _uuid(rng: random.Random) -> UUID:
    return UUID(int=rng.getrandbits(128))


class _History:
    """One person's simulated history: the learner state as it grows, and the rows to write."""

    def __init__(
        self, person: Person, index: ContentIndex, learner: SimulatedLearner, timings: Timings, pace: Pace
    ) -> None:
        self.person, self.index, self.learner, self.timings, self.pace = person, index, learner, timings, pace
        self.rng = seeded_rng("demo-session", person.user.username)
        self.state = LearnerState(curriculum=index.curriculum, model=memory_model(person))
        self.attempts: list[lm.Attempt] = []
        self.module_checks: dict[UUID, lm.ModuleCheck] = {}

    def answer(self, kind: AnswerKind, variant: VariantRef, at: datetime, check: UUID | None) -> float:
        """Answer one activity as the simulated learner would; returns the seconds it took."""
        result = self.learner.answer(variant.concept, variant.position, variant.kind, at, self.rng)
        mistakes = 0 if result.score >= 0.95 else 1 if result.score >= 0.6 else 99
        response = answer_with_mistakes(variant.activity, mistakes)
        score = grade(variant.activity, response).score
        rating = rating_for(score, result.seconds, self.timings.usual(variant.pk))
        self.state, _ = apply_answer(
            self.state, Answer(kind, variant.concept, variant.position, score, rating, at, check)
        )
        self.timings.add(variant.pk, self.person.pk, result.seconds)
        kind_db = lm.Attempt.Kind.CHECK if kind is AnswerKind.CHECK else lm.Attempt.Kind.REINFORCEMENT
        self.attempts.append(
            lm.Attempt(
                organization_id=self.person.organization_id,
                person_id=self.person.pk,
                client_id=_uuid(self.rng),
                kind=kind_db.value,
                module_check_id=check,
                concept_id=self.index.concept_pks[variant.concept],
                variant_id=variant.pk,
                response=response,
                score=score,
                rating=int(rating),
                duration_seconds=result.seconds,
                submitted_at=at,
            )
        )
        return result.seconds

    def run(self, day: date) -> None:
        """One day's session: today's queue in order, within the time the person gives it."""
        at = session_start(day, self.rng)
        budget = session_minutes(self.rng) * 60
        spent = 0.0
        c = self.state.curriculum
        for item in queue_for_person(self.person, now=at, state=self.state).items:
            if spent >= budget:
                break
            if item.kind == "reinforcement":
                seen = self.state.memories[item.ref].variants_seen
                variant = self.index.variant(item.ref, next_variant(c.variants[item.ref], seen))
                seconds = self.answer(AnswerKind.REINFORCEMENT, variant, at, None)
                at, spent = at + timedelta(seconds=seconds), spent + seconds
                continue
            done = sum(1 for r in self.state.modules.values() if r.done_at is not None)
            if not item.continuing and done >= self.pace.allowed(day):
                break  # ahead of their plan: reinforcement only today
            reading = item.minutes * 60 * 0.6
            at, spent = at + timedelta(seconds=reading), spent + reading
            check = self.start(item.ref, at)
            while check is not None and (pending := self.state.checks[check].pending):  # another go included
                key = pending[0]
                variant = self.index.variant(key, self.state.checks[check].variants[key])
                seconds = self.answer(AnswerKind.CHECK, variant, at, check)
                at, spent = at + timedelta(seconds=seconds), spent + seconds
                if self.state.checks[check].completed_at is not None:
                    break
            break  # one new lesson a day is what most people manage

    def start(self, module: str, at: datetime) -> UUID | None:
        """Open a module's check, as a learner would: after a failed one, read what was missed first, and
        come back once the retake opens (None: not today)."""
        if (open_check := self.state.open_check(module)) is not None:
            return open_check.id
        failed = [r for r in self.module_checks.values() if r.module_id == self.index.module_pks[module]]
        failed.sort(key=lambda r: r.started_at, reverse=True)
        in_a_row = 0
        for stored in failed:
            check = self.state.checks[stored.id]
            if check.passed or check.completed_at is None:
                break
            in_a_row += 1
        if in_a_row:
            latest = failed[0]
            completed = self.state.checks[latest.id].completed_at
            assert completed is not None
            latest.reviewed_at = latest.reviewed_at or at  # the learner reads what they missed
            if not retake_gate(
                failed_at=completed, failures_in_a_row=in_a_row, reviewed_at=latest.reviewed_at, now=at
            ).open:
                return None
        check_id = _uuid(self.rng)
        try:
            self.state, check = start_check(self.state, module, check_id=check_id, at=at)
        except AnswerRefused:  # pragma: no cover - the queue offers open modules only
            return None
        self.module_checks[check_id] = lm.ModuleCheck(
            id=check_id,
            organization_id=self.person.organization_id,
            person_id=self.person.pk,
            module_id=self.index.module_pks[module],
            variants={},
            started_at=at,
        )
        return check_id

    def write(self) -> None:
        """Store the history: checks and answers set-based, then every derived row through the one writer."""
        lm.ModuleCheck.objects.bulk_create(self.module_checks.values(), batch_size=BATCH)
        lm.Attempt.objects.bulk_create(self.attempts, batch_size=BATCH)
        state_write_all(self.person, self.index, self.state)

    def may_certify(self, now: datetime) -> bool:
        s = self.state
        return any(
            certificate_eligibility(
                s.curriculum, rule.requires, rule.retention_days, s.progress, s.memory, s.model, now
            ).eligible
            for rule in s.curriculum.certificates
        )


@dataclass(frozen=True)
class Pace:
    """How many modules a person's plans have them pass by each week (no limit without a plan)."""

    start: date | None = None
    by_week: tuple[int, ...] = ()  # modules planned up to week 1, 2, … 13

    def allowed(self, day: date) -> int | float:
        if self.start is None:
            return math.inf
        week = (day - self.start).days // 7 + 1
        return self.by_week[min(max(week, 1), len(self.by_week)) - 1]


def plans_made(person: Person, *, today: date) -> Pace:
    """A 90-day plan for each role the person started in the last 90 days, made on the day they started it
    (targeting the level they hold), and the pace the plans set."""
    holdings = [h for h in person.roles.select_related("role", "level") if (today - h.assigned_on).days < PLAN_DAYS]
    first_week: dict[str, int] = {}  # module → the earliest week any plan has it (plans share modules)
    start = None
    for holding in holdings:
        level = holding.level
        if level is None:
            continue
        started = datetime.combine(holding.assigned_on, time(12), tzinfo=UTC)
        record = plan_create(person, holding.role.slug, level.slug, now=started)
        start = min(start or record.starts_on, record.starts_on)
        for module, week in record.baseline.items():
            first_week[module] = min(first_week.get(module, 99), int(week))
    if start is None:
        return Pace()
    return Pace(start, tuple(sum(1 for w in first_week.values() if w <= week) for week in range(1, 14)))


def simulate_history(person: Person, *, today: date, timings: Timings | None = None) -> int:
    """Give a person without history up to ``MAX_DAYS`` days of it, ending yesterday; returns answers made.

    ``timings``: answer times shared across the people of one demo (each variant's usual time).
    """
    if lm.Attempt.objects.filter(person=person).exists():
        return 0
    seed = person.user.username
    rng = seeded_rng("demo-person", seed)
    learner = SimulatedLearner.sample(FsrsTruth.sample(seed=rng.getrandbits(32)), rng)
    engagement = rng.uniform(0.45, 0.9)
    days = min((today - person.started_on).days, MAX_DAYS)
    pace = plans_made(person, today=today)
    history = _History(person, content_index(person), learner, timings or Timings(), pace)
    for offset in range(days, 0, -1):
        if rng.random() < engagement:
            history.run(today - timedelta(days=offset))
    with transaction.atomic():
        history.write()
        last = max((a.submitted_at for a in history.attempts), default=None)
        if last is not None and history.may_certify(last):
            progressed(person.pk, last)
    return len(history.attempts)
