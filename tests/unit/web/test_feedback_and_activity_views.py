"""What activities and feedback say, in words (no database): the view models the templates render."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from skillpath.domain.content.model import Activity, Cloze, Scenario
from skillpath.domain.grading import grade
from skillpath.domain.grading.answers import model_answer
from skillpath.web.activities import activity_view, cloze_blank_labels, cloze_sentences
from skillpath.web.feedback import feedback_view

ACTIVITY: TypeAdapter[Activity] = TypeAdapter(Activity)

TICKET = {
    "type": "choice",
    "prompt": "Which details belong in every ticket?",
    "options": [
        {"text": "Who is affected", "correct": True, "feedback": "Scope decides priority."},
        {"text": "What the customer sees", "correct": True},
        {"text": "The agent's favourite colour", "correct": False, "feedback": "Not relevant."},
        {"text": "When it started", "correct": True},
    ],
    "explanation": "Who, what and since when.",
}
CALLER = {
    "type": "scenario",
    "prompt": "A store manager calls.",
    "start": "open",
    "nodes": {
        "open": {
            "text": "This is the third time!",
            "choices": [
                {"text": "Please calm down.", "next": "worse", "points": 0, "feedback": "Dismissive."},
                {"text": "I understand. Which tills?", "next": "probe", "points": 2, "feedback": "You acknowledge."},
            ],
        },
        "probe": {
            "text": "All four.",
            "choices": [
                {"text": "I will look into it when I can.", "next": "vague", "points": 1},
                {
                    "text": "Urgent now; I call back within the hour.",
                    "next": "solved",
                    "points": 2,
                    "feedback": "Clear.",
                },
            ],
        },
        "solved": {"text": "Thanks.", "end": "success"},
        "vague": {"text": "Calls again, angrier.", "end": "partial"},
        "worse": {"text": "Asks for your supervisor.", "end": "fail"},
    },
}


def activity(data: dict[str, Any]) -> Any:
    return ACTIVITY.validate_python(data)


def test_choice_feedback_says_what_each_option_is_and_what_the_learner_did_with_it() -> None:
    choice = activity(TICKET)
    response = {"selected": [0, 1, 2]}  # two right, one wrong, one right option missed
    view = feedback_view(choice, grade(choice, response), response)
    said = [(line.label, line.key_text, line.verdict) for line in view.lines]
    assert said == [
        ("Who is affected", "Correct option", "You picked it: right"),
        ("What the customer sees", "Correct option", "You picked it: right"),
        ("The agent's favourite colour", "Wrong option", "You picked it: wrong"),
        ("When it started", "Correct option", "You did not pick it: missed"),
    ]
    assert view.verdict == "Partly right: 33%"
    assert view.score_note == (
        "You picked 2 of the 3 correct options and 1 wrong one. Each wrong pick cancels a right one: (2 − 1) ÷ 3 = 33%."
    )


def test_an_unpicked_wrong_option_is_a_right_decision_not_a_green_tick_on_a_wrong_option() -> None:
    choice = activity(TICKET)
    view = feedback_view(choice, grade(choice, model_answer(choice)))
    colour = next(line for line in view.lines if line.label == "The agent's favourite colour")
    assert (colour.key, colour.picked, colour.correct) == (False, False, True)
    assert (colour.key_text, colour.verdict) == ("Wrong option", "Not picked: right")
    assert view.verdict == "Correct" and view.score_note is None


def test_a_single_answer_choice_has_no_partial_credit_to_explain() -> None:
    single = activity({**TICKET, "options": TICKET["options"][1:3]})
    view = feedback_view(single, grade(single, {"selected": [1]}), {"selected": [1]})
    assert view.verdict == "Not quite: 0%" and view.score_note is None


def test_cloze_feedback_repeats_what_was_typed_next_to_the_right_answer() -> None:
    cloze = activity(
        {"type": "cloze", "prompt": "Reply", "text": "We are {{looking into it}} and reply in {{an hour}}."}
    )
    response = {"blanks": ["  looking  in to it ", ""]}
    view = feedback_view(cloze, grade(cloze, response), response)
    assert [(line.label, line.given, line.text) for line in view.lines] == [
        ("We are (blank 1) and reply in (blank 2).", "You wrote “looking in to it”", "looking into it"),
        ("We are (blank 1) and reply in (blank 2).", "You left it empty", "an hour"),
    ]
    assert view.score_note == "0 of 2 blanks right: 0%."


def test_categorize_and_match_feedback_say_where_the_learner_put_each_item() -> None:
    sort = activity(
        {
            "type": "categorize",
            "prompt": "Sort",
            "categories": [{"id": "u", "title": "Urgent"}, {"id": "r", "title": "Routine"}],
            "items": [{"text": "Checkout down", "category": "u"}, {"text": "Typo", "category": "r"}],
        }
    )
    response: dict[str, Any] = {"placements": ["r", None]}
    view = feedback_view(sort, grade(sort, response), response)
    assert [(x.given, x.text) for x in view.lines] == [
        ("You put it in Routine", "Urgent"),
        ("You did not sort it", "Routine"),
    ]
    pairs = activity(
        {
            "type": "match",
            "prompt": "Match",
            "pairs": [{"left": "Outage", "right": "Status page"}, {"left": "Bug", "right": "Issue"}],
        }
    )
    response = {"pairs": [1, None]}
    view = feedback_view(pairs, grade(pairs, response), response)
    assert [x.given for x in view.lines] == ["You matched it with Issue", "You left it"]
    assert view.score_note == "0 of 2 pairs right: 0%."


def test_order_feedback_follows_the_learners_order_and_explains_the_steps_counted() -> None:
    order = activity({"type": "order", "prompt": "Order", "items": ["Logged", "Triaged", "Resolved", "Closed"]})
    response = {"order": [1, 0, 2, 3]}
    view = feedback_view(order, grade(order, response), response)
    assert [(x.label, x.given) for x in view.lines] == [
        ("Triaged", "You put it at position 1"),
        ("Logged", "You put it at position 2"),
        ("Resolved", "You put it at position 3"),
        ("Closed", "You put it at position 4"),
    ]
    assert view.correct_order == ["Logged", "Triaged", "Resolved", "Closed"]
    assert view.score_note == (
        "3 of the 4 items stand in the right order relative to each other; the score counts the steps between "
        "them: (3 − 1) ÷ (4 − 1) = 67%."
    )


def test_feedback_without_the_response_still_marks_every_element() -> None:
    order = activity({"type": "order", "prompt": "Order", "items": ["A", "B", "C"]})
    view = feedback_view(order, grade(order, {"order": [2, 1, 0]}))
    assert [x.label for x in view.lines] == ["A", "B", "C"] and all(x.given is None for x in view.lines)


def test_a_scenario_shows_the_better_move_at_each_decision_that_was_not_the_best() -> None:
    scenario = activity(CALLER)
    response = {"path": [1, 0]}  # the best first move, then a vague promise
    view = feedback_view(scenario, grade(scenario, response), response)
    assert [(s.choice, s.best, s.better) for s in view.path] == [
        ("I understand. Which tills?", True, None),
        ("I will look into it when I can.", False, "Urgent now; I call back within the hour."),
    ]
    assert view.path[1].better_feedback == "Clear."
    assert view.ending == "Calls again, angrier."
    assert view.score_note == "Your path earned 3 of the 4 points of the best path: 75%."
    worst = feedback_view(scenario, grade(scenario, {"path": [0]}))
    assert worst.path[0].better == "I understand. Which tills?" and worst.verdict == "Not quite: 0%"


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "Thanks. We are {{looking into it}} and reply in {{an hour}}.",
            [
                "Blank 1 of 2 in “We are (blank 1) and reply in (blank 2).”",
                "Blank 2 of 2 in “We are (blank 1) and reply in (blank 2).”",
            ],
        ),
        ("A ticket says {{since when}}.", ["The blank in “A ticket says (blank).”"]),
        (
            "{{Logged}} comes first. Then {{triaged}}! Last: {{closed}}",
            [
                "Blank 1 of 3 in “(blank 1) comes first.”",
                "Blank 2 of 3 in “Then (blank 2)!”",
                "Blank 3 of 3 in “Last: (blank 3)”",
            ],
        ),
    ],
)
def test_each_blank_is_named_by_the_sentence_around_it(text: str, labels: list[str]) -> None:
    cloze = activity({"type": "cloze", "prompt": "p", "text": text})
    assert isinstance(cloze, Cloze)
    assert cloze_blank_labels(cloze) == labels
    assert [p.label for p in activity_view(cloze, "seed").segments if p.blank is not None] == labels
    assert len(cloze_sentences(cloze)) == len(cloze.blanks)


def test_the_scenario_view_still_walks_the_nodes() -> None:
    scenario = activity(CALLER)
    assert isinstance(scenario, Scenario)
    view = activity_view(scenario, "seed", [1])
    assert view.scenario is not None and view.scenario.text == "All four." and view.scenario.steps == 1


WORDS = st.text(alphabet="abc .!?,", max_size=12)


@given(st.lists(st.tuples(WORDS, st.text(alphabet="xyz", min_size=1, max_size=5)), min_size=1, max_size=5), WORDS)
def test_every_blank_gets_a_name_that_places_it_in_its_sentence(parts: list[tuple[str, str]], tail: str) -> None:
    text = "".join(f"{before}{{{{{answer}}}}}" for before, answer in parts) + tail
    cloze = activity({"type": "cloze", "prompt": "p", "text": text})
    labels = cloze_blank_labels(cloze)
    assert len(labels) == len(parts)
    for number, label in enumerate(labels, start=1):
        assert ("(blank)" if len(parts) == 1 else f"(blank {number})") in label
        assert "{{" not in label
