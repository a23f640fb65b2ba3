from __future__ import annotations

import random

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from skillpath.domain.calibration import Calibration, fit_calibration, reliability

recalls = st.floats(0.01, 0.99)


@given(st.floats(-3, 3), st.floats(0.2, 5), recalls)
def test_raw_for_inverts_apply(offset: float, slope: float, recall: float) -> None:
    calibration = Calibration(offset, slope)
    raw = calibration.raw_for(recall)
    # Within 1e-9 of 0 or 1 a float no longer carries the raw recall's distance from the edge precisely
    # enough for a steep inverse to come back to six places (offset -3, slope 0.22, recall 0.969: raw 1 - 2e-13).
    assume(1e-9 < raw < 1 - 1e-9)
    assert calibration.apply(raw) == pytest.approx(recall, abs=1e-6)


@given(st.floats(-3, 3), st.floats(0.2, 5), recalls, recalls)
def test_a_calibration_keeps_the_order_of_predictions(offset: float, slope: float, a: float, b: float) -> None:
    calibration = Calibration(offset, slope)
    low, high = sorted((a, b))
    assert calibration.apply(low) <= calibration.apply(high)
    assert 0.0 <= calibration.apply(low) <= 1.0


def test_the_identity_changes_nothing_and_certainty_stays_certain() -> None:
    assert Calibration().is_identity and Calibration().apply(0.83) == pytest.approx(0.83)
    assert Calibration(1.0, 2.0).apply(1.0) == 1.0 and Calibration(1.0, 2.0).apply(0.0) == 0.0
    with pytest.raises(ValueError, match="positive"):
        Calibration(0.0, 0.0)


def test_fitting_recovers_a_known_miscalibration() -> None:
    truth = Calibration(-0.5, 1.6)
    rng = random.Random(3)
    predicted = [rng.uniform(0.55, 0.99) for _ in range(20000)]
    recalled = [rng.random() < truth.apply(p) for p in predicted]
    fitted = fit_calibration(predicted, recalled)
    assert fitted.offset == pytest.approx(-0.5, abs=0.15) and fitted.slope == pytest.approx(1.6, abs=0.15)


def test_fitting_well_calibrated_predictions_finds_almost_no_correction() -> None:
    rng = random.Random(4)
    predicted = [rng.uniform(0.5, 0.99) for _ in range(20000)]
    fitted = fit_calibration(predicted, [rng.random() < p for p in predicted])
    assert fitted.offset == pytest.approx(0.0, abs=0.15) and fitted.slope == pytest.approx(1.0, abs=0.1)


def test_fitting_stays_bounded_when_every_answer_is_right() -> None:
    fitted = fit_calibration([0.9] * 50, [True] * 50)
    assert -5 <= fitted.offset <= 5 and 0.2 <= fitted.slope <= 5


def test_reliability_bins_put_observed_recall_beside_the_mean_prediction() -> None:
    bins = reliability([0.95, 0.97, 0.86, 0.4, 1.0], [True, False, True, False, True])
    assert [(b.low, b.high, b.reviews) for b in bins] == [(0.0, 0.5, 1), (0.85, 0.9, 1), (0.95, 1.0, 3)]
    top = bins[-1]
    assert top.predicted == pytest.approx((0.95 + 0.97 + 1.0) / 3) and top.observed == pytest.approx(2 / 3)


def test_predictions_that_run_against_recall_get_the_flattest_correction_not_a_reversed_one() -> None:
    rng = random.Random(5)
    predicted = [rng.uniform(0.05, 0.95) for _ in range(2000)]
    recalled = [rng.random() > p for p in predicted]  # the higher the prediction, the likelier a failure
    fitted = fit_calibration(predicted, recalled)
    # The best fit would need a negative slope; Newton keeps pressing against the floor until its steps run out.
    assert fitted.slope == 0.2
    assert fitted.apply(0.3) < fitted.apply(0.6) < fitted.apply(0.9)


@given(st.lists(st.tuples(st.floats(0.0, 1.0), st.booleans()), max_size=60))
def test_a_fitted_calibration_is_monotone_and_bounded_whatever_the_reviews(reviews: list[tuple[float, bool]]) -> None:
    fitted = fit_calibration([p for p, _ in reviews], [r for _, r in reviews])
    assert -5 <= fitted.offset <= 5 and 0.2 <= fitted.slope <= 5
    if not reviews:
        assert fitted.is_identity
