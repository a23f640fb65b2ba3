"""Managers' and admins' coaching pages: assign work with a due date and follow it; the person's side is on
Today and My path. Every action is scoped to the people the signed-in person may see (404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from skillpath import clock
from skillpath.coaching.export import assignments_csv
from skillpath.coaching.selectors import assignments_overview, assignments_page, weakest_concepts
from skillpath.coaching.services import (
    CoachingInvalid,
    assignment_create,
    assignment_withdraw,
    goal_checkin,
    goal_create,
    note_create,
    observation_create,
    refresher_assign,
)
from skillpath.insights.access import can_see_team
from skillpath.people.models import Person
from skillpath.people.selectors import access_person

STANDINGS = ("overdue", "due_soon", "on_track", "done")
# The forms' fields as a refusal names them.
FIELDS = {
    "target": gettext_lazy("Who"),
    "what": gettext_lazy("What"),
    "due_on": gettext_lazy("Due on"),
    "note": gettext_lazy("Note"),
    "concepts": gettext_lazy("Concepts"),
    "kind": gettext_lazy("Kind"),
    "skill": gettext_lazy("Skill"),
    "level": gettext_lazy("Level"),
    "outcome": gettext_lazy("Outcome"),
    "measure": gettext_lazy("How many"),
    "unit": gettext_lazy("Counted as"),
    "amount": gettext_lazy("How many"),
    "text": gettext_lazy("Message"),
    "on": gettext_lazy("Day of the conversation"),
    "observed_on": gettext_lazy("Observed on"),
}


def coach(request: HttpRequest) -> Person:
    """The signed-in manager or admin; anyone else gets "not found"."""
    try:
        person = access_person(request.user)
    except PermissionDenied as exc:
        raise Http404("no such page") from exc
    if not can_see_team(person):
        raise Http404("You have no team to show.")
    return person


def back_to(request: HttpRequest, default: str) -> str:
    """Where a form returns: its ``back`` field when it is a page of this site, else ``default``."""
    back = request.POST.get("back", "")
    ok = back.startswith("/") and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
    return back if ok else default


def _count(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 7 else None


def _standing(request: HttpRequest) -> str:
    value = request.GET.get("standing", "")
    return value if value in STANDINGS else ""


@login_required
@require_GET
def assignments(request: HttpRequest) -> HttpResponse:
    viewer = coach(request)
    return _page(request, viewer)


def _page(request: HttpRequest, viewer: Person, *, errors: dict[str, str] | None = None) -> HttpResponse:
    standing = _standing(request)
    page = assignments_page(viewer, now=clock.now(), standing=standing)
    context: dict[str, Any] = {
        "rows": page.rows,
        "choices": page.choices,
        "standing": standing,
        "errors": errors or {},
        "form": request.POST if errors else {},
        "made": _count(request.GET.get("made", "")),
    }
    return render(request, "coaching/assignments.html", context, status=422 if errors else 200)


@login_required
@require_POST
def assignment_new(request: HttpRequest) -> HttpResponse:
    viewer = coach(request)
    try:
        made = assignment_create(viewer, request.POST, now=clock.now())
    except CoachingInvalid as exc:
        return _page(request, viewer, errors=exc.errors)
    target = back_to(request, "/team/assignments/")
    return redirect(f"{target}{'&' if '?' in target else '?'}made={len(made)}")


@login_required
@require_POST
def assignment_remove(request: HttpRequest, assignment_id: int) -> HttpResponse:
    viewer = coach(request)
    if not assignment_withdraw(viewer, assignment_id):
        raise Http404("No such assignment in your team.")
    return redirect(back_to(request, "/team/assignments/"))


@login_required
@require_GET
def assignments_export(request: HttpRequest) -> HttpResponse:
    viewer = coach(request)
    text = assignments_csv(assignments_overview(viewer, now=clock.now(), standing=_standing(request)))
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="assignments.csv"'
    return response


def _refused(request: HttpRequest, errors: dict[str, str]) -> HttpResponse:
    """A form posted from another page and refused: what is wrong, field by field, and the way back."""
    problems = [(FIELDS.get(field, field.replace("_", " ").capitalize()), problem) for field, problem in errors.items()]
    context = {"problems": problems, "back": back_to(request, "/")}
    return render(request, "coaching/refused.html", context, status=422)


@login_required
@require_POST
def goal_new(request: HttpRequest) -> HttpResponse:
    viewer = coach(request)
    try:
        goal_create(viewer, request.POST, now=clock.now())
    except CoachingInvalid as exc:
        return _refused(request, exc.errors)
    return redirect(back_to(request, "/team/") + "#goals")


@login_required
@require_POST
def goal_checkin_new(request: HttpRequest, goal_id: int) -> HttpResponse:
    """A check-in on a goal, by its person (Today, Growth) or by their manager (the report page)."""
    try:
        person = access_person(request.user)
    except PermissionDenied as exc:
        raise Http404("no such goal") from exc
    try:
        made = goal_checkin(person, goal_id, request.POST, now=clock.now())
    except CoachingInvalid as exc:
        return _refused(request, exc.errors)
    if made is None:
        raise Http404("No such goal.")
    return redirect(back_to(request, "/growth/") + "#goals")


@login_required
@require_GET
def weakest(request: HttpRequest) -> HttpResponse:
    """The team's weakest concepts with "assign a refresher" (a page; its body alone for htmx)."""
    viewer = coach(request)
    partial = request.headers.get("HX-Request") == "true"
    template = "coaching/_weakest.html" if partial else "coaching/weakest.html"
    return render(request, template, {"weakest": weakest_concepts(viewer)})


@login_required
@require_POST
def refresher_new(request: HttpRequest) -> HttpResponse:
    viewer = coach(request)
    try:
        made = refresher_assign(viewer, request.POST, now=clock.now())
    except CoachingInvalid as exc:
        return _refused(request, exc.errors)
    target = back_to(request, "/team/assignments/")
    return redirect(f"{target}{'&' if '?' in target else '?'}made={len(made)}")


@login_required
@require_POST
def note_new(request: HttpRequest) -> HttpResponse:
    viewer = coach(request)
    try:
        note_create(viewer, request.POST, now=clock.now())
    except CoachingInvalid as exc:
        return _refused(request, exc.errors)
    return redirect(back_to(request, "/team/") + "#notes")


@login_required
@require_POST
def observation_new(request: HttpRequest) -> HttpResponse:
    viewer = coach(request)
    try:
        result = observation_create(viewer, request.POST, now=clock.now())
    except CoachingInvalid as exc:
        return _refused(request, exc.errors)
    target = back_to(request, "/team/")
    outcome = "raised" if result.levels else "met" if result.meets else "not-met"
    return redirect(f"{target}{'&' if '?' in target else '?'}observed={outcome}#observations")
