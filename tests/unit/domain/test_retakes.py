"""Retakes: other questions, after the review of what was missed, after a wait that grows."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.retakes import RETAKE_WAITS, retake_gate, retake_variants, retake_wait
from tests.unit.domain.builders import T0


def test_a_retake_needs_the_review_of_what_was_missed_first() -> None:
    gate = retake_gate(failed_at=T0, failures_in_a_row=1, reviewed_at=None, now=T0 + timedelta(days=3))
    assert (gate.open, gate.needs_review, gate.available_at) == (False, True, None)
    assert gate.reason == "Review what you missed in your last check first."
    earlier = retake_gate(failed_at=T0, failures_in_a_row=1, reviewed_at=T0 - timedelta(minutes=1), now=T0)
    assert earlier.needs_review  # a review of an older check does not count


def test_after_the_review_the_retake_opens_ten_minutes_after_the_first_failure() -> None:
    gate = retake_gate(failed_at=T0, failures_in_a_row=1, reviewed_at=T0, now=T0 + timedelta(minutes=3))
    assert (gate.open, gate.available_at) == (False, T0 + timedelta(minutes=10))
    assert gate.reason == "Your retake opens in 7 minutes, with new questions on the same ideas."
    assert retake_gate(failed_at=T0, failures_in_a_row=1, reviewed_at=T0, now=T0 + timedelta(minutes=10)).open


def test_the_wait_grows_with_failures_in_a_row() -> None:
    assert [retake_wait(n) for n in (0, 1, 2, 3, 9)] == [timedelta(0), *RETAKE_WAITS, RETAKE_WAITS[-1]]
    second = retake_gate(failed_at=T0, failures_in_a_row=2, reviewed_at=T0, now=T0 + timedelta(minutes=30))
    assert second.reason == "Your retake opens in 4 hours, with new questions on the same ideas."
    third = retake_gate(failed_at=T0, failures_in_a_row=3, reviewed_at=T0, now=T0 + timedelta(seconds=1))
    assert third.reason == "Your retake opens in 1 day, with new questions on the same ideas."
    assert third.available_at == T0 + timedelta(days=1)
    almost = retake_gate(failed_at=T0, failures_in_a_row=3, reviewed_at=T0, now=T0 + timedelta(hours=23))
    assert almost.reason == "Your retake opens in 1 hour, with new questions on the same ideas."


def test_a_retake_shows_unseen_variants_first_then_the_one_seen_longest_ago() -> None:
    available = {"a": [0, 1, 2], "b": [0, 1], "c": [0]}
    seen = {"a": [0], "b": [0, 1], "c": [0]}
    assert retake_variants(["a", "b", "c"], available, seen) == {"a": 1, "b": 0, "c": 0}


@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=6, unique=True),
    st.lists(st.integers(0, 5), max_size=12),
)
def test_a_retake_never_repeats_the_question_just_failed_when_there_is_another(
    available: list[int], seen: list[int]
) -> None:
    seen = [p for p in seen if p in available]
    chosen = retake_variants(["k"], {"k": available}, {"k": seen})["k"]
    assert chosen in available
    if any(p not in seen for p in available):
        assert chosen not in seen
    elif len(available) > 1:
        assert chosen != seen[-1]


@given(st.integers(1, 10), st.integers(0, 3 * 24 * 60))
def test_a_reviewed_retake_is_open_exactly_when_the_wait_is_over(failures: int, minutes: int) -> None:
    now = T0 + timedelta(minutes=minutes)
    gate = retake_gate(failed_at=T0, failures_in_a_row=failures, reviewed_at=T0, now=now)
    assert gate.open == (now >= T0 + retake_wait(failures))
    assert gate.open == (gate.reason is None)
