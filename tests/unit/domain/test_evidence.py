"""Evidence per concept: the memory keeps what sustained needs (spaced recalls, lapses, holds)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.evidence import recalled, sustain_missing
from skillpath.domain.memory import MemoryModel, Rating
from tests.unit.domain.builders import T0, memory

MODEL = MemoryModel()
G, A = Rating.GOOD, Rating.AGAIN


def replay(*reviews: tuple[float, Rating]):  # type: ignore[no-untyped-def]
    return MODEL.replay([(T0 + timedelta(days=d), r) for d, r in reviews])


def test_only_successful_recalls_a_day_after_the_previous_review_count_as_spaced() -> None:
    same_day = replay((0, G), (0.5, G))
    assert (same_day.spaced_recalls, same_day.held_days) == (0, 0.0)
    next_day = replay((0, G), (0.5, G), (1.5, G))
    assert (next_day.spaced_recalls, next_day.held_days) == (1, 1.5)


def test_a_lapse_restarts_spaced_recalls_and_holds_from_the_lapse() -> None:
    m = replay((0, G), (2, G), (13, G), (40, A), (42, G))
    assert m.last_lapse == T0 + timedelta(days=40)
    assert (m.spaced_recalls, m.held_days, m.lapses) == (1, 2.0, 1)
    assert m.retained_days == 42  # the recall after learning is still on record for certificates


def test_a_failed_first_answer_is_not_a_lapse() -> None:
    m = replay((0, A), (2, G))
    assert (m.lapses, m.last_lapse, m.spaced_recalls) == (0, None, 1)


def test_old_rows_without_the_new_fields_are_not_sustained_until_rebuilt() -> None:
    old = memory(T0, stability=200, retained_days=90)
    assert recalled(old)
    assert sustain_missing(old)[0] == "2 more spaced recalls (0 since learning)"


def test_the_lapse_share_alone_can_keep_a_concept_from_sustained() -> None:
    steady = replace(memory(T0, stability=40), spaced_recalls=3, held_days=30, reviews=8, lapses=2)
    assert sustain_missing(steady) == ()
    shaky = replace(steady, lapses=3)
    assert sustain_missing(shaky) == ("fewer lapses (3 of 8 reviews; at most one in 4)",)


def test_a_concept_not_met_needs_learning_first() -> None:
    assert sustain_missing(None) == ("learning it first",) and not recalled(None)


@given(st.lists(st.tuples(st.floats(0, 60, allow_nan=False), st.sampled_from([A, Rating.HARD, G])), max_size=10))
def test_sustained_memories_were_kept_three_weeks_since_their_last_lapse(reviews: list[tuple[float, Rating]]) -> None:
    m = replay((0, G), *sorted(reviews))
    assert m.spaced_recalls <= m.reviews - 1
    if not sustain_missing(m):
        since = m.last_lapse or m.first_review
        assert m.last_review - since >= timedelta(days=21)
        assert recalled(m)


def test_only_the_concepts_that_train_the_skill_are_its_evidence() -> None:
    from skillpath.domain.curriculum import Curriculum, ModuleSpec, PathSpec
    from skillpath.domain.evidence import concept_evidence

    both = ModuleSpec("m", "M", (), 0.8, 5, ("s", "t"), ("m/c0", "m/c1"))
    c = Curriculum({"m": both}, (PathSpec("r", "R", (("foundation", ("m",)),)),), {"m/c0": "s", "m/c1": "t"})
    assert [e.concept for e in concept_evidence(c, "s", {}, {})] == ["m/c0"]
