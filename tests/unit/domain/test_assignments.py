from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.assignments import (
    AssignmentStatus,
    Progress,
    Standing,
    Work,
    assignment_status,
    overdue_titles,
    stage_modules,
)

MONDAY = date(2026, 12, 7)
WORK = Work(frozenset({"a", "b", "c", "d"}))


def status(passed: set[str], today: date, *, due: date, assigned: date = MONDAY, work: Work = WORK) -> AssignmentStatus:
    return assignment_status(work, Progress(frozenset(passed)), assigned_on=assigned, due_on=due, today=today)


def test_work_is_done_when_every_module_is_passed_even_after_the_due_date() -> None:
    late = status({"a", "b", "c", "d"}, MONDAY + timedelta(days=30), due=MONDAY + timedelta(days=7))
    assert (late.standing, late.done, late.total, late.percent) == (Standing.DONE, 4, 4, 100)


def test_work_is_overdue_the_day_after_its_due_date_not_on_it() -> None:
    due = MONDAY + timedelta(days=14)
    assert status({"a", "b", "c"}, due, due=due).standing is Standing.DUE_SOON
    after = status({"a", "b", "c"}, due + timedelta(days=1), due=due)
    assert (after.standing, after.days_left) == (Standing.OVERDUE, -1)


def test_work_due_within_three_days_is_due_soon() -> None:
    due = MONDAY + timedelta(days=30)
    assert status({"a", "b", "c"}, due - timedelta(days=4), due=due).standing is Standing.ON_TRACK
    assert status({"a", "b", "c"}, due - timedelta(days=3), due=due).standing is Standing.DUE_SOON


def test_a_person_far_behind_the_calendar_is_told_early() -> None:
    due = MONDAY + timedelta(days=20)
    halfway = MONDAY + timedelta(days=10)
    assert status(set(), halfway, due=due).standing is Standing.DUE_SOON  # half the time gone, nothing done
    assert status({"a"}, halfway, due=due).standing is Standing.ON_TRACK  # a quarter done: within the slack
    assert status(set(), MONDAY + timedelta(days=2), due=due).standing is Standing.ON_TRACK


def test_work_due_the_day_it_is_given_is_due_soon_at_once() -> None:
    assert status(set(), MONDAY, due=MONDAY).standing is Standing.DUE_SOON
    assert status(set(), MONDAY, due=MONDAY - timedelta(days=1), assigned=MONDAY).standing is Standing.OVERDUE


def test_a_refresher_counts_only_concepts_recalled_since_it_was_given() -> None:
    work = Work(frozenset(), frozenset({"m/x", "m/y"}))
    half = assignment_status(
        work,
        Progress(frozenset({"m"}), frozenset({"m/x"})),
        assigned_on=MONDAY,
        due_on=MONDAY + timedelta(days=9),
        today=MONDAY + timedelta(days=1),
    )
    assert (half.done, half.total, half.percent, half.standing) == (1, 2, 50, Standing.ON_TRACK)


def test_empty_work_is_done() -> None:
    empty = status(set(), MONDAY, due=MONDAY, work=Work(frozenset()))
    assert (empty.standing, empty.percent) == (Standing.DONE, 100)


def test_overdue_titles_come_most_overdue_first_and_leave_out_the_rest() -> None:
    due = MONDAY + timedelta(days=3)
    today = MONDAY + timedelta(days=10)
    statuses = [
        ("Recent", status(set(), today, due=today - timedelta(days=1))),
        ("Done", status({"a", "b", "c", "d"}, today, due=due)),
        ("Oldest", status(set(), today, due=due)),
        ("Open", status(set(), today, due=today + timedelta(days=20))),
    ]
    assert overdue_titles(statuses) == ("Oldest", "Recent")


def test_stage_modules_reads_one_stage_or_the_whole_path() -> None:
    stages = {"foundation": ["a", "b"], "application": ["c"], "mastery": [], "reinforcement": ["d"]}
    assert stage_modules(stages, "foundation") == {"a", "b"}
    assert stage_modules(stages, "") == {"a", "b", "c", "d"}
    assert stage_modules(stages, "nonsense") == frozenset()


def test_every_standing_has_a_label() -> None:
    assert [s.label for s in Standing] == ["Done", "Overdue", "Due soon", "On track"]


modules = st.frozensets(st.sampled_from("abcdefgh"), max_size=8)
days = st.integers(min_value=-60, max_value=60)


@given(modules, modules, days, days, days)
def test_status_is_consistent_whatever_the_dates(
    work: frozenset[str], passed: frozenset[str], assigned: int, due: int, today: int
) -> None:
    s = assignment_status(
        Work(work),
        Progress(passed),
        assigned_on=MONDAY + timedelta(days=assigned),
        due_on=MONDAY + timedelta(days=due),
        today=MONDAY + timedelta(days=today),
    )
    assert 0 <= s.done <= s.total == len(work)
    assert 0 <= s.percent <= 100
    assert (s.standing is Standing.DONE) == work.issubset(passed)
    if s.standing is Standing.OVERDUE:
        assert today > due
    if s.standing is not Standing.DONE and today > due:
        assert s.standing is Standing.OVERDUE


@given(modules, modules, days, st.integers(min_value=0, max_value=60))
def test_passing_more_never_makes_the_standing_worse(
    work: frozenset[str], passed: frozenset[str], today: int, span: int
) -> None:
    order = [Standing.OVERDUE, Standing.DUE_SOON, Standing.ON_TRACK, Standing.DONE]
    dates = {"assigned_on": MONDAY, "due_on": MONDAY + timedelta(days=span), "today": MONDAY + timedelta(days=today)}
    before = assignment_status(Work(work), Progress(passed & work), **dates)
    after = assignment_status(Work(work), Progress(passed | work), **dates)
    assert order.index(after.standing) >= order.index(before.standing)
