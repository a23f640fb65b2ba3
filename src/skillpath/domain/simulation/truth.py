"""What every simulated brain shares: practising a concept, and recognising a question seen recently.

A ground truth is the simulated learner's real memory, independent of any scheduler under test. Each
concept can be asked through several *variants* (different questions on the same idea). Seeing the
very same variant again soon lets a learner recognise the question and answer it without recalling
the concept: the observed answer is inflated, and the practice adds less true memory because the
retrieval was easier; a right answer owed to recognition alone is, for true memory, a failed
recall. A variant not seen recently measures true memory and trains it fully.

The recognition figures below are assumptions, not measurements: half of the forgotten answers are
rescued by recognising a question seen just before, fading with a one-week time constant.
"""

from __future__ import annotations

import math
import random
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from skillpath.domain.timeutil import days_between, utc

RECOGNITION_PEAK = 0.5
"""Share of forgotten answers rescued by recognising the very same question just after seeing it."""
RECOGNITION_DAYS = 7.0
"""Time constant (days) over which recognising a specific question fades."""
RECOGNITION_DAMPING = 1.0
"""How much recognition takes away from what a successful practice adds to true memory (0 = nothing)."""


def seeded_rng(*parts: object) -> random.Random:
    """A generator seeded from ``parts`` (joined as text, so the stream is the same on every run and machine)."""
    return random.Random("/".join(str(part) for part in parts))  # noqa: S311 - simulation, not security


@dataclass(frozen=True)
class Practice:
    """The outcome of practising one variant of a concept.

    ``recalled`` is what an observer sees (right answer); ``truly_recalled`` whether the concept itself
    was recalled. ``true_recall`` and ``answer_probability`` are the probabilities just before.
    """

    recalled: bool
    truly_recalled: bool
    true_recall: float
    answer_probability: float


class GroundTruth(ABC):
    """A simulated brain: the true memory of each concept it has practised.

    Unseen concepts have a recall probability of 0; the first practice of a concept comes right after
    its lesson, so its recall then is the person's ``initial_recall``.
    """

    def __init__(self, initial_recall: float) -> None:
        self.initial_recall = initial_recall
        self._seen: dict[str, dict[int, datetime]] = {}

    def knows(self, concept_id: str) -> bool:
        return concept_id in self._seen

    def recall_probability(self, concept_id: str, at: datetime) -> float:
        """The true probability of recalling the concept at ``at`` (0 for a concept never met)."""
        if concept_id not in self._seen:
            return 0.0
        return self._recall(concept_id, utc(at))

    def answer_probability(self, concept_id: str, at: datetime, variant: int) -> float:
        """The probability of answering ``variant`` right: true recall plus recognition of that question."""
        true_recall = self.initial_recall if concept_id not in self._seen else self._recall(concept_id, utc(at))
        recognition = self._recognition(concept_id, utc(at), variant)
        return true_recall + (1 - true_recall) * recognition

    def practise(self, concept_id: str, at: datetime, variant: int, rng: random.Random) -> Practice:
        """Answer ``variant`` of the concept at ``at`` (drawing the outcome from ``rng``) and update memory."""
        at = utc(at)
        first = concept_id not in self._seen
        true_recall = self.initial_recall if first else self._recall(concept_id, at)
        recognition = 0.0 if first else self._recognition(concept_id, at, variant)
        truly_recalled = rng.random() < true_recall
        recalled = truly_recalled or rng.random() < recognition
        effort = 1 - RECOGNITION_DAMPING * recognition
        if first:
            self._learn(concept_id, at, truly_recalled)
            self._seen[concept_id] = {}
        else:
            self._update(concept_id, at, truly_recalled, effort)
        self._seen[concept_id][variant] = at
        return Practice(recalled, truly_recalled, true_recall, true_recall + (1 - true_recall) * recognition)

    def _recognition(self, concept_id: str, at: datetime, variant: int) -> float:
        seen_at = self._seen.get(concept_id, {}).get(variant)
        if seen_at is None:
            return 0.0
        return RECOGNITION_PEAK * math.exp(-max(days_between(seen_at, at), 0.0) / RECOGNITION_DAYS)

    @abstractmethod
    def _recall(self, concept_id: str, at: datetime) -> float:
        """True recall probability of a concept already met."""

    @abstractmethod
    def _learn(self, concept_id: str, at: datetime, recalled: bool) -> None:
        """Lesson plus immediate practice of a new concept."""

    @abstractmethod
    def _update(self, concept_id: str, at: datetime, recalled: bool, effort: float) -> None:
        """A later practice; ``effort`` in (0, 1] scales what a success adds (less when the question was familiar)."""
