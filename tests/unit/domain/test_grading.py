"""Golden tests of grading: one worked example per rule, with the feedback it gives."""

from __future__ import annotations

from typing import Any

from skillpath.domain.content.model import Categorize, Choice, Cloze, Match, Order, Scenario
from skillpath.domain.grading import Grade, ItemFeedback, ScenarioStep, cloze_segments, grade


def choice(*correct: bool, explanation: str | None = None) -> Choice:
    options = [{"text": f"option {i}", "correct": c, "feedback": f"about {i}"} for i, c in enumerate(correct)]
    return Choice.model_validate({"type": "choice", "prompt": "Pick", "options": options, "explanation": explanation})


def order(count: int) -> Order:
    return Order.model_validate({"type": "order", "prompt": "Sort", "items": [f"step {i}" for i in range(count)]})


CATEGORIZE = Categorize.model_validate(
    {
        "type": "categorize",
        "prompt": "Sort the fruit",
        "categories": [{"id": "red", "title": "Red"}, {"id": "yellow", "title": "Yellow"}],
        "items": [
            {"text": "cherry", "category": "red"},
            {"text": "banana", "category": "yellow"},
            {"text": "lemon", "category": "yellow"},
            {"text": "strawberry", "category": "red"},
        ],
    }
)
MATCH = Match.model_validate(
    {
        "type": "match",
        "prompt": "Match the capitals",
        "pairs": [
            {"left": "France", "right": "Paris"},
            {"left": "Italy", "right": "Rome"},
            {"left": "Spain", "right": "Madrid"},
            {"left": "Chile", "right": "Santiago"},
        ],
    }
)
CLOZE = Cloze.model_validate(
    {"type": "cloze", "prompt": "Fill in", "text": "Say {{thank you|thanks}} and {{ New York }} then {{etc.}}"}
)
SCENARIO = Scenario.model_validate(
    {
        "type": "scenario",
        "prompt": "A buyer says the price is too high.",
        "explanation": "Find the value first.",
        "start": "open",
        "nodes": {
            "open": {
                "text": "Buyer: this costs more.",
                "choices": [
                    {"text": "What does a stock-out cost?", "next": "probe", "points": 2, "feedback": "Value."},
                    {"text": "20% off.", "next": "discount", "points": 0, "feedback": "Margin gone."},
                ],
            },
            "probe": {
                "text": "Buyer: two days of sales.",
                "choices": [
                    {"text": "So it pays for itself?", "next": "won", "points": 2, "feedback": "Framed."},
                    {"text": "I'll send a quote.", "next": "meh", "points": 1},
                ],
            },
            "won": {"text": "A pilot.", "end": "success"},
            "meh": {"text": "Silence.", "end": "partial"},
            "discount": {"text": "Loss.", "end": "fail"},
        },
    }
)


def scores(activity: Any, responses: list[dict[str, Any]]) -> list[float]:
    return [grade(activity, r).score for r in responses]


# --- choice ---------------------------------------------------------------------------------


def test_single_choice_scores_one_only_for_exactly_the_correct_option() -> None:
    activity = choice(False, True, False)
    assert scores(activity, [{"selected": [1]}, {"selected": [0]}, {"selected": [1, 2]}]) == [1.0, 0.0, 0.0]


def test_single_choice_feedback_covers_every_option_with_its_text_and_whether_it_was_picked() -> None:
    result = grade(choice(False, True, False, explanation="Because."), {"selected": [0]})
    assert result == Grade(
        score=0.0,
        correct=False,
        feedback=(
            ItemFeedback("options[0]", False, "about 0", picked=True),
            ItemFeedback("options[1]", False, "about 1", picked=False),
            ItemFeedback("options[2]", True, "about 2", picked=False),
        ),
        explanation="Because.",
    )


def test_multiple_choice_gives_partial_credit_for_partly_right_picks() -> None:
    activity = choice(True, True, False, True)
    assert scores(activity, [{"selected": [0]}, {"selected": [0, 1]}, {"selected": [3, 1, 0]}]) == [1 / 3, 2 / 3, 1.0]


