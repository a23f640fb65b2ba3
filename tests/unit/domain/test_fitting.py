from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from skillpath.domain.fitting import (
    DEFAULTS,
    Comparison,
    Review,
    compare,
    cross_entropy,
    fit_and_evaluate,
    fit_parameters,
    log_loss,
    scored_reviews,
)
from skillpath.domain.memory import MemoryModel, Rating

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
FSRS_FACTOR = 0.9 ** (-1 / DEFAULTS[20]) - 1


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def fsrs_recall(elapsed_days: int, stability: float) -> float:
    """FSRS-6's forgetting curve, written out independently of the ``fsrs`` package."""
    return float((1 + FSRS_FACTOR * elapsed_days / stability) ** -DEFAULTS[20])


def generated_histories(parameters: tuple[float, ...], cards: int, seed: int) -> list[list[Review]]:
    """Histories of people whose memory follows FSRS with ``parameters``: reviews 1–40 days apart over ~4 months."""
    truth = MemoryModel(parameters=parameters)
    rng = random.Random(seed)
    histories = []
    for _ in range(cards):
        at = day(rng.randrange(10))
        memory = truth.review(None, Rating.GOOD, at)
        history = [Review(at, Rating.GOOD)]
        while at < day(110):
            at += timedelta(days=rng.randint(1, 40))
            rating = Rating.GOOD if rng.random() < truth.retrievability(memory, at) else Rating.AGAIN
            memory = truth.review(memory, rating, at)
            history.append(Review(at, rating))
        histories.append(history)
    return histories


def test_log_loss_is_the_cross_entropy_of_fsrs_recall_before_each_later_review() -> None:
    history = [Review(T0, Rating.GOOD), Review(day(3), Rating.GOOD), Review(day(3), Rating.GOOD)]
    after_first = fsrs_recall(3, stability=DEFAULTS[2])  # a first Good gives stability w2
    # The same-day third review is not scored: FSRS predicts 1.0 for it, in whole days.
    assert log_loss(DEFAULTS, [history]) == pytest.approx(-math.log(after_first), rel=1e-9)
    assert log_loss(DEFAULTS, [history]) == pytest.approx(0.1267567, abs=1e-6)


def test_log_loss_scores_a_failed_recall_by_the_predicted_chance_of_forgetting() -> None:
    history = [Review(T0, Rating.GOOD), Review(day(10), Rating.AGAIN)]
    assert log_loss(DEFAULTS, [history]) == pytest.approx(-math.log(1 - fsrs_recall(10, DEFAULTS[2])), rel=1e-9)


def test_log_loss_since_scores_only_later_reviews_but_replays_the_earlier_ones() -> None:
    history = [Review(T0, Rating.GOOD), Review(day(3), Rating.AGAIN), Review(day(5), Rating.GOOD)]
    whole = log_loss(DEFAULTS, [history])
    later = log_loss(DEFAULTS, [history], since=day(4))
    lapsed = MemoryModel().replay([(T0, Rating.GOOD), (day(3), Rating.AGAIN)])
    assert lapsed is not None
    assert later == pytest.approx(-math.log(MemoryModel().retrievability(lapsed, day(5))), rel=1e-9)
    assert later != whole


def test_log_loss_with_nothing_to_score_is_zero() -> None:
    assert log_loss(DEFAULTS, []) == 0.0
    assert log_loss(DEFAULTS, [[Review(T0, Rating.GOOD)]]) == 0.0


def test_too_little_data_returns_the_default_parameters() -> None:
    same_day = [[Review(T0, Rating.GOOD), Review(T0 + timedelta(hours=3), Rating.AGAIN)]]
    assert fit_parameters([]) == DEFAULTS
    assert fit_parameters([[Review(T0, Rating.GOOD)]]) == DEFAULTS
    assert fit_parameters(same_day) == DEFAULTS
    report = fit_and_evaluate(same_day, split_at=day(1))
    assert report.parameters == DEFAULTS
    assert report.adopted is False
    assert report.train_reviews == report.test_reviews == 0


def test_fitted_parameters_are_within_the_bounds_the_memory_model_accepts() -> None:
    histories = generated_histories(DEFAULTS, cards=150, seed=3)
    parameters = fit_parameters(histories)
    assert len(parameters) == len(DEFAULTS)
    assert parameters != DEFAULTS
    MemoryModel(parameters=parameters).review(None, Rating.GOOD, T0)  # the fsrs package would refuse bad bounds


