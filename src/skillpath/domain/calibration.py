"""Calibration: does predicted recall match what people actually recall, and a correction when it does not.

:func:`reliability` bins reviews by predicted recall and puts the observed share of recalls beside
each bin's mean prediction (what an admin's calibration table shows). :func:`fit_calibration` fits a
:class:`Calibration`, ``logit(p) = a + b·logit(R)`` on FSRS's predicted recall ``R``: ``a`` moves the
whole curve up or down, ``b`` bends it. Because FSRS's recall is a monotone function of elapsed time
over stability, this reshapes the forgetting curve itself: when real forgetting follows a power law
with another shape than FSRS's (faster early, slower late), ``b`` captures it. Scheduling stays
exact: a concept is due when the *calibrated* recall falls to the desired retention
(:meth:`Calibration.raw_for` gives the raw recall where that happens).

Whether a calibration is adopted is decided on held-out reviews, like every fit here
(:func:`skillpath.domain.fitting.compare`): it must lower their log loss by more than
``ADOPTION_Z`` standard errors of the paired per-review gains.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

_EPSILON = 1e-6
_NEWTON_STEPS = 25
_RIDGE = 1.0
"""A weak pull of ``(a, b)`` towards ``(0, 1)`` (no correction), worth about one review's evidence."""


@dataclass(frozen=True)
class Calibration:
    """``p = σ(offset + slope·logit(R))``: a monotone correction of FSRS's predicted recall ``R``."""

    offset: float = 0.0
    slope: float = 1.0

    def __post_init__(self) -> None:
        if not self.slope > 0:
            raise ValueError(f"a calibration's slope must be positive (monotone), got {self.slope}")

    def apply(self, raw: float) -> float:
        """The calibrated recall for FSRS's predicted recall ``raw``."""
        if raw >= 1.0:
            return 1.0
        if raw <= 0.0:
            return 0.0
        return _sigmoid(self.offset + self.slope * math.log(raw / (1 - raw)))

    def raw_for(self, recall: float) -> float:
        """The FSRS recall at which the calibrated recall is ``recall`` (the inverse of :meth:`apply`)."""
        return _sigmoid((_logit(recall) - self.offset) / self.slope)

    @property
    def is_identity(self) -> bool:
        return self.offset == 0.0 and self.slope == 1.0


@dataclass(frozen=True)
class Bin:
    """Reviews whose predicted recall fell in ``[low, high)``: how many, what was predicted, what happened."""

    low: float
    high: float
    reviews: int
    predicted: float
    observed: float


def reliability(predicted: Sequence[float], recalled: Sequence[bool], *, edges: Sequence[float] = ()) -> list[Bin]:
    """Predicted against observed recall, binned (empty bins left out).

    ``edges`` default to 0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1: most reviews are predicted near the
    desired retention, so the bins are narrow there.
    """
    edges = tuple(edges) or (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0)
    bins: list[Bin] = []
    for low, high in pairwise(edges):
        last = high == edges[-1]
        inside = [(p, r) for p, r in zip(predicted, recalled, strict=True) if low <= p < high or (last and p == high)]
        if inside:
            n = len(inside)
            bins.append(Bin(low, high, n, math.fsum(p for p, _ in inside) / n, sum(r for _, r in inside) / n))
    return bins


def fit_calibration(predicted: Sequence[float], recalled: Sequence[bool]) -> Calibration:
    """The :class:`Calibration` that best explains ``recalled`` from ``predicted`` (logistic regression).

    Newton's method on the log likelihood with a weak ridge towards no correction, damped steps; the
    slope is kept within [0.2, 5] and the offset within ±5, so the correction stays monotone and bounded.
    """
    xs = [_logit(p) for p in predicted]
    ys = [1.0 if r else 0.0 for r in recalled]
    a, b = 0.0, 1.0
    for _ in range(_NEWTON_STEPS):
        ga, gb = -_RIDGE * a, -_RIDGE * (b - 1)
        haa, hab, hbb = _RIDGE, 0.0, _RIDGE
        for x, y in zip(xs, ys, strict=True):
            p = _sigmoid(a + b * x)
            w = p * (1 - p)
            ga += y - p
            gb += (y - p) * x
            haa += w
            hab += w * x
            hbb += w * x * x
        # Never zero: the ridge keeps det >= _RIDGE**2 > 0 (the data's own part is >= 0 by Cauchy-Schwarz).
        det = haa * hbb - hab * hab
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        da, db = max(min(da, 1.0), -1.0), max(min(db, 0.5), -0.5)  # damped: far from the optimum Newton overshoots
        a, b = max(min(a + da, 5.0), -5.0), min(max(b + db, 0.2), 5.0)
        if abs(da) < 1e-9 and abs(db) < 1e-9:
            break
    return Calibration(a, b)


def _logit(p: float) -> float:
    p = min(max(p, _EPSILON), 1 - _EPSILON)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)
