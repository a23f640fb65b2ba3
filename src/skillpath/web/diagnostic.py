"""The skill-gap diagnostic's pages: start, one question at a time (no feedback, so nothing is taught while
testing), and the gap profile at the end."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from skillpath import clock
from skillpath.insights.growth import growth_page
from skillpath.learning.diagnostic import DiagnosticStep, diagnostic_runs, diagnostic_step, diagnostic_summary
from skillpath.learning.services import diagnostic_start
from skillpath.people.selectors import access_person
from skillpath.web.answering import Place, answer, show


@login_required
def diagnostic_home(request: HttpRequest) -> HttpResponse:
    runs = diagnostic_runs(access_person(request.user))
    return render(request, "insights/diagnostic_home.html", {"runs": runs})


@login_required
@require_POST
def diagnostic_begin(request: HttpRequest) -> HttpResponse:
    run = diagnostic_start(access_person(request.user), now=clock.now())
    return redirect("diagnostic_question", run_id=run.pk)


def _place(step: DiagnosticStep, person_id: int) -> Place:
    assert step.question is not None
    url = f"/growth/diagnostic/{step.run.pk}/"
    return Place(
        action=url,
        template="insights/diagnostic_question.html",
        seed=f"{person_id}:{step.run.pk}:{step.question.pk}",
        diagnostic_id=step.run.pk,
        then=url,  # no feedback in a diagnostic: straight on to the next question
        extra={"asked": step.asked},
    )


@login_required
@require_http_methods(["GET", "POST"])
def diagnostic_question_view(request: HttpRequest, run_id: UUID) -> HttpResponse:
    person = access_person(request.user)
    step = diagnostic_step(person, run_id)
    if step is None:
        raise Http404("No such diagnostic.")
    if step.question is None:
        return redirect("diagnostic_result", run_id=run_id)
    if request.method == "POST":
        if request.POST.get("variant", str(step.question.pk)) != str(step.question.pk):
            return redirect("diagnostic_question", run_id=run_id)  # an older form: show the current question
        return answer(request, person, step.question, _place(step, person.pk))
    return show(request, step.question, _place(step, person.pk))


@login_required
def diagnostic_result(request: HttpRequest, run_id: UUID) -> HttpResponse:
    person = access_person(request.user)
    summary = diagnostic_summary(person, run_id)
    if summary is None:
        raise Http404("No such diagnostic.")
    context = {"summary": summary, "roles": growth_page(person, now=clock.now())}
    return render(request, "insights/diagnostic_result.html", context)
