"""Personal memory parameters: how much longer or shorter one person's memories last than the organization's.

People differ a lot in how fast they forget, and an organization's pooled fit describes the population,
not any one person in it. Averaged together, fast and slow forgetters give a curve flatter than
either group's own. Scheduled with that one curve, the faster forgetters' concepts drop below the
desired retention for part of every interval. One person's reviews are too few to fit FSRS's 21
parameters (a per-person ``fsrs-rs`` fit mostly returns the defaults), but they can pin down one
number: a *scale* ``k`` on every stability (1 = the organization's, 2 = this person's memories last
twice as long).

:func:`fit_memory` is the nightly fit of an organization:

1. The organization's parameters (:func:`~skillpath.domain.fitting.fit_and_evaluate`): fitted on the
   reviews before the split, adopted only when they predict the later ones clearly and materially
   better than the defaults, and then refitted on all the reviews. The newest reviews carry the
   longest intervals, which the older ones cannot show.
2. Each person's memories are replayed with those parameters, and ``u = ln k`` is the value that best
   explains the person's own recalls and failures with every replayed stability multiplied by ``k``.
   A replay with the organization's parameters already absorbs part of a person's difference:
   a recall that comes as a surprise grows the stability more. So this first estimate falls short.
   The memories are replayed once more with the person's first estimate, and the estimate is redone
   from that replay (:func:`_estimate`).
3. Empirical Bayes: how much people really differ (:func:`population_spread`) is estimated from
   everyone's estimates, as their spread minus what each estimate's own uncertainty explains. Each
   person's ``u`` is then shrunk towards 0 (the organization) in proportion. A person with few
   reviews, or uninformative ones, stays close to the organization. If people do not measurably
   differ, nobody gets personal parameters.
4. A check on held-out reviews: ``u`` is fitted on the person's reviews before the split and replayed
   as personal parameters. Those parameters must not predict the person's later reviews clearly
   worse than the organization's (by more than ``WORSE_Z`` standard errors). If they pass, the
   personal parameters are fitted on all the person's reviews.

Why the check asks for "not clearly worse" rather than "clearly better": a person has tens of
held-out reviews, and the standard error of their log loss is as large as the gains at stake.
Requiring a clear gain would keep mostly people whose recent reviews happened to go well (memories
that look stronger than they are) and drop the rest. The shrinkage already keeps each estimate
conservative. The check is there to catch a person whose reviews contradict their estimate. In the
learning-efficiency benchmark (four development seeds), requiring any held-out gain at all per person
left about 1 % less retained per hour under both ground truths than no per-person check. Requiring
a gain of half or one standard error did 5–10 % worse on some seeds under the FSRS-shaped truth
(part of that through when the organization's fit happened to be adopted). Refusing only clear
losses cost nothing beyond seed-to-seed noise.

The scale is written as ordinary FSRS parameters (:func:`scaled_parameters`), so production stores and
replays a person's parameters the way it stores and replays the organization's.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

from skillpath.domain.fitting import (
    DEFAULTS,
    FitReport,
    History,
    ScoredReview,
    compare,
    fit_and_evaluate,
    fit_parameters,
    scored_reviews,
    within_bounds,
)
from skillpath.domain.memory import MemoryModel
from skillpath.domain.timeutil import utc

K = TypeVar("K", bound=Hashable)

MAX_SCALE = 4.0
"""A person's memories are taken to last between a quarter and four times as long as the organization's."""
MIN_TRAIN_REVIEWS = 20
"""Scored reviews a person needs before the split (and in all, to count towards the spread)."""
MIN_HELD_OUT_REVIEWS = 10
"""Scored reviews a person needs after the split, to check their personal parameters."""
WORSE_Z = 1.0
"""Personal parameters are refused when they predict held-out reviews worse by more than this many standard errors."""
_NEWTON_STEPS = 30
_NEWTON_TOLERANCE = 1e-6


class Verdict(StrEnum):
    ADOPTED = "adopted"
    TOO_FEW_REVIEWS = "too few reviews"
    NO_SPREAD = "people do not measurably differ"
    WORSE = "predicted held-out reviews clearly worse"


@dataclass(frozen=True)
class PersonalFit:
    """One person's outcome of the nightly fit.

    ``organization_loss`` and ``personal_loss`` are the held-out log losses of the organization's
    parameters and of the personal parameters fitted on the reviews before the split (equal when there
    was nothing to check).
    """

    verdict: Verdict
    scale: float
    parameters: tuple[float, ...] | None
    reviews: int
    held_out_reviews: int
    organization_loss: float
    personal_loss: float

    @property
    def adopted(self) -> bool:
        return self.parameters is not None


@dataclass(frozen=True)
class MemoryFit(Generic[K]):
    """The nightly fit of an organization: its parameters (``None`` = the defaults) and each person's."""

    organization: FitReport
    parameters: tuple[float, ...] | None
    spread: float
    """Estimated standard deviation of ``ln k`` between people (0 = they do not measurably differ)."""
    people: Mapping[K, PersonalFit]

    def parameters_for(self, person: K) -> tuple[float, ...] | None:
        """The parameters to schedule ``person`` with: their own, else the organization's (``None`` = defaults)."""
        personal = self.people.get(person)
        if personal is not None and personal.parameters is not None:
            return personal.parameters
        return self.parameters


