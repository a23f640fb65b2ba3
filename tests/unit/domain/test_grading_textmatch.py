"""Cloze answers are compared fairly: spelling conventions never cost a mark, another word always does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.content.model import Cloze
from skillpath.domain.grading import grade
from skillpath.domain.grading.textmatch import matching, normalize, same_answer, singulars


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("99.9 %", "99.9%"),
        ("99.9 percent", "99.9%"),
        ("99.9 per cent", "99.9 %"),
        ("99.9", "99.9%"),  # the number is what the blank asks for
        ("99.90%", "99.9 %"),
        ("30 mins", "30 minutes"),
        ("30 min", "30 minutes"),
        ("30min", "30 minutes"),
        ("thirty minutes", "30 minutes"),
        ("Thirty", "30 min"),
        ("twenty-five", "25"),
        ("one hundred and five", "105"),
        ("1,000", "1000"),
        ("$30", "30 dollars"),
        ("2 hrs", "two hours"),
        ("locations", "location"),
        ("Location.", "locations"),
        ("boxes", "box"),
        ("replies", "reply"),
        ("  New   YORK ", "new york"),
        ("follow-up", "follow up"),
        ("customer's needs", "customers need"),
        ("ﬁne", "FINE"),
    ],
)
def test_spelling_conventions_do_not_cost_a_mark(typed: str, accepted: str) -> None:
    assert same_answer(typed, accepted)
    assert same_answer(accepted, typed)


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("30 hours", "30 minutes"),
        ("31", "30"),
        ("99%", "99.9%"),
        ("refund", "return"),
        ("discount policy", "discount"),
        ("", "discount"),
        ("status", "statu"),
        ("gas", "ga"),
        ("30 minutes", "minutes"),
    ],
)
def test_another_word_number_or_unit_is_wrong(typed: str, accepted: str) -> None:
    assert not same_answer(typed, accepted)


def test_normalize_writes_one_canonical_spelling() -> None:
    assert normalize("About Thirty MINS.") == "about 30 minute"
    assert normalize("99.9 %") == normalize("99.9%") == "99.9 percent"
    assert normalize("$1,000.50") == "1000.5 dollar"
    assert normalize("Follow-up!") == "follow up"


def test_units_are_read_only_after_a_number() -> None:
    assert normalize("s and h") == "s and h"
    assert normalize("5 s") == "5 second"


def test_matching_returns_the_authors_alternative_that_was_matched() -> None:
    assert matching("E-mails", ["mail", "e-mail"]) == "e-mail"
    assert matching("post", ["mail", "e-mail"]) is None


def test_a_cloze_accepts_the_demo_answers_that_were_marked_wrong_before() -> None:
    activity = Cloze.model_validate(
        {"type": "cloze", "prompt": "p", "text": "{{99.9%}} uptime, answer in {{30 minutes}}, list {{location}}"}
    )
    result = grade(activity, {"blanks": ["99.9 %", "30 mins", "locations"]})
    assert result.correct
    assert [f.given for f in result.feedback] == ["99.9 %", "30 mins", "locations"]


# --- properties --------------------------------------------------------------------------------

NOUNS = [
    "customer",
    "invoice",
    "discount",
    "renewal",
    "contract",
    "pipeline",
    "objection",
    "budget",
    "margin",
    "quote",
    "buyer",
    "supplier",
    "meeting",
    "agenda",
    "forecast",
    "territory",
    "referral",
    "churn",
    "upsell",
    "warranty",
    "delivery",
    "refund",
    "return",
    "price",
]
PHRASES = st.lists(st.sampled_from(NOUNS), min_size=1, max_size=3).map(" ".join)
NUMBERS = st.decimals(min_value=0, max_value=10_000, places=1, allow_nan=False, allow_infinity=False)
UNITS = {
    "percent": ["%", " %", " percent", " per cent", " pct"],
    "minute": [" min", " mins", "min", " minutes"],
    "hour": [" h", " hr", " hours", "hrs"],
    "day": [" days", " d", "d"],
}
SMALL_WORDS = {3: "three", 12: "twelve", 30: "thirty", 45: "forty-five", 99: "ninety nine"}


@given(st.text(max_size=40))
def test_normalization_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@st.composite
def variations(draw: st.DrawFn, phrase: str) -> str:
    """``phrase`` as a learner may type it: case, spacing, punctuation, plural, hyphens."""
    words = []
    for word in phrase.split():
        word = word + "s" if draw(st.booleans()) and not word.endswith("s") else word
        words.append(word.upper() if draw(st.booleans()) else word.capitalize() if draw(st.booleans()) else word)
    glue = draw(st.sampled_from([" ", "  ", "-", " - ", ", "]))
    return draw(st.sampled_from(["", " ", "\u00a0"])) + glue.join(words) + draw(st.sampled_from(["", ".", "!", " ."]))


@given(st.data(), PHRASES)
def test_a_phrase_matches_itself_under_every_accepted_variation(data: st.DataObject, phrase: str) -> None:
    assert same_answer(data.draw(variations(phrase)), phrase)


@given(st.data(), NUMBERS, st.sampled_from(sorted(UNITS)))
def test_a_number_matches_itself_in_every_spelling_of_its_unit(data: st.DataObject, number: object, unit: str) -> None:
    digits = str(number)
    typed = data.draw(st.sampled_from([digits, digits + "0" if "." in digits else digits + ".0"]))
    spelled = data.draw(st.sampled_from(UNITS[unit]))
    expected = digits + data.draw(st.sampled_from(UNITS[unit]))
    assert same_answer(typed + spelled, expected)
    assert same_answer(typed, expected)  # with or without the unit


@given(st.sampled_from(sorted(SMALL_WORDS)), st.sampled_from(["", " minutes", "%"]))
def test_small_numbers_match_in_words(number: int, unit: str) -> None:
    assert same_answer(SMALL_WORDS[number] + unit, f"{number}{unit}")


@given(st.data(), st.sampled_from(NOUNS), st.sampled_from(NOUNS))
def test_a_clearly_different_word_never_matches(data: st.DataObject, word: str, other: str) -> None:
    if word == other:
        return
    assert not same_answer(data.draw(variations(other)), word)


@given(NUMBERS, NUMBERS, st.sampled_from(["", "%", " minutes"]))
def test_a_different_number_never_matches(a: object, b: object, unit: str) -> None:
    if a == b:
        return
    assert not same_answer(f"{a}{unit}", f"{b}{unit}")


@given(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_a_word_is_always_among_its_own_singular_forms(word: str) -> None:
    assert word in singulars(word)
    assert same_answer(word, word)


def test_hundreds_in_words() -> None:
    assert normalize("hundred") == "100"
    assert normalize("one hundred and more") == "100 and more"
    assert normalize("two hundred") == "200"
    assert normalize("nine hundred ninety nine") == "999"
