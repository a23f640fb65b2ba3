"""The People page's list: everyone in the admin's organization with how far they are from signing in, a page
at a time, and re-sending invitations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Q, QuerySet

from skillpath.people.invitations import InviteState, invitations_queue, invite_state
from skillpath.people.models import Invitation, Person

PAGE_SIZE = 50
# Accounts that never chose a password: Django stores an unusable password as "!" and random characters.
NO_PASSWORD = Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)


@dataclass(frozen=True)
class RosterRow:
    id: int
    name: str
    email: str
    team: str
    invite: InviteState
    active: bool = True  # False once deactivated: cannot sign in, history kept


@dataclass(frozen=True)
class Roster:
    rows: list[RosterRow]
    page: int
    pages: int
    people: int
    without_password: int


def roster_page(admin: Person, *, page: int, now: datetime) -> Roster:
    """One page of the organization's people, by name (3 queries whatever the page size)."""
    people = Person.objects.filter(organization_id=admin.organization_id)
    counts = people.aggregate(all=Count("pk"), without=Count("pk", filter=NO_PASSWORD))
    pages = max(1, -(-counts["all"] // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = _rows(people, (page - 1) * PAGE_SIZE, PAGE_SIZE, now)
    return Roster(rows, page, pages, counts["all"], counts["without"])


def roster_slice(admin: Person, *, offset: int, limit: int, now: datetime) -> tuple[int, list[RosterRow]]:
    """The organization's people by name from ``offset``, at most ``limit`` of them, and how many there are."""
    people = Person.objects.filter(organization_id=admin.organization_id)
    return people.count(), _rows(people, offset, limit, now)


def _rows(people: QuerySet[Person], offset: int, limit: int, now: datetime) -> list[RosterRow]:
    chosen = list(people.select_related("user", "team").order_by("name", "pk")[offset : offset + limit])
    invitations = {i.person_id: i for i in Invitation.objects.filter(person__in=chosen)}
    return [
        RosterRow(
            p.pk,
            p.name,
            p.user.username,
            p.team.name if p.team else "",
            invite_state(p, invitations.get(p.pk), now=now),
            p.user.is_active,
        )
        for p in chosen
    ]


def invitations_resend(admin: Person, person_id: int | None) -> int | None:
    """Queue invitations for one person of the organization (None: not one of them), or for everyone who has
    not chosen a password yet; returns how many will be sent."""
    people = Person.objects.filter(organization_id=admin.organization_id)
    if person_id is not None:
        people = people.filter(pk=person_id)
        if not people.exists():
            return None
    ids = list(people.filter(NO_PASSWORD).values_list("pk", flat=True))
    return invitations_queue(admin.organization, ids)
