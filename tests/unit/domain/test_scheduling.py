from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from skillpath.domain.calibration import Calibration
from skillpath.domain.fitting import DEFAULTS
from skillpath.domain.memory import MemoryModel, Rating
from skillpath.domain.scheduling import (
    FitOptions,
    FitProposal,
    MemoryScheduler,
    OrganizationFit,
    Part,
    fit_organization,
)
from tests.unit.domain.builders import curriculum, module
from tests.unit.domain.memory_histories import T0, day, organization


def test_a_recorded_review_is_due_when_predicted_recall_falls_to_the_desired_retention() -> None:
    org: MemoryScheduler[str, str] = MemoryScheduler()
    memory = org.record("ana", "m/c0", T0, Rating.GOOD)
    assert org.memory("ana", "m/c0") == memory and org.memories("ana") == {"m/c0": memory}
    assert org.due("ana", until=memory.due - timedelta(seconds=1)) == []
    assert org.due("ana", until=memory.due) == [("m/c0", memory.due)]
    assert org.recall("ana", "m/c0", memory.due) == pytest.approx(0.9, abs=0.02)
    assert org.recall("ana", "m/c1", memory.due) == 0.0 and org.recall("bo", "m/c0", T0) == 0.0
    assert org.histories() == {"ana": {"m/c0": [org.histories()["ana"]["m/c0"][0]]}}


def test_the_same_reviews_give_the_same_memory_as_the_memory_model() -> None:
    org: MemoryScheduler[str, str] = MemoryScheduler(desired_retention=0.85)
    model = MemoryModel(desired_retention=0.85)
    expected = None
    for n, rating in enumerate([Rating.GOOD, Rating.HARD, Rating.AGAIN, Rating.EASY]):
        org.record("ana", "k", day(n * 4), rating)
        expected = model.review(expected, rating, day(n * 4), concept="k")
    assert org.memory("ana", "k") == expected


def test_the_queue_lists_due_reviews_lowest_predicted_recall_first() -> None:
    c = curriculum({"foundation": [module("m", concepts=3)]})
    org: MemoryScheduler[str, str] = MemoryScheduler()
    org.record("ana", "m/c0", T0, Rating.GOOD, seconds=40)
    org.record("ana", "m/c1", T0, Rating.AGAIN, seconds=40)
    org.record("ana", "m/c2", T0, Rating.EASY)
    queue = org.queue("ana", c, now=day(3), day_end=day(3.5), budget_minutes=10)
    assert [item.ref for item in queue.reinforcement] == ["m/c1", "m/c0"]
    assert org.queue("bo", c, now=day(3), day_end=day(3.5), budget_minutes=10).reinforcement == []


def test_too_few_reviews_reject_every_part_with_the_reason() -> None:
    proposal = fit_organization({"ana": {"k": []}}, until=T0)
    assert proposal.split_at is None and proposal.fit == OrganizationFit()
    assert {d.part for d in proposal.decisions} == set(Part)
    assert all(not d.adopted and "too few reviews" in d.reason for d in proposal.decisions)
    assert "too few reviews" in proposal.describe()


PEOPLE = {f"slow{i}": 0.25 for i in range(15)} | {f"quick{i}": 4.0 for i in range(15)}


@pytest.fixture(scope="module")
def diverse() -> dict[str, dict[str, list[Any]]]:
    """Half the people forget four times faster than FSRS's defaults, half four times slower, reviewed 1–45 days apart.

    Memories replayed with FSRS adapt to a person through their lapses and surprising recalls, so
    log loss tells personal scales apart only when people differ this much (or with far more reviews).
    """
    return organization(PEOPLE, concepts=15, until=150, seed=4, days_apart=(1, 45))


@pytest.fixture(scope="module")
def proposal(diverse: dict[str, dict[str, list[Any]]]) -> FitProposal[str, str]:
    return fit_organization(diverse, until=day(150))


def test_a_refit_adopts_personal_scales_when_people_really_differ(
    proposal: FitProposal[str, str], diverse: dict[str, dict[str, list[Any]]]
) -> None:
    people = proposal.decision(Part.PEOPLE)
    assert people.adopted and people.gain > 2 * people.standard_error > 0
    assert "clearly better" in people.reason and "spread" in people.reason
    fitted = proposal.fit.people
    slow = [fitted.get(p, 1.0) for p in PEOPLE if p.startswith("slow")]
    quick = [fitted.get(p, 1.0) for p in PEOPLE if p.startswith("quick")]
    # Someone who forgets almost everything between reviews tells little about how fast (FSRS's own
    # lapse dynamics already predict it), so some estimates stay near 1; on average they are apart.
    assert sum(slow) / len(slow) < 0.9 < 1.2 < sum(quick) / len(quick)
    assert min(slow) < 0.4


