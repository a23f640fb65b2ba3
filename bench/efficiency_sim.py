"""One benchmark run: a population of simulated people following one scheduler for a number of days.

The course is the same for every scheduler: modules of three concepts, introduced at a fixed pace
over the first two thirds of the run, each followed at once by its practice (variant 0 of each
concept). Every day, at the same time of day, a person first works through the scheduler's reviews
while the day's review budget lasts (a review starts only while time remains; the rest stays due),
then does the day's new module if there is one. Minutes spent count every practice, immediate and
review; lesson reading is the same for everyone and is left out.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property

from bench.efficiency_schedulers import (
    AnkiSm2,
    FixedIntervals,
    FsrsDefault,
    Leitner,
    Oracle,
    Schedule,
    SkillPath,
)
from skillpath.domain.curriculum import Curriculum, ModuleSpec, PathSpec
from skillpath.domain.fitting import DEFAULTS
from skillpath.domain.memory import MemoryModel
from skillpath.domain.personal import MemoryFit, fit_memory
from skillpath.domain.rating import rating_for
from skillpath.domain.simulation import (
    ActrTruth,
    FsrsTruth,
    GroundTruth,
    SimulatedLearner,
    seeded_rng,
    usual_seconds,
)
from skillpath.domain.variants import next_variant

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday, midnight UTC
SESSION_HOUR = 9
CONCEPTS_PER_MODULE = 3
VARIANTS = 4  # the immediate-practice question and three more for reinforcement
RETAINED_AT = 0.9  # true recall needed for a concept to count as retained, and the oracle's target
REFIT_EVERY_DAYS = 14
ACTIVITY_MIX = {"choice": 3, "cloze": 2, "match": 1, "order": 1, "categorize": 1, "scenario": 2}

TRUTHS: dict[str, Callable[[int], GroundTruth]] = {
    "FSRS-like (per-person parameters)": FsrsTruth.sample,
    "ACT-R power law (per-person decay/threshold)": ActrTruth.sample,
}


@dataclass(frozen=True)
class Settings:
    truth: str
    scheduler: str
    people: int = 200
    days: int = 90
    concepts: int = 60
    review_minutes: float = 5.0
    seed: int = 2026


@dataclass(frozen=True)
class Outcome:
    settings: Settings
    retained: float  # mean per person
    minutes: float  # mean per person
    reviews: float  # mean per person (not counting the immediate practice)
    seconds_taken: float  # wall-clock time of this run
    notes: tuple[str, ...] = ()

    @property
    def retained_per_hour(self) -> float:
        return self.retained / (self.minutes / 60) if self.minutes else 0.0


@dataclass(frozen=True)
class Course:
    days: int
    concepts: int
    review_minutes: float

    @cached_property
    def modules(self) -> dict[str, tuple[str, ...]]:
        count = -(-self.concepts // CONCEPTS_PER_MODULE)
        keys = [f"m{i // CONCEPTS_PER_MODULE:02d}/c{i % CONCEPTS_PER_MODULE}" for i in range(self.concepts)]
        return {f"m{m:02d}": tuple(k for k in keys if k.startswith(f"m{m:02d}/")) for m in range(count)}

    @cached_property
    def introduced(self) -> dict[int, tuple[str, ...]]:
        """Day → the concepts of the module introduced that day (spread over the first two thirds)."""
        learning_days = max(self.days * 2 // 3, 1)
        by_day: dict[int, tuple[str, ...]] = {}
        for index, concepts in enumerate(self.modules.values()):
            day = index * learning_days // len(self.modules)
            by_day[day] = by_day.get(day, ()) + concepts
        return by_day

    @cached_property
    def curriculum(self) -> Curriculum:
        specs = {m: ModuleSpec(m, m, (), 0.8, 5, ("skill",), concepts) for m, concepts in self.modules.items()}
        path = PathSpec("role", "Role", (("foundation", tuple(specs)),))
        skills = {c: "skill" for concepts in self.modules.values() for c in concepts}
        return Curriculum(specs, (path,), skills)

    def activity(self, concept: str, variant: int) -> str:
        rng = seeded_rng("activity", concept, variant)
        return rng.choices(list(ACTIVITY_MIX), weights=list(ACTIVITY_MIX.values()))[0]


@dataclass
class Person:
    learner: SimulatedLearner
    schedule: Schedule
    rng: random.Random
    seen: dict[str, list[int]] = field(default_factory=dict)
    seconds: float = 0.0
    reviews: int = 0

    def run_day(self, course: Course, day: int) -> None:
        at = START + timedelta(days=day, hours=SESSION_HOUR)
        budget = course.review_minutes * 60
        spent = 0.0
        for concept in self.schedule.agenda(at, START + timedelta(days=day + 1), budget):
            if spent >= budget:
                break
            spent += self._practise(course, concept, at)
            self.reviews += 1
        for concept in course.introduced.get(day, ()):
            spent += self._practise(course, concept, at)
        self.seconds += spent

    def _practise(self, course: Course, concept: str, at: datetime) -> float:
        seen = self.seen.setdefault(concept, [])
        variant = next_variant(range(VARIANTS), seen) if seen and self.schedule.rotates else 0
        activity = course.activity(concept, variant)
        answer = self.learner.answer(concept, variant, activity, at, self.rng)
        rating = rating_for(answer.score, answer.seconds, usual_seconds(activity))
        self.schedule.record(concept, at, rating, answer.seconds)
        seen.append(variant)
        return answer.seconds


def simulate(settings: Settings) -> Outcome:
    """Run one scheduler over the whole population; SkillPath refits its parameters every two weeks (see ``_refit``)."""
    started = datetime.now(UTC)
    course = Course(settings.days, settings.concepts, settings.review_minutes)
    people = [_person(settings, course, index) for index in range(settings.people)]
    fitting = settings.scheduler.startswith("SkillPath")
    boundaries = list(range(REFIT_EVERY_DAYS, settings.days, REFIT_EVERY_DAYS)) if fitting else []
    notes: list[str] = []
    day = 0
    for boundary in [*boundaries, settings.days]:
        for person in people:
            for current in range(day, boundary):
                person.run_day(course, current)
        day = boundary
        if boundary < settings.days:
            notes.append(_refit(people, boundary))
    measured = START + timedelta(days=settings.days, hours=SESSION_HOUR)
    retained = [sum(p.learner.memory.recall_probability(c, measured) >= RETAINED_AT for c in p.seen) for p in people]
    return Outcome(
        settings,
        retained=sum(retained) / len(people),
        minutes=sum(p.seconds for p in people) / 60 / len(people),
        reviews=sum(p.reviews for p in people) / len(people),
        seconds_taken=(datetime.now(UTC) - started).total_seconds(),
        notes=tuple(notes),
    )


def _person(settings: Settings, course: Course, index: int) -> Person:
    truth = TRUTHS[settings.truth](settings.seed * 1000 + index)
    learner = SimulatedLearner.sample(truth, seeded_rng("learner", settings.seed, index))
    return Person(learner, _schedule(settings.scheduler, course, truth), seeded_rng("answers", settings.seed, index))


def _schedule(name: str, course: Course, truth: GroundTruth) -> Schedule:
    factories: dict[str, Callable[[], Schedule]] = {
        "fixed 3/7/14": FixedIntervals,
        "Leitner": Leitner,
        "SM-2 (Anki)": AnkiSm2,
        "FSRS default": FsrsDefault,
        "FSRS default + variants": lambda: FsrsDefault(rotates=True),
        "SkillPath": lambda: SkillPath(course.curriculum),
        "SkillPath, same variant": lambda: SkillPath(course.curriculum, rotates=False),
        "SkillPath, retention 0.95": lambda: SkillPath(course.curriculum, MemoryModel(desired_retention=0.95)),
        "oracle": lambda: Oracle(truth, RETAINED_AT),
    }
    return factories[name]()


def _refit(people: list[Person], day: int) -> str:
    """The organization's nightly fit on everything its people did so far: its parameters, then each person's.

    The same :func:`~skillpath.domain.personal.fit_memory` as production's ``skillpath fit``: the
    organization's fit is adopted only when it predicts held-out reviews clearly better than the
    defaults, and each person gets their own scale on top when their reviews support it.
    """
    schedules = {index: p.schedule for index, p in enumerate(people) if isinstance(p.schedule, SkillPath)}
    split_day = round(day * 2 / 3)
    fit = fit_memory(
        {index: list(schedule.history.values()) for index, schedule in schedules.items()},
        split_at=START + timedelta(days=split_day),
    )
    for index, schedule in schedules.items():
        parameters = fit.parameters_for(index) or DEFAULTS
        if parameters != schedule.model.parameters:
            schedule.use(MemoryModel(parameters=parameters, desired_retention=schedule.model.desired_retention))
    return f"day {day:2d}: {_describe(fit, split_day)}"


def _describe(fit: MemoryFit[int], split_day: int) -> str:
    report = fit.organization
    verdict = "adopted, refitted on all reviews" if report.adopted else "kept defaults"
    scales = sorted(person.scale for person in fit.people.values() if person.adopted)
    personal = (
        f"personal scale for {len(scales)} of {len(fit.people)} people "
        f"(middle half x{scales[len(scales) // 4]:.2f}-x{scales[3 * len(scales) // 4]:.2f})"
        if scales
        else f"no personal scales (spread {fit.spread:.2f})"
    )
    return (
        f"fit on {report.train_reviews} reviews before day {split_day}, {report.test_reviews} held out; "
        f"log loss default {report.default_loss:.4f} fitted {report.fitted_loss:.4f} "
        f"(gain {report.default_loss - report.fitted_loss:+.4f} ± {report.standard_error:.4f}) → {verdict}; {personal}"
    )
