"""Simulated review histories for the memory-fitting tests: people (and concepts) with known scales."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

from skillpath.domain.calibration import Calibration
from skillpath.domain.fitting import Review
from skillpath.domain.memory import MemoryModel, Rating

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def organization(
    people: dict[str, float],
    *,
    concepts: int = 20,
    concept_scales: dict[str, float] | None = None,
    until: int = 120,
    seed: int = 1,
    timing: tuple[float, float] = (0.6, 1.4),
    days_apart: tuple[int, int] | None = None,
    calibration: Calibration | None = None,
) -> dict[str, dict[str, list[Review]]]:
    """Each person's histories when their memory follows FSRS with their scale (and each concept's).

    Reviews come between ``timing`` times the interval the person's own memory would ask for (by
    default 0.6–1.4, as under a scheduler with roughly the right idea of them); each is recalled with
    its true probability. ``days_apart``: reviews come instead 1–30 (say) days apart whatever the
    memory, as under a scheduler that knows nothing of the person. ``calibration`` bends the true
    forgetting curve away from FSRS's own shape.
    """
    rng = random.Random(seed)
    scales = concept_scales or {}
    out: dict[str, dict[str, list[Review]]] = {}
    for person, scale in people.items():
        truth = MemoryModel(scale=scale, concept_scales=scales, calibration=calibration)
        mine: dict[str, list[Review]] = {}
        for index in range(concepts):
            concept = f"m/c{index}"
            at = day(rng.uniform(0, until / 3))
            memory = truth.review(None, Rating.GOOD, at, concept=concept)
            history = [Review(at, Rating.GOOD)]
            while True:
                if days_apart is None:
                    # FSRS's stability is the time recall takes to fall to 0.9: the interval to the line.
                    at = memory.last_review + timedelta(days=memory.stability) * rng.uniform(*timing)
                else:
                    at = memory.last_review + timedelta(days=rng.randint(*days_apart), hours=rng.uniform(0, 2))
                if at >= day(until):
                    break
                rating = Rating.GOOD if rng.random() < truth.retrievability(memory, at) else Rating.AGAIN
                memory = truth.review(memory, rating, at, concept=concept)
                history.append(Review(at, rating))
            mine[concept] = history
        out[person] = mine
    return out


def lognormal_people(count: int, spread: float, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    return {f"p{i:03d}": math.exp(rng.gauss(0.0, spread)) for i in range(count)}
