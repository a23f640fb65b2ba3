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

import secrets
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import IntegrityError, connection, transaction
from django.db.models import DateField, Model, TimeField
from django.utils.translation import gettext as _

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
    org: Organization,
    plan: ImportPlan,
    *,
    invite: bool = False,
    progress: Progress | None = None,
    staged_hook: Callable[[list[int]], None] | None = None,
) -> None:
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
        members = dict(Person.objects.filter(organization=org).values_list("user__username", "pk"))
        with transaction.atomic():
            created = _apply(org, plan.changes, members, accounts | staged, list(staged.values()))
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
                # An unusable password, as Django writes one ("!" and random characters), made faster.
                rows = [(e, e, False, UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)) for e in chunk]
                insert_rows(users, ["username", "email", "is_active", "password"], rows)
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
                    _(
                        "some of these people's accounts were created while the file was being imported; "
                        "import the file again"
                    ),
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
    org: Organization,
    changes: Sequence[PersonChange],
    members: dict[str, int],
    accounts: dict[str, int],
    staged: Sequence[int],
) -> list[int]:
    """Every change in a few set-based statements; returns the new people's ids.

    ``members``: e-mail → person of the organization before (read just before the transaction: a person
    removed since makes the final foreign-key check fail and the whole import roll back); ``accounts``: e-mail
    → account of each new person, of which ``staged`` are activated."""
    teams = _teams(org, {c.wanted.team for c in changes if c.wanted.team})
    if any(c.email not in members for c in changes if c.was is not None):
        raise PeopleImportInvalid(
            [RowError(1, "", "people in the file were removed while it was being imported; import the file again")]
        )
    joining = [c for c in changes if c.was is None]
    newest = Person.objects.filter(organization=org).order_by("-pk").values_list("pk", flat=True).first() or 0
    reminders = (org.reminders_enabled, org.reminder_time, org.quiet_start, org.quiet_end)  # the admins' defaults
    insert_rows(
        Person,
        [
            "user",
            "organization",
            "name",
            "started_on",
            "team",
            "manager",
            "reminders_enabled",
            "reminder_time",
            "quiet_start",
            "quiet_end",
        ],
        [
            (
                accounts[c.email],
                org.pk,
                c.wanted.name,
                c.wanted.started_on,
                teams.get(c.wanted.team),
                members.get(c.wanted.manager),
                *reminders,
            )
            for c in joining
        ],
    )
    by_account = dict(Person.objects.filter(organization=org, pk__gt=newest).values_list("user_id", "pk"))
    created = {c.email: by_account[accounts[c.email]] for c in joining}
    people = members | created
    # Rows written once already: only people who were there before, and newcomers managed by a newcomer.
    update_many(
        Person,
        ["name", "team", "manager", "started_on"],
        [
            (
                c.wanted.name,
                teams.get(c.wanted.team),
                people.get(c.wanted.manager),
                c.wanted.started_on,
                people[c.email],
            )
            for c in changes
            if c.was is not None or c.wanted.manager in created
        ],
    )
    _roles(org, changes, people, [members[c.email] for c in changes if c.was is not None])
    for chunk in _chunks(staged):
        get_user_model().objects.filter(pk__in=chunk).update(is_active=True)
    return list(created.values())


def insert_rows(model: type[Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT ``rows`` (values of the fields ``names``; every other field gets its default) with one statement
    prepared once and run for every row.

    ``bulk_create`` builds an object and compiles SQL per row, which for thousands of rows would keep the final
    transaction, and so every other writer, waiting for seconds. Dates are adapted as Django would; other
    values (numbers, text, booleans, None) go to the driver as they are."""
    if not rows:
        return
    meta = model._meta
    given = [meta.get_field(name) for name in names]
    template = model()
    rest = [
        f
        for f in meta.concrete_fields
        if f not in given and not (f.primary_key and f.get_internal_type().endswith("AutoField"))
    ]
    defaults = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in rest]
    dates = [i for i, f in enumerate(given) if isinstance(f, DateField)]
    times = [i for i, f in enumerate(given) if isinstance(f, TimeField)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in [*given, *rest])  # type: ignore[union-attr]
    marks = ", ".join(["%s"] * (len(given) + len(rest)))
    # Table and column names come from the model's metadata; every value is a parameter.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    prepared = []
    for row in rows:
        values = list(row)
        for i in dates:
            values[i] = connection.ops.adapt_datefield_value(values[i])
        for i in times:
            values[i] = connection.ops.adapt_timefield_value(values[i])
        prepared.append(values + defaults)
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def update_many(model: type[Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``UPDATE … SET names… WHERE pk = …`` for each row (its values, then its primary key), prepared once."""
    if not rows:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)  # type: ignore[union-attr]
    key = quote(str(meta.pk.column))
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {key} = %s"  # noqa: S608 - names from metadata
    dates = [i for i, f in enumerate(fields) if isinstance(f, DateField)]
    prepared = []
    for row in rows:
        values = list(row)
        for i in dates:
            values[i] = connection.ops.adapt_datefield_value(values[i])
        prepared.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def _teams(org: Organization, names: set[str]) -> dict[str, int]:
    Team.objects.bulk_create([Team(organization=org, name=n) for n in names], ignore_conflicts=True)
    return dict(Team.objects.filter(organization=org, name__in=names).values_list("name", "pk"))


def _roles(org: Organization, changes: Sequence[PersonChange], people: dict[str, int], had: Sequence[int]) -> None:
    """Each changed person's roles become exactly the wanted ones (assigned on their start date); ``had``: the
    changed people who may hold roles now."""
    roles = dict(Role.objects.filter(organization=org, retired_at=None).values_list("slug", "pk"))
    levels = {
        (role, slug): pk
        for pk, role, slug in RoleLevel.objects.filter(role__organization=org, retired_at=None).values_list(
            "pk", "role_id", "slug"
        )
    }
    for chunk in _chunks(had):
        PersonRole.objects.filter(person_id__in=chunk).delete()
    insert_rows(
        PersonRole,
        ["organization", "person", "role", "level", "assigned_on"],
        [
            (
                org.pk,
                people[c.email],
                roles[role],
                levels.get((roles[role], level)) if level else None,
                c.wanted.started_on,
            )
            for c in changes
            for role, level in sorted(c.wanted.roles)
        ],
    )
