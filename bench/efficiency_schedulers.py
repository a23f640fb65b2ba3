"""The schedulers compared by ``bench.learning_efficiency``: one object per person, fed every practice.

A schedule hears about every practice of a concept (the first is the immediate practice after the
lesson) and, each day, lists the concepts it wants reviewed, most urgent first. The benchmark runs
that list until the day's budget is spent; whatever is left stays due and comes back the next day.
The classic baselines show the same question every time (a flashcard is one question); SkillPath
and the oracle rotate variants. Intervals are whole days: every session happens at the same time of
day, so a review due "in 3 days" comes at the session three days later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from skillpath.domain.curriculum import Curriculum
from skillpath.domain.memory import Memory, MemoryModel, Rating
from skillpath.domain.scheduling import MemoryScheduler
from skillpath.domain.simulation import GroundTruth


class Schedule(Protocol):
    rotates: bool

    def record(self, concept: str, at: datetime, rating: Rating, seconds: float) -> None: ...

    def agenda(self, at: datetime, day_end: datetime, budget_seconds: float) -> list[str]: ...


@dataclass
class _DueDates:
    """Shared by the classic baselines: a due date per concept, reviewed oldest due first (Anki's default)."""

    rotates: bool = False
    due: dict[str, datetime] = field(default_factory=dict)

    def agenda(self, at: datetime, day_end: datetime, budget_seconds: float) -> list[str]:
        return sorted((c for c, due in self.due.items() if due <= day_end), key=lambda c: (self.due[c], c))


@dataclass
class FixedIntervals(_DueDates):
    """Fixed intervals: review 3, then 7, then 14 days after the previous review, then every 14 days.

    A failed recall (rating Again) starts the sequence over at 3 days. Ratings other than Again are
    treated alike: the intervals do not depend on how well the answer went.
    """

    intervals: tuple[int, ...] = (3, 7, 14)
    step: dict[str, int] = field(default_factory=dict)

    def record(self, concept: str, at: datetime, rating: Rating, seconds: float) -> None:
        first = concept not in self.step
        step = 0 if first or rating == Rating.AGAIN else min(self.step[concept] + 1, len(self.intervals) - 1)
        self.step[concept] = step
        self.due[concept] = at + timedelta(days=self.intervals[step])


@dataclass
class Leitner(_DueDates):
    """The Leitner system with five boxes reviewed every 1, 2, 4, 8 and 16 days.

    A new concept enters box 1 after its immediate practice. A recall (anything but Again) moves it
    up one box (the fifth box keeps it), a failure sends it back to box 1.
    """

    box: dict[str, int] = field(default_factory=dict)

    def record(self, concept: str, at: datetime, rating: Rating, seconds: float) -> None:
        if concept not in self.box:
            box = 1
        else:
            box = 1 if rating == Rating.AGAIN else min(self.box[concept] + 1, 5)
        self.box[concept] = box
        self.due[concept] = at + timedelta(days=2 ** (box - 1))


@dataclass
class AnkiSm2(_DueDates):
    """SM-2 as Anki schedules it (v3 scheduler defaults, no learning steps).

    The immediate practice graduates the card: 1 day (Again, Hard, Good) or 4 days (Easy), ease 250 %.
    A review: Again → ease −20 %, interval 1 day (relearn); Hard → interval × 1.2, ease −15 %;
    Good → (interval + half the days late) × ease; Easy → (interval + days late) × ease × 1.3, ease
    +15 %. Intervals are truncated to whole days and each rating gives at least a day more than the
    one below it (Hard at least a day more than the current interval); ease never goes below 130 %.
    """

    ease: dict[str, float] = field(default_factory=dict)
    interval: dict[str, float] = field(default_factory=dict)
    last: dict[str, datetime] = field(default_factory=dict)

    def record(self, concept: str, at: datetime, rating: Rating, seconds: float) -> None:
        if concept not in self.ease:
            ease, interval = 2.5, (4.0 if rating == Rating.EASY else 1.0)
        else:
            ease, interval = self._review(concept, at, rating)
        self.ease[concept], self.interval[concept], self.last[concept] = ease, interval, at
        self.due[concept] = at + timedelta(days=interval)

    def _review(self, concept: str, at: datetime, rating: Rating) -> tuple[float, float]:
        ease, current = self.ease[concept], self.interval[concept]
        late = max((at - self.last[concept]).days - int(current), 0)
        hard = max(int(current * 1.2), int(current) + 1)
        good = max(int((current + late // 2) * ease), hard + 1)
        if rating == Rating.AGAIN:
            return max(ease - 0.2, 1.3), 1.0
        if rating == Rating.HARD:
            return max(ease - 0.15, 1.3), hard
        if rating == Rating.GOOD:
            return ease, good
        return ease + 0.15, max(int((current + late) * ease * 1.3), good + 1)


@dataclass
class FsrsDefault(_DueDates):
    """FSRS-6 (the ``fsrs`` package through ``MemoryModel``) with default parameters, desired retention 0.9.

    Due when predicted recall falls to 0.9, no fuzz, reviewed oldest due first as Anki does.
    """

    model: MemoryModel = field(default_factory=MemoryModel)
    memory: dict[str, Memory] = field(default_factory=dict)

    def record(self, concept: str, at: datetime, rating: Rating, seconds: float) -> None:
        memory = self.model.review(self.memory.get(concept), rating, at)
        self.memory[concept] = memory
        self.due[concept] = memory.due


@dataclass
class SkillPath:
    """The product, a thin wrapper over the domain's :class:`~skillpath.domain.scheduling.MemoryScheduler`.

    All of a population's SkillPath learners share one scheduler (their organization), which records
    every practice, builds the daily queue (lowest predicted recall first, within the budget, pulling
    reviews forward from days that would overflow) and is refitted every week by the simulation
    (``bench.efficiency_sim``) exactly as production's nightly fit does.
    """

    organization: MemoryScheduler[int, str]
    person: int
    curriculum: Curriculum
    rotates: bool = True

    def record(self, concept: str, at: datetime, rating: Rating, seconds: float) -> None:
        self.organization.record(self.person, concept, at, rating, seconds=seconds)

    def agenda(self, at: datetime, day_end: datetime, budget_seconds: float) -> list[str]:
        budget = round(budget_seconds / 60)
        queue = self.organization.queue(self.person, self.curriculum, now=at, day_end=day_end, budget_minutes=budget)
        return [item.ref for item in queue.reinforcement]


@dataclass
class Oracle:
    """Knows the true memory: reviews a concept at the first session where its TRUE recall is at most the target.

    Due reviews go lowest true recall first; variants rotate. No load balancing.
    """

    truth: GroundTruth
    target: float = 0.9
    rotates: bool = True
    due: dict[str, datetime] = field(default_factory=dict)

    def record(self, concept: str, at: datetime, rating: Rating, seconds: float) -> None:
        self.due[concept] = at + timedelta(days=self._days_until_target(concept, at))

    def agenda(self, at: datetime, day_end: datetime, budget_seconds: float) -> list[str]:
        due = [c for c, when in self.due.items() if when <= day_end]
        return sorted(due, key=lambda c: (self.truth.recall_probability(c, at), c))

    def _days_until_target(self, concept: str, at: datetime, horizon: int = 4096) -> int:
        def faded(days: int) -> bool:
            return self.truth.recall_probability(concept, at + timedelta(days=days)) <= self.target

        high = 1
        while not faded(high) and high < horizon:
            high *= 2
        low = high // 2  # not faded at low (or low == 0)
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if faded(middle) else (middle, high)
        return max(high, 1)


SCHEDULERS: Sequence[str] = (
    "fixed 3/7/14",
    "Leitner",
    "SM-2 (Anki)",
    "FSRS default",
    "SkillPath",
    "oracle",
)
ABLATIONS: Sequence[str] = (
    "SkillPath, no per-person",
    "SkillPath, no calibration",
    "SkillPath, no concept diff.",
    "SkillPath, no refit at all",
    "FSRS default + variants",
    "SkillPath, same variant",
    "SkillPath, retention 0.95",
    "SkillPath, retention 0.92",
)
