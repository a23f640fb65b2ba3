"""Memory of one concept for one person, modelled with FSRS-6.

The immediate practice after a lesson is the first review: there are no same-day learning steps,
so every review moves the memory straight to its next interval. A concept is due when its predicted
recall falls to the organization's desired retention. No fuzz here: spreading reviews over days is
the daily queue's job (load balancing), where it can see the person's whole load.

The equations are FSRS-6's as the ``fsrs`` package computes them with ``learning_steps=()``,
``relearning_steps=()`` and no fuzz (a test replays random histories through both and compares), written
out here because the nightly fit replays every review of an organization several times and
``fsrs.Scheduler.review_card`` builds a card object per review. Three adaptations sit on top, all
fitted nightly (:mod:`skillpath.domain.scheduling`):

- ``scale``: how much longer (> 1) or shorter this person's memories last than the organization's.
  The stability equations are evaluated on ``stability / scale`` and the result multiplied back,
  while recall is the real one: a person with scale 2 is an FSRS memory whose clock runs at half
  speed, every interval twice as long.
- ``concept_scales``: the same for each concept (hard concepts < 1), multiplied with ``scale``.
- ``calibration``: a monotone correction of FSRS's forgetting curve (:mod:`skillpath.domain.calibration`)
  when the organization's reviews show it predicts recall systematically too high or too low.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import IntEnum
from functools import cached_property

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, STABILITY_MIN, UPPER_BOUNDS_PARAMETERS

from skillpath.domain.calibration import Calibration
from skillpath.domain.timeutil import days_between, utc

DEFAULT_RETENTION = 0.9
SPACED_RECALL_DAYS = 1.0
"""A recall counts as *spaced* when it comes at least this long after the concept's previous review:
by then the answer comes from long-term memory, not from what was just read."""
_MIN_DIFFICULTY, _MAX_DIFFICULTY = 1.0, 10.0


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class Memory:
    """FSRS state of one (person, concept) plus what the product needs to know about its history."""

    stability: float
    difficulty: float
    first_review: datetime
    last_review: datetime
    due: datetime
    reviews: int = 1
    lapses: int = 0
    retained_days: float = 0.0
    """The longest time between first learning and a successful recall (evidence of retention)."""
    retained_at: datetime | None = None
    """When that longest-spaced successful recall happened."""
    last_recall: datetime | None = None
    """The latest successful review after the first (a refresh of the memory)."""
    last_lapse: datetime | None = None
    """When the concept was last forgotten (an Again after the first review); None if never."""
    spaced_recalls: int = 0
    """Successful spaced recalls (``SPACED_RECALL_DAYS`` after the previous review) since the concept
    was learned, or since its last lapse: a lapse shows the memory was lost, so its evidence restarts."""
    held_days: float = 0.0
    """The longest time from learning (or from the last lapse) to a successful recall since then."""

    def retained_for(self, days: float) -> bool:
        """True once the concept was recalled successfully at least ``days`` after it was first learned."""
        return self.retained_days >= days


@dataclass(frozen=True)
class MemoryModel:
    """FSRS-6 with an organization's parameters, desired retention and calibration, and a person's scale.

    ``review(memory, rating, at, concept=key)`` applies the concept's scale too (see the module docstring);
    predicted recall depends only on a memory's stability and the organization's curve, so
    :meth:`retrievability` needs no concept.
    """

    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
    desired_retention: float = DEFAULT_RETENTION
    maximum_interval_days: int = 36500
    scale: float = 1.0
    concept_scales: Mapping[str, float] = field(default_factory=dict)
    calibration: Calibration | None = None

    def __post_init__(self) -> None:
        if not 0.5 < self.desired_retention < 1:
            raise ValueError(f"desired retention must be between 0.5 and 1, got {self.desired_retention}")
        if len(self.parameters) != len(DEFAULT_PARAMETERS):
            raise ValueError(f"expected {len(DEFAULT_PARAMETERS)} FSRS parameters, got {len(self.parameters)}")
        outside = [
            f"parameters[{i}] = {value} is outside [{low}, {high}]"
            for i, (value, low, high) in enumerate(
                zip(self.parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
            )
            if not low <= value <= high
        ]
        if outside:
            raise ValueError("; ".join(outside))
        if not self.scale > 0 or any(not s > 0 for s in self.concept_scales.values()):
            raise ValueError("memory scales must be positive")

    @cached_property
    def _decay(self) -> float:
        return self.parameters[20]

    @cached_property
    def _factor(self) -> float:
        return float(0.9 ** (-1 / self._decay) - 1)

    @cached_property
    def _retention_term(self) -> float:
        """``R^(-1/decay) - 1`` for the desired retention on FSRS's raw curve (an interval is ``S / F`` times it)."""
        raw = self.calibration.raw_for(self.desired_retention) if self.calibration else self.desired_retention
        return float(raw ** (1 / -self._decay) - 1)

    def with_changes(self, **changes: object) -> MemoryModel:
        """A copy with some fields changed (``dataclasses.replace``)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def scale_for(self, concept: str | None) -> float:
        """The stability multiplier for this person and ``concept``."""
        return self.scale * (self.concept_scales.get(concept, 1.0) if concept is not None else 1.0)

    def review(self, memory: Memory | None, rating: Rating, at: datetime, *, concept: str | None = None) -> Memory:
        """The memory after a review at ``at`` (``None`` = first time the person meets the concept)."""
        at = utc(at)
        scale = self.scale_for(concept)
        if memory is None:
            stability = max(self.parameters[rating - 1], STABILITY_MIN) * scale
            difficulty = _clamp(self._initial_difficulty(rating))
            return Memory(stability, difficulty, at, at, self._due(at, stability))
        if at < memory.last_review:
            raise ValueError(f"review at {at} is before the last review {memory.last_review}")
        elapsed = (at - memory.last_review).days
        recall = self.raw_recall_after(memory.stability, elapsed)
        stability = self._next_stability(memory.stability / scale, memory.difficulty, elapsed, recall, rating) * scale
        spacing = days_between(memory.first_review, at)
        retained = rating != Rating.AGAIN and spacing > memory.retained_days
        return replace(
            _evidence_after(memory, rating, at),
            stability=stability,
            difficulty=self._next_difficulty(memory.difficulty, rating),
            last_review=at,
            due=self._due(at, stability),
            reviews=memory.reviews + 1,
            lapses=memory.lapses + (rating == Rating.AGAIN),
            retained_days=spacing if retained else memory.retained_days,
            retained_at=at if retained else memory.retained_at,
            last_recall=at if rating != Rating.AGAIN else memory.last_recall,
        )

    def retrievability(self, memory: Memory, at: datetime) -> float:
        """Predicted probability of recall at ``at`` (elapsed time in whole days, as FSRS counts it)."""
        return self.recall_after(memory.stability, (utc(at) - memory.last_review).days)

    def recall_after(self, stability: float, elapsed_days: float) -> float:
        """Predicted recall ``elapsed_days`` after the last review of a memory of ``stability``.

        Cheap (a power and, when calibrated, a logistic): dashboards evaluate it for every memory of a team.
        """
        raw = (1 + self._factor * max(0.0, elapsed_days) / stability) ** -self._decay
        return self.calibration.apply(raw) if self.calibration else raw

    def mean_recall_after(self, memories: Sequence[tuple[float, int]], days: int) -> float:
        """Mean predicted recall of ``(stability, whole days elapsed already)`` pairs ``days`` later: what
        ``recall_after`` gives, averaged, in one pass (dashboards and levels search along it)."""
        factor, power = self._factor, -self._decay
        raws = [float((1 + factor * max(0, days + since) / stability) ** power) for stability, since in memories]
        if self.calibration is not None:
            apply = self.calibration.apply
            return sum(apply(raw) for raw in raws) / len(raws)
        return sum(raws) / len(raws)

    def raw_recall_after(self, stability: float, elapsed_days: float) -> float:
        """FSRS's own (uncalibrated) recall, as its stability equations use it."""
        return float((1 + self._factor * max(0.0, elapsed_days) / stability) ** -self._decay)

    def replay(self, reviews: Sequence[tuple[datetime, Rating]], *, concept: str | None = None) -> Memory | None:
        """The memory after a history of reviews, oldest first (``None`` for no reviews)."""
        memory = None
        for at, rating in reviews:
            memory = self.review(memory, rating, at, concept=concept)
        return memory

    def _due(self, at: datetime, stability: float) -> datetime:
        """The first whole day after ``at`` on which predicted recall has fallen to the desired retention.

        Rounded up, not to the nearest day (as the ``fsrs`` package does): a review rounded down comes
        while recall is still above the line, which costs reviews and keeps no more in mind.
        """
        days = min(
            max(math.ceil((stability / self._factor) * self._retention_term - 1e-9), 1), self.maximum_interval_days
        )
        return at + timedelta(days=days)

    def _initial_difficulty(self, rating: int) -> float:
        w = self.parameters
        return float(w[4] - (math.e ** (w[5] * (rating - 1))) + 1)

    def _next_difficulty(self, difficulty: float, rating: Rating) -> float:
        w = self.parameters
        damped = difficulty + (10.0 - difficulty) * -(w[6] * (rating - 3)) / 9.0
        return _clamp(w[7] * self._initial_difficulty(Rating.EASY) + (1 - w[7]) * damped)

    def _next_stability(
        self, stability: float, difficulty: float, elapsed_days: int, recall: float, rating: Rating
    ) -> float:
        """FSRS-6's stability (in the model's own units: real stability / scale) after a review at ``recall``."""
        w = self.parameters
        if elapsed_days < 1:
            increase = (math.e ** (w[17] * (rating - 3 + w[18]))) * (stability ** -w[19])
            if rating != Rating.AGAIN:
                increase = max(increase, 1.0)
            return float(max(stability * increase, STABILITY_MIN))
        if rating == Rating.AGAIN:
            long_term = (
                w[11] * (difficulty ** -w[12]) * (((stability + 1) ** w[13]) - 1) * (math.e ** ((1 - recall) * w[14]))
            )
            return float(max(min(long_term, stability / (math.e ** (w[17] * w[18]))), STABILITY_MIN))
        bonus = w[15] if rating == Rating.HARD else w[16] if rating == Rating.EASY else 1.0
        growth = (math.e ** w[8]) * (11 - difficulty) * (stability ** -w[9]) * ((math.e ** ((1 - recall) * w[10])) - 1)
        return float(max(stability * (1 + growth * bonus), STABILITY_MIN))


def _evidence_after(memory: Memory, rating: Rating, at: datetime) -> Memory:
    """``memory`` with the retention evidence of a later review at ``at`` (spaced recalls, lapses)."""
    if rating == Rating.AGAIN:
        return replace(memory, last_lapse=at, spaced_recalls=0, held_days=0.0)
    spaced = days_between(memory.last_review, at) >= SPACED_RECALL_DAYS
    held = days_between(memory.last_lapse or memory.first_review, at)
    return replace(
        memory, spaced_recalls=memory.spaced_recalls + spaced, held_days=max(memory.held_days, held if spaced else 0.0)
    )


def _clamp(difficulty: float) -> float:
    return min(max(difficulty, _MIN_DIFFICULTY), _MAX_DIFFICULTY)
