"""Writes of the content app: importing a package (atomic, idempotent, progress-preserving)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from skillpath.content import models as m
from skillpath.content.rendering import lesson_html
from skillpath.domain.content import ContentError, Package, PackageInvalid, PackageSource, parse_package
from skillpath.domain.content.model import Module, version_key
from skillpath.domain.content.parsing import MEDIA_TYPES
from skillpath.events import emit
from skillpath.people.models import Organization

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ImportResult:
    package: str
    version: str
    status: str  # "created", "updated" or "unchanged"
    modules: int
    retired: int


def package_hash(package: Package) -> str:
    """A fingerprint of the normalized content (media by their own hashes)."""
    data = package.model_dump(mode="json")
    if not data["translations"]:  # a package without translations keeps the hash it had before they existed
        del data["translations"]
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def organization_ensure(slug: str, name: str | None = None) -> Organization:
    """The organization with this slug, created (named after the slug) when it does not exist."""
    org, created = Organization.objects.get_or_create(
        slug=slug, defaults={"name": name or slug.replace("-", " ").title()}
    )
    if created:
        emit("organization.created", organization=org)  # e.g. its credential-signing key, in this transaction
    return org


def package_import(
    org_slug: str, source: PackageSource, *, now: datetime, progress: Progress | None = None
) -> ImportResult:
    """Validate and import a package into an organization, all or nothing.

    Importing the same content twice changes nothing. A newer version updates rows in place, so
    learner progress on ids that still exist is kept; ids that disappeared are retired.
    Raises ``PackageInvalid`` with every problem; the database is then unchanged.
    """
    package = parse_package(source)
    digest = package_hash(package)
    say = progress or (lambda _msg: None)
    with transaction.atomic():
        org = organization_ensure(org_slug)
        row = m.ContentPackage.objects.select_for_update().filter(organization=org, slug=package.id).first()
        if row is not None:
            if row.content_hash == digest:
                return ImportResult(package.id, package.version, "unchanged", len(package.modules), 0)
            _check_newer(row, package)
        status = "created" if row is None else "updated"
        if row is None:
            row = m.ContentPackage(organization=org, slug=package.id)
        row.title, row.version = package.header.title, package.version
        row.content_hash, row.imported_at = digest, now
        row.translations = {
            language: translation.package.model_dump(mode="json", exclude_none=True)
            for language, translation in package.translations.items()
            if translation.package is not None
        }
        row.save()
        importer = _Importer(org, row, now, say)
        retired = importer.run(package, source)
    return ImportResult(package.id, package.version, status, len(package.modules), retired)


def _translated(package: Package, module_id: str) -> dict[str, Module]:
    """The translations of one module, by language."""
    return {lang: t.modules[module_id] for lang, t in package.translations.items() if module_id in t.modules}


def _lesson_of(module: Module) -> dict[str, Any]:
    """What a translated module changes besides its activities: its title and lesson (rendered like the original's)."""
    lesson = [b.model_dump(mode="json", exclude_none=True) for b in module.lesson]
    return {"title": module.title, "lesson": lesson, "lesson_html": lesson_html(lesson)}


def _check_newer(row: m.ContentPackage, package: Package) -> None:
    if version_key(package.version) < version_key(row.version):
        message = _("version {version} is older than the imported {imported}; import a newer version").format(
            version=package.version, imported=row.version
        )
    elif version_key(package.version) == version_key(row.version):
        message = _("version {version} is already imported with different content; raise the version").format(
            version=package.version
        )
    else:
        return
    raise PackageInvalid([ContentError("package.yaml", "version", message)])


R = TypeVar("R", bound=models.Model)


class _Importer:
    """Upserts one package's rows; every row not in the new version is retired."""

    def __init__(self, org: Organization, package: m.ContentPackage, now: datetime, say: Progress) -> None:
        self.org, self.package, self.now, self.say = org, package, now, say
        self.retired = 0

    def _sync(
        self,
        rows: Iterable[R],
        key: Callable[[R], Any],
        wanted: Iterable[tuple[Any, dict[str, Any]]],
        create: Callable[[Any, dict[str, Any]], R],
    ) -> dict[Any, R]:
        """Make ``rows`` hold exactly ``wanted`` (key → fields) as live rows; retire the rest."""
        existing = {key(row): row for row in rows}
        result: dict[Any, R] = {}
        for k, fields in wanted:
            row = existing.pop(k, None)
            if row is None:
                row = create(k, {**fields, "organization": self.org})
                row.save()
            else:
                changed = [f for f, v in fields.items() if getattr(row, f) != v]
                if getattr(row, "retired_at", None) is not None:
                    row.retired_at = None  # type: ignore[attr-defined]
                    changed.append("retired_at")
                if changed:
                    for f in changed:
                        if f != "retired_at":
                            setattr(row, f, fields[f])
                    row.save(update_fields=changed)
            result[k] = row
        for row in existing.values():
            if getattr(row, "retired_at", None) is None:
                row.retired_at = self.now  # type: ignore[attr-defined]
                row.save(update_fields=["retired_at"])
                self.retired += 1
        return result

    def run(self, package: Package, source: PackageSource) -> int:
        header = package.header
        skills = self._sync(
            m.Skill.objects.filter(package=self.package),
            lambda r: r.slug,
            (
                (
                    s.id,
                    {
                        "title": s.title,
                        "description": s.description,
                        "position": i,
                        "rubric": s.rubric.model_dump(exclude_defaults=True) if s.rubric else {},
                    },
                )
                for i, s in enumerate(header.skills)
            ),
            lambda k, f: m.Skill(package=self.package, slug=k, **f),
        )
        self._modules(package, skills)
        self._roles(package)
        self._media(package, source)
        return self.retired

    def _modules(self, package: Package, skills: dict[str, m.Skill]) -> None:
        total = len(package.modules)
        translated = {module_id: _translated(package, module_id) for module_id in package.modules}
        wanted = []
        for module in package.modules.values():
            lesson = [b.model_dump(mode="json", exclude_none=True) for b in module.lesson]
            wanted.append(
                (
                    module.id,
                    {
                        "title": module.title,
                        "skills": module.skills,
                        "requires": module.requires,
                        "minutes": module.minutes,
                        "pass_score": module.pass_score,
                        "lesson": lesson,
                        "lesson_html": lesson_html(lesson),
                        "translations": {lang: _lesson_of(t) for lang, t in translated[module.id].items()},
                    },
                )
            )
        rows = self._sync(
            m.Module.objects.filter(package=self.package),
            lambda r: r.slug,
            wanted,
            lambda k, f: m.Module(package=self.package, slug=k, **f),
        )
        # Concepts and variants of modules that were just retired go with them.
        for model in (m.Concept, m.Variant):
            prefix = "module__" if model is m.Concept else "concept__module__"
            self.retired += model.objects.filter(
                **{f"{prefix}package": self.package, f"{prefix}retired_at__isnull": False, "retired_at": None}
            ).update(retired_at=self.now)
        concepts_by_module: dict[int, list[m.Concept]] = {}
        for concept_row in m.Concept.objects.filter(module__package=self.package):
            concepts_by_module.setdefault(concept_row.module_id, []).append(concept_row)
        variants_by_concept: dict[int, list[m.Variant]] = {}
        for variant_row in m.Variant.objects.filter(concept__module__package=self.package):
            variants_by_concept.setdefault(variant_row.concept_id, []).append(variant_row)
        for n, module in enumerate(package.modules.values(), start=1):
            module_row = rows[module.id]
            concept_rows = self._sync(
                concepts_by_module.get(module_row.pk, []),
                lambda r: r.slug,
                (
                    (
                        c.id,
                        {
                            "title": c.title,
                            "skill": skills[module.concept_skill(c)],
                            "declared_skill": c.skill is not None,
                            "position": i,
                            "translations": {lang: t.concepts[i].title for lang, t in translated[module.id].items()},
                        },
                    )
                    for i, c in enumerate(module.concepts)
                ),
                lambda k, f, mr=module_row: m.Concept(module=mr, slug=k, **f),  # type: ignore[misc]
            )
            for c, concept in enumerate(module.concepts):
                crow = concept_rows[concept.id]
                self._sync(
                    variants_by_concept.get(crow.pk, []),
                    lambda r: r.position,
                    (
                        (
                            i,
                            {
                                "kind": v.type,
                                "activity": v.model_dump(mode="json", exclude_none=True),
                                "translations": {
                                    lang: t.concepts[c].variants[i].model_dump(mode="json", exclude_none=True)
                                    for lang, t in translated[module.id].items()
                                },
                            },
                        )
                        for i, v in enumerate(concept.variants)
                    ),
                    lambda k, f, cr=crow: m.Variant(concept=cr, position=k, **f),  # type: ignore[misc]
                )
            self.say(f"module {n}/{total}: {module.id}")

    def _roles(self, package: Package) -> None:
        roles = self._sync(
            m.Role.objects.filter(package=self.package),
            lambda r: r.slug,
            (
                (r.id, {"title": r.title, "position": i, "stages": dict(r.stages.items())})
                for i, r in enumerate(package.header.roles)
            ),
            lambda k, f: m.Role(package=self.package, slug=k, **f),
        )
        for role in package.header.roles:
            row = roles[role.id]
            self._sync(
                m.RoleLevel.objects.filter(role=row),
                lambda r: r.slug,
                (
                    (lv.id, {"title": lv.title, "position": i, "requires": dict(lv.requires)})
                    for i, lv in enumerate(role.levels)
                ),
                lambda k, f, rr=row: m.RoleLevel(role=rr, slug=k, **f),  # type: ignore[misc]
            )
            self._sync(
                m.Milestone.objects.filter(role=row),
                lambda r: r.slug,
                (
                    (ms.id, {"title": ms.title, "day": ms.day, "modules": ms.modules, "position": i})
                    for i, ms in enumerate(role.milestones)
                ),
                lambda k, f, rr=row: m.Milestone(role=rr, slug=k, **f),  # type: ignore[misc]
            )
            cert = role.certificate
            self._sync(
                m.CertificateSpec.objects.filter(role=row),
                lambda r: "certificate",
                []
                if cert is None
                else [
                    (
                        "certificate",
                        {
                            "title": cert.title,
                            "requires": dict(cert.requires),
                            "retention_days": cert.retention_days,
                            "valid_days": cert.valid_days,
                        },
                    )
                ],
                lambda _k, f, rr=row: m.CertificateSpec(role=rr, **f),  # type: ignore[misc]
            )
        self.say(f"roles: {len(roles)}")

    def _media(self, package: Package, source: PackageSource) -> None:
        existing = {row.path: row for row in m.MediaFile.objects.filter(package=self.package).defer("data")}
        for path, digest in package.media.items():
            row = existing.pop(path, None)
            if row is not None and row.sha256 == digest and row.retired_at is None:
                continue
            row = row or m.MediaFile(organization=self.org, package=self.package, path=path)
            row.sha256, row.data, row.retired_at = digest, source[path], None
            row.content_type = MEDIA_TYPES["." + path.rsplit(".", 1)[-1].lower()]
            row.save()
        for row in existing.values():
            if row.retired_at is None:
                row.retired_at = self.now
                row.save(update_fields=["retired_at"])
                self.retired += 1
