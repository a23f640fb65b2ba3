"""An FSRS-shaped brain: FSRS-6's equations with each person's own parameters, in continuous time.

A person's parameters vary around the FSRS defaults by lognormal multipliers (on the initial
stabilities, on the stability gained by a recall and on the stability kept after a lapse), and each
concept is harder or easier for that person. A true recall counts as Good, a failure as Again.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime

from fsrs.scheduler import DEFAULT_PARAMETERS

from skillpath.domain.simulation.truth import GroundTruth, seeded_rng
from skillpath.domain.timeutil import days_between

_W = tuple(DEFAULT_PARAMETERS)
_DECAY = _W[20]
_FACTOR = 0.9 ** (-1 / _DECAY) - 1
_MIN_STABILITY = 0.01
_AGAIN, _GOOD, _EASY = 1, 3, 4


@dataclass(frozen=True)
class FsrsTraits:
    """How one person's memory departs from the FSRS defaults (multipliers; 1 = default)."""

    initial_stability: float = 1.0
    growth: float = 1.0
    forgetting: float = 1.0
    initial_recall: float = 0.9
    concept_spread: float = 1.0

    @classmethod
    def sample(cls, rng: random.Random) -> FsrsTraits:
        return cls(
            initial_stability=math.exp(rng.gauss(0.0, 0.4)),
            growth=math.exp(rng.gauss(0.0, 0.25)),
            forgetting=math.exp(rng.gauss(0.0, 0.25)),
            initial_recall=min(max(rng.gauss(0.88, 0.05), 0.6), 0.99),
            concept_spread=1.5,
        )


@dataclass
class _State:
    stability: float
    difficulty: float
    last: datetime
    difficulty_offset: float


class FsrsTruth(GroundTruth):
    """True memory following FSRS-6 with per-person parameters (see the module docstring)."""

    def __init__(self, traits: FsrsTraits, seed: int) -> None:
        super().__init__(traits.initial_recall)
        self.traits = traits
        self.seed = seed
        self._states: dict[str, _State] = {}

    @classmethod
    def sample(cls, seed: int) -> FsrsTruth:
        """A person drawn from the population with ``seed``."""
        return cls(FsrsTraits.sample(seeded_rng(seed)), seed)

    def _recall(self, concept_id: str, at: datetime) -> float:
        state = self._states[concept_id]
        return _retrievability(max(days_between(state.last, at), 0.0), state.stability)

    def _learn(self, concept_id: str, at: datetime, recalled: bool) -> None:
        grade = _GOOD if recalled else _AGAIN
        offset = seeded_rng(self.seed, concept_id).gauss(0.0, self.traits.concept_spread)
        difficulty = _clamp_difficulty(_initial_difficulty(grade) + offset)
        stability = max(_W[grade - 1] * self.traits.initial_stability, _MIN_STABILITY)
        self._states[concept_id] = _State(stability, difficulty, at, offset)

    def _update(self, concept_id: str, at: datetime, recalled: bool, effort: float) -> None:
        state = self._states[concept_id]
        elapsed = max(days_between(state.last, at), 0.0)
        grade = _GOOD if recalled else _AGAIN
        if elapsed < 1:
            stability = _short_term_stability(state.stability, grade)
        elif recalled:
            stability = self._recall_stability(state, _retrievability(elapsed, state.stability), effort)
        else:
            stability = self._forget_stability(state, _retrievability(elapsed, state.stability))
        state.stability = max(stability, _MIN_STABILITY)
        state.difficulty = _next_difficulty(state.difficulty, grade, state.difficulty_offset)
        state.last = at

    def _recall_stability(self, state: _State, retrievability: float, effort: float) -> float:
        increase = (
            math.exp(_W[8])
            * self.traits.growth
            * (11 - state.difficulty)
            * math.pow(state.stability, -_W[9])
            * (math.exp((1 - retrievability) * _W[10]) - 1)
        )
        return state.stability * (1 + effort * increase)

    def _forget_stability(self, state: _State, retrievability: float) -> float:
        long_term = (
            _W[11]
            * self.traits.forgetting
            * math.pow(state.difficulty, -_W[12])
            * (math.pow(state.stability + 1, _W[13]) - 1)
            * math.exp((1 - retrievability) * _W[14])
        )
        return min(long_term, state.stability / math.exp(_W[17] * _W[18]))


def _retrievability(elapsed_days: float, stability: float) -> float:
    return math.pow(1 + _FACTOR * elapsed_days / stability, -_DECAY)


def _initial_difficulty(grade: int) -> float:
    return _W[4] - math.exp(_W[5] * (grade - 1)) + 1


def _clamp_difficulty(difficulty: float) -> float:
    return min(max(difficulty, 1.0), 10.0)


def _next_difficulty(difficulty: float, grade: int, offset: float) -> float:
    damped = difficulty + (10 - difficulty) * -(_W[6] * (grade - 3)) / 9
    reverted = _W[7] * _clamp_difficulty(_initial_difficulty(_EASY) + offset) + (1 - _W[7]) * damped
    return _clamp_difficulty(reverted)


def _short_term_stability(stability: float, grade: int) -> float:
    increase = math.exp(_W[17] * (grade - 3 + _W[18])) * math.pow(stability, -_W[19])
    if grade > _AGAIN:
        increase = max(increase, 1.0)
    return stability * increase
