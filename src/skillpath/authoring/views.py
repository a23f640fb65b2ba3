"""The content workspace (``/content/``): packages, the package page, module editing with validation as you type,
package.yaml, media, publishing with its change summary, zip export and import, and the edit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from skillpath import clock
from skillpath.authoring import models as am
from skillpath.authoring import services
from skillpath.authoring.archives import zip_files
from skillpath.authoring.editing import apply_op, form_from_post, resolve_op
from skillpath.authoring.package_form import apply_package_op, form_from_header, unflatten
from skillpath.authoring.pages import (
    FieldErrors,
    editor_choices,
    field_id,
    form_display,
    module_check,
    module_file,
    module_form,
    package_form_check,
    package_form_display,
    package_overview,
    role_path,
)
from skillpath.authoring.selectors import (
    access_author,
    draft_get,
    draft_header,
    draft_source,
    edits_list,
    live_package,
    packages_list,
    problems_of,
    version_archive,
    versions_list,
)
from skillpath.config.security import body_limit
from skillpath.domain.content import PackageInvalid
from skillpath.people.models import Person

UPLOAD_OVERHEAD = 64 * 1024
FORM_BYTES = 2 * 1024 * 1024  # a module form: its YAML pieces are bounded like a module file


def _author(request: HttpRequest) -> Person:
    """The signed-in author or admin; anyone else gets "not found", so the workspace does not reveal itself."""
    try:
        return access_author(request.user)
    except PermissionDenied as exc:
        raise Http404("no such page") from exc


def _draft(author: Person, package: str) -> am.PackageDraft:
    draft = draft_get(author, package)
    if draft is None:
        raise Http404("no draft of this package")
    return draft


def _refused(request: HttpRequest, message: str, status: int = 422) -> HttpResponse:
    return render(request, "web/refused.html", {"message": message, "status": status}, status=status)


@login_required
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    author = _author(request)
    return render(
        request,
        "authoring/workspace.html",
        {"packages": packages_list(author), "max_mb": services.MAX_ARCHIVE_BYTES // 2**20},
    )


@login_required
@require_POST
def package_create(request: HttpRequest) -> HttpResponse:
    author = _author(request)
    slug = request.POST.get("id", "").strip()
    try:
        services.draft_create(author, slug, request.POST.get("title", ""), now=clock.now())
    except services.AuthoringError as exc:
        return _refused(request, str(exc))
    return redirect("authoring_package", package=slug)


@login_required
@require_POST
@body_limit(services.MAX_ARCHIVE_BYTES + UPLOAD_OVERHEAD)
def package_upload(request: HttpRequest) -> HttpResponse:
    """Import a package .zip into its draft (publishing is a separate step)."""
    author = _author(request)
    upload = request.FILES.get("archive")
    if upload is None:
        return _refused(request, _("choose a .zip of a package to upload"))
    try:
        draft = services.draft_import_archive(
            author, upload.read(services.MAX_ARCHIVE_BYTES + 1), now=clock.now(), name=upload.name or "upload.zip"
        )
    except PackageInvalid as exc:
        errors = "; ".join(str(e) for e in exc.errors[:5])
        return _refused(request, _("the archive was not imported: {errors}").format(errors=errors))
    except services.AuthoringError as exc:
        return _refused(request, str(exc))
    return redirect("authoring_package", package=draft.package_slug)


@login_required
@require_http_methods(["GET", "POST"])
def package_detail(request: HttpRequest, package: str) -> HttpResponse:
    author = _author(request)
    if request.method == "POST":  # start editing the published version
        try:
            services.draft_open(author, package, now=clock.now())
        except services.AuthoringError as exc:
            raise Http404(str(exc)) from exc
        return redirect("authoring_package", package=package)
    draft = draft_get(author, package)
    live = live_package(author, package)
    if draft is None and live is None:
        raise Http404("no such package")
    context: dict[str, Any] = {
        "package": package,
        "draft": draft,
        "live": live,
        "versions": versions_list(author, package),
    }
    if draft is not None:
        context.update(package_overview(draft))
    return render(request, "authoring/package.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@body_limit(FORM_BYTES)
def package_file(request: HttpRequest, package: str) -> HttpResponse:
    """package.yaml (skills, roles with levels, stages, milestones and certificate) with its errors by line."""
    author = _author(request)
    draft = _draft(author, package)
    text = draft.files.get("package.yaml", "")
    if request.method == "POST":
        new = request.POST.get("text", "").replace("\r\n", "\n")
        services.draft_file_save(author, draft, "package.yaml", new, now=clock.now(), before=text, after=new)
        return redirect("authoring_package_file", package=package)
    problems = problems_of(draft_source(draft))
    return render(
        request,
        "authoring/package_file.html",
        {"package": package, "file": "package.yaml", "text": text, "errors": problems.of_file("package.yaml")},
    )


@login_required
@require_POST
def module_create(request: HttpRequest, package: str) -> HttpResponse:
    author = _author(request)
    draft = _draft(author, package)
    try:
        module_id = services.draft_module_create(
            author,
            draft,
            request.POST.get("id", "").strip(),
            request.POST.get("title", ""),
            request.POST.get("place", ""),
            now=clock.now(),
        )
    except services.AuthoringError as exc:
        return _refused(request, str(exc))
    return redirect("authoring_module", package=package, module=module_id)


def _module_context(package: str, form: Any, errors: FieldErrors, **extra: Any) -> dict[str, Any]:
    return {
        "package": package,
        "module": form.id,
        "f": form_display(form, errors),
        "file": module_file(form.id),
        **editor_choices(),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
@body_limit(FORM_BYTES)
def module_edit(request: HttpRequest, package: str, module: str) -> HttpResponse:
    """Edit a module; every save is checked like ``skillpath validate``/``lint`` and errors sit by their field."""
    author = _author(request)
    draft = _draft(author, package)
    saved = module_form(draft, module)
    if saved is None:
        raise Http404("no such module in the draft")
    if request.method == "GET":
        checked = module_check(draft, saved)
        return render(request, "authoring/module.html", _module_context(package, saved, checked.errors))
    try:
        form = form_from_post(module, request.POST)
    except ValueError as exc:
        return _refused(request, str(exc))
    focus = apply_op(form, resolve_op(request.POST), **_kinds())
    checked = module_check(draft, form)
    if checked.text is None or checked.cycle:
        context = _module_context(package, form, checked.errors, not_saved=True)
        return render(request, "authoring/module.html", context, status=422)
    services.draft_module_save(author, draft, module, saved, form, checked.text, now=clock.now())
    return render(
        request,
        "authoring/module.html",
        _module_context(package, form, checked.errors, saved=True, focus=field_id(focus) if focus else None),
    )


def _kinds() -> dict[str, tuple[str, ...]]:
    choices = editor_choices()
    return {"kinds": choices["activity_types"], "blocks": choices["block_kinds"]}


@login_required
@require_POST
@body_limit(FORM_BYTES)
def module_validate(request: HttpRequest, package: str, module: str) -> HttpResponse:
    """As the author types (htmx): the errors of every field, swapped into place; nothing is saved."""
    author = _author(request)
    draft = _draft(author, package)
    try:
        form = form_from_post(module, request.POST)
    except ValueError as exc:
        return _refused(request, str(exc))
    checked = module_check(draft, form, lint=False)  # validation as you type; the lint warnings come on save
    return render(request, "authoring/_module_errors.html", {"errors": checked.errors})


@login_required
@require_POST
def module_delete(request: HttpRequest, package: str, module: str) -> HttpResponse:
    author = _author(request)
    draft = _draft(author, package)
    if module_file(module) not in draft.files:
        raise Http404("no such module in the draft")
    services.draft_module_delete(author, draft, module, now=clock.now())
    return redirect("authoring_package", package=package)


@login_required
@require_POST
@body_limit(services.MAX_MEDIA_BYTES + UPLOAD_OVERHEAD)
def media_upload(request: HttpRequest, package: str) -> HttpResponse:
    author = _author(request)
    draft = _draft(author, package)
    upload = request.FILES.get("file")
    if upload is None:
        return _refused(request, _("choose an image or video to upload"))
    try:
        services.draft_media_upload(
            author, draft, upload.name or "file", upload.read(services.MAX_MEDIA_BYTES + 1), now=clock.now()
        )
    except services.AuthoringError as exc:
        return _refused(request, str(exc))
    return redirect("authoring_package", package=package)


@login_required
@require_POST
def media_delete(request: HttpRequest, package: str) -> HttpResponse:
    author = _author(request)
    if not services.draft_media_delete(author, _draft(author, package), request.POST.get("path", ""), now=clock.now()):
        raise Http404("no such media file in the draft")
    return redirect("authoring_package", package=package)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, package: str) -> HttpResponse:
    """GET: what will change for learners; POST: publish through the import service."""
    author = _author(request)
    draft = _draft(author, package)
    try:
        if request.method == "POST":
            result = services.draft_publish(author, draft, now=clock.now())
            return render(request, "authoring/published.html", {"package": package, "result": result})
        summary, version = services.publish_preview(author, draft)
    except PackageInvalid as exc:
        return render(request, "authoring/publish.html", {"package": package, "errors": exc.errors}, status=422)
    return render(
        request,
        "authoring/publish.html",
        {"package": package, "summary": summary, "version": version, "live": live_package(author, package)},
    )


@login_required
@require_POST
def draft_discard(request: HttpRequest, package: str) -> HttpResponse:
    author = _author(request)
    services.draft_discard(author, _draft(author, package), now=clock.now())
    return redirect("authoring_workspace")


def _zip(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def export_version(request: HttpRequest, package: str, version: str) -> HttpResponse:
    data = version_archive(_author(request), package, version)
    if data is None:
        raise Http404("no such version")
    return _zip(data, f"{package}-{version}.zip")


@login_required
@require_GET
def export_draft(request: HttpRequest, package: str) -> HttpResponse:
    draft = _draft(_author(request), package)
    return _zip(zip_files(draft_source(draft)), f"{package}-draft.zip")


@login_required
@require_GET
def edits(request: HttpRequest) -> HttpResponse:
    return render(request, "authoring/edits.html", {"edits": edits_list(_author(request))})


@login_required
@require_GET
def path_view(request: HttpRequest, package: str, role: str) -> HttpResponse:
    """A role's path: its modules by stage with arrows for ``requires`` (SVG), and the same as a list."""
    found = role_path(_draft(_author(request), package), role)
    if found is None:
        raise Http404("no such role in the draft")
    return render(request, "authoring/path.html", {"package": package, **found})


