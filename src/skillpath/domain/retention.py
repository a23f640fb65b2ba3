"""Retention that pays: the workload / retention trade-off of an organization's own memory model.

A higher desired retention keeps ideas fresher but brings them back more often. :func:`retention_tradeoff`
shows what each choice costs under the organization's fitted model: a year of one concept, learned on
day 0 and reviewed whenever it falls due, simulated for many memories (each review recalled with the
model's predicted probability, with the same random draws for every choice, so rows differ only by the
choice). Each row gives the review time a concept needs in its first year (in reviews; a forgotten
one costs ``LAPSE_COST`` reviews, since the idea is relearned), the mean predicted recall over that
year, and their ratio, the reviews paid per concept kept in mind.

:func:`recommended_retention` is the choice among ``CHOICES`` that pays best: the fewest reviews per
concept kept in mind. Below ``LOWEST_RECOMMENDED`` ideas would routinely drift towards the line where
skills show as fading (0.70), so lower choices are shown but never recommended. An organization keeps
``DEFAULT_RETENTION`` until its own model is fitted (``enough_data``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from skillpath.domain.memory import DEFAULT_RETENTION, MemoryModel, Rating

CHOICES = (0.75, 0.8, 0.83, 0.85, 0.87, 0.9, 0.92, 0.94, 0.95, 0.97)
LOWEST_RECOMMENDED = 0.8
HORIZON_DAYS = 365
MEMORIES = 200
LAPSE_COST = 2.5
"""A forgotten review costs this many reviews' time: the learner reads the explanation and relearns the idea."""
_START = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class RetentionPoint:
    """One choice of desired retention and what it costs in a concept's first year."""

    retention: float
    reviews: float
    """Review time per concept in its first year, in reviews (a lapse counts ``LAPSE_COST``)."""
    mean_recall: float
    """Mean predicted recall over the year."""

    @property
    def reviews_per_recall(self) -> float:
        """Reviews paid per concept kept in mind (lower pays better)."""
        return self.reviews / self.mean_recall if self.mean_recall else math.inf


def retention_tradeoff(
    model: MemoryModel, *, choices: tuple[float, ...] = CHOICES, seed: int = 0
) -> list[RetentionPoint]:
    """The trade-off table for ``model`` (its parameters, calibration and scales; its own retention is ignored)."""
    return [_simulate(model.with_changes(desired_retention=choice), seed) for choice in choices]


def recommended_retention(points: list[RetentionPoint]) -> float:
    """The choice at or above ``LOWEST_RECOMMENDED`` with the fewest reviews per concept kept in mind."""
    eligible = [p for p in points if p.retention >= LOWEST_RECOMMENDED] or points
    return min(eligible, key=lambda p: (p.reviews_per_recall, -p.retention)).retention


def _simulate(model: MemoryModel, seed: int) -> RetentionPoint:
    rng = random.Random(seed)  # noqa: S311 - a simulation, not security
    end = _START + timedelta(days=HORIZON_DAYS)
    reviews, recall_days = 0.0, 0.0
    for _ in range(MEMORIES):
        memory = model.review(None, Rating.GOOD, _START)
        while True:
            stop = min(memory.due, end)
            recall_days += _recall_integral(model, memory.stability, (stop - memory.last_review).days)
            if memory.due >= end:
                break
            recalled = rng.random() < model.retrievability(memory, memory.due)
            memory = model.review(memory, Rating.GOOD if recalled else Rating.AGAIN, memory.due)
            reviews += 1 if recalled else LAPSE_COST
    return RetentionPoint(model.desired_retention, reviews / MEMORIES, recall_days / (MEMORIES * HORIZON_DAYS))


def _recall_integral(model: MemoryModel, stability: float, days: int) -> float:
    """Predicted recall integrated over an interval of ``days`` (Simpson's rule on the calibrated curve)."""
    # No guard for empty intervals: a memory is never due less than a whole day after its last review
    # (and an interval of 0 days would integrate to 0.0 anyway).
    steps = 8
    width = days / steps
    total = model.recall_after(stability, 0) + model.recall_after(stability, days)
    total += math.fsum((4 if i % 2 else 2) * model.recall_after(stability, i * width) for i in range(1, steps))
    return total * width / 3


def minutes_per_day(point: RetentionPoint, *, concepts: float, seconds_per_review: float) -> float:
    """Forecast review minutes per day for a person who keeps ``concepts`` in mind at ``point``: each concept's
    first-year review time (lapses included) spread over the year, at ``seconds_per_review`` a review."""
    return concepts * point.reviews / HORIZON_DAYS * seconds_per_review / 60


def enough_data(fitted: bool) -> bool:
    """Whether an organization may move away from the default retention: only once its own model is fitted."""
    return fitted


__all__ = [
    "DEFAULT_RETENTION",
    "RetentionPoint",
    "enough_data",
    "minutes_per_day",
    "recommended_retention",
    "retention_tradeoff",
]
