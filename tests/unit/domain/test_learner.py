"""The learner state and the one function that changes it: checks, reinforcement, the diagnostic."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillpath.domain.curriculum import MilestoneSpec
from skillpath.domain.learner import (
    SEEN_KEPT,
    Answer,
    AnswerKind,
    AnswerRefused,
    LearnerState,
    ModuleRecord,
    apply_answer,
    start_check,
)
from skillpath.domain.memory import MemoryModel, Rating
from tests.unit.domain.builders import T0, curriculum, module

CHECK = UUID(int=1)


def academy() -> LearnerState:
    c = curriculum(
        {
            "foundation": [module("f", concepts=2)],
            "application": [module("a", requires=("f",), concepts=2)],
            "mastery": [],
            "reinforcement": [],
        }
    )
    variants = {k: (0, 1, 2) for m in c.modules.values() for k in m.concepts}
    c = replace(c, variants=variants, milestones=(MilestoneSpec("role/first", "role", "First", 30, ("f",)),))
    return LearnerState(curriculum=c, model=MemoryModel())


def rating(score: float) -> Rating:
    return Rating.GOOD if score >= 0.9 else Rating.HARD if score >= 0.6 else Rating.AGAIN


def check_answer(state: LearnerState, concept: str, score: float, at: timedelta = timedelta(0)) -> Answer:
    position = state.checks[CHECK].variants[concept]
    return Answer(AnswerKind.CHECK, concept, position, score, rating(score), T0 + at, CHECK)


def test_a_check_opens_with_the_first_variant_of_each_concept_and_marks_the_module_started() -> None:
    state, check = start_check(academy(), "f", check_id=CHECK, at=T0)
    assert dict(check.variants) == {"f/c0": 0, "f/c1": 0}
    assert state.modules["f"] == ModuleRecord(started_at=T0)
    assert check.pending == ["f/c0", "f/c1"] and check.items == 2


def test_a_locked_module_cannot_be_started_and_says_why() -> None:
    with pytest.raises(AnswerRefused, match=r"This module is locked\. Pass \*F\* with 80%"):
        start_check(academy(), "a", check_id=CHECK, at=T0)
    with pytest.raises(AnswerRefused, match="not on your path"):
        start_check(academy(), "elsewhere", check_id=CHECK, at=T0)


def test_passing_a_check_passes_the_module_unlocks_the_next_reaches_the_milestone_and_raises_the_level() -> None:
    state, _ = start_check(academy(), "f", check_id=CHECK, at=T0)
    state, first = apply_answer(state, check_answer(state, "f/c0", 1.0))
    assert first.check_outcome is None and first.memory == "f/c0" and not first.module_passed
    state, last = apply_answer(state, check_answer(state, "f/c1", 1.0, timedelta(minutes=1)))
    assert last.check_outcome is not None and last.check_outcome.passed and last.module_passed
    assert last.unlocked == ("a",) and last.milestones == ("role/first",)
    assert ("s", 0, 1) in last.levels and state.skills["s"].level == 1
    assert state.modules["f"].passed_at == T0 + timedelta(minutes=1) and state.modules["f"].checks == 1
    assert state.milestones == {"role/first": T0 + timedelta(minutes=1)}
    assert state.checks[CHECK].completed_at is not None


def test_a_concept_below_the_floor_gets_another_go_with_another_variant_before_the_check_completes() -> None:
    state, _ = start_check(academy(), "f", check_id=CHECK, at=T0)
    state, _ = apply_answer(state, check_answer(state, "f/c0", 0.0))
    assert state.checks[CHECK].variants["f/c0"] == 1 and state.checks[CHECK].retry == ("f/c0",)
    state, changes = apply_answer(state, check_answer(state, "f/c1", 1.0))
    assert changes.check_outcome is None and state.checks[CHECK].pending == ["f/c0"]
    state, changes = apply_answer(state, check_answer(state, "f/c0", 1.0))
    assert changes.check_outcome is not None and changes.check_outcome.passed
    assert state.checks[CHECK].answered == 3 and state.checks[CHECK].items == 3


def test_a_check_still_weak_after_another_go_completes_and_fails() -> None:
    state, _ = start_check(academy(), "f", check_id=CHECK, at=T0)
    for concept, score in (("f/c0", 0.0), ("f/c1", 1.0), ("f/c0", 0.2)):
        state, changes = apply_answer(state, check_answer(state, concept, score))
    assert changes.check_outcome is not None and not changes.check_outcome.passed
    assert not changes.module_passed and changes.unlocked == ()
    assert state.modules["f"].best_score == pytest.approx(0.6) and state.modules["f"].passed_at is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s, a: replace(a, check=UUID(int=2)), "no such module check"),
        (lambda s, a: replace(a, variant=2), "not part of the current module check"),
        (lambda s, a: replace(a, concept="a/c0"), "already answered"),
    ],
)
def test_an_answer_that_does_not_fit_the_check_is_refused(change, message) -> None:  # type: ignore[no-untyped-def]
    state, _ = start_check(academy(), "f", check_id=CHECK, at=T0)
    with pytest.raises(AnswerRefused, match=message):
        apply_answer(state, change(state, check_answer(state, "f/c0", 1.0)))


def test_a_complete_check_takes_no_more_answers() -> None:
    state, _ = start_check(academy(), "f", check_id=CHECK, at=T0)
    for concept in ("f/c0", "f/c1"):
        state, _ = apply_answer(state, check_answer(state, concept, 1.0))
    with pytest.raises(AnswerRefused, match="already complete"):
        apply_answer(state, Answer(AnswerKind.CHECK, "f/c0", 0, 1.0, Rating.GOOD, T0, CHECK))


def test_a_passed_module_passes_again_without_announcing_it() -> None:
    state, _ = start_check(academy(), "f", check_id=CHECK, at=T0)
    for concept in ("f/c0", "f/c1"):
        state, _ = apply_answer(state, check_answer(state, concept, 1.0))
    again = UUID(int=3)
    state, check = start_check(state, "f", check_id=again, at=T0 + timedelta(days=1))
    assert set(check.variants.values()) == {1}  # fresh variants
    for concept in ("f/c0", "f/c1"):
        answer = Answer(AnswerKind.CHECK, concept, 1, 1.0, Rating.GOOD, T0 + timedelta(days=1), again)
        state, changes = apply_answer(state, answer)
    assert not changes.module_passed and changes.unlocked == () and state.modules["f"].checks == 2


def test_reinforcement_reviews_the_memory_and_remembers_the_variants_shown() -> None:
    state, _ = start_check(academy(), "f", check_id=CHECK, at=T0)
    state, _ = apply_answer(state, check_answer(state, "f/c0", 1.0))
    for day in range(1, SEEN_KEPT + 3):
        answer = Answer(AnswerKind.REINFORCEMENT, "f/c0", day % 3, 1.0, Rating.GOOD, T0 + timedelta(days=day * 3))
        state, changes = apply_answer(state, answer)
    assert changes.memory == "f/c0" and changes.modules == () and changes.check is None
    remembered = state.memories["f/c0"]
    assert remembered.memory.reviews == SEEN_KEPT + 3 and len(remembered.variants_seen) == SEEN_KEPT


def test_a_poor_diagnostic_answer_seeds_nothing_new_but_counts_for_a_concept_already_known() -> None:
    state = academy()
    state, changes = apply_answer(state, Answer(AnswerKind.DIAGNOSTIC, "a/c0", 2, 0.0, Rating.AGAIN, T0))
    assert changes.memory is None and "a/c0" not in state.memories and state.diagnosed == {"a/c0": (False,)}
    state, _ = apply_answer(state, Answer(AnswerKind.DIAGNOSTIC, "a/c1", 2, 1.0, Rating.GOOD, T0))
    state, changes = apply_answer(state, Answer(AnswerKind.DIAGNOSTIC, "a/c1", 2, 0.0, Rating.AGAIN, T0))
    assert changes.memory == "a/c1" and state.memories["a/c1"].memory.lapses == 1


def test_good_diagnostic_answers_to_every_concept_test_a_module_out_once() -> None:
    state = academy()
    state, first = apply_answer(state, Answer(AnswerKind.DIAGNOSTIC, "f/c0", 2, 1.0, Rating.GOOD, T0))
    assert first.tested_out == ()
    state, second = apply_answer(state, Answer(AnswerKind.DIAGNOSTIC, "f/c1", 2, 1.0, Rating.GOOD, T0))
    assert second.tested_out == ("f",) and second.unlocked == ("a",) and second.milestones == ("role/first",)
    assert state.modules["f"].tested_out_at == T0 and state.progress["f"].done
    state, third = apply_answer(state, Answer(AnswerKind.DIAGNOSTIC, "f/c1", 2, 1.0, Rating.GOOD, T0))
    assert third.tested_out == ()  # already shown


answers = st.lists(
    st.tuples(
        st.sampled_from(["f/c0", "f/c1", "a/c0", "a/c1"]),
        st.sampled_from(list(AnswerKind)),
        st.sampled_from([0.0, 0.5, 0.7, 1.0]),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(answers)
def test_applying_answers_never_changes_the_state_it_was_given_and_keeps_levels_in_range(given) -> None:  # type: ignore[no-untyped-def]
    state = academy()
    for i, (concept, kind, score) in enumerate(given):
        at = T0 + timedelta(days=i)
        if kind is AnswerKind.CHECK:
            module_id = concept.split("/")[0]
            check = state.open_check(module_id)
            if check is None:
                try:
                    state, check = start_check(state, module_id, check_id=UUID(int=100 + i), at=at)
                except AnswerRefused:
                    continue
            if concept not in check.pending:
                continue
            answer = Answer(kind, concept, check.variants[concept], score, rating(score), at, check.id)
        elif kind is AnswerKind.REINFORCEMENT and concept not in state.memories:
            continue
        else:
            answer = Answer(kind, concept, 0, score, rating(score), at)
        before = (dict(state.memories), dict(state.modules), dict(state.skills), dict(state.checks))
        after, changes = apply_answer(state, answer)
        assert (dict(state.memories), dict(state.modules), dict(state.skills), dict(state.checks)) == before
        assert all(0 <= r.level <= 4 for r in after.skills.values())
        assert set(changes.skills) <= set(after.skills) and set(changes.modules) <= set(after.modules)
        state = after
