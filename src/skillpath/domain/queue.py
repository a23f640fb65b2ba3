"""The daily queue: what a person should do today within their time budget.

Order: due reinforcement first, lowest predicted recall first; then the module in progress; then the
next unlocked module. Never a locked module. Reinforcement is load-balanced: when a coming day would
overflow the budget, reviews due that day are pulled into today's spare time (lowest recall first),
and when today overflows, the least urgent reviews are deferred, and the queue says so.

A person may split their budget between reinforcement and new learning (``review_share``, e.g. 0.4:
4 of 10 minutes for reinforcement, 6 for new learning). Then reinforcement gets its share (the most
urgent reviews; the others are deferred as above) and new learning the rest, so neither crowds out the
other. When no module is open to learn, reinforcement may use the whole budget. Without a split
(the default), due reinforcement comes first and new learning gets what is left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from skillpath.domain.curriculum import Curriculum
from skillpath.domain.gates import Gate, Status
from skillpath.domain.i18n import ngettext
from skillpath.domain.memory import Memory, MemoryModel

DEFAULT_REVIEW_SECONDS = 60.0
LOOKAHEAD_DAYS = 7


class Kind(StrEnum):
    REINFORCEMENT = "reinforcement"
    MODULE = "module"


@dataclass(frozen=True)
class QueueItem:
    kind: Kind
    ref: str  # concept key for reinforcement, module id for a module
    minutes: float
    recall: float | None = None  # predicted recall now (reinforcement)
    early: bool = False  # pulled forward from a coming day to keep that day within budget
    continuing: bool = False  # a module already started


@dataclass(frozen=True)
class Queue:
    items: tuple[QueueItem, ...]
    budget_minutes: int
    due_count: int  # reinforcement due today (scheduled or deferred)
    deferred: tuple[str, ...]  # concept keys due today but moved to a later day
    next_module: str | None  # the next module to learn, even when today's budget has no room for it
    review_budget_minutes: float | None = None  # reinforcement's part of the budget under a split

    @property
    def minutes(self) -> float:
        return sum(item.minutes for item in self.items)

    @property
    def reinforcement(self) -> list[QueueItem]:
        return [i for i in self.items if i.kind is Kind.REINFORCEMENT]

    @property
    def deferred_note(self) -> str | None:
        if not self.deferred:
            return None
        n = len(self.deferred)
        if self.review_budget_minutes is not None:
            text = ngettext(
                "{count} review moved to the next days to keep today within the {minutes} minutes you keep for "
                "reinforcement (the ones your memory holds best).",
                "{count} reviews moved to the next days to keep today within the {minutes} minutes you keep for "
                "reinforcement (the ones your memory holds best).",
                n,
            )
            return text.format(count=n, minutes=f"{self.review_budget_minutes:.0f}")
        text = ngettext(
            "{count} review moved to the next days to keep today within {minutes} minutes (the ones your memory "
            "holds best).",
            "{count} reviews moved to the next days to keep today within {minutes} minutes (the ones your memory "
            "holds best).",
            n,
        )
        return text.format(count=n, minutes=self.budget_minutes)


@dataclass(frozen=True)
class _Due:
    concept: str
    due: datetime
    recall: float
    seconds: float


def build_queue(
    *,
    curriculum: Curriculum,
    gates: Mapping[str, Gate],
    memories: Mapping[str, Memory],
    model: MemoryModel,
    now: datetime,
    day_end: datetime,
    budget_minutes: int,
    review_seconds: Mapping[str, float] | None = None,
    review_share: float | None = None,
) -> Queue:
    """Today's queue. ``day_end`` is the end of the person's local day (reviews due before it are due today).

    ``review_share``: the part of the budget (0–1) the person keeps for reinforcement; None: no split.
    """
    seconds = review_seconds or {}
    live = {c for m in curriculum.modules.values() for c in m.concepts}
    candidates = [
        _Due(c, mem.due, model.retrievability(mem, now), seconds.get(c, DEFAULT_REVIEW_SECONDS))
        for c, mem in memories.items()
        if c in live
    ]
    due = sorted((d for d in candidates if d.due <= day_end), key=lambda d: (d.recall, d.concept))
    budget = budget_minutes * 60.0
    to_learn = any(g.status in (Status.IN_PROGRESS, Status.AVAILABLE) for g in gates.values())
    split = review_share if to_learn else None  # no split when there is nothing new to learn
    review_budget = budget if split is None else budget * split
    today: list[_Due] = []
    used = 0.0
    for item in due:
        if used + item.seconds <= review_budget or not today:
            today.append(item)
            used += item.seconds
    scheduled = {d.concept for d in today}
    deferred = tuple(d.concept for d in due if d.concept not in scheduled)
    early = _pull_forward([d for d in candidates if d.due > day_end], day_end, review_budget, review_budget - used)
    items = [QueueItem(Kind.REINFORCEMENT, d.concept, d.seconds / 60, d.recall) for d in today]
    items += [QueueItem(Kind.REINFORCEMENT, d.concept, d.seconds / 60, d.recall, early=True) for d in early]
    used += sum(d.seconds for d in early)
    room = budget - used if split is None else min(budget - used, budget - review_budget)
    modules, next_module = _modules(curriculum, gates, room, has_items=bool(items))
    return Queue(
        tuple(items + modules),
        budget_minutes,
        len(due),
        deferred,
        next_module,
        None if split is None else review_budget / 60,
    )


def _pull_forward(upcoming: list[_Due], day_end: datetime, budget: float, spare: float) -> list[_Due]:
    """Reviews from coming days that would overflow their day's budget, moved into today's spare time."""
    pulled: list[_Due] = []
    for day in range(1, LOOKAHEAD_DAYS + 1):
        start, end = day_end + timedelta(days=day - 1), day_end + timedelta(days=day)
        on_day = sorted((d for d in upcoming if start < d.due <= end), key=lambda d: (d.recall, d.concept))
        overflow = sum(d.seconds for d in on_day) - budget
        for item in on_day:
            if overflow <= 0 or item.seconds > spare:
                break
            pulled.append(item)
            spare -= item.seconds
            overflow -= item.seconds
    return pulled


def _modules(
    curriculum: Curriculum, gates: Mapping[str, Gate], spare_seconds: float, *, has_items: bool
) -> tuple[list[QueueItem], str | None]:
    started = [m for m, g in gates.items() if g.status is Status.IN_PROGRESS]
    available = [m for m, g in gates.items() if g.status is Status.AVAILABLE]
    ordered = [(m, True) for m in started] + [(m, False) for m in available]
    items: list[QueueItem] = []
    for module_id, continuing in ordered:
        minutes = curriculum.modules[module_id].minutes
        fits = spare_seconds >= minutes * 60
        # The first module may run over by up to half its length (or more when it is all there is today).
        first = not items and (spare_seconds >= minutes * 30 or not has_items)
        if fits or first:
            items.append(QueueItem(Kind.MODULE, module_id, float(minutes), continuing=continuing))
            spare_seconds -= minutes * 60
        else:
            break
    return items, (ordered[0][0] if ordered else None)
