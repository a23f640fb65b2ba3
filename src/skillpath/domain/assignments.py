"""Assigned work and its standing against a due date.

A manager or an admin assigns work to a person (or to every member of a team, one assignment each): a role's
whole path, one stage of it, single modules, or a refresher of concepts. What the assignment asks is a set of
module ids to pass and a set of concept ids to recall *after* the assignment was made (a refresher: the
learner practises the idea again; a review of it before the assignment does not count).

Its standing, on a local date ``today``:

- **done**: every module passed (or tested out) and every concept recalled since the assignment;
- **overdue**: not done and the due date has passed (the due date itself is still on time);
- **due soon**: not done, due within ``DUE_SOON_DAYS`` days, or behind pace: the share done is less than the
  share of the time allowed that has gone by (from the assignment's date to its due date) minus
  ``PACE_SLACK`` — a person with half the time gone and a tenth done is told early, not on the last day;
- **on track**: otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

DUE_SOON_DAYS = 3
PACE_SLACK = 0.25  # a quarter of the work behind the calendar is still "on track"


class Standing(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"

    @property
    def label(self) -> str:
        return {"done": "Done", "overdue": "Overdue", "due_soon": "Due soon", "on_track": "On track"}[self.value]


@dataclass(frozen=True)
class Work:
    """What an assignment asks: modules to pass and concepts (``module/concept``) to recall again."""

    modules: frozenset[str]
    concepts: frozenset[str] = frozenset()

    @property
    def size(self) -> int:
        return len(self.modules) + len(self.concepts)


@dataclass(frozen=True)
class Progress:
    """What a person has shown: modules passed (ever) and concepts recalled since the assignment."""

    passed: frozenset[str]
    refreshed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AssignmentStatus:
    standing: Standing
    done: int  # parts of the work done
    total: int
    days_left: int  # negative once overdue

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else round(100 * self.done / self.total)


def assignment_status(
    work: Work, progress: Progress, *, assigned_on: date, due_on: date, today: date
) -> AssignmentStatus:
    """The standing of ``work`` for a person with ``progress``, on the local date ``today``."""
    done = len(work.modules & progress.passed) + len(work.concepts & progress.refreshed)
    total = work.size
    days_left = (due_on - today).days
    if done >= total:
        standing = Standing.DONE
    elif days_left < 0:
        standing = Standing.OVERDUE
    elif days_left <= DUE_SOON_DAYS or _behind_pace(done / total, assigned_on, due_on, today):
        standing = Standing.DUE_SOON
    else:
        standing = Standing.ON_TRACK
    return AssignmentStatus(standing, done, total, days_left)


def _behind_pace(share_done: float, assigned_on: date, due_on: date, today: date) -> bool:
    allowed = (due_on - assigned_on).days
    if allowed <= 0:
        return True  # due the day it was given (or earlier): nothing is early
    elapsed = min(max((today - assigned_on).days, 0), allowed) / allowed
    return share_done < elapsed - PACE_SLACK


def overdue_titles(statuses: Iterable[tuple[str, AssignmentStatus]]) -> tuple[str, ...]:
    """Titles of the overdue assignments among ``(title, status)``, most overdue first, for the digest."""
    late = [(s.days_left, title) for title, s in statuses if s.standing is Standing.OVERDUE]
    return tuple(title for _, title in sorted(late))


def stage_modules(stages: dict[str, list[str]], stage: str) -> frozenset[str]:
    """The modules of one stage of a role (``""``: the whole path)."""
    if stage:
        return frozenset(stages.get(stage, []))
    return frozenset(m for mods in stages.values() for m in mods)
