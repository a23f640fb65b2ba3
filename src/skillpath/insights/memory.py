"""The admins' memory page: the organization's workload / retention trade-off and its desired retention."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from skillpath.learning.retention import RetentionError, retention_set, retention_view
from skillpath.people.selectors import access_person


@login_required
@require_http_methods(["GET", "POST"])
def memory_settings(request: HttpRequest) -> HttpResponse:
    viewer = access_person(request.user)
    if not viewer.is_admin:
        raise Http404("Only admins can see their organization's memory settings.")
    if request.method == "POST":
        try:
            retention_set(viewer, request.POST.get("retention", ""))
        except RetentionError as exc:
            context = {"view": retention_view(viewer), "error": str(exc)}
            return render(request, "insights/memory.html", context, status=422)
        return redirect("/memory/?saved=1")
    context = {"view": retention_view(viewer), "saved": request.GET.get("saved") == "1"}
    return render(request, "insights/memory.html", context)
