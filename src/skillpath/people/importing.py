"""People from a CSV file into an organization: every row checked first (reads only), then all applied at once.

The file's columns are described in docs/people-import.md. Re-running a file changes nothing; people who are
not in the file are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from skillpath.content.models import Role, RoleLevel
from skillpath.domain.people_csv import KnownRole, PersonRow, RowError, people_csv_check
from skillpath.people.import_types import (
    ImportPlan,
    PeopleFileUnreadable,
    PeopleImportInvalid,
    PeopleImportResult,
    PersonChange,
    PersonState,
)
from skillpath.people.import_writing import Progress, plan_apply
from skillpath.people.models import Organization, Person, PersonRole

MAX_FILE_BYTES = 2 * 1024 * 1024
_CHUNK = 500  # e-mails per IN (...) query; SQLite limits the number of parameters


def people_csv_text(data: bytes, *, max_bytes: int | None = MAX_FILE_BYTES) -> str:
    """The text of an uploaded file: UTF-8, with or without a byte order mark, at most ``max_bytes``.

    An upload may be read with ``read(MAX_FILE_BYTES + 1)``: one byte too many is enough to refuse it."""
    if max_bytes is not None and len(data) > max_bytes:
        raise PeopleFileUnreadable(
            _(
                "the file is larger than {size} MB; split it into smaller files and import them one after the other"
            ).format(size=floatformat(max_bytes / 1024 / 1024, -1))
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PeopleFileUnreadable(
            _("the file is not UTF-8 text; save it as “CSV UTF-8” (in Excel: File › Save As › CSV UTF-8) and try again")
        ) from exc


def people_import_plan(org: Organization, csv_text: str, *, today: date) -> ImportPlan:
    """Check a people CSV against the organization, and what applying it would change; reads only.

    Raises ``PeopleImportInvalid`` with every problem. Each person's roles become exactly the file's; an
    empty level keeps the level they have in that role (a new role starts at its lowest level). Absent
    optional columns keep what people have. Permissions (manager, author, admin) are not in the file and
    are kept; anyone with reports sees them as their team anyway.
    """
    roles = _known_roles(org)
    managers_now = dict(
        Person.objects.filter(organization=org).values_list("user__username", "manager__user__username")
    )
    checked = people_csv_check(
        csv_text,
        roles=roles,
        known_people=managers_now.keys(),
        current_managers={k: v for k, v in managers_now.items() if v},
    )
    errors = [*checked.errors, *accounts_refused(org, checked.people)]
    if errors:
        raise PeopleImportInvalid(sorted(errors, key=lambda e: e.row))
    ladders = {role.slug: tuple(slug for slug, _ in role.levels) for role in roles}
    before = _states(org, [p.email for p in checked.people])
    changes = []
    for row in checked.people:
        was = before.get(row.email)
        wanted = _wanted(row, was, ladders, today=today)
        if wanted != was:
            changes.append(PersonChange(row.email, row.row, wanted, was))
    return ImportPlan(tuple(changes), len(checked.people) - len(changes))


def people_import(
    org: Organization, csv_text: str, *, today: date, invite: bool = False, progress: Progress | None = None
) -> PeopleImportResult:
    """Check a people CSV and apply it, all or nothing (``PeopleImportInvalid``).

    Checking reads only; new accounts are prepared in short batches; everything becomes visible in one
    short final transaction (see ``import_writing``). ``invite``: send new people a set-password invitation.
    """
    plan = people_import_plan(org, csv_text, today=today)
    plan_apply(org, plan, invite=invite, progress=progress)
    return plan.result()


def _known_roles(org: Organization) -> list[KnownRole]:
    levels = Prefetch("levels", queryset=RoleLevel.objects.filter(retired_at=None).order_by("position"))
    return [
        KnownRole(role.slug, role.title, tuple((level.slug, level.title) for level in role.levels.all()))
        for role in Role.objects.filter(organization=org, retired_at=None).prefetch_related(levels)
    ]


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def accounts_refused(org: Organization, people: Sequence[PersonRow]) -> list[RowError]:
    """Accounts a tenant's file must not take over: people of another organization, and (unless the platform
    operator allows it with ``SKILLPATH_IMPORT_MAY_CLAIM_ACCOUNTS``) staff, superusers and accounts that belong
    to no organization, such as the platform's own administrators."""
    rows = {p.email: p.row for p in people}
    errors: list[RowError] = []
    for chunk in _chunks(list(rows)):
        found = get_user_model().objects.filter(username__in=chunk).exclude(person__organization=org)
        fields = ("username", "person__organization", "is_staff", "is_superuser")
        for username, elsewhere, staff, superuser in found.values_list(*fields):
            if elsewhere is not None:
                problem = _('"{email}" belongs to another organization; use a different e-mail address').format(
                    email=username
                )
            elif settings.IMPORT_MAY_CLAIM_ACCOUNTS:
                continue
            elif staff or superuser:
                problem = _('"{email}" is a platform staff account; it cannot join an organization by import').format(
                    email=username
                )
            else:
                problem = _(
                    '"{email}" is an existing account outside any organization; it can join only if '
                    "the platform operator allows it, so use a different e-mail address"
                ).format(email=username)
            errors.append(RowError(rows[username], "email", problem))
    return errors


def _states(org: Organization, emails: Sequence[str]) -> dict[str, PersonState]:
    states: dict[str, PersonState] = {}
    for chunk in _chunks(emails):
        people = (
            Person.objects.filter(organization=org, user__username__in=chunk)
            .select_related("user", "team", "manager__user")
            .prefetch_related(Prefetch("roles", queryset=PersonRole.objects.select_related("role", "level")))
        )
        for person in people:
            states[person.user.username] = PersonState(
                name=person.name,
                team=person.team.name if person.team else "",
                manager=person.manager.user.username if person.manager else "",
                started_on=person.started_on,
                is_manager=person.is_manager,
                is_author=person.is_author,
                is_admin=person.is_admin,
                roles=frozenset((pr.role.slug, pr.level.slug if pr.level else "") for pr in person.roles.all()),
            )
    return states


def _wanted(
    row: PersonRow, was: PersonState | None, ladders: dict[str, tuple[str, ...]], *, today: date
) -> PersonState:
    """The person after the import, as ``person_upsert`` will leave them."""
    held = dict(was.roles) if was else {}

    def level_of(role: str, level: str | None) -> str:
        ladder = ladders[role]
        if level:
            return level
        if held.get(role) in ladder:  # an empty level keeps the one they have (unless it was retired)
            return held[role]
        return ladder[0] if ladder else ""

    roles = frozenset((role, level_of(role, level)) for role, level in row.roles)
    return PersonState(
        name=row.name,
        team=row.team if row.team is not None else (was.team if was else ""),
        manager=row.manager_email if row.manager_email is not None else (was.manager if was else ""),
        started_on=row.start_date or (was.started_on if was else today),
        is_manager=was.is_manager if was else False,
        is_author=was.is_author if was else False,
        is_admin=was.is_admin if was else False,
        roles=roles,
    )
