"""An ACT-R-shaped brain: power-law traces whose sum is the concept's activation (Pavlik & Anderson, 2005).

Every practice leaves a trace that decays as a power of its age (in days). The activation is
``m(t) = ln Σ w_j (t - t_j + ε)^(-d_j)`` and the recall probability ``1 / (1 + exp((τ - m) / s))``.
A trace's decay grows with the activation at the moment it was laid down, ``d_j = c·e^(m(t_j)) + a``:
practising what is already strongly active adds a trace that fades fast, which is the spacing effect.
A person has their own decay intercept ``a`` and threshold ``τ``; each concept shifts ``τ`` a little.
A practice made easy by recognising the question leaves a weaker trace (``w_j`` = the effort).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime

from skillpath.domain.simulation.truth import GroundTruth, seeded_rng

_EPSILON_DAYS = 1 / 24  # a trace's age is never taken below an hour: short-term memory saturates
_SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class ActrTraits:
    """One person's ACT-R memory parameters."""

    decay_intercept: float = 0.18
    decay_scale: float = 0.21
    threshold: float = -0.5
    noise: float = 0.3
    initial_recall: float = 0.9
    concept_spread: float = 0.25

    @classmethod
    def sample(cls, rng: random.Random) -> ActrTraits:
        return cls(
            decay_intercept=0.18 * math.exp(rng.gauss(0.0, 0.2)),
            threshold=rng.gauss(-0.5, 0.2),
            initial_recall=min(max(rng.gauss(0.88, 0.05), 0.6), 0.99),
        )


@dataclass
class _Traces:
    threshold: float
    times: list[float] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    decays: list[float] = field(default_factory=list)


class ActrTruth(GroundTruth):
    """True memory as ACT-R activation (see the module docstring)."""

    def __init__(self, traits: ActrTraits, seed: int) -> None:
        super().__init__(traits.initial_recall)
        self.traits = traits
        self.seed = seed
        self._traces: dict[str, _Traces] = {}

    @classmethod
    def sample(cls, seed: int) -> ActrTruth:
        """A person drawn from the population with ``seed``."""
        return cls(ActrTraits.sample(seeded_rng(seed)), seed)

    def activation(self, concept_id: str, at: datetime) -> float:
        """The concept's activation at ``at`` (``-inf`` before its first practice)."""
        traces = self._traces.get(concept_id)
        if traces is None:
            return -math.inf
        now = _days(at)
        strength = sum(
            weight * max(now - time + _EPSILON_DAYS, _EPSILON_DAYS) ** -decay
            for time, weight, decay in zip(traces.times, traces.weights, traces.decays, strict=True)
            if time <= now
        )
        return math.log(strength) if strength > 0 else -math.inf

    def _recall(self, concept_id: str, at: datetime) -> float:
        activation = self.activation(concept_id, at)
        if activation == -math.inf:
            return 0.0
        exponent = (self._traces[concept_id].threshold - activation) / self.traits.noise
        return 1 / (1 + math.exp(min(exponent, 700.0)))

    def _learn(self, concept_id: str, at: datetime, recalled: bool) -> None:
        shift = seeded_rng(self.seed, concept_id).gauss(0.0, self.traits.concept_spread)
        self._traces[concept_id] = _Traces(self.traits.threshold + shift)
        self._add_trace(concept_id, at, 1.0)

    def _update(self, concept_id: str, at: datetime, recalled: bool, effort: float) -> None:
        self._add_trace(concept_id, at, effort)

    def _add_trace(self, concept_id: str, at: datetime, weight: float) -> None:
        activation = self.activation(concept_id, at)
        decay = self.traits.decay_scale * math.exp(activation) + self.traits.decay_intercept
        traces = self._traces[concept_id]
        traces.times.append(_days(at))
        traces.weights.append(max(weight, 0.05))
        traces.decays.append(decay)


def _days(at: datetime) -> float:
    return at.timestamp() / _SECONDS_PER_DAY
