"""The public scheduling API: record reviews, ask what is due and how well it is remembered, refit, adopt.

Production (``skillpath.learning``) and every simulation drive memory the same way. A researcher can
use it directly (see ``docs/memory.md``)::

    org = MemoryScheduler()
    org.record("ana", "pricing/discounts", at, Rating.GOOD)
    org.due("ana", until=now)                    # [(concept, due), ...] oldest first
    org.recall("ana", "pricing/discounts", now)  # predicted probability of recall
    proposal = org.refit(until=now)              # fit organization, people, concepts, calibration
    for decision in proposal.decisions:
        print(decision)                          # each part adopted or rejected, with the reason
    org.adopt(proposal)                          # schedule with what was adopted from now on

:func:`fit_organization` is the fit itself, a pure function of review histories: production calls it
with the histories it loads from the database. Each part is judged on held-out reviews (the latest
``HELD_OUT_SHARE`` of them), trained on the rest, and added only when it predicts them better by more
than noise (:meth:`~skillpath.domain.fitting.Comparison.clearly_better`), in this order:

1. the organization's FSRS parameters, a fresh fit against those in use (and, against the defaults, by a
   material gain, ``MATERIAL_GAIN``);
2. personal scales on top (:mod:`skillpath.domain.personal`);
3. concept scales (concept difficulty) on top of that, estimated jointly with the personal ones;
4. a calibration of the resulting predictions (:mod:`skillpath.domain.calibration`).

What is adopted is then refitted on every review up to ``until`` (the newest reviews carry the
longest intervals), and that is the proposal's :class:`OrganizationFit`.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from skillpath.domain.calibration import Bin, Calibration, fit_calibration, reliability
from skillpath.domain.curriculum import Curriculum
from skillpath.domain.fitting import (
    DEFAULTS,
    MATERIAL_GAIN,
    Comparison,
    History,
    Review,
    Track,
    compare,
    fit_parameters,
    mean,
    replay,
    tracks_of,
)
from skillpath.domain.i18n import gettext_noop
from skillpath.domain.memory import DEFAULT_RETENTION, Memory, MemoryModel, Rating
from skillpath.domain.personal import Scales, estimate_scales
from skillpath.domain.queue import Queue, build_queue
from skillpath.domain.timeutil import utc

P = TypeVar("P", bound=Hashable)
C = TypeVar("C", bound=Hashable)

HELD_OUT_SHARE = 0.2
MIN_REVIEWS = 200
"""Scored reviews (a day or more after the previous one) an organization needs before anything is fitted."""


class Part(StrEnum):
    """English names (stored with each fit); pages translate them where shown (``{% translate part %}``)."""

    ORGANIZATION = gettext_noop("organization parameters")
    PEOPLE = gettext_noop("personal scales")
    CONCEPTS = gettext_noop("concept difficulty")
    CALIBRATION = gettext_noop("calibration")


@dataclass(frozen=True)
class FitOptions:
    """Which parts a refit may adopt (switching one off is how the benchmark's ablations are run)."""

    organization: bool = True
    people: bool = True
    concepts: bool = True
    calibration: bool = True


@dataclass(frozen=True)
class Decision:
    """One part of a refit: adopted or not, and why (held-out log loss gain ± its standard error)."""

    part: Part
    adopted: bool
    reason: str
    gain: float = 0.0
    standard_error: float = 0.0

    def __str__(self) -> str:
        return f"{self.part}: {'adopted' if self.adopted else 'rejected'} ({self.reason})"


@dataclass(frozen=True)
class OrganizationFit(Generic[P, C]):
    """What an organization schedules with: FSRS parameters, calibration, and each person's and concept's scale."""

    parameters: tuple[float, ...] = DEFAULTS
    calibration: Calibration | None = None
    people: Mapping[P, float] = field(default_factory=dict)
    """Stability multiplier per person (absent = 1: the organization's)."""
    concepts: Mapping[C, float] = field(default_factory=dict)
    """Stability multiplier per concept (absent = 1; below 1 = a concept forgotten faster than most)."""

    def model_for(self, person: P | None, desired_retention: float = DEFAULT_RETENTION) -> MemoryModel:
        """The model to schedule ``person`` with (``None``: the organization's, without a personal scale)."""
        return MemoryModel(
            parameters=self.parameters,
            desired_retention=desired_retention,
            scale=self.people.get(person, 1.0) if person is not None else 1.0,
            concept_scales={str(c): s for c, s in self.concepts.items()},
            calibration=self.calibration,
        )


@dataclass(frozen=True)
class FitProposal(Generic[P, C]):
    """A refit's outcome: the fit to adopt (only the parts that passed), each part's decision, and diagnostics."""

    fit: OrganizationFit[P, C]
    decisions: tuple[Decision, ...]
    split_at: datetime | None
    train_reviews: int
    held_out_reviews: int
    scales: Scales = field(default_factory=Scales)
    held_out_before: tuple[Bin, ...] = ()
    """Calibration table of the default model on the held-out reviews."""
    held_out_after: tuple[Bin, ...] = ()
    """...and of the adopted parts (trained before the split) on the same reviews."""

    def decision(self, part: Part) -> Decision:
        return next(d for d in self.decisions if d.part is part)

    def describe(self) -> str:
        if self.split_at is None:
            return self.decisions[0].reason if self.decisions else "nothing to fit"
        parts = "; ".join(str(d) for d in self.decisions)
        return (
            f"{self.train_reviews} reviews before {self.split_at:%Y-%m-%d}, {self.held_out_reviews} held out: {parts}"
        )


def fit_organization(
    histories: Mapping[P, Mapping[C, History]],
    *,
    until: datetime,
    current: OrganizationFit[P, C] | None = None,
    options: FitOptions = FitOptions(),
) -> FitProposal[P, C]:
    """Fit everything an organization schedules with from its review histories up to ``until`` (see module doc).

    ``current`` is the fit in use: its FSRS parameters stay unless a fresh fit beats them (or the
    defaults beat them). The scales and the calibration are re-estimated every time.
    """
    cutoff = utc(until).timestamp()
    tracks = [t.until(cutoff + 1e-6) for t in tracks_of(histories)]
    tracks = [t for t in tracks if t.ratings]
    split = held_out_split(tracks)
    if split is None:
        reason = f"too few reviews to fit (fewer than {MIN_REVIEWS} a day or more apart)"
        return FitProposal(OrganizationFit(), tuple(Decision(part, False, reason) for part in Part), None, 0, 0)
    trial = _Trial(tracks, split, current.parameters if current is not None else DEFAULTS)
    decisions = [trial.organization(options.organization)]
    decisions.append(trial.layer(Part.PEOPLE, options.people))
    decisions.append(trial.layer(Part.CONCEPTS, options.concepts))
    decisions.append(trial.calibrate(options.calibration))
    fit: OrganizationFit[P, C]
    fit, scales = trial.refit_on_all()
    return FitProposal(
        fit,
        tuple(decisions),
        datetime.fromtimestamp(split, UTC),
        trial.train_reviews,
        len(trial.losses),
        scales,
        tuple(trial.before_bins),
        tuple(trial.after_bins()),
    )


def held_out_split(tracks: Sequence[Track]) -> float | None:
    """The moment (POSIX seconds) after which the latest ``HELD_OUT_SHARE`` of scored reviews fall."""
    times = sorted(t for track in tracks for t, e in zip(track.times, track.elapsed, strict=True) if e > 0)
    if len(times) < MIN_REVIEWS:
        return None
    return times[int(len(times) * (1 - HELD_OUT_SHARE))]


class _Trial:
    """The held-out trial of each part in turn; ``losses`` are the held-out losses of what is adopted so far."""

    def __init__(self, tracks: list[Track], split: float, current: tuple[float, ...]) -> None:
        self.tracks, self.split, self.current = tracks, split, current
        seen = replay(tracks, DEFAULTS)
        self.held_out = [i for i, t in enumerate(seen.time) if t >= split]
        self.train_reviews = len(seen) - len(self.held_out)
        self.losses = seen.losses(since=split)
        self.before_bins = _bins(seen.recall, seen.recalled, self.held_out)
        self.parameters = DEFAULTS
        self.refitted = False
        self.people = self.concepts = False
        self.scales = Scales()
        self.calibration: Calibration | None = None

    def organization(self, enabled: bool) -> Decision:
        """A fresh fit (the challenger) against the parameters in use (the champion: the defaults at first).

        The champion is itself checked against the defaults first: parameters that now predict clearly
        worse than the defaults are dropped. The challenger must be clearly better than the champion and,
        against the defaults, materially so.
        """
        if not enabled:
            return Decision(Part.ORGANIZATION, False, "switched off")
        kept = ""
        if self.current != DEFAULTS:
            champion = replay(self.tracks, self.current).losses(since=self.split)
            if not compare(champion, self.losses).clearly_better():
                self.parameters, self.losses, kept = self.current, champion, "; kept the parameters in use"
        train = [t.until(self.split) for t in self.tracks]
        candidate = fit_parameters([t for t in train if t.ratings])
        losses = replay(self.tracks, candidate).losses(since=self.split)
        comparison = compare(self.losses, losses)
        material = self.parameters != DEFAULTS or comparison.gain >= MATERIAL_GAIN * mean(self.losses)
        adopted = comparison.clearly_better() and material
        if adopted:
            self.parameters, self.losses, self.refitted, kept = candidate, losses, True, ""
        small = comparison.clearly_better() and not material
        return _decision(
            Part.ORGANIZATION, adopted, comparison, (f", below the {MATERIAL_GAIN:.0%} needed" if small else "") + kept
        )

    def layer(self, part: Part, enabled: bool) -> Decision:
        if not enabled:
            return Decision(part, False, "switched off")
        people = self.people or part is Part.PEOPLE
        concepts = self.concepts or part is Part.CONCEPTS
        scales = estimate_scales(self.tracks, self.parameters, people=people, concepts=concepts, before=self.split)
        spread = scales.people_spread if part is Part.PEOPLE else scales.concepts_spread
        if spread == 0:
            noun = "people" if part is Part.PEOPLE else "concepts"
            return Decision(part, False, f"{noun} do not measurably differ")
        losses = replay(self.tracks, self.parameters, scales.of(self.tracks)).losses(since=self.split)
        comparison = compare(self.losses, losses)
        adopted = comparison.clearly_better()
        if adopted:
            self.scales, self.losses = scales, losses
            self.people, self.concepts = people, concepts
        return _decision(part, adopted, comparison, f"; spread ×{math.exp(spread):.2f} at one standard deviation")

    def calibrate(self, enabled: bool) -> Decision:
        if not enabled:
            return Decision(Part.CALIBRATION, False, "switched off")
        seen = replay(self.tracks, self.parameters, self.scales.of(self.tracks))
        train = [i for i, t in enumerate(seen.time) if t < self.split]
        candidate = fit_calibration([seen.recall[i] for i in train], [seen.recalled[i] for i in train])
        comparison = compare(self.losses, seen.losses(candidate, since=self.split))
        adopted = comparison.clearly_better()
        if adopted:
            self.calibration, self.losses = candidate, seen.losses(candidate, since=self.split)
        shape = f"; logit offset {candidate.offset:+.2f}, slope {candidate.slope:.2f}"
        return _decision(Part.CALIBRATION, adopted, comparison, shape)

    def after_bins(self) -> list[Bin]:
        seen = replay(self.tracks, self.parameters, self.scales.of(self.tracks))
        apply = self.calibration.apply if self.calibration else float
        return _bins([apply(r) for r in seen.recall], seen.recalled, self.held_out)

    def refit_on_all(self) -> tuple[OrganizationFit[P, C], Scales]:
        parameters = fit_parameters(self.tracks) if self.refitted else self.parameters
        scales = Scales()
        if self.people or self.concepts:
            scales = estimate_scales(self.tracks, parameters, people=self.people, concepts=self.concepts)
        calibration = None
        if self.calibration is not None:
            seen = replay(self.tracks, parameters, scales.of(self.tracks))
            calibration = fit_calibration(seen.recall, seen.recalled)
        people = {p: math.exp(u) for p, u in scales.people.items()}
        concepts = {c: math.exp(v) for c, v in scales.concepts.items()}
        return OrganizationFit(parameters, calibration, people, concepts), scales  # type: ignore[arg-type]


def _decision(part: Part, adopted: bool, comparison: Comparison, detail: str) -> Decision:
    verdict = "clearly better" if comparison.clearly_better() else "not clearly better than noise"
    reason = (
        f"held-out log loss {comparison.gain:+.2g} ± {comparison.standard_error:.2g} per review "
        f"over {comparison.reviews} reviews, {verdict}{detail}"
    )
    return Decision(part, adopted, reason, comparison.gain, comparison.standard_error)


def _bins(predicted: Sequence[float], recalled: Sequence[bool], rows: Sequence[int]) -> list[Bin]:
    return reliability([predicted[i] for i in rows], [recalled[i] for i in rows])


@dataclass
class _Memories:
    memory: dict[Any, Memory] = field(default_factory=dict)
    history: dict[Any, list[Review]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class MemoryScheduler(Generic[P, C]):
    """An organization's memories: every person's reviews of every concept, scheduled with one adopted fit.

    Concepts are identified by any hashable key; the daily queue (:meth:`queue`) wants the
    curriculum's concept keys (strings).
    """

    def __init__(
        self, fit: OrganizationFit[P, C] | None = None, *, desired_retention: float = DEFAULT_RETENTION
    ) -> None:
        self.fit: OrganizationFit[P, C] = fit or OrganizationFit()
        self.desired_retention = desired_retention
        self._people: dict[P, _Memories] = {}
        self._models: dict[P, MemoryModel] = {}

    def model_for(self, person: P) -> MemoryModel:
        """The memory model ``person`` is scheduled with (cached until the next :meth:`adopt`)."""
        model = self._models.get(person)
        if model is None:
            model = self._models[person] = self.fit.model_for(person, self.desired_retention)
        return model

    def record(self, person: P, concept: C, at: datetime, rating: Rating, *, seconds: float | None = None) -> Memory:
        """Record a review (the first one is the practice right after the lesson); returns the new memory."""
        mine = self._people.setdefault(person, _Memories())
        memory = self.model_for(person).review(mine.memory.get(concept), rating, at, concept=str(concept))
        mine.memory[concept] = memory
        mine.history.setdefault(concept, []).append(Review(utc(at), rating))
        if seconds is not None:
            mine.seconds[str(concept)] = seconds
        return memory

    def memory(self, person: P, concept: C) -> Memory | None:
        mine = self._people.get(person)
        return mine.memory.get(concept) if mine else None

    def memories(self, person: P) -> dict[C, Memory]:
        mine = self._people.get(person)
        return dict(mine.memory) if mine else {}

    def due(self, person: P, *, until: datetime) -> list[tuple[C, datetime]]:
        """The person's concepts due at or before ``until``, the earliest first."""
        due = [(c, m.due) for c, m in self.memories(person).items() if m.due <= until]
        return sorted(due, key=lambda item: (item[1], str(item[0])))

    def recall(self, person: P, concept: C, at: datetime) -> float:
        """Predicted probability that ``person`` recalls ``concept`` at ``at`` (0 for a concept never reviewed)."""
        memory = self.memory(person, concept)
        return self.model_for(person).retrievability(memory, at) if memory else 0.0

    def queue(
        self, person: P, curriculum: Curriculum, *, now: datetime, day_end: datetime, budget_minutes: int
    ) -> Queue:
        """Today's queue for ``person`` (:func:`skillpath.domain.queue.build_queue`), modules left to the caller."""
        mine = self._people.get(person, _Memories())
        return build_queue(
            curriculum=curriculum,
            gates={},
            memories={str(c): m for c, m in mine.memory.items()},
            model=self.model_for(person),
            now=now,
            day_end=day_end,
            budget_minutes=budget_minutes,
            review_seconds=mine.seconds,
        )

    def histories(self) -> dict[P, dict[C, list[Review]]]:
        """Every person's review history per concept, oldest first."""
        return {p: dict(mine.history) for p, mine in self._people.items()}

    def refit(self, *, until: datetime, options: FitOptions = FitOptions()) -> FitProposal[P, C]:
        """Fit from every review up to ``until``; nothing changes until :meth:`adopt`."""
        return fit_organization(self.histories(), until=until, current=self.fit, options=options)

    def adopt(self, proposal: FitProposal[P, C]) -> None:
        """Schedule with the proposal's fit from now on: every memory is replayed with it."""
        self.fit = proposal.fit
        self._models.clear()
        for person, mine in self._people.items():
            model = self.model_for(person)
            for concept, history in mine.history.items():
                memory = model.replay([(r.at, r.rating) for r in history], concept=str(concept))
                assert memory is not None
                mine.memory[concept] = memory
