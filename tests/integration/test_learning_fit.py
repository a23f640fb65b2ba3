from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command

import skillpath.learning.fitting as fitting
from skillpath.demo.history import simulate_history
from skillpath.demo.services import demo_setup
from skillpath.domain.calibration import Calibration
from skillpath.domain.fitting import DEFAULTS
from skillpath.domain.scheduling import Decision, FitProposal, OrganizationFit, Part
from skillpath.learning import models as lm
from skillpath.learning.curricula import memory_model
from skillpath.learning.fitting import organization_fit, review_histories
from skillpath.learning.memory_models import forget, memory_explanation, memory_model_for, personal_scale
from skillpath.learning.rebuild import rebuild_organization
from skillpath.learning.selectors import queue_for_person, reinforcement_variant
from skillpath.people.models import Organization, Person
from tests.integration.learning_helpers import answer, do_check, learner

pytestmark = pytest.mark.django_db


def northwind_with_history(now: datetime) -> Organization:
    demo_setup(now=now, history=False)
    for email in ("sam", "priya", "jo"):
        simulate_history(Person.objects.get(user__username=f"{email}@northwind.example.com"), today=now.date())
    return Organization.objects.get(slug="northwind")


def stabilities(person: Person) -> dict[int, float]:
    return dict(lm.MemoryState.objects.filter(person=person).values_list("concept_id", "stability"))


def practised(now: datetime) -> Person:
    """Lee, with a module learned and a few reinforcements answered over a week."""
    lee = learner(now)
    do_check(lee, "basics", now)
    for day in (2, 3, 7):
        at = now + timedelta(days=day)
        for item in queue_for_person(lee, now=at).items:
            if item.kind == "reinforcement":
                variant = reinforcement_variant(lee, item.ref)
                assert variant is not None
                answer(lee, variant, at, right=day != 3)
    return lee


def proposing(monkeypatch: pytest.MonkeyPatch, fit: OrganizationFit[int, int], adopted: bool = True) -> None:
    """The domain fit replaced by one that proposes ``fit`` (the storage and rebuild are what is tested)."""
    decisions = tuple(Decision(part, adopted, "test") for part in Part)

    def propose(histories: Any, *, until: datetime, current: Any = None) -> FitProposal[int, int]:
        return FitProposal(fit, decisions, until - timedelta(days=1), 100, 20)

    monkeypatch.setattr(fitting, "fit_organization", propose)


def test_too_little_history_changes_nothing(now: datetime) -> None:
    lee = learner(now)
    do_check(lee, "basics", now)
    fit = organization_fit(lee.organization, now=now)
    assert fit.split_at is None and not fit.adopted and not fit.changed
    lee.organization.refresh_from_db()
    lee.refresh_from_db()
    assert lee.organization.memory_parameters is None and lee.memory_parameters is None
    assert lee.organization.memory_parameters_fitted_at is None
    assert "too few reviews" in lm.MemoryFit.objects.get(organization=lee.organization).decisions[0]["reason"]


def test_histories_are_the_reviews_the_ledger_applies(now: datetime) -> None:
    lee = practised(now)
    histories = review_histories(lee.organization)
    assert list(histories) == [lee.pk]
    attempts = lm.Attempt.objects.filter(person=lee)
    assert sum(len(h) for h in histories[lee.pk].values()) == attempts.count()
    for concept, history in histories[lee.pk].items():
        state = lm.MemoryState.objects.get(person=lee, concept_id=concept)
        assert len(history) == state.reviews and history[-1].at == state.last_review


