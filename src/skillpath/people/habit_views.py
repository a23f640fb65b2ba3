"""The admins' practice-habit page: turn the streak and weekly goal on or off, set what counts, list holidays."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from skillpath import clock
from skillpath.people.habit_settings import days_text, habit_settings_update
from skillpath.people.services import SettingsInvalid
from skillpath.people.views import _admin


@login_required
@require_http_methods(["GET", "POST"])
def habit_settings(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    org = admin.organization
    context: dict[str, Any] = {"organization": org, "errors": {}, "saved": False, "form": None}
    if request.method == "POST":
        try:
            habit_settings_update(org, request.POST, today=clock.now().date())
            context["saved"] = True
        except SettingsInvalid as exc:
            context |= {"errors": exc.errors, "form": request.POST}
    context["holidays_text"] = (
        context["form"].get("habit_holidays", "") if context["form"] else days_text(org.habit_holidays)
    )
    return render(request, "people/habit_settings.html", context, status=422 if context["errors"] else 200)
