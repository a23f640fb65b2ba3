"""Reads of the content app."""

from __future__ import annotations

from django.db.models import Prefetch

from skillpath.content import models as m
from skillpath.people.models import Person


def package_for_org(org_slug: str, package_slug: str) -> m.ContentPackage | None:
    return m.ContentPackage.objects.filter(organization__slug=org_slug, slug=package_slug).first()


def media_file(person: Person, package_slug: str, path: str) -> m.MediaFile | None:
    """A live media file of a package in the person's own organization."""
    return m.MediaFile.objects.filter(
        organization=person.organization, package__slug=package_slug, path=path, retired_at=None
    ).first()


def packages_of(person: Person) -> list[m.ContentPackage]:
    """The content packages of the person's organization, by slug."""
    return list(m.ContentPackage.objects.filter(organization_id=person.organization_id).order_by("slug"))


def package_of(person: Person, package_slug: str) -> m.ContentPackage | None:
    return m.ContentPackage.objects.filter(organization_id=person.organization_id, slug=package_slug).first()


def roles_of(person: Person) -> list[m.Role]:
    """The live roles of the person's organization with their live levels (career ladders), in order."""
    levels = m.RoleLevel.objects.filter(retired_at=None).order_by("position")
    return list(
        m.Role.objects.filter(organization_id=person.organization_id, retired_at=None)
        .select_related("package")
        .prefetch_related(Prefetch("levels", queryset=levels))
        .order_by("package__slug", "position")
    )