def test_multiple_choice_takes_a_point_off_for_each_wrong_pick_and_never_goes_below_zero() -> None:
    activity = choice(True, True, False, False)
    assert scores(activity, [{"selected": [0, 1, 2]}, {"selected": [0, 2]}, {"selected": [0, 2, 3]}]) == [
        0.5,
        0.0,
        0.0,
    ]


def test_multiple_choice_marks_a_correct_option_left_unpicked_as_wrong() -> None:
    result = grade(choice(True, True, False), {"selected": [0]})
    assert [(f.correct, f.picked) for f in result.feedback] == [(True, True), (False, False), (True, False)]
    assert result.correct is False


# --- order ----------------------------------------------------------------------------------


def test_order_in_authored_order_is_fully_correct() -> None:
    result = grade(order(4), {"order": [0, 1, 2, 3]})
    assert (result.score, result.correct) == (1.0, True)
    assert result.feedback == tuple(ItemFeedback(f"items[{i}]", True, None) for i in range(4))


def test_order_reversed_scores_zero() -> None:
    assert grade(order(5), {"order": [4, 3, 2, 1, 0]}).score == 0.0


def test_order_with_one_item_moved_loses_only_one_step_of_credit() -> None:
    result = grade(order(5), {"order": [1, 2, 3, 4, 0]})
    assert result.score == 3 / 4
    assert [f.correct for f in result.feedback] == [False, True, True, True, True]


def test_order_credits_the_longest_run_kept_in_order_not_items_at_their_exact_place() -> None:
    assert grade(order(6), {"order": [3, 0, 4, 1, 5, 2]}).score == 2 / 5


# --- categorize -----------------------------------------------------------------------------


def test_categorize_scores_the_share_of_items_in_their_category() -> None:
    result = grade(CATEGORIZE, {"placements": ["red", "red", "yellow", "yellow"]})
    assert result.score == 0.5
    assert result.feedback == (
        ItemFeedback("items[0]", True, None),
        ItemFeedback("items[1]", False, "Yellow"),
        ItemFeedback("items[2]", True, None),
        ItemFeedback("items[3]", False, "Red"),
    )


def test_categorize_counts_an_unplaced_item_as_wrong() -> None:
    assert grade(CATEGORIZE, {"placements": ["red", None, "yellow", "red"]}).score == 0.75


def test_categorize_all_in_place_is_correct() -> None:
    assert grade(CATEGORIZE, {"placements": ["red", "yellow", "yellow", "red"]}).correct


# --- match ----------------------------------------------------------------------------------


def test_match_scores_the_share_of_correct_pairs_and_names_the_right_side_of_wrong_ones() -> None:
    result = grade(MATCH, {"pairs": [0, 2, 1, None]})
    assert result.score == 0.25
    assert result.feedback == (
        ItemFeedback("pairs[0]", True, None),
        ItemFeedback("pairs[1]", False, "Rome"),
        ItemFeedback("pairs[2]", False, "Madrid"),
        ItemFeedback("pairs[3]", False, "Santiago"),
    )


def test_match_allows_several_unanswered_pairs() -> None:
    assert grade(MATCH, {"pairs": [None, 1, None, None]}).score == 0.25


def test_match_all_pairs_right_is_correct() -> None:
    assert grade(MATCH, {"pairs": [0, 1, 2, 3]}).correct


# --- cloze ----------------------------------------------------------------------------------


def test_cloze_accepts_any_alternative_ignoring_case_spacing_and_a_trailing_period() -> None:
    result = grade(CLOZE, {"blanks": ["  THANKS. ", "new   york", "Etc"]})
    assert (result.score, result.correct) == (1.0, True)


def test_cloze_scores_the_share_of_right_blanks_and_shows_what_was_typed_next_to_what_was_expected() -> None:
    result = grade(CLOZE, {"blanks": ["thank  You ", "newyork", ""]})
    assert result.score == 1 / 3
    assert result.feedback == (
        ItemFeedback("blanks[0]", True, None, given="thank  You", expected="thank you"),
        ItemFeedback("blanks[1]", False, "New York", given="newyork", expected="New York"),
        ItemFeedback("blanks[2]", False, "etc.", given="", expected="etc."),
    )


