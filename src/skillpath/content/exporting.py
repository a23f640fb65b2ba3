"""Write an imported package back to the ``skillpath/1`` files (export → import → export is identical)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import yaml

from skillpath.content import models as m
from skillpath.domain.content.model import STAGES, Module, Package, PackageHeader, PackageText, Translation


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text, so exported lessons read like the authored ones."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: Any) -> bytes:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100).encode()


def package_model(package: m.ContentPackage) -> Package:
    """Rebuild the domain model of an imported package from its live (not retired) rows."""
    live = {"retired_at": None}
    skills = list(package.skills.filter(**live))
    # JSON columns keep no key order on PostgreSQL (jsonb sorts its keys): stages come in their fixed order and
    # required skill levels in the package's skill order, so an export reads the same on every database.
    skill_order = {s.slug: i for i, s in enumerate(skills)}

    def in_skill_order(requires: dict[str, int]) -> dict[str, int]:
        return dict(sorted(requires.items(), key=lambda kv: (skill_order.get(kv[0], len(skill_order)), kv[0])))

    roles = []
    for role in package.roles.filter(**live).prefetch_related("levels", "milestones"):
        cert = m.CertificateSpec.objects.filter(role=role, **live).first()
        roles.append(
            {
                "id": role.slug,
                "title": role.title,
                "stages": {stage: role.stages[stage] for stage in STAGES if stage in role.stages},
                "levels": [
                    {"id": lv.slug, "title": lv.title, "requires": in_skill_order(lv.requires)}
                    for lv in role.levels.all()
                    if lv.retired_at is None
                ],
                "milestones": [
                    {"id": ms.slug, "title": ms.title, "day": ms.day, "modules": ms.modules}
                    for ms in role.milestones.all()
                    if ms.retired_at is None
                ],
                "certificate": None
                if cert is None
                else {
                    "title": cert.title,
                    "requires": in_skill_order(cert.requires),
                    "retention_days": cert.retention_days,
                    "valid_days": cert.valid_days,
                },
            }
        )
    header = PackageHeader.model_validate(
        {
            "format": "skillpath/1",
            "id": package.slug,
            "title": package.title,
            "version": package.version,
            "skills": [
                {
                    "id": s.slug,
                    "title": s.title,
                    "description": s.description,
                    **({"rubric": s.rubric} if s.rubric else {}),
                }
                for s in skills
            ],
            "roles": roles,
        }
    )
    modules = {}
    concepts = m.Concept.objects.filter(module__package=package, **live).select_related("skill")
    variants = m.Variant.objects.filter(concept__module__package=package, **live)
    by_module: dict[int, list[m.Concept]] = {}
    for concept in concepts:
        by_module.setdefault(concept.module_id, []).append(concept)
    by_concept: dict[int, list[m.Variant]] = {}
    for variant in variants:
        by_concept.setdefault(variant.concept_id, []).append(variant)
    translated: dict[str, dict[str, Module]] = {}
    for module in package.modules.filter(**live).order_by("slug"):
        concepts_of = by_module.get(module.pk, [])
        modules[module.slug] = _module(module, concepts_of, by_concept, None)
        for language in module.translations:
            translated.setdefault(language, {})[module.slug] = _module(module, concepts_of, by_concept, language)
    media = dict(package.media.filter(**live).values_list("path", "sha256"))
    translations = {
        language: Translation(
            package=PackageText.model_validate(package.translations[language])
            if language in package.translations
            else None,
            modules=translated.get(language, {}),
        )
        for language in sorted(set(package.translations) | set(translated))
    }
    return Package(header=header, modules=modules, media=media, translations=translations)


def _module(
    module: m.Module, concepts: list[m.Concept], variants: dict[int, list[m.Variant]], language: str | None
) -> Module:
    """A module's model: the original (``language`` None) or its translation into ``language``."""
    text = module.translations[language] if language else {"title": module.title, "lesson": module.lesson}
    return Module.model_validate(
        {
            "id": module.slug,
            "title": text["title"],
            "skills": module.skills,
            "requires": module.requires,
            "minutes": module.minutes,
            "pass_score": module.pass_score,
            "lesson": text["lesson"],
            "concepts": [
                {
                    "id": c.slug,
                    "title": c.translations[language] if language else c.title,
                    "variants": [v.translations[language] if language else v.activity for v in variants.get(c.pk, [])],
                    **({"skill": c.skill.slug} if c.declared_skill else {}),
                }
                for c in concepts
            ],
        }
    )


def package_files(package: m.ContentPackage) -> dict[str, bytes]:
    """The package as files: ``package.yaml``, ``modules/<id>.yaml``, ``translations/<lang>/…`` and ``media/…``."""
    model = package_model(package)
    files = {"package.yaml": dump_yaml(_clean(model.header.model_dump(mode="json", exclude_defaults=True)))}
    for module_id, module in model.modules.items():
        files[f"modules/{module_id}.yaml"] = dump_yaml(_clean(module.model_dump(mode="json", exclude_defaults=True)))
    for language, translation in model.translations.items():
        if translation.package is not None:
            text = translation.package.model_dump(mode="json", exclude_defaults=True)
            files[f"translations/{language}/package.yaml"] = dump_yaml(_clean(text))
        for module_id, module in translation.modules.items():
            files[f"translations/{language}/modules/{module_id}.yaml"] = dump_yaml(
                _clean(module.model_dump(mode="json", exclude_defaults=True))
            )
    for path, data in package.media.filter(retired_at=None).values_list("path", "data"):
        files[path] = bytes(data)
    return files


def _clean(value: Any) -> Any:
    """Drop ``None`` values (optional fields left out) so the files stay as an author writes them."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def package_zip(package: m.ContentPackage) -> bytes:
    """The package in the skillpath/1 format as one .zip (what ``import`` takes back)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(package_files(package).items()):
            archive.writestr(name, data)
    return buffer.getvalue()
