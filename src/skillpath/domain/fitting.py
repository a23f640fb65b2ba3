"""Fitting memory to review histories: replaying them fast, scoring predictions, comparing fits.

A fit is judged the same way everywhere (organization parameters, personal and concept scales,
calibration): the candidate and the current model predict the very same held-out reviews (those at or
after the split), and the candidate is adopted only when its mean per-review log loss is lower by more
than ``ADOPTION_Z`` standard errors of the paired differences (:meth:`Comparison.clearly_better`).
Pairing matters: both predict the same reviews, so what varies between reviews cancels out.

The organization's FSRS parameters come from ``fsrs-rs-python`` (:func:`fit_parameters`) on the
pooled histories. They must also gain at least ``MATERIAL_GAIN`` of the loss: a new fit changes every
schedule, and a pooled fit can earn tiny gains by describing the population's average forgetting
(flatter than anyone's own), whose schedules then leave more concepts below the desired retention.

Elapsed time is counted in whole days (``timedelta.days``), as FSRS does. A review on the same day as
the previous one is not scored: FSRS predicts a recall of 1.0 for it, and ``fsrs-rs`` does not train
on it either.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, STABILITY_MIN, UPPER_BOUNDS_PARAMETERS
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from skillpath.domain.calibration import Calibration
from skillpath.domain.memory import Rating
from skillpath.domain.timeutil import utc

DEFAULTS: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
ADOPTION_Z = 2.0
"""A candidate must predict held-out reviews better by this many standard errors of the paired gain."""
MATERIAL_GAIN = 0.01
"""The organization's parameters must also gain at least this share of the held-out log loss."""
_PROBABILITY_FLOOR = 1e-6  # a prediction of exactly 0 or 1 that turns out wrong would make the loss infinite


@dataclass(frozen=True)
class Review:
    """One review of one (person, concept)."""

    at: datetime
    rating: Rating


History = Sequence[Review]
"""The reviews of one (person, concept), oldest first."""


@dataclass(frozen=True)
class Track:
    """One (person, concept) history prepared for fast replay: ratings, whole days since the previous review, times."""

    person: Hashable
    concept: Hashable
    ratings: tuple[int, ...]
    elapsed: tuple[int, ...]
    times: tuple[float, ...]
    """POSIX seconds of each review."""

    @classmethod
    def of(cls, person: Hashable, concept: Hashable, history: History) -> Track:
        moments = [utc(review.at) for review in history]
        elapsed = [0] + [(later - earlier).days for earlier, later in pairwise(moments)]
        ratings = tuple(int(review.rating) for review in history)
        return cls(person, concept, ratings, tuple(elapsed), tuple(m.timestamp() for m in moments))

    def until(self, moment: float) -> Track:
        """The reviews before ``moment`` (POSIX seconds)."""
        n = sum(1 for t in self.times if t < moment)
        return Track(self.person, self.concept, self.ratings[:n], self.elapsed[:n], self.times[:n])


def tracks_of(histories: Mapping[Any, Mapping[Any, History]]) -> list[Track]:
    """Every non-empty (person, concept) history as a :class:`Track`."""
    return [
        Track.of(person, concept, history)
        for person, concepts in histories.items()
        for concept, history in concepts.items()
        if history
    ]


@dataclass
class Replay:
    """Every scored review of some tracks as one model saw it (parallel lists, one entry per review).

    ``stability`` is the memory's stability just before the review, ``recall`` FSRS's raw predicted
    recall then, ``track`` the index of the review's track.
    """

    track: list[int]
    elapsed: list[int]
    stability: list[float]
    recall: list[float]
    recalled: list[bool]
    time: list[float]

    def __len__(self) -> int:
        return len(self.track)

    def losses(self, calibration: Calibration | None = None, *, since: float | None = None) -> list[float]:
        """Per-review log losses (of the calibrated prediction), only reviews at or after ``since`` if given."""
        apply = calibration.apply if calibration is not None else _identity
        return [
            cross_entropy(apply(r), y)
            for r, y, t in zip(self.recall, self.recalled, self.time, strict=True)
            if since is None or t >= since
        ]


