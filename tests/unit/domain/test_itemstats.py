from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from skillpath.domain.calibration import Calibration
from skillpath.domain.content.model import Activity
from skillpath.domain.fitting import DEFAULTS
from skillpath.domain.itemstats import (
    MIN_ANSWERS,
    Answer,
    Flag,
    ItemAnalysis,
    VariantStats,
    correlation,
    item_flags,
    options_of,
    picks_of,
)

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
ACTIVITY: TypeAdapter[Activity] = TypeAdapter(Activity)

CHOICE = ACTIVITY.validate_python(
    {
        "type": "choice",
        "prompt": "Which?",
        "options": [
            {"text": "Acknowledge the concern and then explain the value", "correct": True},
            {"text": "Discount", "correct": False},
            {"text": "Ignore it", "correct": False},
        ],
    }
)
EVEN_CHOICE = ACTIVITY.validate_python(
    {
        "type": "choice",
        "prompt": "Which?",
        "options": [{"text": "Alpha", "correct": True}, {"text": "Bravo", "correct": False}],
    }
)
MULTI = ACTIVITY.validate_python(
    {
        "type": "choice",
        "prompt": "Which?",
        "options": [
            {"text": "A", "correct": True},
            {"text": "Bee", "correct": True},
            {"text": "Cee", "correct": False},
        ],
    }
)
SORT = ACTIVITY.validate_python(
    {
        "type": "categorize",
        "prompt": "Sort",
        "categories": [{"id": "fruit", "title": "Fruit"}, {"id": "veg", "title": "Vegetable"}],
        "items": [{"text": "Apple", "category": "fruit"}, {"text": "Leek", "category": "veg"}],
    }
)
ORDER = ACTIVITY.validate_python({"type": "order", "prompt": "Order", "items": ["a", "b"]})


def scenario(best: str, *others: str) -> Activity:
    choices = [{"text": best, "next": "ok", "points": 2}, *({"text": o, "next": "no"} for o in others)]
    return ACTIVITY.validate_python(
        {
            "type": "scenario",
            "prompt": "Talk",
            "start": "s",
            "nodes": {
                "s": {
                    "text": "Hi",
                    "choices": choices,
                },
                "ok": {"text": "Good", "end": "success"},
                "no": {"text": "Bad", "end": "fail"},
            },
        }
    )


def answer(variant: str, day: float, score: float, **kw: object) -> Answer:
    rating = 1 if score < 0.6 else 3
    return Answer(variant, T0 + timedelta(days=day), score, rating, **kw)  # type: ignore[arg-type]


def stats(**kw: object) -> VariantStats:
    base: dict[str, object] = {
        "attempts": 40,
        "people": 40,
        "mean_score": 0.7,
        "first_try_correct": 0.6,
        "discrimination": 0.4,
        "median_seconds": 20.0,
        "picks": {"0": 0.6, "1": 0.2, "2": 0.2},
    }
    return VariantStats(**(base | kw))  # type: ignore[arg-type]


def test_a_history_counts_attempts_people_first_tries_and_median_time() -> None:
    analysis = ItemAnalysis(DEFAULTS)
    analysis.add_history("c", [answer("v", 0, 0.0, seconds=10.0), answer("v", 0.01, 1.0, seconds=30.0)])
    analysis.add_history("c", [answer("v", 0, 1.0, seconds=20.0)])
    result = analysis.variants()["v"]
    assert (result.attempts, result.people) == (3, 2)
    assert result.mean_score == pytest.approx(2 / 3)
    assert result.first_try_correct == 0.5
    assert result.median_seconds == 20.0
    assert result.discrimination is None and result.later_recall is None


def test_an_empty_history_changes_nothing() -> None:
    analysis = ItemAnalysis(DEFAULTS)
    analysis.add_history("c", [])
    assert analysis.variants() == {} and analysis.calibration() == {}


def test_answers_without_times_have_no_median() -> None:
    analysis = ItemAnalysis(DEFAULTS)
    analysis.add_history("c", [answer("v", 0, 1.0)])
    assert analysis.variants()["v"].median_seconds is None


def test_later_spaced_reviews_count_for_the_variants_answered_before_them() -> None:
    analysis = ItemAnalysis(DEFAULTS)
    history = [answer("first", 0, 1.0), answer("second", 3, 1.0), answer("first", 10, 0.0), answer("second", 30, 1.0)]
    analysis.add_history("c", history)
    result = analysis.variants()
    # "first" (day 0) is followed by spaced reviews on days 3, 10 and 30; "second" (day 3) by 10 and 30.
    assert (result["first"].later_reviews, result["first"].later_recalled) == (3, 2)
    assert (result["second"].later_reviews, result["second"].later_recalled) == (2, 1)
    assert result["second"].later_recall == 0.5


def test_calibration_bins_predicted_recall_at_spaced_reviews_per_concept() -> None:
    analysis = ItemAnalysis(DEFAULTS, Calibration(0.0, 1.0))
    analysis.add_history("c", [answer("v", 0, 1.0), answer("v", 2, 1.0), answer("v", 40, 0.0)])
    analysis.add_history("quiet", [answer("w", 0, 1.0)])  # no spaced review: no bins
    bins = analysis.calibration()
    assert list(bins) == ["c"]
    assert sum(b.reviews for b in bins["c"]) == 2
    assert sum(b.observed * b.reviews for b in bins["c"]) == 1