def fit_memory(histories: Mapping[K, Sequence[History]], *, split_at: datetime) -> MemoryFit[K]:
    """Fit the organization's parameters and each person's scale on top (see the module docstring).

    ``histories`` maps each person to their (concept) review histories. Reviews before ``split_at``
    train, later ones test.
    """
    split_at = utc(split_at)
    pooled = [history for person in histories.values() for history in person]
    report = fit_and_evaluate(pooled, split_at=split_at)
    parameters = fit_parameters(pooled) if report.adopted else None
    base = parameters or DEFAULTS
    scored = {person: _scored(base, 0.0, person_histories) for person, person_histories in histories.items()}
    decay = base[20]
    first = {
        person: _estimate(reviews, decay, None)[0]
        for person, reviews in scored.items()
        if len(reviews) >= MIN_TRAIN_REVIEWS
    }
    replays = {person: _scored(base, u, histories[person]) for person, u in first.items()}
    spread = population_spread([_estimate(replays[person], decay, None, start=u) for person, u in first.items()])
    people = {
        person: _personal(
            histories[person], scored[person], base, spread, split_at, first.get(person, 0.0), replays.get(person, [])
        )
        for person in histories
    }
    return MemoryFit(report, parameters, spread, people)


def scaled_parameters(parameters: Sequence[float], scale: float) -> tuple[float, ...]:
    """FSRS parameters under which every stability comes out ``scale`` times what ``parameters`` give.

    The initial stabilities (w0–w3) are multiplied. The gain from a recall (w8) is shifted so that a
    stability ``scale`` times larger grows by the same factor (the gain falls with stability as
    S^-w9). The stability after a lapse (w11) is multiplied by ``scale^(1 - w13)``, exact for
    stabilities well above a day. Same-day reviews are left alone. The result is clamped to the
    bounds the ``fsrs`` package accepts.
    """
    w = list(parameters)
    for index in range(4):
        w[index] *= scale
    w[8] += w[9] * math.log(scale)
    w[11] *= scale ** (1 - w[13])
    return within_bounds(w)


def population_spread(estimates: Sequence[tuple[float, float]]) -> float:
    """How much people's ``ln k`` really differ, from ``(estimate, Fisher information)`` pairs.

    The method of moments: the mean square of the estimates minus their mean sampling variance
    (``1 / information``), floored at 0. The estimates are centred on the organization's model, so
    their mean square is taken around 0.
    """
    usable = [(u, information) for u, information in estimates if information > 0]
    if not usable:
        return 0.0
    mean_square = math.fsum(u * u for u, _ in usable) / len(usable)
    noise = math.fsum(1 / information for _, information in usable) / len(usable)
    return math.sqrt(max(mean_square - noise, 0.0))


def _scored(base: tuple[float, ...], u: float, histories: Sequence[History]) -> list[ScoredReview]:
    """The person's reviews replayed with ``base`` scaled by ``e^u``."""
    model = MemoryModel(parameters=scaled_parameters(base, math.exp(u)) if u else base)
    return [review for history in histories for review in scored_reviews(model, history)]


