"""The practice habit: streaks and weekly goals from answers per local day, with days off frozen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.habit import MAX_STREAK_DAYS, HabitRule, habit_status

RULE = HabitRule(daily_reviews=3, weekly_days=5)
WED = date(2026, 12, 9)  # a Wednesday
NOON = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)


def days(*offsets: int, n: int = 3) -> dict[date, int]:
    return {WED - timedelta(days=o): n for o in offsets}


def test_three_practice_days_in_a_row_make_a_streak_of_three() -> None:
    habit = habit_status(RULE, days(0, 1, 2), now=NOON, zone=UTC)
    assert habit.streak == 3 and habit.today == 3 and habit.today_done and habit.longest == 3


def test_today_not_yet_practised_keeps_yesterdays_streak_and_says_what_is_left() -> None:
    habit = habit_status(RULE, days(1, 2) | {WED: 1}, now=NOON, zone=UTC)
    assert habit.streak == 2 and habit.today == 1 and habit.today_needed == 2 and not habit.today_done


def test_a_missed_day_breaks_the_streak_and_clicks_below_the_threshold_do_not_count() -> None:
    assert habit_status(RULE, days(0, 2, 3), now=NOON, zone=UTC).streak == 1
    assert habit_status(RULE, days(0, 1, n=2), now=NOON, zone=UTC).streak == 0


def test_a_frozen_day_off_neither_breaks_nor_counts() -> None:
    habit = habit_status(RULE, days(0, 2, 3), now=NOON, zone=UTC, frozen={WED - timedelta(days=1)})
    assert habit.streak == 3 and habit.longest == 3


def test_the_week_counts_practice_days_from_monday_and_a_holiday_lowers_the_goal() -> None:
    habit = habit_status(RULE, days(0, 1, 2, 3), now=NOON, zone=UTC)  # Sunday before does not count
    assert habit.week_days == 3 and habit.week_goal == 5 and not habit.week_met
    friday = WED + timedelta(days=2)
    off = habit_status(RULE, days(0, 1, 2), now=NOON, zone=UTC, frozen={friday, friday + timedelta(days=1)})
    assert off.week_goal == 3 and off.week_met and not off.today_frozen


def test_today_is_the_persons_local_day() -> None:
    late = datetime(2026, 12, 9, 23, 30, tzinfo=UTC)  # already Thursday in Tokyo
    tokyo = habit_status(RULE, {WED + timedelta(days=1): 3, WED: 3}, now=late, zone=ZoneInfo("Asia/Tokyo"))
    utc = habit_status(RULE, {WED + timedelta(days=1): 3, WED: 3}, now=late, zone=UTC)
    assert tokyo.streak == 2 and tokyo.today == 3
    assert utc.streak == 1 and utc.today == 3  # the Thursday answers lie in UTC's future: not counted yet


def test_the_longest_streak_is_remembered_after_a_break() -> None:
    habit = habit_status(RULE, days(0, 5, 6, 7, 8), now=NOON, zone=UTC)
    assert habit.streak == 1 and habit.longest == 4


@pytest.mark.parametrize(("reviews", "week"), [(0, 5), (101, 5), (3, 0), (3, 8)])
def test_a_rule_out_of_range_is_refused(reviews: int, week: int) -> None:
    with pytest.raises(ValueError, match="must be between"):
        HabitRule(daily_reviews=reviews, weekly_days=week)


history = st.dictionaries(st.integers(0, 40).map(lambda o: WED - timedelta(days=o)), st.integers(0, 6), max_size=30)
offs = st.sets(st.integers(0, 40).map(lambda o: WED - timedelta(days=o)), max_size=8)
zones = st.sampled_from(
    [UTC, ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Kolkata"), ZoneInfo("Pacific/Kiritimati")]
)
moments = st.integers(0, 24 * 60 - 1).map(lambda m: datetime(2026, 12, 9, tzinfo=UTC) + timedelta(minutes=m))


@given(history, offs, zones, moments)
def test_the_streak_is_bounded_by_practice_days_and_the_week_by_seven(reviews, frozen, zone, now) -> None:  # type: ignore[no-untyped-def]
    habit = habit_status(RULE, reviews, now=now, zone=zone, frozen=frozen)
    practised = sum(1 for n in reviews.values() if n >= RULE.daily_reviews)
    assert 0 <= habit.streak <= min(practised, MAX_STREAK_DAYS) and habit.streak <= habit.longest
    assert 0 <= habit.week_days <= 7 and 0 <= habit.week_goal <= RULE.weekly_days
    assert habit.today_needed == max(0, RULE.daily_reviews - habit.today)


@given(history, offs, zones, moments, st.integers(0, 40))
def test_more_practice_or_another_day_off_never_shortens_the_streak(reviews, frozen, zone, now, offset) -> None:  # type: ignore[no-untyped-def]
    day = WED - timedelta(days=offset)
    before = habit_status(RULE, reviews, now=now, zone=zone, frozen=frozen)
    more = habit_status(RULE, {**reviews, day: reviews.get(day, 0) + 3}, now=now, zone=zone, frozen=frozen)
    off = habit_status(RULE, reviews, now=now, zone=zone, frozen=frozen | {day})
    assert more.streak >= before.streak and off.streak >= before.streak
