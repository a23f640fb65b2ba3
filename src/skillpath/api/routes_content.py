"""Content packages: list them with their versions, import a .zip (all or nothing), export one as a .zip.
Admins and authors, as with ``skillpath import``; importing needs an admin-scope token."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import File, Router
from ninja.files import UploadedFile

from skillpath import clock
from skillpath.api import schemas as s
from skillpath.api.auth import acting
from skillpath.api.problems import READ_ERRORS, WRITE_ERRORS, ApiProblem
from skillpath.content.exporting import package_zip
from skillpath.content.reader import read_package_zip
from skillpath.content.selectors import package_of, packages_of
from skillpath.content.services import package_import
from skillpath.domain.content import PackageInvalid
from skillpath.people.models import Person

router = Router(tags=["content"])
UPLOAD_BYTES = 50 * 1024 * 1024  # a package .zip (with its media)
ZIP_RESPONSE = {
    "description": "The package as a .zip",
    "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
}


def _author(request: HttpRequest, scope: str = "read") -> Person:
    person = acting(request, scope)
    if not (person.is_admin or person.is_author):
        raise ApiProblem(403, _("only admins and authors manage content"))
    return person


@router.get("/content/packages", response={200: list[s.ContentPackage], **READ_ERRORS})
def packages(request: HttpRequest) -> object:
    """The organization's packages with the version imported last."""
    return packages_of(_author(request))


@router.post("/content/packages", response={200: s.ImportResult, **WRITE_ERRORS})
def package_upload(request: HttpRequest, file: File[UploadedFile]) -> object:
    """Import a package .zip (at most 50 MB): created, updated (a newer version keeps everyone's progress) or unchanged.
    A package with problems is refused whole, with every problem (file and path) in ``errors``."""
    person = _author(request, "admin")
    try:
        return package_import(
            person.organization.slug, read_package_zip(file.read(), file.name or "upload.zip"), now=clock.now()
        )
    except PackageInvalid as exc:
        errors = [(f"{e.file}:{e.path}" if e.path else e.file, e.message) for e in exc.errors]
        raise ApiProblem(
            422,
            ngettext(
                "the package has {count} problem; nothing was imported",
                "the package has {count} problems; nothing was imported",
                len(errors),
            ).format(count=len(errors)),
            errors=errors,
        ) from exc


@router.get(
    "/content/packages/{package}/export",
    response={200: bytes, 404: s.Problem, **READ_ERRORS},
    openapi_extra={"responses": {200: ZIP_RESPONSE}},
)
def package_export(request: HttpRequest, package: s.Slug) -> HttpResponse:
    """The package in the skillpath/1 format, as a .zip that imports back unchanged."""
    row = package_of(_author(request), package)
    if row is None:
        raise ApiProblem(404, _("no package “{package}” in your organization").format(package=package))
    response = HttpResponse(package_zip(row), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{row.slug}-{row.version}.zip"'
    return response
