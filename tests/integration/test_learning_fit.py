from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command

from skillpath.demo.history import simulate_history
from skillpath.demo.services import demo_setup
from skillpath.domain.fitting import DEFAULTS, FitReport
from skillpath.domain.memory import MemoryModel
from skillpath.domain.personal import scaled_parameters
from skillpath.learning import models as lm
from skillpath.learning.curricula import memory_model
from skillpath.learning.fitting import OrganizationFit, organization_fit
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


def test_too_little_history_changes_nothing(now: datetime) -> None:
    lee = learner(now)
    do_check(lee, "basics", now)
    fit = organization_fit(lee.organization, now=now)
    assert fit.split_at is None and not fit.report.adopted and fit.people == ()
    lee.organization.refresh_from_db()
    lee.refresh_from_db()
    assert lee.organization.memory_parameters is None and lee.memory_parameters is None


def test_the_organization_fit_is_adopted_only_when_clearly_and_materially_better(now: datetime) -> None:
    org = northwind_with_history(now)
    fit = organization_fit(org, now=now)
    r = fit.report
    assert r.test_reviews > 50 and r.standard_error > 0
    gain = r.default_loss - r.fitted_loss
    assert r.adopted == (gain > 2 * r.standard_error and gain >= 0.01 * r.default_loss)
    org.refresh_from_db()
    if r.adopted:  # pragma: no cover - depends on the simulated data
        assert org.memory_parameters is not None and org.memory_parameters_fitted_at == now
    else:
        assert org.memory_parameters is None


def test_people_get_personal_parameters_that_their_schedules_and_memory_states_use(now: datetime) -> None:
    org = northwind_with_history(now)
    before = {p.pk: stabilities(p) for p in Person.objects.filter(organization=org)}
    fit = organization_fit(org, now=now)
    assert len(fit.people) == 3 and fit.spread > 0
    assert fit.personal and fit.rebuilt
    for entry in fit.personal:
        person = Person.objects.select_related("organization").get(pk=entry.person_id)
        assert entry.fit.parameters is not None
        assert person.memory_parameters == list(entry.fit.parameters)
        assert memory_model(person).parameters == entry.fit.parameters
        assert memory_model(person).parameters != memory_model(person.organization).parameters
        assert stabilities(person) != before[person.pk]  # the rebuild replayed them with the personal parameters
    for entry in fit.people:
        if not entry.fit.adopted:
            assert Person.objects.get(pk=entry.person_id).memory_parameters is None


def test_a_second_fit_on_the_same_reviews_changes_nothing(now: datetime) -> None:
    org = northwind_with_history(now)
    organization_fit(org, now=now)
    again = organization_fit(org, now=now)
    assert not again.rebuilt


def test_memory_model_prefers_the_persons_parameters_then_the_organizations(now: datetime) -> None:
    lee = learner(now)
    org = lee.organization
    assert memory_model(lee).parameters == DEFAULTS
    org.memory_parameters = list(scaled_parameters(DEFAULTS, 0.8))
    org.desired_retention = 0.85
    org.save()
    assert memory_model(lee).parameters == scaled_parameters(DEFAULTS, 0.8) == memory_model(org).parameters
    lee.memory_parameters = list(scaled_parameters(DEFAULTS, 1.5))
    assert memory_model(lee) == MemoryModel(parameters=scaled_parameters(DEFAULTS, 1.5), desired_retention=0.85)
    assert memory_model(org).parameters == scaled_parameters(DEFAULTS, 0.8)


def test_personal_parameters_shape_memory_states_alike_incrementally_and_in_a_rebuild(now: datetime) -> None:
    lee = learner(now)
    lee.memory_parameters = list(scaled_parameters(DEFAULTS, 0.5))
    lee.save(update_fields=["memory_parameters"])
    do_check(lee, "basics", now)
    states = lm.MemoryState.objects.filter(person=lee)
    assert sorted(states.values_list("stability", flat=True)) == pytest.approx([DEFAULTS[2] * 0.5] * 2)
    for day in (1, 3, 8):
        at = now + timedelta(days=day)
        for item in queue_for_person(lee, now=at).items:
            if item.kind == "reinforcement":
                variant = reinforcement_variant(lee, item.ref)
                assert variant is not None
                answer(lee, variant, at, right=day != 3)
    before = sorted(states.values_list("concept_id", "stability", "difficulty", "due", "reviews"))
    rebuild_organization(lee.organization)
    assert sorted(states.values_list("concept_id", "stability", "difficulty", "due", "reviews")) == before


