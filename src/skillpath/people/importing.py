"""People from a CSV file into an organization: every row checked first, then all applied in one transaction.

The file's columns are described in docs/people-import.md. Re-running a file changes nothing; people who are
not in the file are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch

from skillpath.content.models import Role, RoleLevel
from skillpath.domain.people_csv import KnownRole, PersonRow, RowError, people_csv_check
from skillpath.people.models import Organization, Person, PersonRole
from skillpath.people.services import PersonInvalid, PersonSpec, person_upsert

MAX_FILE_BYTES = 2 * 1024 * 1024
_CHUNK = 500  # e-mails per IN (...) query; SQLite limits the number of parameters


class PeopleFileUnreadable(ValueError):
    """The upload is not a CSV file we can read (too large, not UTF-8); the message says what to do."""


class PeopleImportInvalid(ValueError):
    """The file has problems and nothing was imported; ``errors`` lists every one, in row order."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass(frozen=True)
class PeopleImportResult:
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass(frozen=True)
class _State:
    """What an import can change about a person, to tell whether it changed."""

    name: str
    team: str
    manager: str
    started_on: date
    is_manager: bool
    is_author: bool
    is_admin: bool
    roles: frozenset[tuple[str, str]]  # (role slug, level slug or "")


def people_csv_text(data: bytes, *, max_bytes: int | None = MAX_FILE_BYTES) -> str:
    """The text of an uploaded file: UTF-8, with or without a byte order mark, at most ``max_bytes``.

    An upload may be read with ``read(MAX_FILE_BYTES + 1)``: one byte too many is enough to refuse it."""
    if max_bytes is not None and len(data) > max_bytes:
        raise PeopleFileUnreadable(
            f"the file is larger than {max_bytes / 1024 / 1024:g} MB; split it into smaller files and import them "
            "one after the other"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PeopleFileUnreadable(
            "the file is not UTF-8 text; save it as “CSV UTF-8” (in Excel: File › Save As › CSV UTF-8) and try again"
        ) from exc


def people_import(org: Organization, csv_text: str, *, today: date) -> PeopleImportResult:
    """Check a people CSV against the organization and apply it, all or nothing (``PeopleImportInvalid``).

    Each person's roles become exactly the file's; an empty level keeps the level they have in that role
    (a new role starts at its lowest level). Absent optional columns keep what people have. New people get
    an unusable password (they set one with "Forgot your password?"). Permissions (manager, author, admin)
    are not in the file and are kept; anyone with reports sees them as their team anyway.
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
    errors = [*checked.errors, *_taken_elsewhere(org, checked.people)]
    if errors:
        raise PeopleImportInvalid(sorted(errors, key=lambda e: e.row))
    ladders = {role.slug: tuple(slug for slug, _ in role.levels) for role in roles}
    created = updated = 0
    with transaction.atomic():
        before = _states(org, [p.email for p in checked.people])
        for row in checked.people:
            was = before.get(row.email)
            wanted = _wanted(row, was, ladders, today=today)
            if wanted == was:
                continue
            try:
                person_upsert(org, _spec(row.email, wanted), password=None, today=today)
            except PersonInvalid as exc:  # the checks above should make this impossible; roll back all the same
                raise PeopleImportInvalid([RowError(row.row, "", str(exc))]) from exc
            created, updated = (created + 1, updated) if was is None else (created, updated + 1)
    return PeopleImportResult(created, updated, len(checked.people) - created - updated)


def _known_roles(org: Organization) -> list[KnownRole]:
    levels = Prefetch("levels", queryset=RoleLevel.objects.filter(retired_at=None).order_by("position"))
    return [
        KnownRole(role.slug, role.title, tuple((level.slug, level.title) for level in role.levels.all()))
        for role in Role.objects.filter(organization=org, retired_at=None).prefetch_related(levels)
    ]


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _taken_elsewhere(org: Organization, people: Sequence[PersonRow]) -> list[RowError]:
    rows = {p.email: p.row for p in people}
    taken: list[str] = []
    for chunk in _chunks(list(rows)):
        found = get_user_model().objects.filter(username__in=chunk, person__isnull=False)
        taken += found.exclude(person__organization=org).values_list("username", flat=True)
    return [
        RowError(rows[email], "email", f'"{email}" belongs to another organization; use a different e-mail address')
        for email in taken
    ]


def _states(org: Organization, emails: Sequence[str]) -> dict[str, _State]:
    states: dict[str, _State] = {}
    for chunk in _chunks(emails):
        people = (
            Person.objects.filter(organization=org, user__username__in=chunk)
            .select_related("user", "team", "manager__user")
            .prefetch_related(Prefetch("roles", queryset=PersonRole.objects.select_related("role", "level")))
        )
        for person in people:
            states[person.user.username] = _State(
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


def _wanted(row: PersonRow, was: _State | None, ladders: dict[str, tuple[str, ...]], *, today: date) -> _State:
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
    return _State(
        name=row.name,
        team=row.team if row.team is not None else (was.team if was else ""),
        manager=row.manager_email if row.manager_email is not None else (was.manager if was else ""),
        started_on=row.start_date or (was.started_on if was else today),
        is_manager=was.is_manager if was else False,
        is_author=was.is_author if was else False,
        is_admin=was.is_admin if was else False,
        roles=roles,
    )


def _spec(email: str, state: _State) -> PersonSpec:
    return PersonSpec(
        email=email,
        name=state.name,
        roles=[(role, level or None) for role, level in sorted(state.roles)],
        team=state.team or None,
        manager_email=state.manager or None,
        is_manager=state.is_manager,
        is_author=state.is_author,
        is_admin=state.is_admin,
        started_on=state.started_on,
    )