def test_an_adopted_fit_is_stored_and_every_memory_state_rebuilt_with_it(
    now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    lee = practised(now)
    before = stabilities(lee)
    concept = next(iter(before))
    faster = tuple(v * 0.8 if i < 4 else v for i, v in enumerate(DEFAULTS))
    proposing(monkeypatch, OrganizationFit(faster, Calibration(-0.3, 1.2), {lee.pk: 0.5}, {concept: 0.7}))
    fit = organization_fit(lee.organization, now=now)
    assert fit.adopted and fit.changed
    org = Organization.objects.get(pk=lee.organization_id)
    lee = Person.objects.select_related("organization").get(pk=lee.pk)
    assert org.memory_parameters == list(faster) and org.memory_parameters_fitted_at == now
    assert lee.memory_parameters == {"scale": 0.5, "reviews": 0} and personal_scale(lee) == 0.5
    record = lm.MemoryFit.objects.get(organization=org)
    assert record.calibration == {"offset": -0.3, "slope": 1.2} and len(record.decisions) == 4
    assert lm.ConceptDifficulty.objects.get(concept_id=concept).stability_scale == 0.7
    model = memory_model_for(lee)
    assert model.parameters == faster and model.scale == 0.5 and model.calibration == Calibration(-0.3, 1.2)
    assert model == memory_model(lee) and memory_model_for(org).scale == 1.0
    assert set(model.concept_scales.values()) == {0.7}
    after = stabilities(lee)
    assert all(after[c] < before[c] for c in before)  # memories replayed as lasting half as long (or less)


def test_the_next_fit_starts_from_the_parameters_and_calibration_in_use(
    now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    lee = practised(now)
    faster = tuple(v * 0.8 if i < 4 else v for i, v in enumerate(DEFAULTS))
    proposing(monkeypatch, OrganizationFit(faster, Calibration(-0.3, 1.2)))
    organization_fit(lee.organization, now=now)
    seen: list[Any] = []

    def propose(histories: Any, *, until: datetime, current: Any = None) -> FitProposal[int, int]:
        seen.append(current)
        return FitProposal(OrganizationFit(), (), None, 0, 0)

    monkeypatch.setattr(fitting, "fit_organization", propose)
    organization_fit(Organization.objects.get(pk=lee.organization_id), now=now + timedelta(days=1))
    assert seen[0].parameters == faster and seen[0].calibration == Calibration(-0.3, 1.2)


def test_live_answers_and_a_rebuild_agree_under_a_personal_fit(now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    lee = learner(now)
    proposing(monkeypatch, OrganizationFit(people={lee.pk: 1.7}))
    do_check(lee, "basics", now)
    do_check(lee, "basics", now + timedelta(days=1))
    organization_fit(lee.organization, now=now + timedelta(days=1))
    lee = Person.objects.select_related("organization").get(pk=lee.pk)
    for day in (3, 9, 20):
        at = now + timedelta(days=day)
        for item in queue_for_person(lee, now=at).items:
            if item.kind == "reinforcement":
                variant = reinforcement_variant(lee, item.ref)
                assert variant is not None
                answer(lee, variant, at, right=day != 9)
    states = lm.MemoryState.objects.filter(person=lee)
    live = sorted(states.values_list("concept_id", "stability", "difficulty", "due", "reviews"))
    rebuild_organization(lee.organization)
    assert sorted(states.values_list("concept_id", "stability", "difficulty", "due", "reviews")) == live


def test_a_second_fit_that_proposes_the_same_changes_nothing(now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    lee = practised(now)
    proposing(monkeypatch, OrganizationFit(people={lee.pk: 1.3}, calibration=Calibration(0.1, 0.9)))
    assert organization_fit(lee.organization, now=now).changed
    org = Organization.objects.get(pk=lee.organization_id)
    assert not organization_fit(org, now=now + timedelta(days=1)).changed
    org.refresh_from_db()
    assert org.memory_parameters_fitted_at == now  # the stamp that versions cached models did not move


def test_a_fit_no_longer_supported_reverts_everyone_to_the_defaults(
    now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    lee = practised(now)
    proposing(monkeypatch, OrganizationFit(people={lee.pk: 2.0}, concepts={next(iter(stabilities(lee))): 2.0}))
    organization_fit(lee.organization, now=now)
    stretched = stabilities(lee)
    proposing(monkeypatch, OrganizationFit(), adopted=False)
    fit = organization_fit(Organization.objects.get(pk=lee.organization_id), now=now + timedelta(days=1))
    assert fit.changed and not fit.adopted
    lee.refresh_from_db()
    assert lee.memory_parameters is None and not lm.ConceptDifficulty.objects.exists()
    assert all(s < stretched[c] for c, s in stabilities(lee).items())


def test_the_organizations_fit_is_read_once_and_then_cached(
    now: datetime, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    lee = practised(now)
    concept = next(iter(stabilities(lee)))
    proposing(monkeypatch, OrganizationFit(concepts={concept: 0.8, -1: 0.5}, calibration=Calibration(0.2, 1.0)))
    organization_fit(lee.organization, now=now)
    lee = Person.objects.select_related("organization").get(pk=lee.pk)
    forget(lee.organization)  # the rebuild after the fit had already read it
    with django_assert_num_queries(2):
        first = memory_model_for(lee)
    with django_assert_num_queries(0):
        assert memory_model_for(lee) == first


def test_the_skills_page_sentence_says_how_someone_differs(now: datetime) -> None:
    lee = learner(now)
    assert memory_explanation(lee) is None
    lee.memory_parameters = {"scale": 1.6, "reviews": 90}
    assert "keep ideas longer than most" in (memory_explanation(lee) or "")
    lee.memory_parameters = {"scale": 0.6, "reviews": 90}
    assert "fade a little sooner" in (memory_explanation(lee) or "")
    lee.memory_parameters = {"scale": 1.05, "reviews": 90}
    assert memory_explanation(lee) is None
    lee.memory_parameters = {"scale": "broken"}
    assert personal_scale(lee) == 1.0


def test_the_real_fit_on_the_demo_history_decides_every_part(now: datetime, capsys: pytest.CaptureFixture[str]) -> None:
    org = northwind_with_history(now)
    fit = organization_fit(org, now=now)
    assert fit.split_at is not None and fit.people == 3
    assert [d.part for d in fit.proposal.decisions] == list(Part)
    assert all(d.reason for d in fit.proposal.decisions)
    call_command("fit", org="northwind", people=True)
    out = capsys.readouterr().out
    assert "review histories of 3 people" in out and "organization parameters: " in out
    assert "calibration on the held-out reviews" in out and "personal scales for " in out
    assert "nothing changed" in out  # the same reviews, the same fit


def test_fit_command_refuses_an_unknown_organization() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no organization 'nowhere'"):
        call_command("fit", org="nowhere")


def test_fit_command_with_too_little_history_says_so(now: datetime, capsys: pytest.CaptureFixture[str]) -> None:
    lee = learner(now)
    do_check(lee, "basics", now)
    call_command("fit", org=lee.organization.slug)
    assert "too few reviews to fit" in capsys.readouterr().out
