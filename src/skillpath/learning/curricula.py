"""The domain's ``Curriculum`` of a person, built from imported content and cached per content version.

A person's curriculum depends only on their roles and the versions of the packages those roles come
from, so it is built once per (roles, package hashes) and shared by every request and every person
with the same roles. Re-importing a package changes its hash, so the cache never serves stale content.

``ContentIndex`` pairs the curriculum (content ids only) with the maps between those ids and database
keys. Only the code that loads and saves learner state (``learning.store``) and the services that
take database ids from requests use the maps.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from threading import Lock
from typing import Any

from pydantic import TypeAdapter

from skillpath import sql
from skillpath.content import models as cm
from skillpath.content.localizing import content_language
from skillpath.domain.content import Activity
from skillpath.domain.content.model import STAGES
from skillpath.domain.content.translations import merge_answers
from skillpath.domain.curriculum import CertificateRule, Curriculum, MilestoneSpec, ModuleSpec, PathSpec, concept_key
from skillpath.domain.memory import MemoryModel
from skillpath.learning.memory_models import memory_model_for
from skillpath.people.models import Organization, Person, PersonRole

CACHE_SIZE = 256
ACTIVITY = TypeAdapter(Activity)


@dataclass(frozen=True, eq=False)
class VariantRef:
    pk: int
    concept: str  # concept key
    position: int
    kind: str
    definition: dict[str, Any] = field(repr=False)
    translations: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)  # language → activity
    _graded: dict[str, Activity] = field(default_factory=dict, repr=False)

    @cached_property
    def activity(self) -> Activity:
        """The activity, parsed once per content version (imported content is valid)."""
        return ACTIVITY.validate_python(self.definition)

    def graded_in(self, language: str | None) -> Activity:
        """The activity an answer given in ``language`` is graded against: its translation accepting the
        original's typed answers too (``merge_answers``), or the original when it is not translated."""
        if not language or language not in self.translations:
            return self.activity
        if language not in self._graded:
            merged = merge_answers(self.translations[language], self.definition)
            self._graded[language] = ACTIVITY.validate_python(merged)
        return self._graded[language]


@dataclass(frozen=True)
class ContentIndex:
    """A curriculum plus the maps between its content ids and database keys."""

    curriculum: Curriculum
    module_pks: dict[str, int]  # module id → pk
    module_ids: dict[int, str]
    concept_pks: dict[str, int]  # concept key → pk
    concept_keys: dict[int, str]
    skill_pks: dict[str, int]
    milestone_pks: dict[str, int]  # milestone key → pk
    milestone_keys: dict[int, str]
    variants: dict[int, VariantRef]  # variant pk → (live variants of the curriculum's concepts)
    variant_pks: dict[tuple[str, int], int]  # (concept key, position) → pk
    titles: dict[str, Titles] = field(default_factory=dict)  # language → the titles its translations give
    _localized: dict[str, ContentIndex] = field(default_factory=dict, repr=False)
    _models: dict[int, cm.Variant] = field(default_factory=dict, repr=False)  # shared with the localized copies

    def variant(self, concept: str, position: int) -> VariantRef:
        return self.variants[self.variant_pks[(concept, position)]]

    def variant_model(self, pk: int) -> cm.Variant:
        """A live variant of this content version as a model, with its concept: read once per process, then
        shared by every request (content of a version never changes; pages only read it)."""
        if pk not in self.variants:
            raise KeyError(f"variant {pk} is not live in this content")
        model = self._models.get(pk)
        if model is None:
            model = self._models[pk] = cm.Variant.objects.select_related("concept").get(pk=pk)
        return model

    def localized(self, language: str | None) -> ContentIndex:
        """This index with the curriculum's titles in ``language`` where translated (made once per language)."""
        texts = self.titles.get(language) if language else None
        if texts is None or language is None:
            return self
        if language not in self._localized:
            c = self.curriculum
            curriculum = replace(
                c,
                modules={k: replace(s, title=texts.modules.get(k, s.title)) for k, s in c.modules.items()},
                paths=tuple(replace(p, title=texts.roles.get(p.role, p.title)) for p in c.paths),
                skill_titles={k: texts.skills.get(k, v) for k, v in c.skill_titles.items()},
                concept_titles={k: texts.concepts.get(k, v) for k, v in c.concept_titles.items()},
                milestones=tuple(replace(ms, title=texts.milestones.get(ms.key, ms.title)) for ms in c.milestones),
            )
            self._localized[language] = replace(self, curriculum=curriculum, _localized={})
        return self._localized[language]


