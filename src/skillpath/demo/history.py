"""Believable learning histories for the demo people, made by simulated learners using the real services.

Each person gets a simulated memory (FSRS-like, with personal parameters), an ability, a speed and an
engagement (how many days a week they show up). Every answer goes through ``attempt_submit``, so the
demo's memory states, levels, unlocks and milestones are exactly what real use would produce.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from skillpath.domain.grading.answers import answer_with_mistakes
from skillpath.domain.simulation import FsrsTruth, SimulatedLearner, session_minutes, session_start
from skillpath.domain.simulation.truth import seeded_rng
from skillpath.learning import models as lm
from skillpath.learning.player import check_page
from skillpath.learning.selectors import queue_for_person, reinforcement_variant
from skillpath.learning.services import LearningError, activity_of, attempt_submit, check_reviewed, module_start
from skillpath.people.models import Person

MAX_DAYS = 56


def _client_id(rng_value: int) -> UUID:
    return UUID(int=rng_value)


class _Session:
    def __init__(self, person: Person, learner: SimulatedLearner, seed: str) -> None:
        self.person, self.learner = person, learner
        self.rng = seeded_rng("demo-session", seed)

    def answer(self, variant: object, at: datetime, run_id: UUID | None) -> float:
        """Answer one activity as the simulated learner would; returns the seconds it took."""
        from skillpath.content.models import Variant

        assert isinstance(variant, Variant)
        key = f"{variant.concept.module.slug}/{variant.concept.slug}"
        result = self.learner.answer(key, variant.position, variant.kind, at, self.rng)
        mistakes = 0 if result.score >= 0.95 else 1 if result.score >= 0.6 else 99
        attempt_submit(
            self.person, client_id=_client_id(self.rng.getrandbits(128)), variant_id=variant.pk,
            response=answer_with_mistakes(activity_of(variant), mistakes), duration_seconds=result.seconds,
            now=at, run_id=run_id,
        )  # fmt: skip
        return result.seconds

    def run(self, day: date) -> None:
        at = session_start(day, self.rng)
        budget = session_minutes(self.rng) * 60
        spent = 0.0
        for item in queue_for_person(self.person, now=at).items:
            if spent >= budget:
                break
            if item.kind == "reinforcement":
                variant = reinforcement_variant(self.person, item.ref)
                if variant is not None:
                    seconds = self.answer(variant, at, None)
                    at, spent = at + timedelta(seconds=seconds), spent + seconds
                continue
            reading = item.minutes * 60 * 0.6
            at, spent = at + timedelta(seconds=reading), spent + reading
            run = self.start(item.ref, at)
            page = check_page(self.person, run.pk) if run is not None else None
            while page is not None and page.next_variant is not None:  # another go for weak ideas included
                seconds = self.answer(page.next_variant, at, page.run)
                at, spent = at + timedelta(seconds=seconds), spent + seconds
                page = check_page(self.person, page.run)
            break  # one new lesson a day is what most people manage

    def start(self, module: str, at: datetime) -> lm.ModuleRun | None:
        """Open a module's check, as a learner would: after a failed one, read what was missed first, and
        come back once the retake opens (None: not today)."""
        try:
            return module_start(self.person, module, now=at)
        except LearningError:
            failed = (
                lm.ModuleRun.objects.filter(person=self.person, module__slug=module, passed=False)
                .exclude(completed_at=None)
                .order_by("-completed_at")
                .first()
            )
            if failed is None:
                raise
            check_reviewed(self.person, failed.pk, now=at)
            try:
                return module_start(self.person, module, now=at)
            except LearningError:
                return None


def simulate_history(person: Person, *, today: date) -> int:
    """Give a person without history up to ``MAX_DAYS`` days of it, ending yesterday; returns attempts made."""
    if lm.Attempt.objects.filter(person=person).exists():
        return 0
    seed = person.user.username
    rng = seeded_rng("demo-person", seed)
    learner = SimulatedLearner.sample(FsrsTruth.sample(seed=rng.getrandbits(32)), rng)
    engagement = rng.uniform(0.45, 0.9)
    days = min((today - person.started_on).days, MAX_DAYS)
    session = _Session(person, learner, seed)
    for offset in range(days, 0, -1):
        if rng.random() < engagement:
            session.run(today - timedelta(days=offset))
    return lm.Attempt.objects.filter(person=person).count()
