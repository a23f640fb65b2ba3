from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.memory import MemoryModel, Rating
from skillpath.domain.rating import rating_for
from tests.unit.domain.builders import T0


def test_first_practice_schedules_the_first_reinforcement_days_later_not_minutes() -> None:
    memory = MemoryModel().review(None, Rating.GOOD, T0)
    assert memory.first_review == memory.last_review == T0
    assert memory.due - T0 == timedelta(days=3)  # stability 2.31 days: recall falls to 0.9 during the third
    assert memory.reviews == 1


def test_intervals_grow_with_successful_reviews_and_shrink_after_a_lapse() -> None:
    model = MemoryModel()
    m1 = model.review(None, Rating.GOOD, T0)
    m2 = model.review(m1, Rating.GOOD, m1.due)
    m3 = model.review(m2, Rating.GOOD, m2.due)
    assert (m2.due - m2.last_review) > (m1.due - m1.last_review)
    assert (m3.due - m3.last_review) > (m2.due - m2.last_review)
    lapsed = model.review(m3, Rating.AGAIN, m3.due)
    assert lapsed.lapses == 1
    assert (lapsed.due - lapsed.last_review) < (m3.due - m3.last_review)


def test_a_concept_is_due_when_predicted_recall_reaches_desired_retention() -> None:
    for retention in (0.8, 0.9, 0.95):
        model = MemoryModel(desired_retention=retention)
        memory = model.review(model.review(None, Rating.GOOD, T0), Rating.GOOD, T0 + timedelta(days=3))
        # Intervals are whole days, so recall at the due date is within a day's decay of the target.
        assert model.retrievability(memory, memory.due) == pytest.approx(retention, abs=0.02)


def test_higher_desired_retention_means_shorter_intervals() -> None:
    low = MemoryModel(desired_retention=0.8).review(None, Rating.GOOD, T0)
    high = MemoryModel(desired_retention=0.95).review(None, Rating.GOOD, T0)
    assert high.due < low.due


def test_retention_evidence_records_the_longest_spaced_successful_recall() -> None:
    model = MemoryModel()
    memory = model.review(None, Rating.GOOD, T0)
    memory = model.review(memory, Rating.GOOD, T0 + timedelta(days=15))
    assert memory.retained_for(14) and memory.retained_at == T0 + timedelta(days=15)
    failed = model.review(memory, Rating.AGAIN, T0 + timedelta(days=40))
    assert failed.retained_days == 15  # a failed recall is no evidence


def test_naive_datetimes_and_reviews_in_the_past_are_refused() -> None:
    model = MemoryModel()
    with pytest.raises(ValueError, match="naive datetime"):
        model.review(None, Rating.GOOD, datetime(2026, 1, 1))  # noqa: DTZ001
    memory = model.review(None, Rating.GOOD, T0)
    with pytest.raises(ValueError, match="before the last review"):
        model.review(memory, Rating.GOOD, T0 - timedelta(hours=1))
    with pytest.raises(ValueError, match="desired retention"):
        MemoryModel(desired_retention=1.2)


def test_other_utc_offsets_are_converted_not_rejected() -> None:
    at = datetime(2026, 1, 5, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    assert MemoryModel().review(None, Rating.GOOD, at).first_review == T0


def test_replay_equals_reviewing_one_by_one() -> None:
    model = MemoryModel()
    history = [(T0, Rating.GOOD), (T0 + timedelta(days=2), Rating.HARD), (T0 + timedelta(days=9), Rating.EASY)]
    step = None
    for at, rating in history:
        step = model.review(step, rating, at)
    assert model.replay(history) == step
    assert model.replay([]) is None


@pytest.mark.parametrize(
    ("score", "seconds", "usual", "expected"),
    [
        (0.0, 30, None, Rating.AGAIN),
        (0.59, 30, None, Rating.AGAIN),
        (0.6, 30, None, Rating.HARD),
        (0.89, 30, None, Rating.HARD),
        (0.9, 30, None, Rating.GOOD),
        (1.0, 30, None, Rating.GOOD),  # too few timings to call anything fast
        (1.0, 30, 40.0, Rating.GOOD),  # not clearly faster
        (1.0, 24, 40.0, Rating.EASY),
        (0.95, 10, 40.0, Rating.GOOD),  # fast but not a full score
    ],
)
def test_rating_rule(score: float, seconds: float, usual: float | None, expected: Rating) -> None:
    assert rating_for(score, seconds, usual) is expected


@given(st.floats(0, 1), st.floats(0, 600), st.one_of(st.none(), st.floats(1, 600)))
def test_rating_is_monotonic_in_score(score: float, seconds: float, usual: float | None) -> None:
    assert rating_for(score, seconds, usual) <= rating_for(min(1.0, score + 0.2), seconds, usual) or score + 0.2 > 1


def test_rating_refuses_scores_outside_0_to_1() -> None:
    with pytest.raises(ValueError, match="score must be in"):
        rating_for(1.5)


def test_the_fast_forgetting_curve_equals_fsrs_own() -> None:
    from fsrs import Card, Scheduler, State

    model = MemoryModel()
    scheduler = Scheduler(parameters=model.parameters, learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    memory = model.review(model.review(None, Rating.GOOD, T0), Rating.HARD, T0 + timedelta(days=3))
    card = Card(
        card_id=1,
        state=State.Review,
        step=None,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due,
        last_review=memory.last_review,
    )
    for days in (0, 1, 5, 17, 90, 400):
        at = memory.last_review + timedelta(days=days, hours=7)
        assert model.retrievability(memory, at) == pytest.approx(scheduler.get_card_retrievability(card, at), rel=1e-12)
