"""Build the domain's ``Curriculum`` for a person from imported content, cached per content version.

A person's curriculum depends only on their roles and the versions of the packages those roles come
from, so it is built once per (roles, package hashes) and shared by every request and every person
with the same roles. Re-importing a package changes its hash, so the cache never serves stale content.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from skillpath.content import models as cm
from skillpath.domain.curriculum import Curriculum, ModuleSpec, PathSpec, concept_key
from skillpath.domain.memory import MemoryModel
from skillpath.learning.memory_models import memory_model_for
from skillpath.people.models import Organization, Person

CACHE_SIZE = 256


@dataclass(frozen=True)
class Built:
    """A curriculum plus the maps between its string keys and database ids."""

    curriculum: Curriculum
    module_ids: dict[str, int]  # module slug → pk
    module_slugs: dict[int, str]
    concept_ids: dict[str, int]  # concept key → pk
    concept_keys: dict[int, str]
    skill_ids: dict[str, int]
    variants: dict[int, list[int]]  # concept pk → live variant positions
    milestones: tuple[tuple[int, tuple[str, ...]], ...]  # (milestone pk, module slugs) for the roles


_cache: OrderedDict[tuple[object, ...], Built] = OrderedDict()
_lock = Lock()


def curriculum_for(person: Person) -> Built:
    """The curriculum of every role the person holds (2 queries when cached)."""
    roles = list(
        cm.Role.objects.filter(holders__person=person, retired_at=None)
        .order_by("holders__id")
        .values_list("pk", "package_id", "package__content_hash")
    )
    key = tuple(roles)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    built = _build([pk for pk, _, _ in roles], sorted({pkg for _, pkg, _ in roles}))
    with _lock:
        _cache[key] = built
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return built


def _build(role_ids: list[int], package_ids: list[int]) -> Built:
    modules = list(cm.Module.objects.filter(package_id__in=package_ids, retired_at=None))
    concepts = list(
        cm.Concept.objects.filter(module__package_id__in=package_ids, module__retired_at=None, retired_at=None)
        .select_related("skill")
        .order_by("module_id", "position")
    )
    variants: dict[int, list[int]] = {}
    for concept_pk, position in cm.Variant.objects.filter(
        concept__in=[c.pk for c in concepts], retired_at=None
    ).values_list("concept_id", "position"):
        variants.setdefault(concept_pk, []).append(position)
    slug_of = {m.pk: m.slug for m in modules}
    keys = {c.pk: concept_key(slug_of[c.module_id], c.slug) for c in concepts}
    by_module: dict[int, list[str]] = {}
    for c in concepts:
        if c.pk in variants:
            by_module.setdefault(c.module_id, []).append(keys[c.pk])
    specs = {
        m.slug: ModuleSpec(
            m.slug, m.title, tuple(m.requires), m.pass_score, m.minutes, tuple(m.skills), tuple(by_module.get(m.pk, []))
        )
        for m in modules
    }
    roles = {r.pk: r for r in cm.Role.objects.filter(pk__in=role_ids)}
    paths = tuple(
        PathSpec(
            roles[pk].slug,
            roles[pk].title,
            tuple((stage, tuple(s for s in ids if s in specs)) for stage, ids in roles[pk].stages.items()),
        )
        for pk in role_ids
    )
    skills = cm.Skill.objects.filter(package_id__in=package_ids, retired_at=None)
    milestones = tuple(
        (ms.pk, tuple(ms.modules)) for ms in cm.Milestone.objects.filter(role_id__in=role_ids, retired_at=None)
    )
    curriculum = Curriculum(
        modules=specs,
        paths=paths,
        concept_skill={keys[c.pk]: c.skill.slug for c in concepts},
        skill_titles={s.slug: s.title for s in skills},
        concept_titles={keys[c.pk]: c.title for c in concepts},
    )
    return Built(
        curriculum,
        {m.slug: m.pk for m in modules},
        slug_of,
        {v: k for k, v in keys.items()},
        keys,
        {s.slug: s.pk for s in skills},
        variants,
        milestones,
    )


def memory_model(owner: Person | Organization) -> MemoryModel:
    """The memory model to schedule with; see :func:`skillpath.learning.memory_models.memory_model_for`."""
    return memory_model_for(owner)


def cache_clear() -> None:
    with _lock:
        _cache.clear()
