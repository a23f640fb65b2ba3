from __future__ import annotations

import math
from datetime import timedelta

import pytest

from skillpath.domain.fitting import (
    DEFAULTS,
    Comparison,
    Review,
    Track,
    compare,
    cross_entropy,
    fit_parameters,
    replay,
    tracks_of,
    within_bounds,
)
from skillpath.domain.memory import Rating
from tests.unit.domain.memory_histories import T0, day, organization


def test_a_track_counts_whole_days_since_the_previous_review() -> None:
    track = Track.of("p", "c", [Review(T0, Rating.GOOD), Review(day(0.5), Rating.GOOD), Review(day(3.2), Rating.AGAIN)])
    assert track.elapsed == (0, 0, 2) and track.ratings == (3, 3, 1)
    assert track.until(day(1).timestamp()).ratings == (3, 3)


def test_same_day_reviews_are_not_scored() -> None:
    track = Track.of("p", "c", [Review(T0, Rating.GOOD), Review(T0 + timedelta(hours=2), Rating.GOOD)])
    assert len(replay([track], DEFAULTS)) == 0


def test_tracks_leave_out_empty_histories() -> None:
    assert [t.concept for t in tracks_of({"p": {"a": [Review(T0, Rating.GOOD)], "b": []}})] == ["a"]


def test_losses_can_be_limited_to_the_held_out_reviews() -> None:
    tracks = tracks_of(organization({"p": 1.0}, concepts=5, until=60))
    seen = replay(tracks, DEFAULTS)
    held_out = seen.losses(since=day(40).timestamp())
    assert 0 < len(held_out) < len(seen.losses())
    assert all(loss >= 0 for loss in seen.losses())


def test_a_paired_comparison_reports_the_mean_gain_and_its_standard_error() -> None:
    comparison = compare([0.5, 0.6, 0.7, 0.8], [0.4, 0.5, 0.7, 0.6])
    assert comparison.gain == pytest.approx(0.1)
    assert comparison.standard_error == pytest.approx(math.sqrt(0.02 / 3 / 4))
    assert comparison.clearly_better()  # 0.1 is more than two standard errors (2 x 0.041)
    assert not comparison.clearly_better(z=3.0)
    assert Comparison(0.1, 0.01, 100).clearly_better() and not Comparison(0.1, 0.01, 1).clearly_better()
    with pytest.raises(ValueError, match="3 reference losses but 2"):
        compare([1, 2, 3], [1, 2])


def test_fitting_without_spaced_reviews_returns_the_defaults() -> None:
    assert fit_parameters([Track.of("p", "c", [Review(T0, Rating.GOOD)])]) == DEFAULTS


def test_a_fit_to_faster_forgetters_shortens_the_initial_stability() -> None:
    tracks = tracks_of(organization({f"p{i}": 0.4 for i in range(6)}, concepts=30, until=90))
    fitted = fit_parameters(tracks)
    assert fitted != DEFAULTS and fitted[2] < DEFAULTS[2]


def test_cross_entropy_is_finite_even_for_a_certain_wrong_prediction() -> None:
    assert cross_entropy(1.0, False) == pytest.approx(-math.log(1e-6))
    assert cross_entropy(0.9, True) == pytest.approx(-math.log(0.9))


def test_parameters_are_kept_within_the_fsrs_packages_bounds() -> None:
    bounded = within_bounds([1000.0] * 21)
    assert bounded[0] == 100.0 and bounded[20] == 0.8
