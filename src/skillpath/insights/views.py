"""Career growth for the person, and team insights for managers (their reports only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillpath import clock
from skillpath.coaching.selectors import report_panel
from skillpath.insights.access import can_see_team
from skillpath.insights.charts import recall_chart
from skillpath.insights.export import team_csv
from skillpath.insights.heatmap import drop_lines, heat_list_items, heat_table_rows
from skillpath.insights.plans import PlanError, growth_overview, plan_create, plan_ics, plans_page
from skillpath.insights.report import report_page
from skillpath.insights.team import team_view
from skillpath.people.selectors import access_person


@login_required
def growth(request: HttpRequest) -> HttpResponse:
    page = growth_overview(access_person(request.user), now=clock.now())
    return render(request, "insights/growth.html", {"roles": page.roles, "plans": page.plans, "goals": page.goals})


@login_required
@require_POST
def plan_make(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    try:
        plan_create(person, request.POST.get("role", ""), request.POST.get("target", ""), now=clock.now())
    except PlanError as exc:
        page = growth_overview(person, now=clock.now())
        context = {"roles": page.roles, "plans": page.plans, "error": str(exc), "goals": page.goals}
        return render(request, "insights/growth.html", context, status=422)
    return redirect("/growth/#plans")


@login_required
def plan_calendar(request: HttpRequest, plan_id: int) -> HttpResponse:
    person = access_person(request.user)
    view = next((v for v in plans_page(person, now=clock.now()) if v.id == plan_id), None)
    if view is None:
        raise Http404("No such plan.")
    response = HttpResponse(plan_ics(view, person), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="skillpath-plan-{plan_id}.ics"'
    return response


def _team_args(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "") for k in ("role", "team")} | {"sort": request.GET.get("sort", "name")}


@login_required
def team(request: HttpRequest) -> HttpResponse:
    viewer = access_person(request.user)
    if not can_see_team(viewer):
        raise Http404("You have no team to show.")
    args = _team_args(request)
    view = team_view(viewer, now=clock.now(), **args)
    url = reverse("team")
    context = {
        "view": view,
        "table_rows": heat_table_rows(view, url),
        "list_items": heat_list_items(view, url),
        "drops": drop_lines(view),
        "args": args | {"role": view.role},
        "role_title": dict(view.roles).get(view.role, ""),
    }
    return render(request, "insights/team.html", context)


@login_required
def team_export(request: HttpRequest) -> HttpResponse:
    viewer = access_person(request.user)
    if not can_see_team(viewer):
        raise Http404("You have no team to show.")
    response = HttpResponse(
        team_csv(team_view(viewer, now=clock.now(), **_team_args(request))), content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="team-skills.csv"'
    return response


@login_required
def report(request: HttpRequest, person_id: int) -> HttpResponse:
    """One report's path, skills, readiness and recent history, read-only."""
    page = report_page(access_person(request.user), person_id, now=clock.now())
    if page is None:
        raise Http404("No such person in your team.")
    context = {
        "person": page.person,
        "roles": page.roles,
        "skills": page.skills,
        "charts": {s.slug: recall_chart(s) for s in page.skills},
        "growth": page.growth,
        "plans": page.plans,
        "history": page.history,
        "coaching": report_panel(page.person, page.goals, page.curriculum, now=clock.now()),
    }
    return render(request, "insights/report.html", context)
