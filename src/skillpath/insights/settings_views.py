"""The admins' organization settings page (``/settings/organization/``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from skillpath import clock
from skillpath.domain.org_settings import SettingsInvalid
from skillpath.insights.organization import (
    OrgSettingsRefused,
    org_settings_page,
    org_settings_update,
    org_signing_key_rotate,
)
from skillpath.people.selectors import access_person

URL = "/settings/organization/"


@login_required
@require_http_methods(["GET", "POST"])
def organization_settings(request: HttpRequest) -> HttpResponse:
    viewer = access_person(request.user)
    try:
        if request.method == "POST":
            try:
                changes = org_settings_update(viewer, request.POST.dict(), now=clock.now())
            except SettingsInvalid as exc:
                context = {"page": org_settings_page(viewer), "errors": exc.problems, "form": request.POST}
                return render(request, "insights/organization.html", context, status=422)
            return redirect(f"{URL}?saved={len(changes)}")
        saved = request.GET.get("saved", "")
        count = int(saved) if saved.isascii() and saved.isdigit() and len(saved) < 4 else None
        context = {"page": org_settings_page(viewer), "saved": count, "errors": {}}
        return render(request, "insights/organization.html", context)
    except OrgSettingsRefused as exc:
        raise Http404(str(exc)) from None


@login_required
@require_POST
def signing_key_rotate(request: HttpRequest) -> HttpResponse:
    viewer = access_person(request.user)
    if request.POST.get("confirm") != "rotate":
        return redirect(f"{URL}?rotated=0#signing-key")
    try:
        org_signing_key_rotate(viewer, now=clock.now())
    except OrgSettingsRefused as exc:
        raise Http404(str(exc)) from None
    return redirect(f"{URL}?rotated=1#signing-key")
