"""Personal and concept scales: how much longer or shorter memories last for one person, or of one concept.

People differ a lot in how fast they forget, and concepts differ in how fast they are forgotten. An
organization's pooled FSRS fit describes neither: averaged together, fast and slow forgetters give a
curve flatter than either group's own. One person's reviews are too few to fit FSRS's 21 parameters,
but they can pin down one number, a *scale* on every stability: ``k = e^(u_person + v_concept)``
(1 = the organization's; 2 = memories last twice as long; see :class:`~skillpath.domain.memory.MemoryModel`).

:func:`estimate_scales` is hierarchical (empirical Bayes):

1. Every review is replayed with the current scales. For each person, ``u`` is moved to the value that
   best explains their recalls and failures with every replayed stability multiplied by ``e^δ``
   (Fisher scoring, holding the replayed stabilities fixed: exact at ``δ = 0`` and close near it). A
   replay already absorbs part of a difference (a surprising recall grows stability more), so the
   replay is redone with the new scales and the estimate again, for ``ROUNDS`` rounds; concepts take
   their turn after people in each round.
2. How much people (or concepts) really differ is the spread of the raw estimates minus what each
   estimate's own uncertainty explains (:func:`population_spread`, the method of moments).
3. Each estimate is then shrunk towards 0 (the organization) by a normal prior with that spread: a
   person with few or uninformative reviews stays close to the organization, and as evidence grows
   the personal estimate takes over. If people do not measurably differ, everyone keeps scale 1.

Whether the personal (or concept) layer is used at all is decided on held-out reviews by the caller
(:func:`skillpath.domain.scheduling.fit_organization`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from skillpath.domain.fitting import Track, replay

MAX_SCALE = 4.0
"""A person's (or concept's) memories last between a quarter and four times as long as the organization's."""
MIN_REVIEWS = 10
"""Scored reviews a person (or concept) needs before getting a scale of their own."""
ROUNDS = 2
_NEWTON_STEPS = 20
_NEWTON_TOLERANCE = 1e-5


@dataclass(frozen=True)
class Scales:
    """Log-scales ``u`` per person and ``v`` per concept (0 = the organization's), with the estimated spreads."""

    people: Mapping[Hashable, float] = field(default_factory=dict)
    concepts: Mapping[Hashable, float] = field(default_factory=dict)
    people_spread: float = 0.0
    concepts_spread: float = 0.0
    reviews: Mapping[Hashable, int] = field(default_factory=dict)
    """Scored reviews each person had in the estimate."""
    concept_reviews: Mapping[Hashable, int] = field(default_factory=dict)

    def for_track(self, track: Track) -> float:
        """The stability multiplier of one (person, concept)."""
        return math.exp(self.people.get(track.person, 0.0) + self.concepts.get(track.concept, 0.0))

    def of(self, tracks: Sequence[Track]) -> list[float]:
        return [self.for_track(track) for track in tracks]


def estimate_scales(
    tracks: Sequence[Track],
    parameters: Sequence[float],
    *,
    people: bool = True,
    concepts: bool = True,
    before: float | None = None,
) -> Scales:
    """Shrunk log-scales for people and/or concepts from the scored reviews before ``before`` (POSIX seconds)."""
    scales = Scales()
    person_of = [track.person for track in tracks]
    concept_of = [track.concept for track in tracks]
    for _ in range(ROUNDS if people or concepts else 0):
        if people:
            u, spread, counts = _update(tracks, parameters, scales, person_of, scales.people, before)
            scales = Scales(u, scales.concepts, spread, scales.concepts_spread, counts, scales.concept_reviews)
        if concepts:
            v, spread, counts = _update(tracks, parameters, scales, concept_of, scales.concepts, before)
            scales = Scales(scales.people, v, scales.people_spread, spread, scales.reviews, counts)
    return scales


def population_spread(estimates: Sequence[tuple[float, float]]) -> float:
    """How much the groups' log-scales really differ, from ``(estimate, Fisher information)`` pairs.

    The method of moments: the mean square of the estimates minus their mean sampling variance
    (``1 / information``), floored at 0. Estimates are centred on the organization's model, so their
    mean square is taken around 0.
    """
    usable = [(u, information) for u, information in estimates if information > 0]
    if not usable:
        return 0.0
    mean_square = math.fsum(u * u for u, _ in usable) / len(usable)
    noise = math.fsum(1 / information for _, information in usable) / len(usable)
    return math.sqrt(max(mean_square - noise, 0.0))


def _update(
    tracks: Sequence[Track],
    parameters: Sequence[float],
    scales: Scales,
    key_of: Sequence[Hashable],
    current: Mapping[Hashable, float],
    before: float | None,
) -> tuple[dict[Hashable, float], float, dict[Hashable, int]]:
    """One level's new log-scales (people's or concepts'), its spread and each group's scored reviews."""
    seen = replay(tracks, parameters, scales.of(tracks))
    decay = parameters[20]
    factor = 0.9 ** (-1 / decay) - 1
    groups: dict[Hashable, _Group] = defaultdict(_Group)
    for track, moment, elapsed, stability, recalled in zip(
        seen.track, seen.time, seen.elapsed, seen.stability, seen.recalled, strict=True
    ):
        if before is None or moment < before:
            group = groups[key_of[track]]
            group.x.append(factor * elapsed / stability)
            group.y.append(1.0 if recalled else 0.0)
    raw = {
        key: _estimate(group, decay, current.get(key, 0.0), None)
        for key, group in groups.items()
        if len(group.x) >= MIN_REVIEWS
    }
    spread = population_spread(list(raw.values()))
    shrunk = {}
    if spread > 0:
        for key, (u, information) in raw.items():
            guess = u * information / (information + spread**-2) if information > 0 else 0.0
            shrunk[key] = _estimate(groups[key], decay, current.get(key, 0.0), spread, guess)[0]
    return shrunk, spread, {key: len(group.x) for key, group in groups.items()}


@dataclass
class _Group:
    """One person's (or concept's) scored reviews: ``F·t / S`` at the replayed scale, and recalled (1) or not (0)."""

    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)


def _estimate(
    group: _Group, decay: float, start: float, prior_sd: float | None, initial: float | None = None
) -> tuple[float, float]:
    """``u`` that best explains the group's reviews (shrunk towards 0 by a normal prior when ``prior_sd`` is given).

    The reviews were replayed at log-scale ``start``. FSRS-6 predicts recall
    ``R = (1 + F·t / (e^(u - start)·S))^-decay`` after ``t`` days at a replayed stability ``S``, with
    ``F = 0.9^(-1/decay) - 1``. Fisher scoring from ``initial`` (default ``start``). Returns ``u`` and
    the Fisher information at ``u`` (prior included), whose inverse is the estimate's variance.
    """
    bound = math.log(MAX_SCALE)
    u = start if initial is None else initial
    information = 0.0
    for _ in range(_NEWTON_STEPS):
        gradient, information = _score(group, decay, u - start)
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


def _score(group: _Group, decay: float, du: float) -> tuple[float, float]:
    """The log likelihood's slope in ``u`` and the Fisher information, at ``e^du`` times the replayed stabilities."""
    gradient = 0.0
    information = 0.0
    shrink = math.exp(-du)
    for x0, y in zip(group.x, group.y, strict=True):
        x = x0 * shrink
        recall = (1.0 + x) ** -decay
        forget = 1.0 - recall
        if forget <= 1e-12:
            continue  # a prediction of certain recall says nothing about the scale
        slope = decay * recall * x / (1 + x)  # dR/du
        weight = slope / (recall * forget)
        gradient += (y - recall) * weight
        information += slope * weight
    return gradient, information
