"""Fitting FSRS parameters to a person's or an organization's review histories (``fsrs-rs-python``).

Use :func:`fit_and_evaluate` in the nightly job: it fits on the older reviews, scores the fitted and the
default parameters on the newer ones, and says whether the fit is worth adopting. Pool an
organization's histories: a few hundred reviews of one person rarely move more than the initial
stabilities. Memories are replayed with :class:`~skillpath.domain.memory.MemoryModel`, the model
production schedules with, so the loss measures what the learner would actually get.

Elapsed time is counted in whole days (``timedelta.days``), as the ``fsrs`` package does. A review on
the same day as the previous one is not scored: FSRS predicts a recall of 1.0 for it, and
``fsrs-rs`` does not train on it either (it only ends an item when ``delta_days > 0``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from skillpath.domain.memory import Memory, MemoryModel, Rating
from skillpath.domain.timeutil import utc

DEFAULTS: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
_PROBABILITY_FLOOR = 1e-6  # a prediction of exactly 0 or 1 that turns out wrong would make the loss infinite


@dataclass(frozen=True)
class Review:
    """One review of one (person, concept)."""

    at: datetime
    rating: Rating


History = Sequence[Review]
"""The reviews of one (person, concept), oldest first."""


@dataclass(frozen=True)
class FitReport:
    """What a fit found: the fitted parameters and how both parameter sets predicted held-out reviews."""

    parameters: tuple[float, ...]
    default_loss: float
    fitted_loss: float
    adopted: bool
    train_reviews: int
    test_reviews: int


def fit_parameters(histories: Sequence[History]) -> tuple[float, ...]:
    """FSRS parameters fitted to ``histories``; the defaults when no review came a day or more after another."""
    items = [FSRSItem(reviews) for reviews in _training_prefixes(histories)]
    if not items:
        return DEFAULTS
    fitted = FSRS(list(DEFAULTS)).compute_parameters(items)
    return _within_bounds(fitted)


def log_loss(parameters: Sequence[float], histories: Sequence[History], *, since: datetime | None = None) -> float:
    """Mean binary cross-entropy of FSRS's predicted recall against what happened (recalled = rating > AGAIN).

    Each review after a history's first (and at or after ``since``) is predicted from the memory
    replayed with ``parameters`` over the reviews before it. ``0.0`` when there is no review to score.
    """
    total, count = _loss_sum(MemoryModel(parameters=tuple(parameters)), histories, since)
    return total / count if count else 0.0


def fit_and_evaluate(histories: Sequence[History], *, split_at: datetime) -> FitReport:
    """Fit on the reviews before ``split_at`` and compare fitted and default parameters on the rest.

    The earlier reviews of a history still shape the memory at its later, scored reviews. The fit is
    ``adopted`` only when it predicts the held-out reviews strictly better than the defaults.
    """
    split_at = utc(split_at)
    train = [[review for review in history if utc(review.at) < split_at] for history in histories]
    parameters = fit_parameters(train)
    default_total, test_reviews = _loss_sum(MemoryModel(), histories, split_at)
    if parameters == DEFAULTS:
        fitted_total = default_total
    else:
        fitted_total, _ = _loss_sum(MemoryModel(parameters=parameters), histories, split_at)
    default_loss = default_total / test_reviews if test_reviews else 0.0
    fitted_loss = fitted_total / test_reviews if test_reviews else 0.0
    return FitReport(
        parameters=parameters,
        default_loss=default_loss,
        fitted_loss=fitted_loss,
        adopted=fitted_loss < default_loss,
        train_reviews=sum(_scored_reviews(history) for history in train),
        test_reviews=test_reviews,
    )


def _training_prefixes(histories: Sequence[History]) -> Iterator[list[FSRSReview]]:
    """One prefix per review that came at least a day after the one before it, as ``fsrs-rs`` wants them."""
    for history in histories:
        reviews: list[FSRSReview] = []
        previous: datetime | None = None
        for review in history:
            at = utc(review.at)
            delta_days = 0 if previous is None else (at - previous).days
            reviews.append(FSRSReview(int(review.rating), delta_days))
            if delta_days > 0:
                yield list(reviews)
            previous = at


def _scored_reviews(history: History) -> int:
    return sum(1 for before, after in pairwise(history) if (after.at - before.at).days > 0)


def _loss_sum(model: MemoryModel, histories: Sequence[History], since: datetime | None) -> tuple[float, int]:
    since = None if since is None else utc(since)
    total = 0.0
    count = 0
    for history in histories:
        memory: Memory | None = None
        for review in history:
            at = utc(review.at)
            scored = memory is not None and (at - memory.last_review).days > 0 and (since is None or at >= since)
            if memory is not None and scored:
                total += _cross_entropy(model.retrievability(memory, at), review.rating > Rating.AGAIN)
                count += 1
            memory = model.review(memory, review.rating, at)
    return total, count


def _cross_entropy(predicted: float, recalled: bool) -> float:
    predicted = min(max(predicted, _PROBABILITY_FLOOR), 1 - _PROBABILITY_FLOOR)
    return -math.log(predicted if recalled else 1 - predicted)


def _within_bounds(parameters: Sequence[float]) -> tuple[float, ...]:
    """``fsrs-rs`` and ``fsrs`` bound the parameters slightly differently; ``fsrs`` refuses any outside its own."""
    return tuple(
        min(max(float(value), low), high)
        for value, low, high in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    )