def test_discrimination_is_the_correlation_with_the_module_result() -> None:
    analysis = ItemAnalysis(DEFAULTS)
    for i in range(10):
        good = i % 2 == 0
        analysis.add_history("c", [answer("v", 0, 1.0 if good else 0.0, module_result=0.9 if good else 0.3)])
    assert analysis.variants()["v"].discrimination == pytest.approx(1.0)


@given(st.lists(st.tuples(st.floats(0, 1, allow_nan=False), st.floats(0, 1, allow_nan=False)), min_size=0, max_size=30))
def test_correlation_is_within_minus_one_and_one_or_unknown(pairs: list[tuple[float, float]]) -> None:
    n = len(pairs)
    sums = (
        sum(x for x, _ in pairs),
        sum(y for _, y in pairs),
        sum(x * x for x, _ in pairs),
        sum(y * y for _, y in pairs),
        sum(x * y for x, y in pairs),
    )
    r = correlation(n, *sums)
    assert r is None or -1 <= r <= 1
    if n < 5:
        assert r is None


def test_correlation_of_a_constant_side_is_unknown() -> None:
    assert correlation(6, 6.0, 3.0, 6.0, 2.0, 3.0) is None


@given(st.lists(st.tuples(st.floats(0, 1, allow_nan=False), st.integers(0, 60)), min_size=1, max_size=20))
def test_shares_and_rates_stay_between_zero_and_one(rows: list[tuple[float, int]]) -> None:
    analysis = ItemAnalysis(DEFAULTS)
    history = [answer(f"v{day % 3}", day, score, picks=("0",)) for score, day in rows]
    analysis.add_history("c", history)
    for result in analysis.variants().values():
        assert 0 <= result.mean_score <= 1 and 0 <= result.first_try_correct <= 1
        assert all(0 <= share <= 1 for share in result.picks.values())
        assert result.later_recall is None or 0 <= result.later_recall <= 1
        assert result.people == 1


def test_picks_read_choice_options_and_drop_targets_and_ignore_the_rest() -> None:
    assert picks_of(CHOICE, {"selected": [0, 2, 7, True, "x"]}) == ("0", "2")
    assert picks_of(SORT, {"placements": ["fruit", "fruit", "nowhere", 3]}) == ("fruit", "fruit")
    assert picks_of(CHOICE, {"selected": "0"}) == ()
    assert picks_of(SORT, {"placements": None}) == ()
    assert picks_of(ORDER, {"order": [0, 1]}) == ()
    assert picks_of(CHOICE, ["not", "a", "mapping"]) == ()


def test_a_pick_counts_once_per_answer() -> None:
    analysis = ItemAnalysis(DEFAULTS)
    analysis.add_history("c", [answer("v", 0, 0.5, picks=("fruit", "fruit")), answer("v", 0.1, 1, picks=("veg",))])
    assert analysis.variants()["v"].picks == {"fruit": 0.5, "veg": 0.5}


def test_options_name_what_learners_read() -> None:
    assert [(o.key, o.correct) for o in options_of(CHOICE)] == [("0", True), ("1", False), ("2", False)]
    assert [o.label for o in options_of(SORT)] == ["Fruit", "Vegetable"]
    assert options_of(ORDER) == []


def test_a_longest_correct_option_is_flagged_even_without_answers() -> None:
    findings = item_flags(None, CHOICE)
    assert [f.flag for f in findings] == [Flag.LENGTH_CUE]
    assert "longest of 3" in findings[0].reason
    assert item_flags(None, MULTI) == [] and item_flags(None, EVEN_CHOICE) == []


def test_a_scenario_whose_best_reply_stands_out_by_length_is_flagged() -> None:
    cued = item_flags(None, scenario("I hear you; tell me more about what worries you", "No", "Later"))
    assert [f.flag for f in cued] == [Flag.LENGTH_CUE] and "at s" in cued[0].reason
    assert item_flags(None, scenario("Yes", "Nah", "Nope")) == []  # shortest: not the cue learners use
    assert item_flags(None, scenario("I hear you; tell me more", "No")) == []  # of two, one is always longer


def test_a_shortest_correct_option_raises_no_length_flag() -> None:
    shortest = ACTIVITY.validate_python(
        {
            "type": "choice",
            "prompt": "?",
            "options": [{"text": "Yes", "correct": True}, {"text": "Not at all"}, {"text": "Only sometimes"}],
        }
    )
    assert item_flags(None, shortest) == []


def test_few_answers_raise_no_statistical_flag() -> None:
    assert item_flags(stats(attempts=MIN_ANSWERS - 1, mean_score=0.1, first_try_correct=1.0), EVEN_CHOICE) == []


def test_easy_hard_flat_and_unpicked_items_are_flagged_with_reasons() -> None:
    easy = item_flags(stats(first_try_correct=0.97, picks={"0": 0.97, "1": 0.03}), EVEN_CHOICE)
    assert [f.flag for f in easy] == [Flag.TOO_EASY] and "97%" in easy[0].reason
    hard = item_flags(stats(mean_score=0.2, picks={"0": 0.2, "1": 0.8}), EVEN_CHOICE)
    assert [f.flag for f in hard] == [Flag.TOO_HARD]
    flat = item_flags(stats(discrimination=0.05, picks={"0": 0.5, "1": 0.5}), EVEN_CHOICE)
    assert [f.flag for f in flat] == [Flag.NOT_DISCRIMINATING] and "0.05" in flat[0].reason
    unpicked = item_flags(stats(picks={"0": 0.99}), EVEN_CHOICE)
    assert [f.flag for f in unpicked] == [Flag.UNPICKED_DISTRACTOR] and "“Bravo”" in unpicked[0].reason
    assert item_flags(stats(discrimination=None), SORT) == []
