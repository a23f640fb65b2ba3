"""Reads of authoring, each scoped to the author's organization (``access_author`` first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from pydantic import ValidationError

from skillpath.authoring import models as am
from skillpath.authoring.archives import zip_files
from skillpath.content import models as cm
from skillpath.content.exporting import package_files
from skillpath.domain.content import ContentError, Module, Package, PackageInvalid, parse_package
from skillpath.domain.content.lint import ContentWarning, lint_package
from skillpath.domain.content.parsing import MEDIA_TYPES, load_yaml, pydantic_errors
from skillpath.people.models import Person
from skillpath.people.selectors import access_person


def access_author(user: AbstractBaseUser | AnonymousUser) -> Person:
    """The signed-in person when they may edit their organization's content (an author or an admin)."""
    person = access_person(user)
    if not (person.is_author or person.is_admin):
        raise PermissionDenied("only authors and admins edit content")
    return person


def draft_get(author: Person, package_slug: str) -> am.PackageDraft | None:
    """The draft of a package of the author's own organization (never another organization's)."""
    return am.PackageDraft.objects.filter(organization=author.organization, package_slug=package_slug).first()


def live_package(author: Person, package_slug: str) -> cm.ContentPackage | None:
    return cm.ContentPackage.objects.filter(organization=author.organization, slug=package_slug).first()


@dataclass(frozen=True)
class PackageRow:
    slug: str
    title: str
    live_version: str | None
    draft_version: str | None
    draft_updated: Any


def packages_list(author: Person) -> list[PackageRow]:
    """The organization's packages: what learners see (live) and what is being edited (draft), in two queries."""
    live: dict[str, Any] = {
        p["slug"]: p
        for p in cm.ContentPackage.objects.filter(organization=author.organization).values("slug", "title", "version")
    }
    drafts = {
        d.package_slug: d
        for d in am.PackageDraft.objects.filter(organization=author.organization).only(
            "package_slug", "files", "updated_at"
        )
    }
    rows = []
    for slug in sorted(set(live) | set(drafts)):
        draft = drafts.get(slug)
        header = draft_header(draft) if draft is not None else {}
        rows.append(
            PackageRow(
                slug=slug,
                title=str(header.get("title") or live.get(slug, {}).get("title") or slug),
                live_version=live[slug]["version"] if slug in live else None,
                draft_version=str(header.get("version", "")) if draft is not None else None,
                draft_updated=draft.updated_at if draft is not None else None,
            )
        )
    return rows


def draft_header(draft: am.PackageDraft) -> dict[str, Any]:
    """``package.yaml`` of the draft as data (empty when it does not parse)."""
    data, errors = load_yaml("package.yaml", draft.files.get("package.yaml", "").encode())
    return data if not errors and isinstance(data, dict) else {}


def draft_source(draft: am.PackageDraft) -> dict[str, bytes]:
    """The draft as package files (what ``skillpath validate`` and the import read)."""
    files = {path: text.encode() for path, text in draft.files.items()}
    for path, data in draft.media.values_list("path", "data"):
        files[path] = bytes(data)
    return files


@dataclass(frozen=True)
class Problems:
    errors: list[ContentError]
    warnings: list[ContentWarning]
    package: Package | None

    def of_file(self, file: str) -> list[ContentError]:
        return [e for e in [*self.errors, *self.warnings] if e.file == file]


def problems_of(source: dict[str, bytes], *, lint: bool = True) -> Problems:
    """The same checks as ``skillpath validate`` and then, on a valid package, ``skillpath lint`` (left out with
    ``lint=False``: while the author types, the package-wide cue statistics would slow every keystroke)."""
    try:
        package = parse_package(source)
    except PackageInvalid as exc:
        return Problems(exc.errors, [], None)
    return Problems([], lint_package(package).warnings if lint else [], package)


def edits_list(author: Person, limit: int = 200) -> list[am.ContentEdit]:
    return list(am.ContentEdit.objects.filter(organization=author.organization).select_related("person__user")[:limit])


def versions_list(author: Person, package_slug: str) -> list[Any]:
    return list(
        am.PublishedVersion.objects.filter(organization=author.organization, package_slug=package_slug).values(
            "version", "published_at", "published_by__user__email"
        )
    )


def version_archive(author: Person, package_slug: str, version: str) -> bytes | None:
    """A published version's exact files as a zip; the live version is exported from its rows when it was not
    published from the browser (imported with the command line)."""
    row = (
        am.PublishedVersion.objects.filter(organization=author.organization, package_slug=package_slug, version=version)
        .values_list("archive", flat=True)
        .first()
    )
    if row is not None:
        return bytes(row)
    live = live_package(author, package_slug)
    if live is None or live.version != version:
        return None
    return zip_files(package_files(live))


@dataclass(frozen=True)
class DraftModule:
    """A module of a draft for the preview: the valid model, or the errors that stop it from showing."""

    module: Any  # domain Module, or None
    errors: list[ContentError]


def draft_module(author: Person, package_slug: str, module_id: str) -> DraftModule | None:
    """A draft's module, checked on its own (the rest of the package may still have errors)."""
    draft = draft_get(author, package_slug)
    file = f"modules/{module_id}.yaml"
    if draft is None or file not in draft.files:
        return None
    data, errors = load_yaml(file, draft.files[file].encode())
    if errors:
        return DraftModule(None, errors)
    try:
        return DraftModule(Module.model_validate(data), [])
    except ValidationError as exc:
        return DraftModule(None, list(pydantic_errors(file, exc)))


def draft_media_file(author: Person, package_slug: str, path: str) -> tuple[bytes, str] | None:
    """A draft's media file and its content type (the preview shows drafts' images)."""
    row = (
        am.DraftMedia.objects.filter(
            draft__organization=author.organization, draft__package_slug=package_slug, path=path
        )
        .values_list("data", flat=True)
        .first()
    )
    if row is None:
        return None
    return bytes(row), MEDIA_TYPES.get("." + path.rsplit(".", 1)[-1].lower(), "application/octet-stream")
