from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Scheduler
from fsrs import Rating as FsrsRating
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS
from hypothesis import given, settings
from hypothesis import strategies as st

from skillpath.domain.calibration import Calibration
from skillpath.domain.fitting import Review, Track, replay
from skillpath.domain.memory import Memory, MemoryModel, Rating

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

parameters = st.tuples(
    *[
        st.floats(low, high, allow_nan=False)
        for low, high in zip(LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    ]
)
steps = st.lists(
    st.tuples(st.sampled_from([1, 2, 3, 4]), st.sampled_from([0.5, 20.0, 30.0, 24.0 * 3, 24.0 * 17, 24.0 * 60])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(parameters, st.sampled_from([0.75, 0.85, 0.9, 0.95]), steps)
def test_the_memory_model_computes_exactly_what_the_fsrs_package_does(
    w: tuple[float, ...], retention: float, history: list[tuple[int, float]]
) -> None:
    model = MemoryModel(parameters=w, desired_retention=retention)
    reference = Scheduler(w, retention, learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    at, card, memory = T0, Card(card_id=1, due=T0), None
    for rating, hours in history:
        card, _ = reference.review_card(card, FsrsRating(rating), review_datetime=at)
        memory = model.review(memory, Rating(rating), at)
        assert (memory.stability, memory.difficulty) == (card.stability, card.difficulty)
        _assert_due_when_recall_falls_to(retention, model, memory, card.due)
        assert model.retrievability(memory, at + timedelta(days=3)) == reference.get_card_retrievability(
            card, at + timedelta(days=3)
        )
        at += timedelta(hours=hours)


def _assert_due_when_recall_falls_to(retention: float, model: MemoryModel, memory: Memory, rounded: datetime) -> None:
    """Due on the first whole day recall has fallen to ``retention``: the ``fsrs`` package's day, or the one after."""
    days = (memory.due - memory.last_review).days
    assert (memory.due - rounded).days in (0, 1)
    assert days == 1 or model.retrievability(memory, memory.due - timedelta(days=1)) > retention - 1e-9
    assert days == model.maximum_interval_days or model.retrievability(memory, memory.due) <= retention + 1e-9


def test_a_memory_is_due_on_the_first_day_its_recall_has_fallen_to_the_desired_retention() -> None:
    model = MemoryModel()
    memory = model.review(None, Rating.GOOD, T0)  # stability 2.31: recall falls to 0.9 after 2.31 days
    assert memory.due == T0 + timedelta(days=3)
    assert model.retrievability(memory, T0 + timedelta(days=2)) > 0.9 >= model.retrievability(memory, memory.due)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([0.4, 1.0, 2.5]), st.sampled_from([0.5, 1.0, 1.7]), steps)
def test_the_fast_replay_predicts_exactly_what_the_memory_model_predicts(
    scale: float, concept_scale: float, history: list[tuple[int, float]]
) -> None:
    model = MemoryModel(scale=scale, concept_scales={"k": concept_scale})
    at, memory, reviews, expected = T0, None, [], []
    for rating, hours in history:
        if memory is not None and (at - memory.last_review).days >= 1:
            expected.append((model.retrievability(memory, at), memory.stability))
        memory = model.review(memory, Rating(rating), at, concept="k")
        reviews.append(Review(at, Rating(rating)))
        at += timedelta(hours=hours)
    seen = replay([Track.of("p", "k", reviews)], model.parameters, [scale * concept_scale])
    assert seen.recall == pytest.approx([r for r, _ in expected], rel=1e-12)
    assert seen.stability == pytest.approx([s for _, s in expected], rel=1e-12)


def test_a_person_whose_memories_last_twice_as_long_gets_intervals_twice_as_long() -> None:
    usual, longer = MemoryModel(), MemoryModel(scale=2.0)
    a, b = usual.review(None, Rating.GOOD, T0), longer.review(None, Rating.GOOD, T0)
    assert b.stability == pytest.approx(2 * a.stability)
    a = usual.review(a, Rating.GOOD, T0 + timedelta(days=5))
    b = longer.review(b, Rating.GOOD, T0 + timedelta(days=10))  # at the same predicted recall, twice as late
    assert b.stability == pytest.approx(2 * a.stability, rel=1e-9)
    a = usual.review(a, Rating.AGAIN, a.last_review + timedelta(days=20))
    b = longer.review(b, Rating.AGAIN, b.last_review + timedelta(days=40))
    assert b.stability == pytest.approx(2 * a.stability, rel=1e-9)
    assert (b.due - b.last_review).days == pytest.approx(2 * (a.due - a.last_review).days, abs=1)


def test_a_concepts_scale_multiplies_the_persons_and_applies_from_the_first_review() -> None:
    model = MemoryModel(scale=1.5, concept_scales={"hard": 0.5})
    base = MemoryModel().review(None, Rating.GOOD, T0)
    assert model.review(None, Rating.GOOD, T0, concept="hard").stability == pytest.approx(0.75 * base.stability)
    assert model.review(None, Rating.GOOD, T0, concept="other").stability == pytest.approx(1.5 * base.stability)
    assert model.review(None, Rating.GOOD, T0).stability == pytest.approx(1.5 * base.stability)


def test_a_calibrated_model_schedules_where_the_calibrated_recall_meets_the_desired_retention() -> None:
    pessimistic = MemoryModel(calibration=Calibration(offset=-0.8, slope=1.0))
    plain = MemoryModel()
    memory = plain.review(plain.review(None, Rating.GOOD, T0), Rating.GOOD, T0 + timedelta(days=3))
    calibrated = pessimistic.review(pessimistic.review(None, Rating.GOOD, T0), Rating.GOOD, T0 + timedelta(days=3))
    assert calibrated.due < memory.due  # it predicts less recall, so the concept comes back sooner
    assert pessimistic.retrievability(calibrated, calibrated.due) == pytest.approx(0.9, abs=0.02)
    assert pessimistic.recall_after(calibrated.stability, 0) == 1.0


def test_invalid_models_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match=r"between 0\.5 and 1"):
        MemoryModel(desired_retention=1.0)
    with pytest.raises(ValueError, match="expected 21"):
        MemoryModel(parameters=(1.0,))
    with pytest.raises(ValueError, match=r"parameters\[4\]"):
        MemoryModel(parameters=(0.2, 1.3, 2.3, 8.3, 99.0, *MemoryModel().parameters[5:]))
    with pytest.raises(ValueError, match="positive"):
        MemoryModel(scale=0)
    with pytest.raises(ValueError, match="positive"):
        MemoryModel(concept_scales={"c": -1.0})


@given(
    st.lists(st.tuples(st.floats(0.01, 400.0), st.integers(0, 400)), min_size=1, max_size=12),
    st.integers(-3, 2000),
    st.booleans(),
)
def test_mean_recall_after_is_the_mean_of_recall_after(
    pairs: list[tuple[float, int]], days: int, calibrated: bool
) -> None:
    model = MemoryModel(calibration=Calibration(offset=-0.4, slope=1.3) if calibrated else None)
    expected = sum(model.recall_after(s, days + since) for s, since in pairs) / len(pairs)
    assert model.mean_recall_after(pairs, days) == expected
