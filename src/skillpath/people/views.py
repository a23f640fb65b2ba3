"""Admin tools for people: import a CSV file (in the background, all or nothing), follow its progress, see who
has signed up and (re)send invitations, and download everyone in the same format."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from skillpath import clock
from skillpath.config.security import body_limit
from skillpath.people.exporting import people_export
from skillpath.people.import_jobs import import_view, people_import_start
from skillpath.people.import_types import PeopleFileUnreadable
from skillpath.people.importing import MAX_FILE_BYTES, people_csv_text
from skillpath.people.models import Person
from skillpath.people.role_editing import RolesInvalid, person_roles_update, roles_page
from skillpath.people.roster import invitations_resend, roster_page
from skillpath.people.selectors import access_person

UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and the other fields around the file


def _admin(request: HttpRequest) -> Person:
    """The signed-in admin; anyone else gets "not found", so the page does not reveal that it exists."""
    try:
        person = access_person(request.user)
    except PermissionDenied as exc:
        raise Http404(_("no such page")) from exc
    if not person.is_admin:
        raise Http404(_("no such page"))
    return person


def _page_number(request: HttpRequest) -> int:
    text = request.GET.get("page", "1")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 7 else 1


@login_required
@require_http_methods(["GET", "POST"])
@body_limit(MAX_FILE_BYTES + UPLOAD_OVERHEAD)
def people_admin(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    context: dict[str, Any] = {"organization": admin.organization, "max_mb": MAX_FILE_BYTES // 1024 // 1024}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise PeopleFileUnreadable(_("choose a CSV file to upload"))
            text = people_csv_text(upload.read(MAX_FILE_BYTES + 1))
        except PeopleFileUnreadable as exc:
            context["unreadable"] = str(exc)
        else:
            job = people_import_start(admin, text, filename=upload.name or "", invite="invite" in request.POST)
            return redirect("people_import", job_id=job.pk)
    context["roster"] = roster_page(admin, page=_page_number(request), now=clock.now())
    return render(request, "people/people_admin.html", context, status=422 if "unreadable" in context else 200)


@login_required
@require_GET
def people_import_progress(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """An import's progress (the whole page, or the progress card alone when htmx polls it)."""
    job = import_view(_admin(request), job_id)
    if job is None:
        raise Http404(_("no such import"))
    partial = request.headers.get("HX-Request") == "true"
    status = 422 if job.status == "refused" and not partial else 200
    template = "people/_import_progress.html" if partial else "people/import.html"
    return render(request, template, {"job": job}, status=status)


@login_required
@require_POST
def people_invite(request: HttpRequest) -> HttpResponse:
    """Send (again) the invitation of one person, or of everyone who has not signed up yet."""
    admin = _admin(request)
    target = request.POST.get("person", "")
    if target != "all" and not (target.isascii() and target.isdigit() and len(target) < 19):
        return render(
            request, "web/refused.html", {"message": _("choose a person to invite"), "status": 400}, status=400
        )
    sent = invitations_resend(admin, None if target == "all" else int(target))
    if sent is None:
        raise Http404(_("no such person"))
    return redirect(f"{reverse('people_admin')}?sent={sent}")


@login_required
@require_GET
def people_download(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    export = people_export(admin.organization)
    # The byte order mark tells spreadsheet programs the file is UTF-8 (accents stay readable); import skips it.
    response = HttpResponse("\ufeff" + export.text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="people-{admin.organization.slug}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_roles(request: HttpRequest, person_id: int) -> HttpResponse:
    """Change a person's roles and their level in each (an admin of their organization only)."""
    admin = _admin(request)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            if person_roles_update(admin, person_id, request.POST, today=clock.now().date()) is None:
                raise Http404(_("no such person"))
            return redirect(f"{reverse('person_roles', args=[person_id])}?saved=1")
        except RolesInvalid as exc:
            errors = exc.errors
    page = roles_page(admin, person_id)
    if page is None:
        raise Http404(_("no such person"))
    context = {"page": page, "errors": errors, "saved": request.GET.get("saved") == "1"}
    return render(request, "people/person_roles.html", context, status=422 if errors else 200)