@dataclass(frozen=True)
class Titles:
    """The titles one language translates, by content id (what is missing stays original)."""

    modules: dict[str, str] = field(default_factory=dict)
    concepts: dict[str, str] = field(default_factory=dict)  # concept key → title
    skills: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    milestones: dict[str, str] = field(default_factory=dict)  # milestone key → title


_cache: OrderedDict[tuple[object, ...], ContentIndex] = OrderedDict()
_known_roles: OrderedDict[int, tuple[tuple[int, int, str], ...]] = OrderedDict()  # person pk → roles last read
KNOWN_ROLES_SIZE = 20_000
_lock = Lock()


ROLE_KEY_SQL = (
    f"SELECT r.id, r.package_id, p.content_hash FROM {PersonRole._meta.db_table} h "  # noqa: S608
    f"JOIN {cm.Role._meta.db_table} r ON r.id = h.role_id "
    f"JOIN {cm.ContentPackage._meta.db_table} p ON p.id = r.package_id "
    "WHERE h.person_id = %s AND r.retired_at IS NULL ORDER BY h.id"
)


def role_key(person_id: int) -> tuple[tuple[int, int, str], ...]:
    """The person's roles with their packages' content hashes: what their curriculum depends on (1 query).

    Plain SQL: every request of a signed-in learner asks it, and the ORM's query building would cost more
    than the query."""
    with sql.cursor(binary=True) as cursor:  # prepared by PostgreSQL after a few runs
        cursor.execute(ROLE_KEY_SQL, [person_id])
        return roles_of(cursor.fetchall())


def roles_of(rows: Iterable[Sequence[Any]]) -> tuple[tuple[int, int, str], ...]:
    """The rows of ``ROLE_KEY_SQL`` as the key ``content_index`` takes."""
    return tuple((int(r), int(p), str(h)) for r, p, h in rows)


def known_roles(person_pk: int) -> tuple[tuple[int, int, str], ...] | None:
    """The person's roles as this process last read them (None if it has not): a guess, to be checked."""
    with _lock:
        return _known_roles.get(person_pk)


def content_index(person: Person, roles: tuple[tuple[int, int, str], ...] | None = None) -> ContentIndex:
    """The content index of every role the person holds, its titles in the active language (1 query when
    cached). ``roles``: the person's roles as just read (``ROLE_KEY_SQL``)."""
    key = roles if roles is not None else role_key(person.pk)
    language = content_language()
    with _lock:
        _known_roles[person.pk] = key
        _known_roles.move_to_end(person.pk)
        while len(_known_roles) > KNOWN_ROLES_SIZE:
            _known_roles.popitem(last=False)
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key].localized(language)
    built = _build([pk for pk, _, _ in key], sorted({pkg for _, pkg, _ in key}))
    with _lock:
        _cache[key] = built
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return built.localized(language)


def curriculum_for(person: Person) -> Curriculum:
    return content_index(person).curriculum


