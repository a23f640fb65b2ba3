"""What the nightly memory fit costs: an organization of N people × C concepts × a year of reviews.

Run from the repository root::

    .venv/bin/python -m bench.fit_cost                      # 1,000 people x 150 concepts x 365 days
    .venv/bin/python -m bench.fit_cost --people 100         # a quick look

Review histories are simulated (not timed): each person's memory follows FSRS with a personal and a
concept scale, concepts are learned over the first 200 days and reviewed around the time their recall
falls to 0.9 (±30 %), each recalled with its true probability. Then
:func:`skillpath.domain.scheduling.fit_organization` runs on them, as the nightly job does once it has
loaded the histories (the organization's FSRS fit, personal and concept scales, calibration, each on
held-out reviews, then refitted on all). Seeds are fixed.
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from skillpath.domain.fitting import Review
from skillpath.domain.memory import MemoryModel, Rating
from skillpath.domain.scheduling import fit_organization

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def histories(people: int, concepts: int, days: int, seed: int) -> dict[int, dict[int, list[Review]]]:
    rng = random.Random(seed)
    concept_scales = {c: math.exp(rng.gauss(0.0, 0.3)) for c in range(concepts)}
    end = START + timedelta(days=days)
    out: dict[int, dict[int, list[Review]]] = {}
    for person in range(people):
        truth = MemoryModel(
            scale=math.exp(rng.gauss(0.0, 0.35)), concept_scales={str(c): s for c, s in concept_scales.items()}
        )
        mine: dict[int, list[Review]] = {}
        for concept in range(concepts):
            at = START + timedelta(days=rng.uniform(0, min(200, days - 1)))
            memory = truth.review(None, Rating.GOOD, at, concept=str(concept))
            history = [Review(at, Rating.GOOD)]
            while True:
                at = memory.last_review + (memory.due - memory.last_review) * rng.uniform(0.7, 1.3)
                if at >= end:
                    break
                rating = Rating.GOOD if rng.random() < truth.retrievability(memory, at) else Rating.AGAIN
                memory = truth.review(memory, rating, at, concept=str(concept))
                history.append(Review(at, rating))
            mine[concept] = history
        out[person] = mine
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--concepts", type=int, default=150)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = histories(args.people, args.concepts, args.days, args.seed)
    simulated = time.perf_counter() - started
    reviews = sum(len(h) for person in data.values() for h in person.values())
    started, cpu = time.perf_counter(), time.process_time()
    proposal = fit_organization(data, until=START + timedelta(days=args.days))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"fit_cost: {args.people} people x {args.concepts} concepts x {args.days} days = {reviews:,} reviews "
        f"(simulated in {simulated:.0f} s)"
    )
    for decision in proposal.decisions:
        print(f"  {decision}")
    print(f"nightly fit (domain, from loaded histories): {elapsed:.1f} s wall, {cpu:.1f} s CPU (one process)")


if __name__ == "__main__":
    main()