def test_cloze_feedback_expects_the_alternative_the_learner_matched() -> None:
    assert grade(CLOZE, {"blanks": ["Thanks", "", ""]}).feedback[0].expected == "thanks"


def test_cloze_ignores_punctuation_around_words() -> None:
    assert grade(CLOZE, {"blanks": ["thanks..", "New-York!", "etc"]}).score == 1


def test_cloze_compares_unicode_compatibility_forms_alike() -> None:
    activity = Cloze.model_validate({"type": "cloze", "prompt": "p", "text": "{{café}} and {{ﬁne}}"})
    assert grade(activity, {"blanks": ["cafe\u0301", "FINE"]}).correct


def test_cloze_without_blanks_has_nothing_to_get_wrong() -> None:
    activity = Cloze.model_validate({"type": "cloze", "prompt": "p", "text": "No blanks here."})
    assert grade(activity, {"blanks": []}).score == 1.0


def test_cloze_segments_split_text_into_literals_and_blank_numbers() -> None:
    assert cloze_segments(CLOZE) == ["Say ", 0, " and ", 1, " then ", 2]


def test_cloze_segments_leave_out_empty_literals_and_keep_a_closing_literal() -> None:
    activity = Cloze.model_validate({"type": "cloze", "prompt": "p", "text": "{{a}}{{b}} end."})
    assert cloze_segments(activity) == [0, 1, " end."]


# --- scenario -------------------------------------------------------------------------------


def test_scenario_best_path_scores_one_and_records_every_step() -> None:
    result = grade(SCENARIO, {"path": [0, 0]})
    assert (result.score, result.correct, result.explanation) == (1.0, True, "Find the value first.")
    assert result.path == (
        ScenarioStep("open", "Buyer: this costs more.", 0, "What does a stock-out cost?", 2, 4, "Value."),
        ScenarioStep("probe", "Buyer: two days of sales.", 0, "So it pays for itself?", 2, 2, "Framed."),
    )
    assert result.feedback == (ItemFeedback("path[0]", True, "Value."), ItemFeedback("path[1]", True, "Framed."))


def test_scenario_scores_points_on_the_path_over_the_best_paths_points() -> None:
    result = grade(SCENARIO, {"path": [0, 1]})
    assert result.score == 3 / 4
    assert result.feedback == (ItemFeedback("path[0]", True, "Value."), ItemFeedback("path[1]", False, None))


def test_scenario_path_to_a_failing_ending_scores_zero() -> None:
    result = grade(SCENARIO, {"path": [1]})
    assert result.score == 0.0
    assert result.path[0].best_points_here == 4
    assert result.feedback == (ItemFeedback("path[0]", False, "Margin gone."),)


def test_scenario_step_is_correct_when_it_keeps_the_best_remaining_points_even_at_zero_points_now() -> None:
    activity = Scenario.model_validate(
        {
            "type": "scenario",
            "prompt": "p",
            "start": "a",
            "nodes": {
                "a": {
                    "text": "A",
                    "choices": [{"text": "wait", "next": "b"}, {"text": "grab", "next": "z", "points": 1}],
                },
                "b": {"text": "B", "choices": [{"text": "win", "next": "z", "points": 3}]},
                "z": {"text": "Z", "end": "success"},
            },
        }
    )
    assert [f.correct for f in grade(activity, {"path": [0, 0]}).feedback] == [True, True]
    assert [f.correct for f in grade(activity, {"path": [1]}).feedback] == [False]


def test_scenario_whose_best_path_has_no_points_scores_every_path_fully() -> None:
    activity = Scenario.model_validate(
        {
            "type": "scenario",
            "prompt": "p",
            "start": "a",
            "nodes": {"a": {"text": "A", "choices": [{"text": "go", "next": "z"}]}, "z": {"text": "Z", "end": "fail"}},
        }
    )
    assert grade(activity, {"path": [0]}).score == 1.0
