"""A check passes per concept: the pass score and no concept below the floor, with one more go."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.checking import CONCEPT_FLOOR, EXTRA_TRIES, check_outcome

CONCEPTS = ("a", "b", "c", "d", "e")
TITLES = {"a": "Open questions", "b": "Silence", "c": "Summaries", "d": "Labels", "e": "Mirrors"}


def test_a_check_with_every_concept_good_passes() -> None:
    outcome = check_outcome(CONCEPTS, {c: [1.0] for c in CONCEPTS}, 0.8, TITLES)
    assert (outcome.complete, outcome.passed, outcome.score) == (True, True, 1.0)
    assert outcome.reason == "Passed: 100% (80% needed) and every idea at least 60%."


def test_a_concept_below_the_floor_gets_another_go_before_the_check_completes() -> None:
    answers = {"a": [1.0], "b": [1.0], "c": [1.0], "d": [1.0], "e": [0.0]}  # 80% on average
    outcome = check_outcome(CONCEPTS, answers, 0.8, TITLES)
    assert (outcome.complete, outcome.passed, outcome.another_go) == (False, False, ("e",))
    assert outcome.reason == "Another go with a new question for “Mirrors” (0%): every idea needs at least 60%."


def test_one_concept_mostly_wrong_fails_the_check_whatever_the_average() -> None:
    answers = {"a": [1.0], "b": [1.0], "c": [1.0], "d": [1.0], "e": [0.0, 0.5]}
    outcome = check_outcome(CONCEPTS, answers, 0.8, TITLES)
    assert (outcome.complete, outcome.passed, outcome.weak) == (True, False, ("e",))
    assert outcome.score == 0.9
    assert outcome.reason == (
        "Not passed: “Mirrors” (50%) stayed below 60% after another go, so the check does not pass even at "
        "90% overall (80% needed)."
    )


def test_a_good_second_go_counts_and_the_check_can_pass() -> None:
    answers = {"a": [1.0], "b": [1.0], "c": [1.0], "d": [1.0], "e": [0.0, 1.0]}
    assert check_outcome(CONCEPTS, answers, 0.8).passed


def test_a_low_average_fails_even_when_every_concept_is_above_the_floor() -> None:
    outcome = check_outcome(CONCEPTS, {c: [0.6] for c in CONCEPTS}, 0.8)
    assert (outcome.complete, outcome.passed) == (True, False)
    assert outcome.reason == "Not passed: 60%, 80% needed."


def test_unanswered_concepts_keep_the_check_open() -> None:
    outcome = check_outcome(CONCEPTS, {"a": [1.0], "zzz": [0.0]}, 0.8)
    assert (outcome.complete, outcome.unanswered, outcome.score) == (False, ("b", "c", "d", "e"), 1.0)
    assert outcome.reason == "4 questions to go."
    assert check_outcome(CONCEPTS, {}, 0.8).score is None
    assert check_outcome(("a", "b"), {"a": [1.0]}, 0.8).reason == "1 question to go."


def test_a_module_without_concepts_has_nothing_to_check() -> None:
    assert check_outcome((), {}, 0.8).passed


SCORES = st.sampled_from([0.0, 0.25, 0.5, 0.59, 0.6, 0.75, 0.8, 0.9, 1.0])


@st.composite
def checks(draw: st.DrawFn) -> dict[str, list[float]]:
    """Answers as a real check produces them: a second answer only after one below the floor."""
    answers = {}
    for concept in draw(st.lists(st.sampled_from(CONCEPTS), unique=True)):
        first = draw(SCORES)
        answers[concept] = [first, draw(SCORES)] if first < CONCEPT_FLOOR and draw(st.booleans()) else [first]
    return answers


@given(checks(), st.sampled_from([0.6, 0.7, 0.8, 0.9, 1.0]))
def test_a_passed_check_has_every_concept_at_or_above_the_floor_and_the_pass_score(
    answers: dict[str, list[float]], pass_score: float
) -> None:
    outcome = check_outcome(CONCEPTS, answers, pass_score)
    if outcome.passed:
        assert outcome.complete and not outcome.weak
        assert all(answers[c][-1] >= CONCEPT_FLOOR for c in CONCEPTS)
        assert outcome.score is not None and outcome.score + 1e-9 >= pass_score
    assert 0 <= (outcome.score or 0) <= 1


@given(checks())
def test_no_concept_gets_more_than_one_extra_try(answers: dict[str, list[float]]) -> None:
    outcome = check_outcome(CONCEPTS, answers, 0.8)
    assert all(len(answers[c]) <= EXTRA_TRIES for c in outcome.another_go)
    assert outcome.complete == (not outcome.unanswered and not outcome.another_go)


@given(checks())
def test_a_better_latest_answer_never_turns_a_pass_into_a_fail(answers: dict[str, list[float]]) -> None:
    before = check_outcome(CONCEPTS, answers, 0.8)
    improved = {c: [*scores[:-1], 1.0] for c, scores in answers.items()}
    after = check_outcome(CONCEPTS, improved, 0.8)
    assert after.passed or not before.passed
