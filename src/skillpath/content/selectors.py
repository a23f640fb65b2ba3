"""Reads of the content app."""

from __future__ import annotations

from skillpath.content import models as m
from skillpath.people.models import Person


def package_for_org(org_slug: str, package_slug: str) -> m.ContentPackage | None:
    return m.ContentPackage.objects.filter(organization__slug=org_slug, slug=package_slug).first()


def media_file(person: Person, package_slug: str, path: str) -> m.MediaFile | None:
    """A live media file of a package in the person's own organization."""
    return m.MediaFile.objects.filter(
        organization=person.organization, package__slug=package_slug, path=path, retired_at=None
    ).first()
