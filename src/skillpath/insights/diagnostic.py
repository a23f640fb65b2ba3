"""The skill-gap diagnostic's pages: start, one question at a time (no feedback, so nothing is taught
while testing), and the gap profile at the end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from skillpath import clock
from skillpath.domain.content.model import Scenario
from skillpath.insights.growth import growth_page
from skillpath.learning import models as lm
from skillpath.learning.services import (
    LearningError,
    activity_of,
    attempt_submit,
    diagnostic_question,
    diagnostic_start,
)
from skillpath.people.models import Person
from skillpath.people.selectors import access_person
from skillpath.web.activities import FormInvalid, response_from_form
from skillpath.web.player import activity_context, answered_seconds, scenario_turn


@dataclass(frozen=True)
class DiagnosticSummary:
    id: UUID
    started_at: datetime
    finished: bool
    asked: int
    shown: int
    tested_out: list[str]


def _summary(person: Person, run: lm.DiagnosticRun) -> DiagnosticSummary:
    attempts = list(run.attempts.values_list("score", flat=True))
    tested_out = list(
        lm.ModuleProgress.objects.filter(person=person, tested_out_at__isnull=False)
        .order_by("tested_out_at")
        .values_list("module__title", flat=True)
    )
    return DiagnosticSummary(run.pk, run.started_at, run.finished_at is not None, len(attempts),
                             sum(1 for s in attempts if s >= 0.9), tested_out)  # fmt: skip


@login_required
def diagnostic_home(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    runs = [_summary(person, r) for r in lm.DiagnosticRun.objects.filter(person=person).order_by("-started_at")[:5]]
    return render(request, "insights/diagnostic_home.html", {"runs": runs})


@login_required
@require_POST
def diagnostic_begin(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    run = diagnostic_start(person, now=clock.now())
    return redirect("diagnostic_question", run_id=run.pk)


def _own_run(request: HttpRequest, run_id: UUID) -> tuple[Person, lm.DiagnosticRun]:
    person = access_person(request.user)
    run = lm.DiagnosticRun.objects.filter(pk=run_id, person=person).first()
    if run is None:
        raise Http404("No such diagnostic.")
    return person, run


@login_required
def diagnostic_step(request: HttpRequest, run_id: UUID) -> HttpResponse:
    person, run = _own_run(request, run_id)
    variant = None if run.finished_at else diagnostic_question(person, run)
    if variant is None:
        if run.finished_at is None:
            lm.DiagnosticRun.objects.filter(pk=run.pk).update(finished_at=clock.now())
        return redirect("diagnostic_result", run_id=run.pk)
    if request.method == "POST":
        return _answer(request, person, run, variant)
    seed = f"{person.pk}:{run.pk}:{variant.pk}"
    context = activity_context(person, variant, f"/growth/diagnostic/{run.pk}/", seed, asked=run.attempts.count())
    return render(request, "insights/diagnostic_question.html", context)


def _answer(request: HttpRequest, person: Person, run: lm.DiagnosticRun, variant: object) -> HttpResponse:
    from skillpath.content.models import Variant

    assert isinstance(variant, Variant)
    action = f"/growth/diagnostic/{run.pk}/"
    seed = f"{person.pk}:{run.pk}:{variant.pk}"
    activity = activity_of(variant)
    form = request.POST
    extra = {"asked": run.attempts.count()}
    try:
        client_id = UUID(form.get("attempt_id", "") or str(uuid4()))
        if isinstance(activity, Scenario):
            template = "insights/diagnostic_question.html"
            stamp = form.get("stamp", "")
            shown = scenario_turn(request, person, variant, activity, action, seed, template, client_id, stamp, extra)
            if shown is not None:
                return shown
        attempt_submit(
            person, client_id=client_id, variant_id=variant.pk, response=response_from_form(activity, form),
            duration_seconds=answered_seconds(form.get("stamp", ""), variant), now=clock.now(), diagnostic_id=run.pk,
        )  # fmt: skip
    except (ValueError, FormInvalid, LearningError) as exc:
        context = activity_context(person, variant, action, seed, error=str(exc), **extra)
        return render(request, "insights/diagnostic_question.html", context, status=422)
    return redirect("diagnostic_question", run_id=run.pk)


@login_required
def diagnostic_result(request: HttpRequest, run_id: UUID) -> HttpResponse:
    person, run = _own_run(request, run_id)
    context = {"summary": _summary(person, run), "roles": growth_page(person, now=clock.now())}
    return render(request, "insights/diagnostic_result.html", context)