def _personal(
    histories: Sequence[History],
    scored: list[ScoredReview],
    base: tuple[float, ...],
    spread: float,
    split_at: datetime,
    first: float,
    replay: list[ScoredReview],
) -> PersonalFit:
    """One person's verdict. ``scored``: replayed with ``base``; ``replay``: with their first estimate ``first``."""
    train = [review for review in scored if review.at < split_at]
    held_out = [review.loss for review in scored if review.at >= split_at]
    organization_loss = math.fsum(held_out) / len(held_out) if held_out else 0.0

    def kept(verdict: Verdict, personal_loss: float = organization_loss) -> PersonalFit:
        return PersonalFit(verdict, 1.0, None, len(scored), len(held_out), organization_loss, personal_loss)

    if len(train) < MIN_TRAIN_REVIEWS or len(held_out) < MIN_HELD_OUT_REVIEWS:
        return kept(Verdict.TOO_FEW_REVIEWS)
    if spread == 0:
        return kept(Verdict.NO_SPREAD)
    decay = base[20]
    before = [review for review in replay if review.at < split_at]
    trained = _estimate(before, decay, spread, start=first)[0]
    candidate = _scored(base, trained, histories)
    personal = [review.loss for review in candidate if review.at >= split_at]
    personal_loss = math.fsum(personal) / len(personal)
    if compare(held_out, personal).clearly_worse(WORSE_Z):
        return kept(Verdict.WORSE, personal_loss)
    scale = math.exp(_estimate(candidate, decay, spread, start=trained)[0])
    return PersonalFit(
        Verdict.ADOPTED,
        scale,
        scaled_parameters(base, scale),
        len(scored),
        len(held_out),
        organization_loss,
        personal_loss,
    )


def _estimate(
    reviews: Sequence[ScoredReview], decay: float, prior_sd: float | None, *, start: float = 0.0
) -> tuple[float, float]:
    """``u = ln k`` that best explains ``reviews`` (shrunk towards 0 by a normal prior when ``prior_sd`` is given).

    ``reviews`` were replayed with every stability scaled by ``e^start``. FSRS-6 predicts recall
    ``R = (1 + F·t / (e^(u - start)·S))^-decay`` after ``t`` days at a replayed stability ``S``, with
    ``F = 0.9^(-1/decay) - 1``; this holds the replayed stabilities fixed, which is exact at
    ``u = start`` and close near it. So replay with a first estimate, then estimate again from that
    replay: each pass recovers most of what the one before missed. Fisher scoring. Returns ``u`` and
    the Fisher information at ``u`` (prior included), whose inverse is the estimate's variance.
    """
    factor = 0.9 ** (-1 / decay) - 1
    bound = math.log(MAX_SCALE)
    u = start
    information = 0.0
    for _ in range(_NEWTON_STEPS):
        gradient, information = _score(reviews, decay, factor, u - start)
        if prior_sd is not None:
            gradient -= u / prior_sd**2
            information += 1 / prior_sd**2
        step = max(min(gradient / information, 1.0), -1.0) if information > 0 else 0.0
        moved = max(min(u + step, bound), -bound)
        converged = abs(moved - u) < _NEWTON_TOLERANCE
        u = moved
        if converged:
            break
    return u, information


def _score(reviews: Sequence[ScoredReview], decay: float, factor: float, du: float) -> tuple[float, float]:
    """The log likelihood's slope in ``u`` and the Fisher information, at ``e^du`` times the replayed stabilities."""
    gradient = 0.0
    information = 0.0
    shrink = math.exp(-du)
    for review in reviews:
        x = factor * review.elapsed_days * shrink / review.stability
        log_recall = -decay * math.log1p(x)
        recall = math.exp(log_recall)
        forget = -math.expm1(log_recall)
        if forget <= 0:
            continue  # a prediction of certain recall (no time elapsed) says nothing about the scale
        slope = decay * recall * x / (1 + x)  # dR/du
        gradient += ((1.0 if review.recalled else 0.0) - recall) * slope / (recall * forget)
        information += slope * slope / (recall * forget)
    return gradient, information