def test_every_part_gets_a_decision_and_the_proposal_describes_itself(proposal: FitProposal[str, str]) -> None:
    assert [d.part for d in proposal.decisions] == list(Part)
    assert proposal.train_reviews > proposal.held_out_reviews > 100
    assert proposal.held_out_before and proposal.held_out_after
    assert sum(b.reviews for b in proposal.held_out_after) == proposal.held_out_reviews
    assert proposal.split_at is not None and proposal.split_at.strftime("%Y-%m-%d") in proposal.describe()
    for decision in proposal.decisions:
        assert str(decision).startswith(f"{decision.part}: ")


def test_switched_off_parts_are_never_adopted(diverse: dict[str, dict[str, list[Any]]]) -> None:
    off = fit_organization(diverse, until=day(150), options=FitOptions(False, False, False, False))
    assert all(not d.adopted and d.reason == "switched off" for d in off.decisions)
    assert off.fit.parameters == DEFAULTS and off.fit.people == {} and off.fit.calibration is None


def test_reviews_after_until_are_not_used(diverse: dict[str, dict[str, list[Any]]]) -> None:
    early = fit_organization(diverse, until=day(60))
    assert early.split_at is not None and early.split_at <= day(60)


def test_adopting_a_proposal_replays_every_memory_with_the_new_fit() -> None:
    org: MemoryScheduler[str, str] = MemoryScheduler()
    for n in range(3):
        org.record("ana", "k", day(n * 5), Rating.GOOD)
    before = org.memory("ana", "k")
    assert before is not None
    faster = OrganizationFit(people={"ana": 0.5}, concepts={"k": 0.8}, calibration=Calibration(-0.2, 1.1))
    org.adopt(FitProposal(faster, (), None, 0, 0))
    after = org.memory("ana", "k")
    assert after is not None and after.due < before.due
    assert org.model_for("ana").scale == 0.5 and org.model_for("ana").concept_scales == {"k": 0.8}
    assert org.model_for("bo").scale == 1.0


def test_the_fit_in_use_is_kept_unless_a_fresh_fit_beats_it(diverse: dict[str, dict[str, list[Any]]]) -> None:
    slow_forgetting = tuple(v * 1.2 if i < 4 else v for i, v in enumerate(DEFAULTS))
    current: OrganizationFit[str, str] = OrganizationFit(parameters=slow_forgetting)
    proposal = fit_organization(diverse, until=day(150), current=current)
    decision = proposal.decision(Part.ORGANIZATION)
    if not decision.adopted:
        assert proposal.fit.parameters in (slow_forgetting, DEFAULTS)
        assert "kept the parameters in use" in decision.reason or proposal.fit.parameters == DEFAULTS
    else:
        assert proposal.fit.parameters not in (slow_forgetting, DEFAULTS)


@pytest.fixture(scope="module")
def steeper() -> dict[str, dict[str, list[Any]]]:
    """People who forget along a steeper curve than FSRS's (its logit of recall 2.5 times as steep)."""
    return organization(
        {f"p{i}": 1.0 for i in range(30)},
        concepts=15,
        until=150,
        seed=4,
        days_apart=(1, 45),
        calibration=Calibration(0, 2.5),
    )


def scheduler_with(histories: dict[str, dict[str, list[Any]]]) -> MemoryScheduler[str, str]:
    org: MemoryScheduler[str, str] = MemoryScheduler()
    for person, concepts in histories.items():
        for concept, history in concepts.items():
            for review in history:
                org.record(person, concept, review.at, review.rating)
    return org


def test_a_refit_adopts_fresh_parameters_and_a_calibration_when_forgetting_has_another_shape(
    steeper: dict[str, dict[str, list[Any]]],
) -> None:
    proposal = scheduler_with(steeper).refit(until=day(150))
    organization_fit, calibration = proposal.decision(Part.ORGANIZATION), proposal.decision(Part.CALIBRATION)
    assert organization_fit.adopted and organization_fit.gain > 2 * organization_fit.standard_error > 0
    assert proposal.fit.parameters != DEFAULTS
    # The fresh parameters absorb part of the shape; a calibration bends the curve the rest of the way.
    assert calibration.adopted and "slope" in calibration.reason
    assert proposal.fit.calibration is not None and proposal.fit.calibration.slope > 1
    assert proposal.fit.people == {} and proposal.fit.concepts == {}


def test_a_refit_on_the_same_reviews_keeps_the_parameters_in_use(steeper: dict[str, dict[str, list[Any]]]) -> None:
    org = scheduler_with(steeper)
    first = org.refit(until=day(150))
    org.adopt(first)
    assert org.model_for("p0").calibration == first.fit.calibration
    second = org.refit(until=day(150))
    decision = second.decision(Part.ORGANIZATION)
    assert not decision.adopted and decision.reason.endswith("; kept the parameters in use")
    assert second.fit.parameters == first.fit.parameters
