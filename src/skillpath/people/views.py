"""Admin tools for people: import a CSV file (all or nothing) and download everyone in the same format."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from skillpath import clock
from skillpath.people.exporting import people_export
from skillpath.people.importing import (
    MAX_FILE_BYTES,
    PeopleFileUnreadable,
    PeopleImportInvalid,
    people_csv_text,
    people_import,
)
from skillpath.people.models import Person
from skillpath.people.selectors import access_person


def _admin(request: HttpRequest) -> Person:
    """The signed-in admin; anyone else gets "not found", so the page does not reveal that it exists."""
    try:
        person = access_person(request.user)
    except PermissionDenied as exc:
        raise Http404("no such page") from exc
    if not person.is_admin:
        raise Http404("no such page")
    return person


@login_required
@require_http_methods(["GET", "POST"])
def people_admin(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    context: dict[str, Any] = {"organization": admin.organization, "max_mb": MAX_FILE_BYTES // 1024 // 1024}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise PeopleFileUnreadable("choose a CSV file to upload")
            text = people_csv_text(upload.read(MAX_FILE_BYTES + 1))
            context["result"] = people_import(admin.organization, text, today=clock.now().date())
        except PeopleFileUnreadable as exc:
            context["unreadable"] = str(exc)
        except PeopleImportInvalid as exc:
            context["errors"] = [{"row": e.row, "column": e.column, "problem": e.problem} for e in exc.errors]
    failed = "unreadable" in context or "errors" in context
    return render(request, "people/people_admin.html", context, status=422 if failed else 200)


@login_required
@require_GET
def people_download(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    export = people_export(admin.organization)
    # The byte order mark tells spreadsheet programs the file is UTF-8 (accents stay readable); import skips it.
    response = HttpResponse("\ufeff" + export.text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="people-{admin.organization.slug}.csv"'
    return response
