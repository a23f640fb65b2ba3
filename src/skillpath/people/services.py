"""Writes of people and organizations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from skillpath.content.models import Role, RoleLevel
from skillpath.people.models import Organization, Person, PersonRole, Team


class PersonInvalid(ValueError):
    """A person could not be created or changed; the message says what to fix."""


@dataclass(frozen=True)
class PersonSpec:
    email: str
    name: str
    roles: list[tuple[str, str | None]] = field(default_factory=list)  # (role slug, level slug)
    team: str | None = None
    manager_email: str | None = None
    is_manager: bool = False
    is_author: bool = False
    is_admin: bool = False
    started_on: date | None = None


def _role_and_level(org: Organization, role_slug: str, level_slug: str | None) -> tuple[Role, RoleLevel | None]:
    roles = list(Role.objects.filter(organization=org, slug=role_slug, retired_at=None))
    if len(roles) != 1:
        found = "no" if not roles else "more than one"
        raise PersonInvalid(f"role '{role_slug}': {found} such role in organization '{org.slug}'")
    role = roles[0]
    if level_slug is None:
        return role, role.levels.filter(retired_at=None).first()
    level = role.levels.filter(slug=level_slug, retired_at=None).first()
    if level is None:
        raise PersonInvalid(f"role '{role_slug}' has no level '{level_slug}'")
    return role, level


@transaction.atomic
def person_upsert(org: Organization, spec: PersonSpec, *, password: str | None, today: date) -> Person:
    """Create or update the person with this email in ``org`` (their roles are replaced by ``spec.roles``)."""
    users = get_user_model()
    email = spec.email.strip().lower()
    user, created = users.objects.get_or_create(username=email, defaults={"email": email})
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    person = Person.objects.filter(user=user).first()
    if person is not None and person.organization_id != org.pk:
        raise PersonInvalid(f"{email} already belongs to another organization")
    manager = None
    if spec.manager_email:
        manager = Person.objects.filter(organization=org, user__username=spec.manager_email.lower()).first()
        if manager is None:
            raise PersonInvalid(f"manager {spec.manager_email} is not a person in '{org.slug}'")
    team = Team.objects.get_or_create(organization=org, name=spec.team)[0] if spec.team else None
    person = person or Person(user=user, organization=org, started_on=spec.started_on or today)
    person.name, person.team, person.manager = spec.name, team, manager
    person.is_manager, person.is_author, person.is_admin = spec.is_manager, spec.is_author, spec.is_admin
    if spec.started_on:
        person.started_on = spec.started_on
    person.save()
    wanted = {}
    for role_slug, level_slug in spec.roles:
        role, level = _role_and_level(org, role_slug, level_slug)
        wanted[role.pk] = (role, level)
    person.roles.exclude(role_id__in=wanted).delete()
    for role, level in wanted.values():
        PersonRole.objects.update_or_create(
            person=person,
            role=role,
            defaults={"organization": org, "level": level, "assigned_on": person.started_on},
        )
    return person
