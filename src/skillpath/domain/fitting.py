"""Fitting FSRS parameters to a person's or an organization's review histories (``fsrs-rs-python``).

Use :func:`fit_and_evaluate` in the nightly job: it fits on the older reviews, scores the fitted and the
default parameters on the newer ones, and says whether the fit is worth adopting. Pool an
organization's histories: a few hundred reviews of one person rarely move more than the initial
stabilities (:mod:`skillpath.domain.personal` fits what one person's reviews can tell). Memories are
replayed with :class:`~skillpath.domain.memory.MemoryModel`, the model production schedules with, so
the loss measures what the learner would actually get.

A fit is adopted only when its held-out gain is both beyond noise and material: the mean per-review
gain must exceed ``ADOPTION_Z`` standard errors of the paired differences (both parameter sets predict
the very same reviews, so the comparison is paired) and be at least ``MATERIAL_GAIN`` of the defaults'
loss. A new fit changes every schedule of the organization, so it has to buy more than a detectable
improvement. On a large organization, gains of 0.1–0.4 % of the loss pass a significance test. A pooled
fit can earn such gains by describing the population's average forgetting (flatter than anyone's own,
since fast and slow forgetters are mixed), and its schedules then leave more concepts below the desired
retention than the defaults do. That is what happened in the learning-efficiency benchmark under
the FSRS-shaped truth. Under the ACT-R truth, where the defaults' curve shape is wrong, the gains were
3–9 %.

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
ADOPTION_Z = 2.0
"""A fit must beat the defaults by this many standard errors of the paired held-out gain..."""
MATERIAL_GAIN = 0.01
"""...and by at least this share of the defaults' held-out log loss."""
_PROBABILITY_FLOOR = 1e-6  # a prediction of exactly 0 or 1 that turns out wrong would make the loss infinite


@dataclass(frozen=True)
class Review:
    """One review of one (person, concept)."""

    at: datetime
    rating: Rating


History = Sequence[Review]
"""The reviews of one (person, concept), oldest first."""


@dataclass(frozen=True)
class ScoredReview:
    """A review that came a day or more after the one before it, as the memory model saw it."""

    at: datetime
    elapsed_days: int
    stability: float
    """The memory's stability just before the review (days until predicted recall falls to 0.9)."""
    recalled: bool
    loss: float
    """Cross-entropy of the predicted recall against what happened."""


@dataclass(frozen=True)
class Comparison:
    """Paired comparison of two predictions of the same reviews: the mean per-review gain and its standard error."""

    gain: float
    standard_error: float
    reviews: int

    def clearly_better(self, z: float = ADOPTION_Z) -> bool:
        """The candidate predicts better by more than ``z`` standard errors."""
        return self.gain > z * self.standard_error

    def clearly_worse(self, z: float) -> bool:
        """The candidate predicts worse by more than ``z`` standard errors."""
        return self.gain < -z * self.standard_error


@dataclass(frozen=True)
class FitReport:
    """What a fit found: the fitted parameters and how both parameter sets predicted held-out reviews."""

    parameters: tuple[float, ...]
    default_loss: float
    fitted_loss: float
    adopted: bool
    train_reviews: int
    test_reviews: int
    standard_error: float = 0.0
    """Standard error of the held-out gain ``default_loss - fitted_loss`` (paired over the same reviews)."""


def fit_parameters(histories: Sequence[History]) -> tuple[float, ...]:
    """FSRS parameters fitted to ``histories``; the defaults when no review came a day or more after another."""
    items = [FSRSItem(reviews) for reviews in _training_prefixes(histories)]
    if not items:
        return DEFAULTS
    fitted = FSRS(list(DEFAULTS)).compute_parameters(items)
    return within_bounds(fitted)


