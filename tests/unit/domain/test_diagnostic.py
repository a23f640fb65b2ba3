from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.diagnostic import MAX_QUESTIONS, Answer, module_results, next_question
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