def test_fitting_is_deterministic() -> None:
    histories = generated_histories(DEFAULTS, cards=100, seed=5)
    assert fit_parameters(histories) == fit_parameters(histories)


def test_a_fit_on_memories_unlike_the_defaults_predicts_held_out_reviews_better() -> None:
    fast_forgetting = (0.1, 0.4, 0.6, 2.0, *DEFAULTS[4:20], 0.5)
    histories = generated_histories(fast_forgetting, cards=300, seed=11)
    report = fit_and_evaluate(histories, split_at=day(70))
    assert report.train_reviews > 500 and report.test_reviews > 500
    assert report.fitted_loss < report.default_loss - 0.01
    assert report.adopted is True
    assert report.parameters[2] < DEFAULTS[2] / 2  # it learned that a first Good fades faster than the default says
    assert report.default_loss == pytest.approx(log_loss(DEFAULTS, histories, since=day(70)), rel=1e-9)
    assert report.fitted_loss == pytest.approx(log_loss(report.parameters, histories, since=day(70)), rel=1e-9)


def test_a_fit_is_not_adopted_when_it_predicts_no_better_than_the_defaults() -> None:
    histories = generated_histories(DEFAULTS, cards=40, seed=7)
    report = fit_and_evaluate(histories, split_at=day(60))
    assert report.standard_error > 0
    assert report.adopted is False
    assert report.default_loss - report.fitted_loss < 2 * report.standard_error


def test_a_fit_that_is_better_only_by_a_noise_sized_or_immaterial_margin_is_not_adopted() -> None:
    # People like the defaults but for the first interval after a Hard: a real, small difference.
    histories = generated_histories((DEFAULTS[0], 2.3, *DEFAULTS[2:]), cards=600, seed=13)
    report = fit_and_evaluate(histories, split_at=day(70))
    gain = report.default_loss - report.fitted_loss
    assert report.adopted is (gain > 2 * report.standard_error and gain >= 0.01 * report.default_loss)


def test_scored_reviews_are_the_reviews_a_day_or_more_after_the_one_before() -> None:
    history = [Review(T0, Rating.GOOD), Review(day(3), Rating.AGAIN), Review(day(3.2), Rating.GOOD)]
    scored = scored_reviews(MemoryModel(), history)
    assert len(scored) == 1
    only = scored[0]
    assert (only.at, only.elapsed_days, only.stability, only.recalled) == (day(3), 3, DEFAULTS[2], False)
    assert only.loss == pytest.approx(-math.log(1 - fsrs_recall(3, DEFAULTS[2])), rel=1e-9)


def test_a_comparison_is_the_mean_paired_gain_and_its_standard_error() -> None:
    comparison = compare([0.5, 0.4, 0.3, 0.2], [0.4, 0.4, 0.2, 0.2])
    assert comparison.reviews == 4
    assert comparison.gain == pytest.approx(0.05)
    assert comparison.standard_error == pytest.approx(math.sqrt(sum((g - 0.05) ** 2 for g in (0.1, 0, 0.1, 0)) / 3 / 4))
    assert compare([], []) == Comparison(0.0, 0.0, 0)
    assert compare([0.3], [0.1]) == Comparison(pytest.approx(0.2), 0.0, 1)
    with pytest.raises(ValueError, match="2 reference losses but 1 candidate"):
        compare([0.1, 0.2], [0.1])


def test_clearly_better_and_clearly_worse_need_the_gain_beyond_z_standard_errors() -> None:
    assert Comparison(0.03, 0.01, 100).clearly_better()
    assert not Comparison(0.02, 0.01, 100).clearly_better()
    assert not Comparison(0.0, 0.0, 0).clearly_better()
    assert Comparison(-0.02, 0.01, 100).clearly_worse(1.0)
    assert not Comparison(-0.01, 0.01, 100).clearly_worse(1.0)


def test_cross_entropy_of_a_certain_prediction_that_fails_is_large_but_finite() -> None:
    assert cross_entropy(1.0, False) == pytest.approx(-math.log(1e-6))
    assert cross_entropy(0.9, True) == pytest.approx(-math.log(0.9))


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 1, 5)  # noqa: DTZ001
    with pytest.raises(ValueError, match="naive datetime"):
        fit_and_evaluate([[Review(T0, Rating.GOOD)]], split_at=naive)