def test_a_fit_no_longer_supported_reverts_the_organization_to_the_defaults(
    now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    import skillpath.domain.personal as personal
    import skillpath.learning.fitting as fitting

    lee = learner(now)
    for day in range(3):
        do_check(lee, "basics", now + timedelta(days=day), right=day != 1)
    lee.organization.memory_parameters = list(scaled_parameters(DEFAULTS, 2.0))
    lee.organization.memory_parameters_fitted_at = now - timedelta(days=7)
    lee.organization.save()
    rebuild_organization(lee.organization)
    stretched = stabilities(lee)
    monkeypatch.setattr(fitting, "held_out_split", lambda histories: now + timedelta(days=1))

    def not_better(histories: Any, *, split_at: datetime) -> FitReport:
        return FitReport((0.5,) * 21, 0.4, 0.6, False, 10, 5, 0.05)

    monkeypatch.setattr(personal, "fit_and_evaluate", not_better)
    fit = organization_fit(lee.organization, now=now)
    assert not fit.report.adopted and fit.rebuilt and fit.personal == ()
    lee.organization.refresh_from_db()
    assert lee.organization.memory_parameters is None and lee.organization.memory_parameters_fitted_at is None
    assert all(s < stretched[c] for c, s in stabilities(lee).items())


def test_fit_command_prints_both_log_losses_and_what_it_adopted(
    now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    northwind_with_history(now)
    call_command("fit", org="northwind")
    out = capsys.readouterr().out
    assert "log loss with default parameters:" in out and "log loss with fitted parameters:" in out
    assert "organization: " in out and "personal parameters for " in out and " of 3 people" in out
    for name in ("Sam Rivera", "Priya Natarajan", "Jo Kim"):
        assert f"    {name}: " in out
    assert "memory states rebuilt with the new parameters" in out
    call_command("fit", org="northwind")
    assert "nothing changed" in capsys.readouterr().out


def test_fit_command_explains_each_persons_outcome(now: datetime, capsys: pytest.CaptureFixture[str]) -> None:
    from skillpath.domain.personal import PersonalFit, Verdict
    from skillpath.learning.fitting import PersonFit
    from skillpath.learning.management.commands import fit as command

    base = PersonalFit(Verdict.ADOPTED, 1.3, DEFAULTS, 80, 20, 0.41, 0.39)
    people = (
        PersonFit(1, "Ada", base),
        PersonFit(2, "Bo", replace(base, verdict=Verdict.WORSE, scale=1.0, parameters=None, personal_loss=0.5)),
        PersonFit(3, "Cy", replace(base, verdict=Verdict.TOO_FEW_REVIEWS, scale=1.0, parameters=None)),
        PersonFit(4, "Di", replace(base, verdict=Verdict.NO_SPREAD, scale=1.0, parameters=None)),
    )
    lines = [command._describe(p) for p in people]
    assert (
        lines[0] == "memories last x1.30 as long as the organization's; held-out log loss 0.4100 → 0.3900 (20 reviews)"
    )
    assert lines[1].startswith("the organization's parameters (personal ones predicted worse: held-out log loss")
    assert lines[2] == "the organization's parameters (too few reviews: 80, 20 held out)"
    assert lines[3] == "the organization's parameters (people do not measurably differ)"
    report = FitReport(DEFAULTS, 0.4, 0.39, False, 100, 20, 0.01)
    assert OrganizationFit(report, now, 5, people).personal == people[:1]


def test_fit_command_refuses_an_unknown_organization() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no organization 'nowhere'"):
        call_command("fit", org="nowhere")


def test_fit_command_with_too_little_history_says_so(now: datetime, capsys: pytest.CaptureFixture[str]) -> None:
    lee = learner(now)
    do_check(lee, "basics", now)
    call_command("fit", org=lee.organization.slug)
    assert "not enough reviews to fit yet" in capsys.readouterr().out
