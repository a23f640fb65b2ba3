"""Malformed responses are rejected with a message that says what is wrong and how to fix it."""

from __future__ import annotations

from typing import Any

import pytest

from skillpath.domain.grading import Grade, ResponseInvalid, grade, scenario_step
from tests.unit.domain.test_grading import CATEGORIZE, CLOZE, MATCH, SCENARIO, choice, order


def rejection(activity: Any, response: Any) -> str:
    with pytest.raises(ResponseInvalid) as caught:
        grade(activity, response)
    return str(caught.value)


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ([0], 'choice: the response must be an object like {"selected": [0, 2]}; got a list'),
        ({}, 'choice: the key "selected" is missing; send {"selected": [0, 2]}'),
        ({"selected": [0], "pick": 1, "b": 2}, 'choice: unexpected key "b", "pick"; send only {"selected": [0, 2]}'),
        ({"selected": 0}, 'choice: "selected" must be a list, like {"selected": [0, 2]}; got 0 (a number)'),
        ({"selected": "0"}, 'choice: "selected" must be a list, like {"selected": [0, 2]}; got "0" (text)'),
        ({"selected": {"0": 1}}, 'choice: "selected" must be a list, like {"selected": [0, 2]}; got an object'),
        ({"selected": None}, 'choice: "selected" must be a list, like {"selected": [0, 2]}; got null'),
        ({"selected": [True]}, "choice: selected[0] is true (true/false), not an index; option indices are 0..2"),
        ({"selected": [1.0]}, "choice: selected[0] is 1.0 (a number), not an index; option indices are 0..2"),
        ({"selected": [[1]]}, "choice: selected[0] is a list, not an index; option indices are 0..2"),
        ({"selected": [1, 3]}, "choice: selected[1] is 3, out of range; option indices are 0..2"),
        ({"selected": [-1]}, "choice: selected[0] is -1, out of range; option indices are 0..2"),
        ({"selected": [2, 0, 2]}, "choice: option 2 is selected twice; list each picked option index once"),
    ],
)
def test_malformed_choice_response_is_rejected(response: Any, message: str) -> None:
    assert rejection(choice(True, False, False), response) == message


def test_a_response_that_is_not_json_at_all_names_its_python_type() -> None:
    assert rejection(choice(True, False), object()).endswith("; got 'object' (not JSON)")


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ({"order": [0, 3, 1, 3, 2]}, "order: item 3 appears twice; send every item index 0..4 exactly once"),
        ({"order": [0, 1, 2, 4]}, "order: item 3 is missing; send every item index 0..4 exactly once"),
        ({"order": []}, "order: item 0 is missing; send every item index 0..4 exactly once"),
        ({"order": [0, 1, 2, 3, 4, 5]}, "order: order[5] is 5, out of range; send every item index 0..4 exactly once"),
        ({"order": ["0"]}, 'order: order[0] is "0" (text), not an index; send every item index 0..4 exactly once'),
        ({"sequence": [0]}, 'order: unexpected key "sequence"; send only {"order": [2, 0, 1]}'),
    ],
)
def test_malformed_order_response_is_rejected(response: Any, message: str) -> None:
    assert rejection(order(5), response) == message


HOW_PLACE = "send one category id (or null) per item, in authored item order"


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ({"placements": ["red"]}, f"categorize: expected 4 entries (one per item), got 1; {HOW_PLACE}"),
        (
            {"placements": ["red", 1, None, None]},
            'categorize: placements[1] is 1 (a number), not a category id; use one of "red", "yellow" or null',
        ),
        (
            {"placements": ["red", "blue", None, None]},
            'categorize: placements[1] is an unknown category "blue"; use one of "red", "yellow" or null',
        ),
        ({}, 'categorize: the key "placements" is missing; send {"placements": ["red", null]}'),
    ],
)
def test_malformed_categorize_response_is_rejected(response: Any, message: str) -> None:
    assert rejection(CATEGORIZE, response) == message


HOW_PAIR = "send the index 0..3 of a right side, or null, for each left in authored order"


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ({"pairs": [0, 1, 2]}, f"match: expected 4 entries (one per pair), got 3; {HOW_PAIR}"),
        ({"pairs": [0, 1, 2, 4]}, f"match: pairs[3] is 4, out of range; {HOW_PAIR}"),
        ({"pairs": [0, "b", 2, 3]}, f'match: pairs[1] is "b" (text), not an index; {HOW_PAIR}'),
        (
            {"pairs": [2, None, 2, 3]},
            "match: right side 2 is chosen for pairs[0] and pairs[2]; each right side can be used once",
        ),
    ],
)
def test_malformed_match_response_is_rejected(response: Any, message: str) -> None:
    assert rejection(MATCH, response) == message


HOW_BLANK = 'send the text typed into each blank, in order ("" for an empty one)'


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ({"blanks": ["thanks", "New York"]}, f"cloze: expected 3 entries (one per blank), got 2; {HOW_BLANK}"),
        ({"blanks": ["thanks", None, "etc"]}, f"cloze: blanks[1] is null, not text; {HOW_BLANK}"),
        ({"blanks": ["thanks", 7, "etc"]}, f"cloze: blanks[1] is 7 (a number), not text; {HOW_BLANK}"),
        (
            {"blanks": "thanks"},
            'cloze: "blanks" must be a list, like {"blanks": ["first answer", "second"]}; got "thanks" (text)',
        ),
    ],
)
def test_malformed_cloze_response_is_rejected(response: Any, message: str) -> None:
    assert rejection(CLOZE, response) == message


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (
            {"path": [0]},
            'scenario: the path stops at "probe", which is not an ending; add the index 0..1 of the choice taken there',
        ),
        (
            {"path": [1, 0]},
            'scenario: path[1] goes past the ending "discount"; the path must stop at the first ending it reaches',
        ),
        ({"path": [0, 2]}, 'scenario: path[1] is 2, out of range; the choices at "probe" are 0..1'),
        ({"path": [None]}, 'scenario: path[0] is null, not an index; the choices at "open" are 0..1'),
        ({"route": [0, 0]}, 'scenario: unexpected key "route"; send only {"path": [1, 0]}'),
    ],
)
def test_malformed_scenario_response_is_rejected(response: Any, message: str) -> None:
    assert rejection(SCENARIO, response) == message


def test_scenario_step_walks_a_partial_path_one_node_at_a_time() -> None:
    assert [scenario_step(SCENARIO, p) for p in ([], [0], [0, 1], [1])] == ["open", "probe", "meh", "discount"]


def test_scenario_step_rejects_an_index_that_is_not_a_choice_of_its_node() -> None:
    with pytest.raises(ResponseInvalid, match=r'path\[0\] is 5, out of range; the choices at "open" are 0..1'):
        scenario_step(SCENARIO, [5])


def test_scenario_step_rejects_a_path_that_goes_on_past_an_ending() -> None:
    with pytest.raises(ResponseInvalid, match='path\\[2\\] goes past the ending "won"'):
        scenario_step(SCENARIO, [0, 0, 0])


def test_response_invalid_is_a_value_error() -> None:
    assert issubclass(ResponseInvalid, ValueError)


@pytest.mark.parametrize(("score", "correct"), [(1.5, False), (-0.1, False), (0.5, True), (1.0, False)])
def test_a_grade_cannot_be_built_with_a_score_outside_0_1_or_a_wrong_correct_flag(score: float, correct: bool) -> None:
    with pytest.raises(ValueError, match="score"):
        Grade(score, correct, (), None)
