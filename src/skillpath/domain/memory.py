"""Memory of one concept for one person, modelled with FSRS (the ``fsrs`` package).

The immediate practice after a lesson is the first review: there are no same-day learning steps,
so every review moves the memory straight to its next interval. A concept is due when its predicted
recall falls to the organization's desired retention. No fuzz here: spreading reviews over days is
the daily queue's job (load balancing), where it can see the person's whole load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import IntEnum
from functools import cached_property

from fsrs import Card, Scheduler, State
from fsrs import Rating as FsrsRating
from fsrs.scheduler import DEFAULT_PARAMETERS

from skillpath.domain.timeutil import days_between, utc

DEFAULT_RETENTION = 0.9
SPACED_RECALL_DAYS = 1.0
"""A recall counts as *spaced* when it comes at least this long after the concept's previous review:
by then the answer comes from long-term memory, not from what was just read."""


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class Memory:
    """FSRS state of one (person, concept) plus what the product needs to know about its history."""

    stability: float
    difficulty: float
    first_review: datetime
    last_review: datetime
    due: datetime
    reviews: int = 1
    lapses: int = 0
    retained_days: float = 0.0
    """The longest time between first learning and a successful recall (evidence of retention)."""
    retained_at: datetime | None = None
    """When that longest-spaced successful recall happened."""
    last_recall: datetime | None = None
    """The latest successful review after the first (a refresh of the memory)."""
    last_lapse: datetime | None = None
    """When the concept was last forgotten (an Again after the first review); None if never."""
    spaced_recalls: int = 0
    """Successful spaced recalls (``SPACED_RECALL_DAYS`` after the previous review) since the concept
    was learned, or since its last lapse: a lapse shows the memory was lost, so its evidence restarts."""
    held_days: float = 0.0
    """The longest time from learning (or from the last lapse) to a successful recall since then."""

    def retained_for(self, days: float) -> bool:
        """True once the concept was recalled successfully at least ``days`` after it was first learned."""
        return self.retained_days >= days


@dataclass(frozen=True)
class MemoryModel:
    """FSRS with an organization's parameters and desired retention."""

    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
    desired_retention: float = DEFAULT_RETENTION
    maximum_interval_days: int = 36500

    def __post_init__(self) -> None:
        if not 0.5 < self.desired_retention < 1:
            raise ValueError(f"desired retention must be between 0.5 and 1, got {self.desired_retention}")

    @cached_property
    def _scheduler(self) -> Scheduler:
        return Scheduler(
            parameters=self.parameters,
            desired_retention=self.desired_retention,
            learning_steps=(),
            relearning_steps=(),
            maximum_interval=self.maximum_interval_days,
            enable_fuzzing=False,
        )

    def review(self, memory: Memory | None, rating: Rating, at: datetime) -> Memory:
        """The memory after a review at ``at`` (``None`` = first time the person meets the concept)."""
        at = utc(at)
        card = Card(card_id=1, due=at) if memory is None else _card(memory)
        if memory is not None and at < memory.last_review:
            raise ValueError(f"review at {at} is before the last review {memory.last_review}")
        card, _ = self._scheduler.review_card(card, FsrsRating(int(rating)), review_datetime=at)
        assert card.stability is not None and card.difficulty is not None and card.due is not None
        if memory is None:
            return Memory(card.stability, card.difficulty, at, at, card.due)
        spacing = days_between(memory.first_review, at)
        retained = rating != Rating.AGAIN and spacing > memory.retained_days
        return replace(
            _evidence_after(memory, rating, at),
            stability=card.stability,
            difficulty=card.difficulty,
            last_review=at,
            due=card.due,
            reviews=memory.reviews + 1,
            lapses=memory.lapses + (rating == Rating.AGAIN),
            retained_days=spacing if retained else memory.retained_days,
            retained_at=at if retained else memory.retained_at,
            last_recall=at if rating != Rating.AGAIN else memory.last_recall,
        )

    def retrievability(self, memory: Memory, at: datetime) -> float:
        """Predicted probability of recall at ``at`` (elapsed time in whole days, as FSRS counts it)."""
        return self.recall_after(memory.stability, (utc(at) - memory.last_review).days)

    def recall_after(self, stability: float, elapsed_days: float) -> float:
        """FSRS's forgetting curve: recall ``elapsed_days`` after the last review of a memory of ``stability``.

        The same formula as ``fsrs.Scheduler.get_card_retrievability``, without building a card: dashboards
        evaluate it for every memory of a team.
        """
        decay = -self.parameters[20]
        factor = 0.9 ** (1 / decay) - 1
        return float((1 + factor * max(0.0, elapsed_days) / stability) ** decay)

    def replay(self, reviews: Sequence[tuple[datetime, Rating]]) -> Memory | None:
        """The memory after a history of reviews, oldest first (``None`` for no reviews)."""
        memory = None
        for at, rating in reviews:
            memory = self.review(memory, rating, at)
        return memory


def _evidence_after(memory: Memory, rating: Rating, at: datetime) -> Memory:
    """``memory`` with the retention evidence of a later review at ``at`` (spaced recalls, lapses)."""
    if rating == Rating.AGAIN:
        return replace(memory, last_lapse=at, spaced_recalls=0, held_days=0.0)
    spaced = days_between(memory.last_review, at) >= SPACED_RECALL_DAYS
    held = days_between(memory.last_lapse or memory.first_review, at)
    return replace(
        memory, spaced_recalls=memory.spaced_recalls + spaced, held_days=max(memory.held_days, held if spaced else 0.0)
    )


def _card(memory: Memory) -> Card:
    return Card(
        card_id=1,
        state=State.Review,
        step=None,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=utc(memory.due),
        last_review=utc(memory.last_review),
    )
