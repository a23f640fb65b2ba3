"""Item analytics: how each activity variant performs, and whether memory predictions hold for each concept.

:class:`ItemAnalysis` reads answers one (person, concept) history at a time, oldest first, and keeps only
running totals, so an organization's year of answers streams through it. For each variant it gives
(:class:`VariantStats`) the answers, the people, the mean score, the first-try correct rate (an answer is
correct when it scores at least ``CORRECT_FROM``, the least score rated Good), the discrimination (the
correlation of the answer's score with the score of the module check it was part of: the point-biserial
correlation for answers scored 0 or 1), the share of answers that picked each option or drop target, the
median answer time, and the recall observed at the concept's later *spaced* reviews (a day or more after
the one before) by people who had answered the variant. For each concept it bins the memory model's
predicted recall at every spaced review against what happened (:func:`skillpath.domain.calibration.reliability`),
replaying each history with the organization's FSRS parameters (:func:`skillpath.domain.fitting.replay`).

:func:`item_flags` says what an author should look at, each with its reason. Figures from fewer than
``MIN_ANSWERS`` answers are noise, so only the content-based flag is raised before that: the answer given
away by length, when the correct option (or a scenario's best reply) is strictly the longest of three or more,
measured as ``skillpath lint`` does in :mod:`skillpath.domain.content.cues`. With two options one of them is
always the longer, so a single item says nothing there (lint judges those over a whole package, against chance).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from skillpath.domain.calibration import Bin, Calibration, reliability
from skillpath.domain.content.cues import choice_rank, reply_cues
from skillpath.domain.content.model import Activity, Categorize, Choice, Scenario
from skillpath.domain.fitting import Review, Track, replay
from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import gettext_noop
from skillpath.domain.memory import Rating
from skillpath.domain.rating import HARD_BELOW

CORRECT_FROM = HARD_BELOW
MIN_ANSWERS = 10
TOO_EASY_FROM = 0.95
"""First-try correct rate from which a variant teaches nothing: nearly everyone knew it already."""
TOO_HARD_BELOW = 0.4
"""Mean score below which most answers fail: the question, not the learners, is likely at fault."""
DISCRIMINATION_BELOW = 0.15
"""Correlation with the module result below which a variant says little about who has learned the module."""
UNPICKED_BELOW = 0.02
"""A wrong option chosen by fewer than this share of answers is a distractor nobody picks."""
MIN_PAIRS = 5
MIN_OPTIONS_FOR_CUE = 3


class Flag(StrEnum):
    """English names (stored, exported); translate with ``{% translate flag %}`` / ``_()`` where shown."""

    TOO_EASY = gettext_noop("too easy")
    TOO_HARD = gettext_noop("too hard")
    NOT_DISCRIMINATING = gettext_noop("does not discriminate")
    UNPICKED_DISTRACTOR = gettext_noop("distractor nobody picks")
    LENGTH_CUE = gettext_noop("answer given away by length")


@dataclass(frozen=True)
class Finding:
    flag: Flag
    reason: str


@dataclass(frozen=True)
class Answer:
    """One answer of one person to one variant of a concept."""

    variant: Hashable
    at: datetime
    score: float
    rating: int
    seconds: float | None = None
    module_result: float | None = None
    """The score of the module check the answer was part of (``None`` outside a check)."""
    picks: tuple[str, ...] = ()
    """The options or drop targets chosen (:func:`picks_of`)."""


@dataclass(frozen=True)
class VariantStats:
    attempts: int
    people: int
    mean_score: float
    first_try_correct: float
    discrimination: float | None
    median_seconds: float | None
    picks: Mapping[str, float] = field(default_factory=dict)
    """Option or drop target → share of answers that chose it."""
    later_reviews: int = 0
    later_recalled: int = 0

    @property
    def later_recall(self) -> float | None:
        return self.later_recalled / self.later_reviews if self.later_reviews else None


def correlation(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    """Pearson's r from running sums; ``None`` with fewer than ``MIN_PAIRS`` pairs or a constant side."""
    if n < MIN_PAIRS:
        return None
    vx, vy = n * sxx - sx * sx, n * syy - sy * sy
    if vx <= 1e-12 or vy <= 1e-12:
        return None
    return max(-1.0, min(1.0, (n * sxy - sx * sy) / math.sqrt(vx * vy)))


class _Tally:
    def __init__(self) -> None:
        self.attempts = 0
        self.score_sum = 0.0
        self.people = 0
        self.first_tries = 0
        self.first_correct = 0
        self.sums = [0, 0.0, 0.0, 0.0, 0.0, 0.0]  # n, sx, sy, sxx, syy, sxy
        self.seconds: list[float] = []
        self.picks: Counter[str] = Counter()
        self.later_reviews = 0
        self.later_recalled = 0

    def add(self, answer: Answer) -> None:
        self.attempts += 1
        self.score_sum += answer.score
        if answer.seconds is not None:
            self.seconds.append(answer.seconds)
        self.picks.update(set(answer.picks))
        if answer.module_result is not None:
            x, y = answer.score, answer.module_result
            for i, value in enumerate((1, x, y, x * x, y * y, x * y)):
                self.sums[i] += value

    def result(self) -> VariantStats:
        n = self.attempts
        return VariantStats(
            attempts=n,
            people=self.people,
            mean_score=self.score_sum / n,
            first_try_correct=self.first_correct / self.first_tries,
            discrimination=correlation(int(self.sums[0]), *self.sums[1:]),
            median_seconds=statistics.median(self.seconds) if self.seconds else None,
            picks={key: count / n for key, count in sorted(self.picks.items())},
            later_reviews=self.later_reviews,
            later_recalled=self.later_recalled,
        )