@login_required
@require_http_methods(["GET", "POST"])
@body_limit(FORM_BYTES)
def package_edit(request: HttpRequest, package: str) -> HttpResponse:
    """Skills and roles (levels, stages in order, milestones, certificate) as a form, errors by their field."""
    author = _author(request)
    draft = _draft(author, package)
    before = draft.files.get("package.yaml", "")
    if request.method == "GET":
        form = form_from_header(draft_header(draft))
        checked = package_form_check(draft, form)
        return render(
            request,
            "authoring/package_form.html",
            {"package": package, "file": "package.yaml", "f": package_form_display(form, checked.errors)},
        )
    try:
        form = unflatten(request.POST)
    except ValueError as exc:
        return _refused(request, str(exc))
    apply_package_op(form, request.POST.get("op", ""))
    checked = package_form_check(draft, form)
    if request.headers.get("HX-Request") == "true":  # as the author types: the errors only
        return render(request, "authoring/_module_errors.html", {"errors": checked.errors})
    if checked.text != before:
        services.draft_file_save(
            author, draft, "package.yaml", checked.text, now=clock.now(), before=before, after=checked.text
        )
    return render(
        request,
        "authoring/package_form.html",
        {"package": package, "file": "package.yaml", "saved": True, "f": package_form_display(form, checked.errors)},
    )
