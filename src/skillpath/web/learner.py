"""The learner's pages: Today (and the session that runs it), My path, Skills, Settings."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from skillpath import clock
from skillpath.coaching.selectors import assignments_for_person, goals_for_person, notes_for_person
from skillpath.domain.localtime import local_date
from skillpath.insights.charts import recall_chart
from skillpath.learning.habits import habit_for
from skillpath.learning.memory_models import memory_explanation
from skillpath.learning.pages import path_page, skills_page
from skillpath.learning.selectors import budget_minutes, person_zone, queue_for_person, review_share_choices
from skillpath.learning.session import session_finish, session_next, session_start
from skillpath.people.habit_settings import day_off_toggle, days_off_update, days_text
from skillpath.people.language import locale_activate
from skillpath.people.selectors import access_person
from skillpath.people.services import SettingsInvalid, settings_update

ZONES = sorted(available_timezones())


@login_required
def today(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    now = clock.now()
    queue = queue_for_person(person, now=now)
    context = {
        "person": person,
        "today": queue,
        "assigned": assignments_for_person(person, now=now, open_only=True),
        "goals": goals_for_person(person, now=now, open_only=True),
        "notes": notes_for_person(person, now=now),
        "habit": habit_for(person, now=now),
        "rule_reviews": person.organization.habit_daily_reviews,
    }
    return render(request, "web/today.html", context)


@login_required
@require_POST
def day_off(request: HttpRequest) -> HttpResponse:
    """Take today (the person's local day) off, or back: a day off freezes the practice streak."""
    person = access_person(request.user)
    day_off_toggle(person, local_date(person_zone(person), clock.now()), off=request.POST.get("off") == "1")
    return redirect("today")


@login_required
def my_path(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    now = clock.now()
    context = {"roles": path_page(person, now=now), "assigned": assignments_for_person(person, now=now)}
    return render(request, "web/path.html", context)


@login_required
def skills(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    views = skills_page(person, now=clock.now())
    charts = {v.slug: recall_chart(v) for v in views}
    context = {"skills": views, "charts": charts, "memory_note": memory_explanation(person)}
    return render(request, "web/skills.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    errors: dict[str, str] = {}
    saved = False
    if request.method == "POST":
        try:
            settings_update(person, request.POST)
            locale_activate(request, person)
            saved = True
        except SettingsInvalid as exc:
            errors = exc.errors
    chosen = (request.POST.get("review_share", "") if errors else str(person.plan_review_share or "")).strip()
    context: dict[str, Any] = {
        "person": person,
        "errors": errors,
        "saved": saved,
        "form": request.POST or None,
        "zones": ZONES,
        "languages": settings.LANGUAGES,
        "language": request.POST.get("language", "") if errors else person.language,
        "shares": review_share_choices(budget_minutes(person), chosen),
        "days_off_text": days_text(person.habit_days_off),
    }
    return render(request, "web/settings.html", context, status=422 if errors else 200)


@login_required
@require_POST
def days_off_view(request: HttpRequest) -> HttpResponse:
    """Save the person's days off (a separate form on Settings)."""
    person = access_person(request.user)
    text = request.POST.get("days_off", "")
    context: dict[str, Any] = {
        "person": person,
        "errors": {},
        "form": None,
        "zones": ZONES,
        "languages": settings.LANGUAGES,
        "language": person.language,
        "days_off_text": text,
        "shares": review_share_choices(budget_minutes(person), str(person.plan_review_share or "")),
    }
    try:
        days_off_update(person, text, today=local_date(person_zone(person), clock.now()))
    except SettingsInvalid as exc:
        return render(request, "web/settings.html", context | {"errors": exc.errors}, status=422)
    context |= {"days_off_saved": True, "days_off_text": days_text(person.habit_days_off)}
    return render(request, "web/settings.html", context)


@login_required
@require_POST
def session_begin(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    request.session["session"] = session_start(person, now=clock.now())
    return redirect("session_next")


@login_required
def session_step(request: HttpRequest) -> HttpResponse:
    """Go to the session's next item, or to its finish screen when everything planned is done."""
    person = access_person(request.user)
    state = request.session.get("session")
    if not state:
        return redirect("today")
    state, url = session_next(person, state, now=clock.now())
    request.session["session"] = state
    return redirect(url) if url else redirect("session_done")


@login_required
def session_done(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    state = request.session.pop("session", None)
    if not state:
        return redirect("today")
    return render(request, "web/session_done.html", {"summary": session_finish(person, state, now=clock.now())})
