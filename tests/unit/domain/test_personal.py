from __future__ import annotations

import math

import pytest

from skillpath.domain.fitting import DEFAULTS, Review, tracks_of
from skillpath.domain.memory import Rating
from skillpath.domain.personal import MAX_SCALE, estimate_scales, population_spread
from tests.unit.domain.memory_histories import T0, day, lognormal_people, organization


def test_the_spread_is_what_the_estimates_vary_beyond_their_own_noise() -> None:
    assert population_spread([(0.5, 100.0), (-0.5, 100.0)]) == pytest.approx(math.sqrt(0.25 - 0.01))
    assert population_spread([(0.05, 4.0), (-0.05, 4.0)]) == 0.0  # all of it is noise
    assert population_spread([]) == 0.0 and population_spread([(1.0, 0.0)]) == 0.0


def test_people_who_really_differ_get_scales_in_the_right_order() -> None:
    people = {"slow": 0.5, "usual": 1.0, "quick": 2.0}
    scales = estimate_scales(tracks_of(organization(people, concepts=40, until=150)), DEFAULTS, concepts=False)
    u = scales.people
    assert scales.people_spread > 0.2
    assert u["slow"] < u["usual"] < u["quick"]
    # The truth is 4x; with three people the spread is uncertain and shrinkage keeps the estimate shorter.
    assert math.exp(u["quick"] - u["slow"]) > 1.5
    assert scales.reviews["usual"] > 40


def test_concepts_forgotten_faster_by_everyone_get_a_smaller_scale() -> None:
    concept_scales = {f"m/c{i}": (0.5 if i % 2 else 1.6) for i in range(12)}
    histories = organization(lognormal_people(30, 0.1, seed=5), concepts=12, concept_scales=concept_scales)
    scales = estimate_scales(tracks_of(histories), DEFAULTS, people=False)
    hard = [v for c, v in scales.concepts.items() if concept_scales[str(c)] < 1]
    easy = [v for c, v in scales.concepts.items() if concept_scales[str(c)] > 1]
    assert len(hard) == len(easy) == 6
    # A replay with the organization's parameters already tracks part of a concept's difference, and
    # the estimates are shrunk: they are shorter than the truth (x3.2), but clearly apart on average.
    assert sum(easy) / 6 - sum(hard) / 6 > 0.15


@pytest.mark.parametrize("seed", [9, 10, 11])
def test_people_who_do_not_differ_keep_the_organizations_memory(seed: int) -> None:
    histories = organization({f"p{i}": 1.0 for i in range(30)}, concepts=20, until=100, seed=seed)
    scales = estimate_scales(tracks_of(histories), DEFAULTS, concepts=False)
    assert scales.people_spread < 0.2
    assert all(abs(u) < 0.1 for u in scales.people.values())


def test_someone_with_few_reviews_gets_no_scale_and_estimates_stay_bounded() -> None:
    histories = organization({"a": 4.0, "b": 0.25, "c": 1.0}, concepts=30, until=150)
    histories["newcomer"] = organization({"x": 4.0}, concepts=1, until=20)["x"]
    scales = estimate_scales(tracks_of(histories), DEFAULTS, concepts=False)
    assert "newcomer" not in scales.people
    assert all(abs(u) <= math.log(MAX_SCALE) for u in scales.people.values())


def test_only_reviews_before_the_cut_are_used() -> None:
    tracks = tracks_of(organization({"a": 2.0, "b": 0.5}, concepts=20, until=120))
    none = estimate_scales(tracks, DEFAULTS, before=0.0)
    assert none.people == {} and none.reviews == {}


def test_reviews_predicted_as_certain_recall_say_nothing_about_a_persons_scale() -> None:
    # First memories so stable that FSRS's predicted recall rounds to exactly 1 at every review.
    everlasting = tuple(1e20 if i < 4 else w for i, w in enumerate(DEFAULTS))
    histories = {
        person: {f"m/c{i}": [Review(day(0), Rating.GOOD), Review(day(5), Rating.GOOD)] for i in range(12)}
        for person in ("ana", "bo")
    }
    scales = estimate_scales(tracks_of(histories), everlasting, concepts=False)
    assert scales.reviews == {"ana": 12, "bo": 12}
    assert scales.people == {} and scales.people_spread == 0.0


def test_reviews_pulling_both_ways_leave_a_person_nearer_the_organization_than_clear_evidence() -> None:
    # Forgotten a day after a good start, yet recalled a month after forgetting: the likelihood in the
    # person's scale is so flat that Fisher scoring is still creeping towards its maximum when its steps
    # run out. The estimate it reaches is uncertain, so shrinkage keeps the person near scale 1.
    contradictory = {f"a{i}": [Review(T0, Rating.GOOD), Review(day(1), Rating.AGAIN)] for i in range(5)}
    contradictory |= {f"b{i}": [Review(T0, Rating.AGAIN), Review(day(30), Rating.GOOD)] for i in range(20)}
    histories = organization({"slow": 0.5, "quick": 2.0}, concepts=30, until=150) | {"erratic": contradictory}
    scales = estimate_scales(tracks_of(histories), DEFAULTS, concepts=False)
    assert scales.reviews["erratic"] == 25 and scales.people_spread > 0
    assert -math.log(MAX_SCALE) < scales.people["slow"] < scales.people["erratic"] < 0
