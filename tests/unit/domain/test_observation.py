"""Observation on the job as evidence beside answers: a rubric's ``required_for`` holds a level back until an
observation meets the rubric; ``apply_observation`` raises it then."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.learner import (
    Answer,
    AnswerKind,
    AnswerRefused,
    LearnerState,
    Observation,
    apply_answer,
    apply_observation,
    start_check,
)
from skillpath.domain.memory import MemoryModel, Rating
from skillpath.domain.proficiency import OBSERVATION_NEEDED, skill_level
from skillpath.domain.recognition import certificate_eligibility
from tests.unit.domain.builders import T0, curriculum, module

CHECK = UUID(int=7)


def passed_foundation(required_for: int | None = 1) -> LearnerState:
    c = curriculum({"foundation": [module("f", concepts=2)], "application": [], "mastery": [], "reinforcement": []})
    c = replace(
        c,
        variants=dict.fromkeys(c.modules["f"].concepts, (0,)),
        observation_levels={"s": required_for} if required_for else {},
    )
    state, check = start_check(LearnerState(curriculum=c, model=MemoryModel()), "f", check_id=CHECK, at=T0)
    for concept in check.variants:
        state, _ = apply_answer(state, Answer(AnswerKind.CHECK, concept, 0, 1.0, Rating.GOOD, T0, CHECK))
    return state


def good(at: timedelta = timedelta(days=1)) -> Observation:
    return Observation("s", {"asks": 3, "listens": 4}, T0 + at)


def test_a_level_that_requires_observation_waits_for_one_and_says_so() -> None:
    state = passed_foundation()
    assert state.skills["s"].level == 0 and state.observed == {}
    level = skill_level(state.curriculum, "s", state.progress, state.memory, state.model, T0)
    assert level.level == 0
    assert "The answers show level 1 too; it also needs an observation on the job" in " ".join(level.explanation)
    assert level.missing[-1] == OBSERVATION_NEEDED


def test_an_observation_that_meets_the_rubric_raises_the_level() -> None:
    before = passed_foundation()
    after, changes = apply_observation(before, good())
    assert changes.levels == (("s", 0, 1),) and changes.skills == ("s",)
    assert after.skills["s"].level == 1 and after.observed == {"s": T0 + timedelta(days=1)}
    level = skill_level(after.curriculum, "s", after.progress, after.memory, after.model, T0, observed=True)
    assert "Observed on the job: an observation met the rubric." in level.explanation
    assert OBSERVATION_NEEDED not in level.missing
    assert before.skills["s"].observed_at is None  # the state given is never changed


def test_an_observation_below_the_rubric_or_a_second_one_changes_nothing() -> None:
    state = passed_foundation()
    not_yet = Observation("s", {"asks": 3, "listens": 2}, T0)
    assert apply_observation(state, not_yet) == (state, apply_observation(state, not_yet)[1])
    assert apply_observation(state, not_yet)[1].levels == ()
    observed, _ = apply_observation(state, good())
    again, changes = apply_observation(observed, good(timedelta(days=5)))
    assert again is observed and changes.skills == ()
    assert not Observation("s", {}, T0).meets


def test_an_observation_of_a_skill_not_on_the_path_is_refused() -> None:
    with pytest.raises(AnswerRefused, match="not on this person's paths"):
        apply_observation(passed_foundation(), Observation("juggling", {"x": 4}, T0))


def test_an_observation_before_any_answer_is_kept_and_counts_once_the_answers_come() -> None:
    c = passed_foundation().curriculum
    empty = LearnerState(curriculum=c, model=MemoryModel())
    observed, changes = apply_observation(empty, good(timedelta(0)))
    assert observed.skills["s"].level == 0 and changes.levels == ()
    state, check = start_check(observed, "f", check_id=CHECK, at=T0)
    for concept in check.variants:
        state, _ = apply_answer(state, Answer(AnswerKind.CHECK, concept, 0, 1.0, Rating.GOOD, T0, CHECK))
    assert state.skills["s"].level == 1 and state.skills["s"].observed_at == T0


def test_a_skill_without_required_observation_is_not_held_back() -> None:
    assert passed_foundation(required_for=None).skills["s"].level == 1


def test_the_certificate_evidence_lists_the_observation() -> None:
    state, _ = apply_observation(passed_foundation(), good())
    eligibility = certificate_eligibility(
        state.curriculum,
        {"s": 1},
        14,
        state.progress,
        state.memory,
        state.model,
        T0 + timedelta(days=1),
        state.observed,
    )
    assert eligibility.evidence[0].observed_at == T0 + timedelta(days=1) and eligibility.evidence[0].level == 1
    held = passed_foundation()
    without = certificate_eligibility(held.curriculum, {"s": 1}, 14, held.progress, held.memory, held.model, T0)
    assert without.evidence[0].observed_at is None and without.evidence[0].level == 0


@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(1, 4), min_size=1))
def test_an_observation_meets_the_rubric_exactly_when_every_criterion_scores_three_or_more(
    scores: dict[str, int],
) -> None:
    assert Observation("s", scores, T0).meets == all(v >= 3 for v in scores.values())
