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
from skillpath.domain.rating import rating_for
from skillpath.domain.scheduling import FitOptions, MemoryScheduler
from skillpath.domain.simulation import (
    ActrTruth,
    FsrsTruth,
    GroundTruth,
    McmTruth,
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
REFIT_EVERY_DAYS = 7
ACTIVITY_MIX = {"choice": 3, "cloze": 2, "match": 1, "order": 1, "categorize": 1, "scenario": 2}

TRUTHS: dict[str, Callable[[int], GroundTruth]] = {
    "FSRS-like (per-person parameters)": FsrsTruth.sample,
    "ACT-R power law (per-person decay/threshold)": ActrTruth.sample,
    "multiscale context (per-concept difficulty)": McmTruth.sample,
}
SKILLPATH: dict[str, tuple[FitOptions | None, float, bool]] = {
    # name: (what the nightly refit may adopt, None = no refit; desired retention; rotates variants)
    "SkillPath": (FitOptions(), 0.9, True),
    "SkillPath, no per-person": (FitOptions(people=False), 0.9, True),
    "SkillPath, no calibration": (FitOptions(calibration=False), 0.9, True),
    "SkillPath, no concept diff.": (FitOptions(concepts=False), 0.9, True),
    "SkillPath, no refit at all": (None, 0.9, True),
    "SkillPath, same variant": (FitOptions(), 0.9, False),
    "SkillPath, retention 0.95": (FitOptions(), 0.95, True),
    "SkillPath, retention 0.92": (FitOptions(), 0.92, True),
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
    """Run one scheduler over the whole population; SkillPath refits every week (production: nightly)."""
    started = datetime.now(UTC)
    course = Course(settings.days, settings.concepts, settings.review_minutes)
    options, retention, _ = SKILLPATH.get(settings.scheduler, (None, 0.9, True))
    organization: MemoryScheduler[int, str] = MemoryScheduler(desired_retention=retention)
    people = [_person(settings, course, index, organization) for index in range(settings.people)]
    boundaries = list(range(REFIT_EVERY_DAYS, settings.days, REFIT_EVERY_DAYS)) if options else []
    notes: list[str] = []
    day = 0
    for boundary in [*boundaries, settings.days]:
        for person in people:
            for current in range(day, boundary):
                person.run_day(course, current)
        day = boundary
        if options is not None and boundary < settings.days:
            proposal = organization.refit(until=START + timedelta(days=boundary), options=options)
            organization.adopt(proposal)
            notes.append(f"day {boundary:2d}: {proposal.describe()}")
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


def _person(settings: Settings, course: Course, index: int, organization: MemoryScheduler[int, str]) -> Person:
    truth = TRUTHS[settings.truth](settings.seed * 1000 + index)
    learner = SimulatedLearner.sample(truth, seeded_rng("learner", settings.seed, index))
    schedule = _schedule(settings.scheduler, course, truth, organization, index)
    return Person(learner, schedule, seeded_rng("answers", settings.seed, index))


def _schedule(
    name: str, course: Course, truth: GroundTruth, organization: MemoryScheduler[int, str], index: int
) -> Schedule:
    if name in SKILLPATH:
        return SkillPath(organization, index, course.curriculum, rotates=SKILLPATH[name][2])
    factories: dict[str, Callable[[], Schedule]] = {
        "fixed 3/7/14": FixedIntervals,
        "Leitner": Leitner,
        "SM-2 (Anki)": AnkiSm2,
        "FSRS default": FsrsDefault,
        "FSRS default + variants": lambda: FsrsDefault(rotates=True),
        "oracle": lambda: Oracle(truth, RETAINED_AT),
    }
    return factories[name]()
