"""Performance goals a manager sets with a report, and how they stand on a local date.

Two kinds:

- a **skill level by a date** ("Objection handling at level 3 by 31 March"): met when the skill's level, counted
  one lower while it is fading (as for readiness), reaches the goal's level;
- an **on-the-job outcome** with a measure ("run 5 discovery calls using the pain → product map this month"):
  met when the check-ins add up to the target.

An open goal is **behind** when less of it is done than the share of its time that has gone by, less
``PACE_SLACK`` (the same pacing as assigned work), **missed** once its date has passed unmet, else **on track**.
Progress towards a skill level counts levels gained since the goal was set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

PACE_SLACK = 0.25


class GoalStanding(StrEnum):
    MET = "met"
    MISSED = "missed"
    BEHIND = "behind"
    ON_TRACK = "on_track"

    @property
    def label(self) -> str:
        return {"met": "Met", "missed": "Missed", "behind": "Behind", "on_track": "On track"}[self.value]


@dataclass(frozen=True)
class GoalStatus:
    standing: GoalStanding
    current: int
    target: int
    percent: int  # of the way from where it started to the target


def goal_status(*, start: int, current: int, target: int, set_on: date, due_on: date, today: date) -> GoalStatus:
    """How a goal stands: ``start`` is where it began (the skill's level when set, 0 for an outcome),
    ``current`` where it is now (level, or the check-ins' total), ``target`` where it must get to."""
    span = target - start
    share = 1.0 if span <= 0 else min(max((current - start) / span, 0.0), 1.0)
    if current >= target:
        standing = GoalStanding.MET
    elif today > due_on:
        standing = GoalStanding.MISSED
    elif share < _elapsed(set_on, due_on, today) - PACE_SLACK:
        standing = GoalStanding.BEHIND
    else:
        standing = GoalStanding.ON_TRACK
    return GoalStatus(standing, current, target, round(100 * share))


def _elapsed(set_on: date, due_on: date, today: date) -> float:
    allowed = (due_on - set_on).days
    if allowed <= 0:
        return 1.0
    return min(max((today - set_on).days, 0), allowed) / allowed


def effective_level(level: int, fading: bool) -> int:
    """A fading skill counts one level lower (as for readiness and certificates)."""
    return max(level - 1, 0) if fading else level


def checkins_total(amounts: Iterable[int]) -> int:
    return sum(amounts)
