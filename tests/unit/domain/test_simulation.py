from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest

from skillpath.domain.memory import MemoryModel, Rating
from skillpath.domain.simulation import (
    ACTIVITY_SECONDS,
    ActrTraits,
    ActrTruth,
    FsrsTraits,
    FsrsTruth,
    GroundTruth,
    McmTruth,
    SimulatedLearner,
    seeded_rng,
    session_minutes,
    session_start,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
TRUTHS: dict[str, Callable[[int], GroundTruth]] = {
    "fsrs": FsrsTruth.sample,
    "actr": ActrTruth.sample,
    "mcm": McmTruth.sample,
}


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


class AlwaysRecalls(random.Random):
    """Every draw succeeds: outcomes stop being random so memory effects can be compared exactly."""

    def random(self) -> float:
        return 0.0


@pytest.fixture(params=sorted(TRUTHS))
def make_truth(request: pytest.FixtureRequest) -> Callable[[int], GroundTruth]:
    return TRUTHS[request.param]


def test_a_concept_never_met_has_no_recall(make_truth: Callable[[int], GroundTruth]) -> None:
    truth = make_truth(1)
    assert truth.recall_probability("c", T0) == 0.0
    assert not truth.knows("c")


def test_recall_probability_decays_with_time(make_truth: Callable[[int], GroundTruth]) -> None:
    truth = make_truth(1)
    truth.practise("c", T0, 0, AlwaysRecalls())
    curve = [truth.recall_probability("c", day(n)) for n in (0.1, 1, 3, 7, 30, 90)]
    assert all(later < earlier for earlier, later in pairwise(curve))
    assert 0.0 < curve[-1] < curve[0] <= 1.0


def test_recall_probability_rises_with_practice(make_truth: Callable[[int], GroundTruth]) -> None:
    practised, idle = make_truth(2), make_truth(2)
    for truth in (practised, idle):
        truth.practise("c", T0, 0, AlwaysRecalls())
    before = practised.recall_probability("c", day(5))
    practised.practise("c", day(5), 1, AlwaysRecalls())
    assert practised.recall_probability("c", day(5)) > before
    assert practised.recall_probability("c", day(20)) > idle.recall_probability("c", day(20))


def test_same_variant_repetition_inflates_observed_recall_more_than_true_memory(
    make_truth: Callable[[int], GroundTruth],
) -> None:
    same, fresh = make_truth(3), make_truth(3)
    for truth in (same, fresh):
        truth.practise("c", T0, 0, AlwaysRecalls())
    true_recall = same.recall_probability("c", day(2))
    assert same.answer_probability("c", day(2), 0) > true_recall  # the same question is recognised
    assert fresh.answer_probability("c", day(2), 1) == true_recall  # a new one measures true memory
    same.practise("c", day(2), 0, AlwaysRecalls())
    fresh.practise("c", day(2), 1, AlwaysRecalls())
    assert same.recall_probability("c", day(20)) < fresh.recall_probability("c", day(20))


def test_recognition_of_a_question_fades_within_weeks(make_truth: Callable[[int], GroundTruth]) -> None:
    truth = make_truth(4)
    truth.practise("c", T0, 0, AlwaysRecalls())
    rescued = []  # the share of forgotten answers that recognising the question turns into right ones
    for n in (1, 7, 60):
        recall = truth.recall_probability("c", day(n))
        rescued.append((truth.answer_probability("c", day(n), 0) - recall) / (1 - recall))
    assert rescued[0] > rescued[1] > rescued[2] >= 0
    assert rescued[2] < 0.01


def test_ground_truths_are_deterministic_given_their_seeds(make_truth: Callable[[int], GroundTruth]) -> None:
    def run() -> list[tuple[bool, float]]:
        truth, rng = make_truth(5), random.Random(9)
        outcomes = []
        for n in (0, 2, 6, 15, 40):
            practice = truth.practise("c", day(n), n % 2, rng)
            outcomes.append((practice.recalled, practice.true_recall))
        return outcomes

    assert run() == run()


def test_people_differ_around_the_population() -> None:
    recalls = set()
    for seed in range(5):
        truth = FsrsTruth.sample(seed)
        truth.practise("c", T0, 0, AlwaysRecalls())
        recalls.add(round(truth.recall_probability("c", day(10)), 6))
    assert len(recalls) == 5


def test_an_average_fsrs_person_remembers_exactly_as_fsrs_predicts() -> None:
    truth = FsrsTruth(FsrsTraits(concept_spread=0.0), seed=1)
    model = MemoryModel()
    truth.practise("c", T0, 0, AlwaysRecalls())
    truth.practise("c", day(3), 1, AlwaysRecalls())
    memory = model.replay([(T0, Rating.GOOD), (day(3), Rating.GOOD)])
    assert memory is not None
    assert truth.recall_probability("c", day(13)) == pytest.approx(model.retrievability(memory, day(13)), rel=1e-9)


def test_actr_recall_is_a_logistic_of_summed_power_law_traces() -> None:
    traits = ActrTraits(concept_spread=0.0)
    truth = ActrTruth(traits, seed=1)
    truth.practise("c", T0, 0, AlwaysRecalls())
    activation = math.log((1 + 1 / 24) ** -traits.decay_intercept)
    assert truth.activation("c", day(1)) == pytest.approx(activation, rel=1e-9)
    expected = 1 / (1 + math.exp((traits.threshold - activation) / traits.noise))
    assert truth.recall_probability("c", day(1)) == pytest.approx(expected, rel=1e-9)
    assert truth.recall_probability("c", day(1)) == pytest.approx(0.837830, abs=1e-6)


def test_actr_massed_practice_decays_faster_than_spaced_practice() -> None:
    massed, spaced = ActrTruth(ActrTraits(), seed=1), ActrTruth(ActrTraits(), seed=1)
    for truth, second in ((massed, T0 + timedelta(hours=2)), (spaced, day(4))):
        truth.practise("c", T0, 0, AlwaysRecalls())
        truth.practise("c", second, 1, AlwaysRecalls())
    assert spaced.recall_probability("c", day(30)) > massed.recall_probability("c", day(30))


def test_learner_answers_are_deterministic_and_golden() -> None:
    def answers() -> list[tuple[bool, float, float]]:
        learner = SimulatedLearner.sample(FsrsTruth.sample(42), random.Random(1))
        rng = random.Random(2)
        result = []
        plan = ((0, "choice"), (3, "scenario"), (40, "cloze"), (400, "match"), (1400, "order"))
        for n, (days, activity) in enumerate(plan):
            answer = learner.answer("c", n, activity, day(days), rng)
            result.append((answer.recalled, round(answer.score, 4), round(answer.seconds, 2)))
        return result

    assert answers() == answers()
    assert answers() == [
        (True, 0.617, 23.27),
        (True, 1.0, 69.63),
        (True, 1.0, 30.17),
        (True, 0.8984, 40.34),
        (False, 0.1341, 38.53),
    ]


def test_scores_and_times_follow_the_product_grading_ranges() -> None:
    learner = SimulatedLearner(FsrsTruth.sample(7), ability=0.8, speed=1.0)
    rng = random.Random(3)
    answers = [learner.answer(f"c{n}", 0, "match", T0, rng) for n in range(400)]
    assert all(0.0 <= a.score <= 1.0 and 20.0 <= a.seconds <= 120.0 for a in answers)
    recalled = [a.score for a in answers if a.recalled]
    forgotten = [a.score for a in answers if not a.recalled]
    assert sum(s >= 0.9 for s in recalled) / len(recalled) > 0.7
    assert sum(s <= 0.5 for s in forgotten) / len(forgotten) > 0.7


def test_answers_are_faster_when_recall_is_strong() -> None:
    learner = SimulatedLearner(FsrsTruth(FsrsTraits(), seed=1), ability=0.8, speed=1.0)
    learner.answer("c", 0, "categorize", T0, AlwaysRecalls())
    fresh = learner.answer("c", 1, "categorize", T0 + timedelta(minutes=5), random.Random(4))
    faded = learner.answer("c", 2, "categorize", day(200), random.Random(4))
    assert fresh.seconds < faded.seconds
    assert fresh.seconds < ACTIVITY_SECONDS["categorize"] < faded.seconds


def test_session_minutes_are_realistic_and_deterministic() -> None:
    minutes = [session_minutes(random.Random(seed)) for seed in range(200)]
    assert minutes == [session_minutes(random.Random(seed)) for seed in range(200)]
    assert all(2.0 <= m <= 25.0 for m in minutes)
    assert 5.0 < sorted(minutes)[100] < 9.0


def test_session_start_is_a_utc_time_on_that_day() -> None:
    start = session_start(date(2026, 3, 2), random.Random(1))
    assert start.tzinfo is UTC
    assert start.date() == date(2026, 3, 2)
    assert start == session_start(date(2026, 3, 2), random.Random(1))


def test_seeded_generators_repeat_their_stream_and_differ_by_seed() -> None:
    assert seeded_rng("answers", 7, 1).random() == seeded_rng("answers", 7, 1).random()
    assert seeded_rng("answers", 7, 1).random() != seeded_rng("answers", 7, 2).random()


def test_activation_is_minus_infinity_before_any_practice_and_recall_zero_before_the_first() -> None:
    from skillpath.domain.simulation import ActrTruth

    truth = ActrTruth.sample(3)
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    assert truth.activation("never-seen", at) == -math.inf
    truth.practise("c", at, 0, random.Random(1))
    assert truth.recall_probability("c", at - timedelta(days=1)) == 0.0  # the only trace lies in the future


def test_a_same_day_lapse_lowers_stability_and_a_success_never_does() -> None:
    from skillpath.domain.simulation.fsrs_truth import _short_term_stability

    assert _short_term_stability(5.0, 1) < 5.0
    assert _short_term_stability(5.0, 3) >= 5.0


def test_every_activity_type_has_a_usual_time() -> None:
    from skillpath.domain.content import ACTIVITY_TYPES
    from skillpath.domain.simulation import ACTIVITY_SECONDS

    assert set(ACTIVITY_SECONDS) == set(ACTIVITY_TYPES)


def test_usual_seconds_is_the_strong_recall_time_of_the_activity_type() -> None:
    from skillpath.domain.simulation import ACTIVITY_SECONDS, usual_seconds

    assert usual_seconds("choice") == pytest.approx(ACTIVITY_SECONDS["choice"] * 0.75)


def test_mcm_concept_difficulty_is_shared_by_everyone_and_spacing_beats_massing() -> None:
    from skillpath.domain.simulation.mcm_truth import concept_rate

    assert concept_rate("m/c1") == concept_rate("m/c1") != concept_rate("m/c2")
    rng = random.Random(0)
    spaced, massed = McmTruth.sample(1), McmTruth.sample(1)
    for n in range(4):
        spaced.practise("c", day(n * 4), n, rng)
        massed.practise("c", day(n * 0.01), n, rng)
    assert spaced.recall_probability("c", day(40)) > massed.recall_probability("c", day(40))


def test_an_mcm_memory_left_untouched_for_millennia_is_certainly_forgotten() -> None:
    truth = McmTruth.sample(1)
    truth.practise("c", T0, 0, random.Random(0))
    assert truth.recall_probability("c", day(365)) > 0.0
    # Every trace has decayed below the smallest float: the strength is exactly 0, whose log is undefined.
    assert truth.recall_probability("c", datetime(9999, 1, 1, tzinfo=UTC)) == 0.0
