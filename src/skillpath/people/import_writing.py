"""Applying a checked people import so that nobody else waits on it for more than a moment.

1. **Staging** (short transactions of ``BATCH`` accounts): new people's accounts are created inactive and with
   no usable password. An account without a membership belongs to no organization, so nothing shows it and
   nobody can sign in with it yet.
2. **Final transaction** (one, short, set-based): teams, memberships, managers, roles and the activation of
   the staged accounts, each a handful of bulk statements however many people the file has. It is the only
   moment the import holds the database's write lock for long, and it is what makes the import all or
   nothing: before it commits nothing is visible; if it fails, the staged accounts are deleted again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from skillpath.content.models import Role, RoleLevel
from skillpath.domain.people_csv import RowError
from skillpath.people.import_types import ImportPlan, PeopleImportInvalid, PersonChange
from skillpath.people.invitations import invitations_queue
from skillpath.people.models import Organization, Person, PersonRole, Team

BATCH = 500  # accounts per staging transaction; also e-mails per IN (...) query
Progress = Callable[[str, int, int], None]  # (phase, done, total)


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def plan_apply(
    org: Organization, plan: ImportPlan, *, invite: bool = False, progress: Progress | None = None,
    staged_hook: Callable[[list[int]], None] | None = None,
) -> None:  # fmt: skip
    """Apply ``plan`` (from ``people_import_plan``): stage the new accounts, then one final transaction.

    ``progress(phase, done, total)`` hears how far it is; ``staged_hook(ids)`` the staged accounts so far, so
    that a run that dies half-way can be cleaned up by the next (``unstage_accounts``)."""
    if not plan.changes:
        return
    report = progress or (lambda phase, done, total: None)
    joining = [c.email for c in plan.changes if c.was is None]
    accounts = _existing_accounts(joining)  # accounts outside any organization, when the operator allows it
    staged = stage_accounts([e for e in joining if e not in accounts], report, staged_hook)
    try:
        report("applying", 0, len(plan.changes))
        with transaction.atomic():
            created = _apply(org, plan.changes, accounts | staged, list(staged.values()))
            if invite:
                invitations_queue(org, created)
        report("applying", len(plan.changes), len(plan.changes))
    except BaseException:
        unstage_accounts(list(staged.values()))
        raise


def stage_accounts(
    emails: Sequence[str], report: Progress, hook: Callable[[list[int]], None] | None = None
) -> dict[str, int]:
    """Create inactive accounts without a usable password for ``emails``; e-mail → account id."""
    users = get_user_model()
    staged: dict[str, int] = {}
    try:
        for chunk in _chunks(emails):
            with transaction.atomic():
                users.objects.bulk_create(
                    [users(username=e, email=e, is_active=False, password=make_password(None)) for e in chunk]
                )
                staged.update(users.objects.filter(username__in=chunk).values_list("username", "pk"))
            if hook:
                hook(list(staged.values()))
            report("preparing", len(staged), len(emails))
    except IntegrityError as exc:  # someone created one of these accounts since the file was checked
        unstage_accounts(list(staged.values()))
        raise PeopleImportInvalid(
            [
                RowError(
                    1,
                    "",
                    "some of these people's accounts were created while the file was being imported; "
                    "import the file again",
                )
            ]
        ) from exc
    return staged


def _existing_accounts(emails: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(emails):
        found.update(get_user_model().objects.filter(username__in=chunk).values_list("username", "pk"))
    return found


def unstage_accounts(user_ids: Sequence[int]) -> None:
    """Delete staged accounts that never became members (a failed or abandoned import)."""
    for chunk in _chunks(user_ids):
        get_user_model().objects.filter(pk__in=chunk, person__isnull=True, is_active=False).delete()


def _apply(
    org: Organization, changes: Sequence[PersonChange], accounts: dict[str, int], staged: Sequence[int]
) -> list[int]:
    """Every change in a few set-based statements (``accounts``: e-mail → account of each new person, of which
    ``staged`` are activated); returns the new people's ids."""
    teams = _teams(org, {c.wanted.team for c in changes if c.wanted.team})
    existing = _people(org, [c.email for c in changes if c.was is not None])
    if len(existing) != sum(1 for c in changes if c.was is not None):
        raise PeopleImportInvalid(
            [RowError(1, "", "people in the file were removed while it was being imported; import the file again")]
        )
    new = [
        Person(user_id=accounts[c.email], organization=org, name=c.wanted.name, started_on=c.wanted.started_on)
        for c in changes
        if c.was is None
    ]
    Person.objects.bulk_create(new)
    people = {**existing, **{c.email: p for c, p in zip((c for c in changes if c.was is None), new, strict=True)}}
    managers = _people_ids(org, {c.wanted.manager for c in changes if c.wanted.manager})
    for change in changes:
        person = people[change.email]
        person.name, person.started_on = change.wanted.name, change.wanted.started_on
        person.team_id = teams.get(change.wanted.team)
        person.manager_id = managers.get(change.wanted.manager) or (
            people[change.wanted.manager].pk if change.wanted.manager in people else None
        )
    Person.objects.bulk_update(list(people.values()), ["name", "started_on", "team", "manager"], batch_size=BATCH)
    _roles(org, changes, people)
    for chunk in _chunks(staged):
        get_user_model().objects.filter(pk__in=chunk).update(is_active=True)
    return [p.pk for p in new]


def _teams(org: Organization, names: set[str]) -> dict[str, int]:
    Team.objects.bulk_create([Team(organization=org, name=n) for n in names], ignore_conflicts=True)
    return dict(Team.objects.filter(organization=org, name__in=names).values_list("name", "pk"))


def _people(org: Organization, emails: Sequence[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for chunk in _chunks(emails):
        for person in Person.objects.filter(organization=org, user__username__in=chunk).select_related("user"):
            found[person.user.username] = person
    return found


def _people_ids(org: Organization, emails: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(emails)):
        found.update(
            Person.objects.filter(organization=org, user__username__in=chunk).values_list("user__username", "pk")
        )
    return found


def _roles(org: Organization, changes: Sequence[PersonChange], people: dict[str, Person]) -> None:
    """Each changed person's roles become exactly the wanted ones (assigned on their start date)."""
    roles = dict(Role.objects.filter(organization=org, retired_at=None).values_list("slug", "pk"))
    levels = {
        (role, slug): pk
        for pk, role, slug in RoleLevel.objects.filter(role__organization=org, retired_at=None).values_list(
            "pk", "role_id", "slug"
        )
    }
    ids = [people[c.email].pk for c in changes]
    for chunk in _chunks(ids):
        PersonRole.objects.filter(person_id__in=chunk).delete()
    holdings = [
        PersonRole(
            organization=org,
            person=people[c.email],
            role_id=roles[role],
            level_id=levels.get((roles[role], level)) if level else None,
            assigned_on=c.wanted.started_on,
        )
        for c in changes
        for role, level in sorted(c.wanted.roles)
    ]
    PersonRole.objects.bulk_create(holdings, batch_size=BATCH)
