"""Writes of authoring: open a draft, change its files, upload media, import a zip, publish, discard. Each runs in
one transaction and records what it changed (``ContentEdit``)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from skillpath.authoring import models as am
from skillpath.authoring.archives import zip_files
from skillpath.authoring.editing import ModuleForm
from skillpath.authoring.selectors import draft_get, draft_header, draft_source, live_package
from skillpath.content.exporting import dump_yaml, package_files, package_model
from skillpath.content.reader import read_package_zip
from skillpath.content.services import ImportResult, package_import
from skillpath.domain.content import ContentError, PackageInvalid, parse_package
from skillpath.domain.content.changes import ChangeSummary, change_summary, next_version
from skillpath.domain.content.drafting import activity_models, activity_skeleton, block_skeleton
from skillpath.domain.content.media import media_problem
from skillpath.domain.content.model import STAGES, version_key
from skillpath.domain.content.parsing import MEDIA_TYPES, load_yaml
from skillpath.people.models import Person

MAX_MEDIA_BYTES = 20 * 1024 * 1024  # one uploaded image or short video
MAX_ARCHIVE_BYTES = 50 * 1024 * 1024  # one uploaded package .zip
SUMMARY_CHARS = 300  # before/after kept in the edit log
TEXT_FILE = re.compile(
    r"^(package\.yaml|modules/[^/]+\.ya?ml|[^/]+\.(md|txt)|translations/[^/]+/(package\.yaml|modules/[^/]+\.ya?ml))$"
)


class AuthoringError(ValueError):
    """A refused change, with a message that says what to do."""


def _short(text: str) -> str:
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def edit_record(
    author: Person,
    package_slug: str,
    action: str,
    *,
    now: datetime,
    path: str = "",
    field: str = "",
    before: str = "",
    after: str = "",
) -> None:
    am.ContentEdit.objects.create(
        organization=author.organization,
        package_slug=package_slug,
        person=author,
        at=now,
        action=action,
        path=path,
        field=field,
        before=_short(before),
        after=_short(after),
    )


def _split(files: dict[str, bytes]) -> tuple[dict[str, str], dict[str, bytes]]:
    """Text files (package.yaml, modules, their translations, a README) kept as text; media kept as bytes; anything
    else dropped."""
    texts, media = {}, {}
    for path, data in files.items():
        if path.startswith("media/"):
            media[path] = data
        elif TEXT_FILE.match(path):
            try:
                texts[path] = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                message = _("{file}: not UTF-8 text (byte {byte})").format(file=path, byte=exc.start)
                raise AuthoringError(message) from exc
    return texts, media


def _fill(draft: am.PackageDraft, texts: dict[str, str], media: dict[str, bytes]) -> None:
    draft.files = texts
    draft.save()
    draft.media.all().delete()
    am.DraftMedia.objects.bulk_create(
        am.DraftMedia(draft=draft, path=path, data=data, size=len(data)) for path, data in sorted(media.items())
    )


@transaction.atomic
def draft_open(author: Person, package_slug: str, *, now: datetime) -> am.PackageDraft:
    """The package's draft; a new one holds the published version's files."""
    draft = draft_get(author, package_slug)
    if draft is not None:
        return draft
    live = live_package(author, package_slug)
    if live is None:
        raise AuthoringError(_("there is no package '{package}' in your organization").format(package=package_slug))
    texts, media = _split(package_files(live))
    draft = am.PackageDraft(
        organization=author.organization,
        package_slug=package_slug,
        base_version=live.version,
        updated_at=now,
        updated_by=author,
    )
    _fill(draft, texts, media)
    edit_record(author, package_slug, gettext_noop("draft started"), now=now, after=f"from version {live.version}")
    return draft


@transaction.atomic
def draft_import_archive(author: Person, data: bytes, *, now: datetime, name: str = "upload.zip") -> am.PackageDraft:
    """Put a package .zip into a draft (the package's own draft, replaced). Nothing is published yet."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise AuthoringError(_("the archive is larger than {size} MiB").format(size=MAX_ARCHIVE_BYTES // 2**20))
    texts, media = _split(read_package_zip(data, name))
    header, errors = load_yaml("package.yaml", texts.get("package.yaml", "").encode())
    slug = header.get("id") if not errors and isinstance(header, dict) else None
    if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", slug):
        raise AuthoringError(_("the archive needs a package.yaml with a valid id at its top (or in one folder)"))
    draft = draft_get(author, slug) or am.PackageDraft(organization=author.organization, package_slug=slug)
    live = live_package(author, slug)
    draft.base_version = live.version if live is not None else ""
    draft.updated_at, draft.updated_by = now, author
    _fill(draft, texts, media)
    edit_record(
        author,
        slug,
        gettext_noop("files imported"),
        now=now,
        path=name,
        after=f"{len(texts)} files, {len(media)} media",
    )
    return draft


@transaction.atomic
def draft_create(author: Person, package_slug: str, title: str, *, now: datetime) -> am.PackageDraft:
    """A new package, as a draft with a first skill and role to edit."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", package_slug):
        raise AuthoringError(_("the id needs lowercase letters, digits and hyphens, starting with a letter or digit"))
    if draft_get(author, package_slug) is not None or live_package(author, package_slug) is not None:
        raise AuthoringError(
            _("there is already a package '{package}'; choose another id").format(package=package_slug)
        )
    header = {
        "format": "skillpath/1",
        "id": package_slug,
        "title": title.strip() or package_slug,
        "version": "1.0.0",
        "skills": [{"id": "first-skill", "title": _("First skill")}],
        "roles": [
            {
                "id": "first-role",
                "title": _("First role"),
                "levels": [{"id": "first-role", "title": _("First role")}],
                "stages": {s: [] for s in ("foundation", "application", "mastery", "reinforcement")},
            }
        ],
    }
    draft = am.PackageDraft(
        organization=author.organization, package_slug=package_slug, updated_at=now, updated_by=author
    )
    _fill(draft, {"package.yaml": dump_yaml(header).decode()}, {})
    edit_record(author, package_slug, gettext_noop("package created"), now=now, after=title)
    return draft


@transaction.atomic
def draft_file_save(
    author: Person,
    draft: am.PackageDraft,
    path: str,
    text: str | None,
    *,
    now: datetime,
    field: str = "",
    before: str = "",
    after: str = "",
    action: str = gettext_noop("edited"),
) -> None:
    """Set (or with ``None`` delete) one text file of the draft, and record the edit."""
    draft = am.PackageDraft.objects.select_for_update().get(pk=draft.pk)
    files = dict(draft.files)
    if text is None:
        files.pop(path, None)
    else:
        files[path] = text
    draft.files, draft.updated_at, draft.updated_by = files, now, author
    draft.save(update_fields=["files", "updated_at", "updated_by"])
    edit_record(author, draft.package_slug, action, now=now, path=path, field=field, before=before, after=after)


def _safe_media_name(name: str) -> str:
    stem = PurePosixPath(name).name.lower()
    stem = re.sub(r"[^a-z0-9._-]+", "-", stem).strip("-.") or "file"
    return f"media/{stem}"


@transaction.atomic
def draft_media_upload(author: Person, draft: am.PackageDraft, name: str, data: bytes, *, now: datetime) -> str:
    """Add (or replace) one media file; returns its path (``media/…``) for lessons to refer to."""
    if len(data) > MAX_MEDIA_BYTES:
        message = _("{file}: larger than {size} MiB; make the file smaller")
        raise AuthoringError(message.format(file=name, size=MAX_MEDIA_BYTES // 2**20))
    path = _safe_media_name(name)
    suffix = PurePosixPath(path).suffix
    if suffix not in MEDIA_TYPES:
        message = _("{file}: unsupported media type; use one of {types}")
        raise AuthoringError(message.format(file=name, types=", ".join(sorted(MEDIA_TYPES))))
    if (problem := media_problem(suffix, data)) is not None:
        raise AuthoringError(f"{name}: {problem}")
    am.DraftMedia.objects.update_or_create(draft=draft, path=path, defaults={"data": data, "size": len(data)})
    am.PackageDraft.objects.filter(pk=draft.pk).update(updated_at=now, updated_by=author)
    edit_record(
        author, draft.package_slug, gettext_noop("media uploaded"), now=now, path=path, after=f"{len(data)} bytes"
    )
    return path


@transaction.atomic
def draft_media_delete(author: Person, draft: am.PackageDraft, path: str, *, now: datetime) -> bool:
    deleted, _ = am.DraftMedia.objects.filter(draft=draft, path=path).delete()
    if deleted:
        edit_record(author, draft.package_slug, gettext_noop("media deleted"), now=now, path=path)
    return bool(deleted)


def publish_preview(author: Person, draft: am.PackageDraft) -> tuple[ChangeSummary, str]:
    """What publishing the draft would change for learners, and the version it would get.

    Raises ``PackageInvalid`` (every error) when the draft is not valid.
    """
    package = parse_package(draft_source(draft))
    live = live_package(author, draft.package_slug)
    old = package_model(live) if live is not None else None
    version = package.version
    if live is not None and version_key(version) <= version_key(live.version):
        version = next_version(live.version)
    return change_summary(old, package), version


def _with_version(text: str, version: str) -> str:
    """package.yaml with its ``version`` line changed (the rest of the file kept as written)."""
    new, count = re.subn(r"(?m)^version:.*$", f'version: "{version}"', text, count=1)
    if count != 1:
        raise PackageInvalid(
            [ContentError("package.yaml", "version", _('write the version on its own line: version: "1.0.0"'))]
        )
    return new


@transaction.atomic
def draft_publish(author: Person, draft: am.PackageDraft, *, now: datetime) -> ImportResult:
    """Import the draft through the same service as files (all or nothing; progress kept; removed ids retired),
    as the next version when its version is not newer than the published one."""
    draft = am.PackageDraft.objects.select_for_update().get(pk=draft.pk)
    summary, version = publish_preview(author, draft)
    if str(draft_header(draft).get("version")) != version:
        before = draft.files["package.yaml"]
        draft.files = {**draft.files, "package.yaml": _with_version(before, version)}
    source = draft_source(draft)
    result = package_import(author.organization.slug, source, now=now)
    am.PublishedVersion.objects.update_or_create(
        organization=author.organization,
        package_slug=draft.package_slug,
        version=result.version,
        defaults={
            "archive": zip_files(source),
            "published_at": now,
            "published_by": author,
            "summary": {k: list(v) for k, v in summary.__dict__.items()},
        },
    )
    draft.base_version, draft.updated_at, draft.updated_by = result.version, now, author
    draft.save()
    edit_record(
        author,
        draft.package_slug,
        gettext_noop("published"),
        now=now,
        path="package.yaml",
        field="version",
        after=f"{result.version}: {len(summary.modules_added)} modules added, {len(summary.modules_removed)} removed,"
        f" {len(summary.concepts_retired)} concepts retired",
    )
    return result


@transaction.atomic
def draft_discard(author: Person, draft: am.PackageDraft, *, now: datetime) -> None:
    edit_record(author, draft.package_slug, gettext_noop("draft discarded"), now=now)
    draft.delete()


def _changed_fields(before: ModuleForm, after: ModuleForm) -> list[str]:
    """Form fields whose text differs (pieces moved count as changed at their new place)."""

    def flat(form: ModuleForm) -> dict[str, str]:
        out = dict(form.header)
        out.update({f"lesson[{i}]": t for i, t in enumerate(form.blocks)})
        for i, c in enumerate(form.concepts):
            out.update({f"concepts[{i}].id": c.id, f"concepts[{i}].title": c.title, f"concepts[{i}].skill": c.skill})
            out.update({f"concepts[{i}].variants[{j}]": t for j, t in enumerate(c.variants)})
        return out

    old, new = flat(before), flat(after)
    return [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]


def draft_module_save(
    author: Person,
    draft: am.PackageDraft,
    module_id: str,
    before: ModuleForm,
    after: ModuleForm,
    text: str,
    *,
    now: datetime,
) -> None:
    changed = _changed_fields(before, after)
    if not changed:
        return
    path = f"modules/{module_id}.yaml"
    old = draft.files.get(path, "")
    draft_file_save(author, draft, path, text, now=now, field=", ".join(changed), before=old, after=text)


def _placed(header: dict[str, Any], module_id: str, place: str) -> dict[str, Any]:
    """package.yaml data with ``module_id`` appended to the stage ``place`` (``role-id:stage``)."""
    role_id, _colon, stage = place.partition(":")
    for role in header.get("roles") or []:
        if isinstance(role, dict) and role.get("id") == role_id and stage in STAGES:
            stages = role.setdefault("stages", {})
            stages[stage] = [*(stages.get(stage) or []), module_id]
            return header
    raise AuthoringError(
        _("there is no stage '{place}' in the package; choose one of the roles' stages").format(place=place)
    )


@transaction.atomic
def draft_module_create(
    author: Person, draft: am.PackageDraft, module_id: str, title: str, place: str, *, now: datetime
) -> str:
    """A new module file (a first lesson block and concept to edit), placed in a role's stage when asked."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", module_id):
        raise AuthoringError(_("the module id needs lowercase letters, digits and hyphens, starting with one of them"))
    path = f"modules/{module_id}.yaml"
    if path in draft.files:
        raise AuthoringError(_("there is already a module '{module}'; choose another id").format(module=module_id))
    header = draft_header(draft)
    skills = [s.get("id") for s in header.get("skills") or [] if isinstance(s, dict)]
    kind = next(iter(activity_models()))
    data = {
        "id": module_id,
        "title": title.strip() or module_id,
        "skills": skills[:1],
        "minutes": 5,
        "pass_score": 0.8,
        "lesson": [block_skeleton("text")],
        "concepts": [
            {"id": "concept-1", "title": _("Concept {number}").format(number=1), "variants": [activity_skeleton(kind)]}
        ],
    }
    if place:
        new_header = dump_yaml(_placed(header, module_id, place)).decode()
        draft_file_save(
            author,
            draft,
            "package.yaml",
            new_header,
            now=now,
            field=f"stages ({place})",
            before=draft.files.get("package.yaml", ""),
            after=new_header,
        )
        draft.refresh_from_db()
    text = dump_yaml(data).decode()
    draft_file_save(author, draft, path, text, now=now, action=gettext_noop("module created"), after=title)
    return module_id


@transaction.atomic
def draft_module_delete(author: Person, draft: am.PackageDraft, module_id: str, *, now: datetime) -> None:
    """Delete a module's file; validation then names every stage, milestone or module that still refers to it."""
    path = f"modules/{module_id}.yaml"
    before = draft.files.get(path, "")
    draft_file_save(author, draft, path, None, now=now, action=gettext_noop("module deleted"), before=before)