class ItemAnalysis:
    """Running item statistics of many (person, concept) histories (see the module's docstring)."""

    def __init__(self, parameters: Sequence[float], calibration: Calibration | None = None) -> None:
        self._parameters = tuple(parameters)
        self._calibration = calibration
        self._tallies: dict[Hashable, _Tally] = {}
        self._predicted: dict[Hashable, list[float]] = {}
        self._recalled: dict[Hashable, list[bool]] = {}

    def add_history(self, concept: Hashable, history: Iterable[Answer], *, scale: float = 1.0) -> None:
        """One person's answers to ``concept``'s variants; ``scale``: how long their memories last (1 = usual)."""
        answers = sorted(history, key=lambda a: a.at)
        if not answers:
            return
        first_seen: dict[Hashable, float] = {}
        for answer in answers:
            tally = self._tallies.setdefault(answer.variant, _Tally())
            if answer.variant not in first_seen:
                first_seen[answer.variant] = answer.at.timestamp()
                tally.people += 1
                tally.first_tries += 1
                tally.first_correct += answer.score >= CORRECT_FROM
            tally.add(answer)
        track = Track.of(None, concept, [Review(a.at, Rating(a.rating)) for a in answers])
        replayed = replay([track], self._parameters, [scale])
        apply = self._calibration.apply if self._calibration is not None else float
        self._predicted.setdefault(concept, []).extend(apply(r) for r in replayed.recall)
        self._recalled.setdefault(concept, []).extend(replayed.recalled)
        for variant, since in first_seen.items():
            later = [y for y, t in zip(replayed.recalled, replayed.time, strict=True) if t > since]
            self._tallies[variant].later_reviews += len(later)
            self._tallies[variant].later_recalled += sum(later)

    def variants(self) -> dict[Hashable, VariantStats]:
        return {variant: tally.result() for variant, tally in self._tallies.items()}

    def calibration(self) -> dict[Hashable, list[Bin]]:
        """Per concept: predicted against observed recall at its spaced reviews (concepts without one left out)."""
        return {
            concept: reliability(predicted, self._recalled[concept])
            for concept, predicted in self._predicted.items()
            if predicted
        }


def picks_of(activity: Activity, response: Any) -> tuple[str, ...]:
    """The options (``"0"``, ``"1"``, …) or drop targets (category ids) a response chose; () for other types.

    Responses are stored after validation; anything unexpected is ignored rather than trusted."""
    if not isinstance(response, Mapping):
        return ()
    if isinstance(activity, Choice):
        chosen = response.get("selected")
        count = len(activity.options)
        if isinstance(chosen, list):
            return tuple(str(i) for i in chosen if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < count)
    elif isinstance(activity, Categorize):
        placed = response.get("placements")
        ids = {c.id for c in activity.categories}
        if isinstance(placed, list):
            return tuple(p for p in placed if isinstance(p, str) and p in ids)
    return ()


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    correct: bool


def options_of(activity: Activity) -> list[Option]:
    """What :func:`picks_of` counts, as the learner read it: a choice's options (``correct`` as authored),
    a categorize's drop targets (never ``correct``: each is right for some items)."""
    if isinstance(activity, Choice):
        return [Option(str(i), o.text, o.correct) for i, o in enumerate(activity.options)]
    if isinstance(activity, Categorize):
        return [Option(c.id, c.title, False) for c in activity.categories]
    return []


def item_flags(stats: VariantStats | None, activity: Activity) -> list[Finding]:
    """What an author should look at in a variant, each with its reason (see the thresholds above)."""
    findings = _length_findings(activity)
    if stats is None or stats.attempts < MIN_ANSWERS:
        return findings
    first = stats.first_try_correct
    if first >= TOO_EASY_FROM:
        text = _("{percent} answered it correctly at the first try").format(percent=f"{first:.0%}")
        findings.append(Finding(Flag.TOO_EASY, text))
    if stats.mean_score < TOO_HARD_BELOW:
        text = _("the mean score is {percent}").format(percent=f"{stats.mean_score:.0%}")
        findings.append(Finding(Flag.TOO_HARD, text))
    if stats.discrimination is not None and stats.discrimination < DISCRIMINATION_BELOW:
        findings.append(
            Finding(
                Flag.NOT_DISCRIMINATING,
                _(
                    "its scores correlate {correlation} with the module check's result (below {threshold}): "
                    "people who do well on the module do no better on it"
                ).format(correlation=f"{stats.discrimination:.2f}", threshold=f"{DISCRIMINATION_BELOW:.2f}"),
            )
        )
    for option in options_of(activity):
        share = stats.picks.get(option.key, 0.0)
        if isinstance(activity, Choice) and not option.correct and share < UNPICKED_BELOW:
            text = _("“{option}” was chosen in {percent} of answers").format(
                option=option.label, percent=f"{share:.0%}"
            )
            findings.append(Finding(Flag.UNPICKED_DISTRACTOR, text))
    return findings


def _length_findings(activity: Activity) -> list[Finding]:
    single = isinstance(activity, Choice) and not activity.multiple and len(activity.options) >= MIN_OPTIONS_FOR_CUE
    if single and isinstance(activity, Choice) and choice_rank(activity) == "longest":
        text = _("the correct option is the longest of {count}").format(count=len(activity.options))
        return [Finding(Flag.LENGTH_CUE, text)]
    if isinstance(activity, Scenario):
        cued = sorted(
            node
            for node, rank in reply_cues(activity).items()
            if rank == "longest" and len(activity.nodes[node].choices) >= MIN_OPTIONS_FOR_CUE
        )
        if cued:
            text = _("the best reply is the longest of its choices at {nodes}").format(nodes=", ".join(cued))
            return [Finding(Flag.LENGTH_CUE, text)]
    return []
