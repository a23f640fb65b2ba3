"""Reads of people and organizations, each scoped to the asking person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from skillpath.people.models import Person


def access_person(user: AbstractBaseUser | AnonymousUser) -> Person:
    """The signed-in user's membership, with its organization; ``PermissionDenied`` when they have none."""
    if not user.is_authenticated:
        raise PermissionDenied(_("sign in first"))
    person: Person | None
    if User.person.is_cached(cast(User, user)):
        # loaded with the user (people.backends.MemberBackend); None when they have no membership
        person = getattr(user, "person", None)
    else:
        person = Person.objects.select_related("organization", "team", "manager").filter(user_id=user.pk).first()
    if person is None:
        raise PermissionDenied(_("this account is not a member of any organization"))
    return person


@dataclass(frozen=True)
class PersonDetail:
    """One person as an admin manages them."""

    id: int
    email: str
    name: str
    team: str | None
    manager_email: str | None
    is_manager: bool
    is_author: bool
    is_admin: bool
    active: bool
    started_on: date
    roles: list[tuple[str, str | None]]  # (role slug, level slug)


def person_detail(admin: Person, person_id: int) -> PersonDetail | None:
    """A person of the admin's organization (None: no such person there, or the viewer is not an admin)."""
    if not admin.is_admin:
        return None
    person = (
        Person.objects.select_related("user", "team", "manager__user")
        .prefetch_related("roles__role", "roles__level")
        .filter(pk=person_id, organization_id=admin.organization_id)
        .first()
    )
    if person is None:
        return None
    return PersonDetail(
        person.pk,
        person.user.username,
        person.name,
        person.team.name if person.team else None,
        person.manager.user.username if person.manager else None,
        person.is_manager,
        person.is_author,
        person.is_admin,
        person.user.is_active,
        person.started_on,
        [(r.role.slug, r.level.slug if r.level else None) for r in person.roles.all()],
    )


def person_email_taken(admin: Person, email: str) -> bool:
    """Whether an account with this e-mail exists already (in any organization: e-mails are sign-in names)."""
    return Person.objects.filter(user__username=email.strip().lower()).exists()
