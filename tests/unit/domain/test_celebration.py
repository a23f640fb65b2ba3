"""The moments an answer gives to celebrate: read from what ``apply_answer`` changed, biggest first."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.celebration import MomentKind, moments
from skillpath.domain.checking import CheckOutcome
from skillpath.domain.learner import Changes, apply_answer, start_check
from tests.unit.domain.builders import T0
from tests.unit.domain.test_learner import CHECK, academy, check_answer


def test_passing_a_first_check_celebrates_the_milestone_the_level_the_pass_and_the_unlock_in_that_order() -> None:
    state, _ = start_check(academy(), "f", check_id=CHECK, at=T0)
    state, _ = apply_answer(state, check_answer(state, "f/c0", 1.0))
    state, changes = apply_answer(state, check_answer(state, "f/c1", 1.0, timedelta(minutes=1)))
    found = moments(changes, state.curriculum)
    assert [m.kind for m in found] == [MomentKind.MILESTONE, MomentKind.LEVEL, MomentKind.PASSED, MomentKind.UNLOCKED]
    assert [m.text for m in found] == [
        "Milestone reached: First.",
        "Skill S is now at level 1, foundation (was not started).",
        "Check passed for the first time: F.",
        "Unlocked: A.",
    ]


def test_an_answer_in_the_middle_of_a_check_or_a_failed_check_is_no_moment() -> None:
    state, _ = start_check(academy(), "f", check_id=CHECK, at=T0)
    state, first = apply_answer(state, check_answer(state, "f/c0", 0.0))
    assert moments(first, state.curriculum) == ()
    for concept, score in (("f/c1", 1.0), ("f/c0", 0.2)):
        state, changes = apply_answer(state, check_answer(state, concept, score))
    assert changes.check_outcome is not None and not changes.check_outcome.passed
    assert moments(changes, state.curriculum) == ()


def test_passing_again_says_again_and_unknown_ids_fall_back_to_their_ids() -> None:
    state, _ = start_check(academy(), "f", check_id=CHECK, at=T0)
    for concept in ("f/c0", "f/c1"):
        state, changes = apply_answer(state, check_answer(state, concept, 1.0))
    assert changes.check is not None
    again = replace(changes, module_passed=False, milestones=("role/gone",), levels=(("other", 1, 2),), unlocked=("x",))
    again = replace(again, check=replace(changes.check, module="retired"))
    assert [m.text for m in moments(again, state.curriculum)] == [
        "Milestone reached: role/gone.",
        "other is now at level 2, application (was foundation).",
        "Check passed again: retired.",
    ]


@given(st.lists(st.tuples(st.sampled_from(["s", "t"]), st.integers(0, 4), st.integers(0, 4)), max_size=4))
def test_only_levels_that_went_up_are_celebrated(levels: list[tuple[str, int, int]]) -> None:
    outcome = CheckOutcome(True, (), (), (), 0.5, False, "not yet")
    found = moments(Changes(levels=tuple(levels), check_outcome=outcome), academy().curriculum)
    assert len(found) == sum(1 for _, before, after in levels if after > before)
    assert all(m.kind is MomentKind.LEVEL and m.text.endswith(").") for m in found)