def replay(tracks: Sequence[Track], parameters: Sequence[float], scales: Sequence[float] | None = None) -> Replay:
    """Replay every track with FSRS-6 ``parameters``, each track's memories lasting ``scales[i]`` times as long.

    The same equations as :class:`~skillpath.domain.memory.MemoryModel` (a test keeps them equal), on
    plain numbers: the nightly fit replays an organization's every review several times. ``stability``
    is kept in the model's own units (real stability / scale), as ``MemoryModel`` does.
    """
    w = tuple(parameters)
    decay = w[20]
    factor = 0.9 ** (1 / -decay) - 1
    initial_difficulty = [w[4] - (math.e ** (w[5] * (g - 1))) + 1 for g in range(5)]
    reversion = w[7] * initial_difficulty[4]
    growth_base, forget_cap = math.e ** w[8], math.e ** (w[17] * w[18])
    short = [(math.e ** (w[17] * (g - 3 + w[18]))) for g in range(5)]
    bonus = (1.0, 1.0, w[15], 1.0, w[16])
    out = Replay([], [], [], [], [], [])
    for index, track in enumerate(tracks):
        scale = scales[index] if scales is not None else 1.0
        ratings, elapsed, times = track.ratings, track.elapsed, track.times
        stability = max(w[ratings[0] - 1], STABILITY_MIN)
        difficulty = min(max(initial_difficulty[ratings[0]], 1.0), 10.0)
        for i in range(1, len(ratings)):
            g, t = ratings[i], elapsed[i]
            if t < 1:
                increase = short[g] * (stability ** -w[19])
                stability = max(stability * (max(increase, 1.0) if g > 1 else increase), STABILITY_MIN)
            else:
                recall = (1 + factor * t / (stability * scale)) ** -decay
                out.track.append(index)
                out.elapsed.append(t)
                out.stability.append(stability * scale)
                out.recall.append(recall)
                out.recalled.append(g > 1)
                out.time.append(times[i])
                if g == 1:
                    long_term = (
                        w[11]
                        * (difficulty ** -w[12])
                        * (((stability + 1) ** w[13]) - 1)
                        * (math.e ** ((1 - recall) * w[14]))
                    )
                    stability = max(min(long_term, stability / forget_cap), STABILITY_MIN)
                else:
                    gain = (
                        growth_base
                        * (11 - difficulty)
                        * (stability ** -w[9])
                        * ((math.e ** ((1 - recall) * w[10])) - 1)
                    )
                    stability = max(stability * (1 + gain * bonus[g]), STABILITY_MIN)
            damped = difficulty + (10.0 - difficulty) * -(w[6] * (g - 3)) / 9.0
            difficulty = min(max(reversion + (1 - w[7]) * damped, 1.0), 10.0)
    return out


@dataclass(frozen=True)
class Comparison:
    """Paired comparison of two predictions of the same reviews: the mean per-review gain and its standard error."""

    gain: float
    standard_error: float
    reviews: int

    def clearly_better(self, z: float = ADOPTION_Z) -> bool:
        """The candidate predicts better by more than ``z`` standard errors."""
        return self.reviews > 1 and self.gain > z * self.standard_error


def compare(reference: Sequence[float], candidate: Sequence[float]) -> Comparison:
    """How much lower ``candidate``'s per-review losses are than ``reference``'s on the same reviews."""
    if len(reference) != len(candidate):
        raise ValueError(f"{len(reference)} reference losses but {len(candidate)} candidate losses")
    n = len(reference)
    gains = [before - after for before, after in zip(reference, candidate, strict=True)]
    mean = math.fsum(gains) / n if n else 0.0
    variance = math.fsum((gain - mean) ** 2 for gain in gains) / (n - 1) if n > 1 else 0.0
    return Comparison(mean, math.sqrt(variance / n) if n else 0.0, n)


def fit_parameters(tracks: Sequence[Track]) -> tuple[float, ...]:
    """FSRS parameters fitted to ``tracks`` (``fsrs-rs``); the defaults when no review came a day after another."""
    items = [FSRSItem(reviews) for reviews in _training_prefixes(tracks)]
    if not items:
        return DEFAULTS
    return within_bounds(FSRS(list(DEFAULTS)).compute_parameters(items))


def _training_prefixes(tracks: Sequence[Track]) -> Iterator[list[FSRSReview]]:
    """One prefix per review that came at least a day after the one before it, as ``fsrs-rs`` wants them."""
    for track in tracks:
        reviews: list[FSRSReview] = []
        for rating, elapsed in zip(track.ratings, track.elapsed, strict=True):
            reviews.append(FSRSReview(rating, elapsed))
            if elapsed > 0:
                yield list(reviews)


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values) if values else 0.0


def cross_entropy(predicted: float, recalled: bool) -> float:
    """The log loss of predicting recall with probability ``predicted`` (kept away from 0 and 1)."""
    predicted = min(max(predicted, _PROBABILITY_FLOOR), 1 - _PROBABILITY_FLOOR)
    return -math.log(predicted if recalled else 1 - predicted)


def within_bounds(parameters: Sequence[float]) -> tuple[float, ...]:
    """``fsrs-rs`` and ``fsrs`` bound the parameters slightly differently; keep them within the ``fsrs`` package's."""
    return tuple(
        min(max(float(value), low), high)
        for value, low, high in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    )


def _identity(value: float) -> float:
    return value
