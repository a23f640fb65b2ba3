"""A multiscale context model of memory (after Mozer, Pashler et al., 2009), with per-concept difficulty.

Memory of a concept is held by traces at several time scales, from hours to a year
(``TIME_CONSTANTS``); each decays exponentially at its own rate, and their weighted sum ``s`` is
the memory's strength. A practice adds to every trace only what the faster traces do not already
hold (an error-correcting cascade): practising while the memory is still strong adds little to the
slow traces, which is the spacing effect. Recall is logistic in ``ln s``.

Unlike the FSRS-shaped and ACT-R truths, a concept's difficulty is shared by everyone: each concept
has a learning rate multiplier drawn once for the course (``seeded_rng("concept", id)``), and each
person a rate and a recall threshold of their own. SkillPath's scheduler was not designed on this model.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime

from skillpath.domain.simulation.truth import GroundTruth, seeded_rng
from skillpath.domain.timeutil import days_between

TIME_CONSTANTS = (1.0, 4.0, 16.0, 64.0, 256.0, 1024.0)
"""Days over which each trace falls to 1/e."""
_WEIGHTS = tuple(tau**-0.15 for tau in TIME_CONSTANTS)
_TOTAL = sum(_WEIGHTS)
_WEIGHTS = tuple(weight / _TOTAL for weight in _WEIGHTS)
CONCEPT_SPREAD = 0.45
"""Standard deviation of ln(concept learning rate) across concepts."""


@dataclass(frozen=True)
class McmTraits:
    """One person's multiscale memory: learning rate, recall threshold (on ``ln s``) and its softness."""

    rate: float = 0.5
    threshold: float = -2.4
    softness: float = 0.6
    initial_recall: float = 0.9

    @classmethod
    def sample(cls, rng: random.Random) -> McmTraits:
        return cls(
            rate=min(0.5 * math.exp(rng.gauss(0.0, 0.25)), 0.95),
            threshold=rng.gauss(-2.4, 0.25),
            initial_recall=min(max(rng.gauss(0.88, 0.05), 0.6), 0.99),
        )


@dataclass
class _Traces:
    rate: float
    levels: list[float] = field(default_factory=lambda: [0.0] * len(TIME_CONSTANTS))
    last: datetime | None = None


def concept_rate(concept_id: str) -> float:
    """The concept's learning-rate multiplier, the same for every person (hard concepts < 1)."""
    return math.exp(seeded_rng("concept", concept_id).gauss(0.0, CONCEPT_SPREAD))


class McmTruth(GroundTruth):
    """True memory as a multiscale context model (see the module docstring)."""

    def __init__(self, traits: McmTraits, seed: int) -> None:
        super().__init__(traits.initial_recall)
        self.traits = traits
        self.seed = seed
        self._traces: dict[str, _Traces] = {}

    @classmethod
    def sample(cls, seed: int) -> McmTruth:
        """A person drawn from the population with ``seed``."""
        return cls(McmTraits.sample(seeded_rng(seed)), seed)

    def strength(self, concept_id: str, at: datetime) -> float:
        traces = self._traces[concept_id]
        elapsed = max(days_between(traces.last, at), 0.0) if traces.last else 0.0
        return math.fsum(
            weight * level * math.exp(-elapsed / tau)
            for weight, level, tau in zip(_WEIGHTS, traces.levels, TIME_CONSTANTS, strict=True)
        )

    def _recall(self, concept_id: str, at: datetime) -> float:
        strength = self.strength(concept_id, at)
        if strength <= 0:
            return 0.0
        exponent = (self.traits.threshold - math.log(strength)) / self.traits.softness
        return 1 / (1 + math.exp(min(exponent, 700.0)))

    def _learn(self, concept_id: str, at: datetime, recalled: bool) -> None:
        rate = min(self.traits.rate * concept_rate(concept_id), 0.95)
        self._traces[concept_id] = _Traces(rate)
        self._practise(concept_id, at, 1.0)

    def _update(self, concept_id: str, at: datetime, recalled: bool, effort: float) -> None:
        self._practise(concept_id, at, effort)

    def _practise(self, concept_id: str, at: datetime, effort: float) -> None:
        traces = self._traces[concept_id]
        elapsed = max(days_between(traces.last, at), 0.0) if traces.last else 0.0
        levels = [level * math.exp(-elapsed / tau) for level, tau in zip(traces.levels, TIME_CONSTANTS, strict=True)]
        held = 0.0
        weight_so_far = 0.0
        for index, (weight, level) in enumerate(zip(_WEIGHTS, levels, strict=True)):
            held += weight * level
            weight_so_far += weight
            error = max(1.0 - held / weight_so_far, 0.0)
            levels[index] = level + traces.rate * max(effort, 0.05) * error
        traces.levels = levels
        traces.last = at
