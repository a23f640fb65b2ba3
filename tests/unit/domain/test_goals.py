from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.goals import GoalStanding, checkins_total, effective_level, goal_status

SET = date(2026, 12, 1)
DUE = SET + timedelta(days=30)


def test_a_skill_goal_is_met_once_the_level_is_reached() -> None:
    met = goal_status(start=1, current=3, target=3, set_on=SET, due_on=DUE, today=SET + timedelta(days=40))
    assert (met.standing, met.percent) == (GoalStanding.MET, 100)


def test_an_outcome_goal_counts_its_check_ins() -> None:
    five_calls = goal_status(
        start=0, current=checkins_total([2, 1]), target=5, set_on=SET, due_on=DUE, today=SET + timedelta(days=10)
    )
    assert (five_calls.standing, five_calls.current, five_calls.percent) == (GoalStanding.ON_TRACK, 3, 60)


def test_an_open_goal_is_behind_when_the_calendar_runs_ahead_of_it() -> None:
    behind = goal_status(start=0, current=1, target=5, set_on=SET, due_on=DUE, today=SET + timedelta(days=20))
    assert behind.standing is GoalStanding.BEHIND


def test_an_unmet_goal_is_missed_the_day_after_its_date() -> None:
    assert goal_status(start=0, current=4, target=5, set_on=SET, due_on=DUE, today=DUE).standing is not (
        GoalStanding.MISSED
    )
    late = goal_status(start=0, current=4, target=5, set_on=SET, due_on=DUE, today=DUE + timedelta(days=1))
    assert late.standing is GoalStanding.MISSED


def test_a_goal_due_the_day_it_is_set_is_behind_until_met() -> None:
    assert goal_status(start=0, current=0, target=1, set_on=SET, due_on=SET, today=SET).standing is GoalStanding.BEHIND


def test_a_goal_already_met_when_set_is_met() -> None:
    assert goal_status(start=3, current=3, target=2, set_on=SET, due_on=DUE, today=SET).percent == 100


def test_a_fading_skill_counts_one_level_lower() -> None:
    assert (effective_level(3, True), effective_level(3, False), effective_level(0, True)) == (2, 3, 0)


def test_every_standing_has_a_label() -> None:
    assert [s.label for s in GoalStanding] == ["Met", "Missed", "Behind", "On track"]


@given(st.integers(0, 4), st.integers(0, 10), st.integers(1, 10), st.integers(-5, 60), st.integers(0, 60))
def test_standing_is_consistent(start: int, current: int, target: int, today: int, span: int) -> None:
    s = goal_status(
        start=start,
        current=current,
        target=target,
        set_on=SET,
        due_on=SET + timedelta(days=span),
        today=SET + timedelta(days=today),
    )
    assert 0 <= s.percent <= 100
    assert (s.standing is GoalStanding.MET) == (current >= target)
    if s.standing is not GoalStanding.MET and today > span:
        assert s.standing is GoalStanding.MISSED
