"""A simulated learner answering activities: outcome, score and time, deterministic given the ``rng``.

The outcome comes from the learner's ground-truth memory (:mod:`.truth`); the person adds their
ability (how often a recalled concept earns a full score) and speed (time multiplier). Scores follow
the product's grading: a recalled concept mostly scores 0.9–1 and sometimes partially (0.6–0.9); a
forgotten one mostly scores 0–0.5, and a lucky partial answer now and then. Times depend on the
activity type and the person's speed, and are shorter when recall is strong, within 20–120 s.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from skillpath.domain.simulation.truth import GroundTruth

ACTIVITY_SECONDS: dict[str, float] = {
    "choice": 30.0,
    "cloze": 40.0,
    "match": 50.0,
    "order": 55.0,
    "categorize": 65.0,
    "scenario": 90.0,
    "simulation": 110.0,  # several screens, each a small decision or form
}
"""Time an average person takes on each activity type with middling recall."""
MIN_SECONDS = 20.0
MAX_SECONDS = 120.0
_STRONG_RECALL_SPEEDUP = 0.5  # strong recall answers in (1.25 - 0.5) / 1.25 = 60 % of the time of no recall


@dataclass(frozen=True)
class Answer:
    """One simulated answer; ``true_recall`` is the memory's recall probability just before it."""

    recalled: bool
    score: float
    seconds: float
    true_recall: float
    answer_probability: float


def usual_seconds(activity_type: str) -> float:
    """The population's median time on an activity of this type, answered with strong recall."""
    return ACTIVITY_SECONDS[activity_type] * (1.25 - _STRONG_RECALL_SPEEDUP)


@dataclass
class SimulatedLearner:
    """A person: a ground-truth memory plus ``ability`` (0–1) and ``speed`` (time multiplier, 1 = average)."""

    memory: GroundTruth
    ability: float = 0.8
    speed: float = 1.0

    @classmethod
    def sample(cls, memory: GroundTruth, rng: random.Random) -> SimulatedLearner:
        """A person drawn from the population: ability mostly 0.7–0.95, speed within about ±25 %."""
        return cls(memory, ability=0.5 + 0.45 * rng.betavariate(5, 2), speed=math.exp(rng.gauss(0.0, 0.2)))

    def answer(self, concept_id: str, variant: int, activity_type: str, at: datetime, rng: random.Random) -> Answer:
        """Practise ``variant`` of the concept at ``at``: updates the true memory and returns the answer."""
        practice = self.memory.practise(concept_id, at, variant, rng)
        score = self._score(practice.recalled, rng)
        seconds = self._seconds(activity_type, practice.answer_probability, rng)
        return Answer(practice.recalled, score, seconds, practice.true_recall, practice.answer_probability)

    def _score(self, recalled: bool, rng: random.Random) -> float:
        if recalled:
            if rng.random() < self.ability:
                return 1.0 if rng.random() < 0.75 else rng.uniform(0.9, 1.0)
            return rng.uniform(0.6, 0.9)
        return rng.uniform(0.0, 0.5) if rng.random() < 0.85 else rng.uniform(0.5, 0.75)

    def _seconds(self, activity_type: str, answer_probability: float, rng: random.Random) -> float:
        base = ACTIVITY_SECONDS[activity_type] * self.speed
        seconds = base * (1.25 - _STRONG_RECALL_SPEEDUP * answer_probability) * math.exp(rng.gauss(0.0, 0.15))
        return min(max(seconds, MIN_SECONDS), MAX_SECONDS)


def session_minutes(rng: random.Random, *, typical: float = 7.0) -> float:
    """Minutes a person gives one daily session: mostly ``typical`` ± a few, never under 2 or over 25."""
    return min(max(typical * math.exp(rng.gauss(0.0, 0.35)), 2.0), 25.0)


_SESSION_HOURS = (8, 8, 9, 9, 10, 12, 12, 13, 16, 17, 17, 20)


def session_start(day: date, rng: random.Random) -> datetime:
    """A believable start time (UTC) for a session on ``day``: mornings, lunch and late afternoon."""
    start = time(rng.choice(_SESSION_HOURS), rng.randrange(60), rng.randrange(60))
    return datetime.combine(day, start, tzinfo=UTC)
