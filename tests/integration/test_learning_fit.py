from __future__ import annotations

from datetime import datetime

import pytest
from django.core.management import call_command

from skillpath.demo.history import simulate_history
from skillpath.demo.services import demo_setup
from skillpath.learning import models as lm
from skillpath.learning.fitting import organization_fit
from skillpath.people.models import Organization, Person
from tests.integration.learning_helpers import do_check, learner

pytestmark = pytest.mark.django_db


def test_too_little_history_changes_nothing(now: datetime) -> None:
    lee = learner(now)
    do_check(lee, "basics", now)
    fit = organization_fit(lee.organization, now=now)
    assert fit.split_at is None and not fit.report.adopted
    lee.organization.refresh_from_db()
    assert lee.organization.memory_parameters is None


def test_a_fit_that_predicts_held_out_reviews_better_is_adopted_and_applied(now: datetime) -> None:
    demo_setup(now=now, history=False)
    for email in ("sam", "priya", "jo"):
        simulate_history(Person.objects.get(user__username=f"{email}@northwind.example.com"), today=now.date())
    org = Organization.objects.get(slug="northwind")
    before = dict(lm.MemoryState.objects.values_list("pk", "stability"))
    fit = organization_fit(org, now=now)
    assert fit.report.test_reviews > 50
    assert fit.report.adopted == (fit.report.fitted_loss < fit.report.default_loss)
    org.refresh_from_db()
    if fit.report.adopted:
        assert org.memory_parameters == list(fit.report.parameters) and org.memory_parameters_fitted_at == now
        after = dict(lm.MemoryState.objects.values_list("concept_id", "stability"))
        assert sorted(after.values()) != sorted(before.values())  # memories were recomputed with the fit
    else:  # pragma: no cover - depends on the simulated data
        assert org.memory_parameters is None


def test_a_worse_fit_is_not_adopted(now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    import skillpath.learning.fitting as fitting
    from skillpath.domain.fitting import FitReport

    lee = learner(now)
    for day in range(3):
        do_check(lee, "basics", now.replace(day=now.day + day), right=day != 1)
    monkeypatch.setattr(fitting, "held_out_split", lambda histories: now)
    monkeypatch.setattr(
        fitting, "fit_and_evaluate", lambda histories, split_at: FitReport((0.5,) * 21, 0.4, 0.6, False, 10, 5)
    )
    assert not organization_fit(lee.organization, now=now).report.adopted
    lee.organization.refresh_from_db()
    assert lee.organization.memory_parameters is None


def test_fit_command_prints_both_log_losses(now: datetime, capsys: pytest.CaptureFixture[str]) -> None:
    demo_setup(now=now, history=False)
    simulate_history(Person.objects.get(user__username="sam@northwind.example.com"), today=now.date())
    call_command("fit", org="northwind")
    out = capsys.readouterr().out
    assert "log loss with default parameters:" in out and "log loss with fitted parameters:" in out