def log_loss(parameters: Sequence[float], histories: Sequence[History], *, since: datetime | None = None) -> float:
    """Mean binary cross-entropy of FSRS's predicted recall against what happened (recalled = rating > AGAIN).

    Each review after a history's first (and at or after ``since``) is predicted from the memory
    replayed with ``parameters`` over the reviews before it. ``0.0`` when there is no review to score.
    """
    losses = _losses(MemoryModel(parameters=tuple(parameters)), histories, since)
    return math.fsum(losses) / len(losses) if losses else 0.0


def scored_reviews(model: MemoryModel, history: History) -> list[ScoredReview]:
    """Replay ``history`` with ``model`` and score each review that came a day or more after the previous one."""
    scored: list[ScoredReview] = []
    memory: Memory | None = None
    for review in history:
        at = utc(review.at)
        if memory is not None and (elapsed := (at - memory.last_review).days) > 0:
            recalled = review.rating > Rating.AGAIN
            loss = cross_entropy(model.retrievability(memory, at), recalled)
            scored.append(ScoredReview(at, elapsed, memory.stability, recalled, loss))
        memory = model.review(memory, review.rating, at)
    return scored


def compare(reference: Sequence[float], candidate: Sequence[float]) -> Comparison:
    """How much lower ``candidate``'s per-review losses are than ``reference``'s on the same reviews."""
    if len(reference) != len(candidate):
        raise ValueError(f"{len(reference)} reference losses but {len(candidate)} candidate losses")
    n = len(reference)
    gains = [before - after for before, after in zip(reference, candidate, strict=True)]
    mean = math.fsum(gains) / n if n else 0.0
    variance = math.fsum((gain - mean) ** 2 for gain in gains) / (n - 1) if n > 1 else 0.0
    return Comparison(mean, math.sqrt(variance / n) if n else 0.0, n)


def fit_and_evaluate(histories: Sequence[History], *, split_at: datetime) -> FitReport:
    """Fit on the reviews before ``split_at`` and compare fitted and default parameters on the rest.

    The earlier reviews of a history still shape the memory at its later, scored reviews. The fit is
    ``adopted`` only when it predicts the held-out reviews clearly (:meth:`Comparison.clearly_better`)
    and materially (``MATERIAL_GAIN``) better than the defaults.
    """
    split_at = utc(split_at)
    train = [[review for review in history if utc(review.at) < split_at] for history in histories]
    parameters = fit_parameters(train)
    default_losses = _losses(MemoryModel(), histories, split_at)
    if parameters == DEFAULTS:
        fitted_losses = default_losses
    else:
        fitted_losses = _losses(MemoryModel(parameters=parameters), histories, split_at)
    test_reviews = len(default_losses)
    comparison = compare(default_losses, fitted_losses)
    default_loss = math.fsum(default_losses) / test_reviews if test_reviews else 0.0
    return FitReport(
        parameters=parameters,
        default_loss=default_loss,
        fitted_loss=math.fsum(fitted_losses) / test_reviews if test_reviews else 0.0,
        adopted=comparison.clearly_better() and comparison.gain >= MATERIAL_GAIN * default_loss,
        train_reviews=sum(_scored_reviews(history) for history in train),
        test_reviews=test_reviews,
        standard_error=comparison.standard_error,
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


def _losses(model: MemoryModel, histories: Sequence[History], since: datetime | None) -> list[float]:
    since = None if since is None else utc(since)
    return [
        scored.loss
        for history in histories
        for scored in scored_reviews(model, history)
        if since is None or scored.at >= since
    ]


def cross_entropy(predicted: float, recalled: bool) -> float:
    """The log loss of predicting recall with probability ``predicted`` (kept away from 0 and 1)."""
    predicted = min(max(predicted, _PROBABILITY_FLOOR), 1 - _PROBABILITY_FLOOR)
    return -math.log(predicted if recalled else 1 - predicted)


def within_bounds(parameters: Sequence[float]) -> tuple[float, ...]:
    """``fsrs-rs`` and ``fsrs`` bound the parameters slightly differently; ``fsrs`` refuses any outside its own."""
    return tuple(
        min(max(float(value), low), high)
        for value, low, high in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    )