def _build(role_ids: list[int], package_ids: list[int]) -> ContentIndex:
    modules = list(cm.Module.objects.filter(package_id__in=package_ids, retired_at=None))
    concepts = list(
        cm.Concept.objects.filter(module__package_id__in=package_ids, module__retired_at=None, retired_at=None)
        .select_related("skill")
        .order_by("module_id", "position")
    )
    slug_of = {m.pk: m.slug for m in modules}
    keys = {c.pk: concept_key(slug_of[c.module_id], c.slug) for c in concepts}
    variants: dict[int, VariantRef] = {}
    positions: dict[str, list[int]] = {}
    for pk, concept, position, kind, definition, translations in (
        cm.Variant.objects.filter(concept__in=list(keys), retired_at=None)
        .order_by("concept_id", "position")
        .values_list("pk", "concept_id", "position", "kind", "activity", "translations")
    ):
        variants[pk] = VariantRef(pk, keys[concept], position, kind, definition, translations or {})
        positions.setdefault(keys[concept], []).append(position)
    by_module: dict[int, list[str]] = {}
    for c in concepts:
        if keys[c.pk] in positions:
            by_module.setdefault(c.module_id, []).append(keys[c.pk])
    specs = {
        m.slug: ModuleSpec(
            m.slug, m.title, tuple(m.requires), m.pass_score, m.minutes, tuple(m.skills), tuple(by_module.get(m.pk, []))
        )
        for m in modules
    }
    roles = {r.pk: r for r in cm.Role.objects.filter(pk__in=role_ids).select_related("package")}
    paths = tuple(
        PathSpec(
            roles[pk].slug,
            roles[pk].title,
            # In the four stages' order: a JSON column keeps no key order on PostgreSQL (jsonb sorts its keys).
            tuple(
                (stage, tuple(s for s in roles[pk].stages[stage] if s in specs))
                for stage in STAGES
                if stage in roles[pk].stages
            ),
        )
        for pk in role_ids
    )
    skills = cm.Skill.objects.filter(package_id__in=package_ids, retired_at=None)
    milestone_rows = list(
        cm.Milestone.objects.filter(role_id__in=role_ids, retired_at=None)
        .select_related("role")
        .order_by("role_id", "position", "pk")
    )
    milestone_pks = {f"{ms.role.slug}/{ms.slug}": ms.pk for ms in milestone_rows}
    certificates = tuple(
        CertificateRule(spec.role.slug, dict(spec.requires), spec.retention_days)
        for spec in cm.CertificateSpec.objects.filter(role_id__in=role_ids, retired_at=None).select_related("role")
    )
    curriculum = Curriculum(
        modules=specs,
        paths=paths,
        concept_skill={keys[c.pk]: c.skill.slug for c in concepts},
        skill_titles={s.slug: s.title for s in skills},
        concept_titles={keys[c.pk]: c.title for c in concepts},
        variants={k: tuple(v) for k, v in positions.items()},
        milestones=tuple(
            MilestoneSpec(f"{ms.role.slug}/{ms.slug}", ms.role.slug, ms.title, ms.day, tuple(ms.modules))
            for ms in milestone_rows
        ),
        certificates=certificates,
        observation_levels={
            s.slug: s.rubric["required_for"]
            for s in skills
            if isinstance(s.rubric, dict) and s.rubric.get("required_for")
        },
    )
    return ContentIndex(
        titles=_titles(modules, concepts, keys, list(roles.values()), milestone_rows),
        curriculum=curriculum,
        module_pks={m.slug: m.pk for m in modules},
        module_ids=slug_of,
        concept_pks={v: k for k, v in keys.items()},
        concept_keys=keys,
        skill_pks={s.slug: s.pk for s in skills},
        milestone_pks=milestone_pks,
        milestone_keys={v: k for k, v in milestone_pks.items()},
        variants=variants,
        variant_pks={(v.concept, v.position): pk for pk, v in variants.items()},
    )


def _titles(
    modules: list[cm.Module],
    concepts: list[cm.Concept],
    keys: dict[int, str],
    roles: list[cm.Role],
    milestones: list[cm.Milestone],
) -> dict[str, Titles]:
    """The translated titles of the content, by language (from rows already loaded: no query)."""
    titles: dict[str, Titles] = {}

    def of(language: str) -> Titles:
        return titles.setdefault(language, Titles())

    for module in modules:
        for language, text in module.translations.items():
            of(language).modules[module.slug] = text["title"]
    for concept in concepts:
        for language, title in concept.translations.items():
            of(language).concepts[keys[concept.pk]] = title
    packages = {role.package_id: role.package for role in roles}
    for package in packages.values():
        for language, text in package.translations.items():
            texts = of(language)
            texts.skills.update({s["id"]: s["title"] for s in text.get("skills", []) if s.get("title")})
            for role in text.get("roles", []):
                if role.get("title"):
                    texts.roles[role["id"]] = role["title"]
                for ms in role.get("milestones", []):
                    texts.milestones[f"{role['id']}/{ms['id']}"] = ms["title"]
    return titles


def memory_model(owner: Person | Organization) -> MemoryModel:
    """The memory model to schedule with; see :func:`skillpath.learning.memory_models.memory_model_for`."""
    return memory_model_for(owner)


def cache_clear() -> None:
    with _lock:
        _cache.clear()
        _known_roles.clear()
