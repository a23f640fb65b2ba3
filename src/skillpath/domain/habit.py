"""The practice habit: a daily streak and a weekly goal that count retrieval, not clicks.

A *practice day* is a local calendar day (the person's time zone) on which the person answered at least
``daily_reviews`` questions: check answers and spaced reinforcements alike, every answer counted once
(opening pages, reading lessons and clicking around count for nothing). The *streak* is the run of
practice days up to today; today only extends it (a day not yet practised does not break it until it is
over). *Frozen* days (the person's days off, the organization's holidays) neither break the streak nor
count towards it. The *weekly goal* is ``weekly_days`` practice days in the ISO week (Monday to Sunday);
frozen days lower the week's goal by one each, so a holiday week asks for less.

Counts come in per local day (``reviews``: date → answers); ``now`` and the zone are parameters.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from skillpath.domain.localtime import local_date

MAX_STREAK_DAYS = 400  # looked back at most this far (the caller counts answers over this many days)


@dataclass(frozen=True)
class HabitRule:
    """An organization's habit settings."""

    enabled: bool = True
    daily_reviews: int = 3  # answers that make a day a practice day (≥ 1)
    weekly_days: int = 5  # practice days a week to meet the weekly goal (1–7)

    def __post_init__(self) -> None:
        if not 1 <= self.daily_reviews <= 100:
            raise ValueError("daily_reviews must be between 1 and 100")
        if not 1 <= self.weekly_days <= 7:
            raise ValueError("weekly_days must be between 1 and 7")


@dataclass(frozen=True)
class Habit:
    streak: int  # practice days in a row up to today (frozen days skipped)
    today: int  # answers today
    today_needed: int  # answers still needed today to make it a practice day (0: done)
    today_frozen: bool
    week_days: int  # practice days this week
    week_goal: int  # practice days asked this week (weekly_days less this week's frozen days, at least 0)
    longest: int  # the longest streak within the window looked at

    @property
    def week_met(self) -> bool:
        return self.week_days >= self.week_goal

    @property
    def today_done(self) -> bool:
        return self.today_needed == 0


def habit_status(
    rule: HabitRule, reviews: Mapping[date, int], *, now: datetime, zone: tzinfo, frozen: Collection[date] = ()
) -> Habit:
    """The person's streak and week at ``now`` in ``zone``, from answers per local day."""
    today = local_date(zone, now)
    practised = {d for d, n in reviews.items() if n >= rule.daily_reviews and d <= today}
    frozen_days = set(frozen)
    streak = _run_ending(today, practised, frozen_days)
    longest = _longest(today, practised, frozen_days)
    monday = today - timedelta(days=today.weekday())
    week = [monday + timedelta(days=i) for i in range(7)]
    week_frozen = sum(1 for d in week if d in frozen_days and d not in practised)
    count = reviews.get(today, 0)
    return Habit(
        streak=streak,
        today=count,
        today_needed=max(0, rule.daily_reviews - count),
        today_frozen=today in frozen_days,
        week_days=sum(1 for d in week if d in practised),
        week_goal=max(0, rule.weekly_days - week_frozen),
        longest=max(longest, streak),
    )


def _run_ending(day: date, practised: set[date], frozen: set[date]) -> int:
    """Practice days in a row ending at ``day`` (today), skipping frozen days; an unpractised today does not
    break the run (the day is not over yet)."""
    run = 0
    if day not in practised:
        day -= timedelta(days=1)
    while day in practised or day in frozen:  # both sets are finite: the walk ends
        run += day in practised
        day -= timedelta(days=1)
    return run


def _longest(today: date, practised: set[date], frozen: set[date]) -> int:
    best = run = 0
    start = today - timedelta(days=MAX_STREAK_DAYS - 1)
    for i in range(MAX_STREAK_DAYS):
        day = start + timedelta(days=i)
        if day in practised:
            run += 1
            best = max(best, run)
        elif day not in frozen:
            run = 0
    return best
