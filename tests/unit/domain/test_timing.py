"""The usual answer time: implausible times ignored, one person one vote, median over people."""

from __future__ import annotations

from statistics import median

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.memory import Rating
from skillpath.domain.rating import rating_for
from skillpath.domain.timing import CEILING_SECONDS, FLOOR_SECONDS, MIN_PEOPLE, per_person, usual_seconds

HONEST = [(f"p{i}", s) for i, s in enumerate([21.0, 23.0, 24.0, 25.0, 30.0])]


def test_usual_time_is_the_median_over_people_of_their_own_median() -> None:
    samples = [*HONEST, ("p0", 19.0), ("p0", 40.0)]  # p0's own median: 21
    assert per_person(samples)["p0"] == 21.0
    assert usual_seconds(samples) == 24.0


def test_it_is_unknown_until_enough_distinct_people_answered() -> None:
    assert usual_seconds(HONEST[: MIN_PEOPLE - 1] * 10) is None
    assert usual_seconds(HONEST) is not None


def test_implausible_times_are_ignored() -> None:
    assert per_person([("a", 1.0), ("a", 30.0), ("b", 0.2), ("c", CEILING_SECONDS + 1)]) == {"a": 30.0}
    assert usual_seconds([*HONEST[:4], ("script", 1.0)]) is None  # a script's answers make no person


def test_scripted_fast_answers_from_one_person_cannot_deny_easy_to_everyone_else() -> None:
    scripted = [("bot", 2.0)] * 500  # plausible-looking and many
    usual = usual_seconds([*HONEST, *scripted])
    assert usual == 23.5  # between two honest people's times, not near 2 s
    assert rating_for(1.0, 20.0, usual) == Rating.GOOD
    assert rating_for(1.0, 12.0, usual) == Rating.EASY


PEOPLE = st.dictionaries(
    st.integers(0, 40), st.floats(FLOOR_SECONDS, CEILING_SECONDS, allow_nan=False), min_size=MIN_PEOPLE, max_size=30
)
ANY_TIMES = st.lists(st.floats(0, 2 * CEILING_SECONDS, allow_nan=False), max_size=60)


@given(PEOPLE, ANY_TIMES)
def test_any_number_of_answers_from_one_person_moves_it_by_at_most_one_persons_weight(
    others: dict[int, float], times: list[float]
) -> None:
    base = list(others.items())
    lowest = usual_seconds([*base, ("x", FLOOR_SECONDS)])
    highest = usual_seconds([*base, ("x", CEILING_SECONDS)])
    assert lowest is not None and highest is not None
    usual = usual_seconds([*base, *(("x", s) for s in times)])
    assert usual is not None and lowest <= usual <= highest
    # ...so the person moves it at most one rank away from the middle of everyone else's times.
    ranked, n = sorted(others.values()), len(others)
    assert ranked[(n - 1) // 2 - 1] <= usual <= ranked[n // 2 + 1]


@given(PEOPLE, st.integers(1, 50))
def test_a_person_who_repeats_an_answer_weighs_as_much_as_one_who_answered_once(
    others: dict[int, float], repeats: int
) -> None:
    base = list(others.items())
    assert usual_seconds([*base, ("x", 9.0)] + [("x", 9.0)] * repeats) == usual_seconds([*base, ("x", 9.0)])


@given(PEOPLE)
def test_usual_time_lies_within_the_people_s_times(others: dict[int, float]) -> None:
    usual = usual_seconds(list(others.items()))
    assert usual == pytest.approx(median(others.values()))
    assert min(others.values()) <= usual <= max(others.values())  # type: ignore[operator]
