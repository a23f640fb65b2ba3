from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.diagnostic import (
    MAX_QUESTIONS,
    Answer,
    module_results,
    modules_tested_out,
    next_question,
    shown_concepts,
)
from skillpath.domain.gates import Progress
from tests.unit.domain.builders import curriculum, module, sales


def test_it_starts_at_the_application_stage() -> None:
    assert next_question(sales(), {}, []) == "a1/c0"


def test_it_finishes_a_module_while_the_answers_are_good_then_goes_harder() -> None:
    c = sales()
    answers = [Answer("a1/c0", True), Answer("a1/c1", True)]
    assert next_question(c, {}, answers) == "a1/c2"
    answers.append(Answer("a1/c2", True))
    assert module_results(c, answers)["a1"].shown
    assert next_question(c, {}, answers) == "m/c0"  # mastery next


def test_a_poor_answer_stops_the_module_and_goes_easier() -> None:
    c = sales()
    answers = [Answer("a1/c0", False)]
    assert module_results(c, answers)["a1"].failed
    assert next_question(c, {}, answers) == "f/c0"


def test_passed_modules_are_skipped_and_it_ends_when_nothing_is_left() -> None:
    c = curriculum({"foundation": [module("f", concepts=1)], "application": [module("a", requires=("f",), concepts=1)]})
    assert next_question(c, {"a": Progress(passed=True)}, []) == "f/c0"
    assert next_question(c, {"a": Progress(passed=True)}, [Answer("f/c0", True)]) is None


def test_reinforcement_stage_modules_are_not_asked() -> None:
    c = curriculum({"reinforcement": [module("r")]})
    assert next_question(c, {}, []) is None


@given(st.lists(st.booleans(), max_size=40))
def test_it_never_asks_a_concept_twice_nor_more_than_the_maximum(results: list[bool]) -> None:
    c = sales()
    answers: list[Answer] = []
    for good in results:
        key = next_question(c, {}, answers)
        if key is None:
            break
        assert key not in {a.concept for a in answers}
        answers.append(Answer(key, good))
    assert len(answers) <= MAX_QUESTIONS


def test_it_stops_after_the_maximum_number_of_questions() -> None:
    from skillpath.domain.diagnostic import MAX_QUESTIONS

    answers = [Answer(f"x/c{i}", True) for i in range(MAX_QUESTIONS)]
    assert next_question(sales(), {}, answers) is None


# --- testing out on the answers as given ------------------------------------------------------------


def test_a_module_is_tested_out_when_the_first_answer_to_each_concept_was_good() -> None:
    c = sales()
    answers = [Answer("a1/c0", True), Answer("a1/c1", True), Answer("a1/c2", True)]
    assert modules_tested_out(c, answers) == ["a1"]


def test_a_good_retry_after_a_poor_answer_never_tests_out() -> None:
    c = sales()
    answers = [Answer("a1/c0", True), Answer("a1/c1", False), Answer("a1/c1", True), Answer("a1/c2", True)]
    assert modules_tested_out(c, answers) == []
    assert shown_concepts(answers) == {"a1/c0", "a1/c2"}


def test_a_later_poor_answer_contradicts_a_good_first_one() -> None:
    c = sales()
    answers = [Answer("a1/c0", True), Answer("a1/c1", True), Answer("a1/c2", True), Answer("a1/c0", False)]
    assert modules_tested_out(c, answers) == []
    assert module_results(c, answers)["a1"].failed


ANSWERS = st.lists(
    st.builds(Answer, st.sampled_from(["a1/c0", "a1/c1", "a1/c2", "f/c0", "f/c1", "f/c2"]), st.booleans()), max_size=20
)


@given(ANSWERS)
def test_trial_and_error_never_tests_out_a_module(answers: list[Answer]) -> None:
    c = sales()
    out = modules_tested_out(c, answers)
    for shown_module in out:
        for concept in c.modules[shown_module].concepts:
            given = [a.good for a in answers if a.concept == concept]
            assert given and given[0] and all(given)  # answered well first time, and never poorly


@given(ANSWERS, st.sampled_from(["a1/c0", "f/c1"]))
def test_a_poor_answer_anywhere_keeps_its_module_from_testing_out(answers: list[Answer], concept: str) -> None:
    c = sales()
    for position in (0, len(answers)):
        with_miss = [*answers[:position], Answer(concept, False), *answers[position:]]
        assert c.module_of(concept) not in modules_tested_out(c, with_miss)
