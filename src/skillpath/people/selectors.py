"""Reads of people and organizations, each scoped to the asking person."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from skillpath.people.models import Person


def access_person(user: AbstractBaseUser | AnonymousUser) -> Person:
    """The signed-in user's membership, with its organization; ``PermissionDenied`` when they have none."""
    if not user.is_authenticated:
        raise PermissionDenied("sign in first")
    person = Person.objects.select_related("organization", "team", "manager").filter(user_id=user.pk).first()
    if person is None:
        raise PermissionDenied("this account is not a member of any organization")
    return person
