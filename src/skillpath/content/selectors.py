"""Reads of the content app."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from skillpath.content import models as m
from skillpath.domain.content.model import STAGES
from skillpath.people.models import Person


def package_for_org(org_slug: str, package_slug: str) -> m.ContentPackage | None:
    return m.ContentPackage.objects.filter(organization__slug=org_slug, slug=package_slug).first()


@dataclass(frozen=True)
class PathModule:
    slug: str
    title: str
    minutes: int
    concepts: int


@dataclass(frozen=True)
class PathStage:
    stage: str
    modules: list[PathModule]


@dataclass(frozen=True)
class RolePath:
    role: str
    title: str
    level: str | None
    stages: list[PathStage]


def role_paths_for_person(person: Person) -> list[RolePath]:
    """The paths of every role a person holds: stages and their live modules, in order (3 queries)."""
    holdings = list(person.roles.select_related("role", "level").filter(role__retired_at=None))
    package_ids = {h.role.package_id for h in holdings}
    modules = {
        (mod.package_id, mod.slug): mod
        for mod in m.Module.objects.filter(package_id__in=package_ids, retired_at=None).annotate(
            concept_count=Count("concepts", filter=Q(concepts__retired_at=None))
        )
    }
    paths = []
    for holding in holdings:
        role = holding.role
        stages = []
        for stage in STAGES:
            items = [modules.get((role.package_id, slug)) for slug in role.stages.get(stage, [])]
            stages.append(
                PathStage(
                    stage,
                    [
                        PathModule(mod.slug, mod.title, mod.minutes, mod.concept_count)
                        for mod in items
                        if mod is not None
                    ],
                )
            )
        paths.append(RolePath(role.slug, role.title, holding.level.title if holding.level else None, stages))
    return paths


def media_file(person: Person, package_slug: str, path: str) -> m.MediaFile | None:
    """A live media file of a package in the person's own organization."""
    return m.MediaFile.objects.filter(
        organization=person.organization, package__slug=package_slug, path=path, retired_at=None
    ).first()
