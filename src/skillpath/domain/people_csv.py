"""People from a CSV file (an HR export): check every row at once, then hand back people ready to apply.

``people_csv_check(text, roles=..., known_people=...)`` returns every problem, each with the row number a
spreadsheet shows (the header is row 1), the column and what to do about it. When there are none, its
``people`` are one ``PersonRow`` per person (a person with several roles has one row per role in the file),
managers before their reports. ``people_csv_write`` writes the same format back.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date

from skillpath.domain.i18n import gettext
from skillpath.domain.spreadsheet import cell_for_spreadsheet, cell_from_spreadsheet

COLUMNS = ("name", "email", "role", "level", "manager_email", "team", "start_date")
REQUIRED = ("name", "email", "role")
MAX_LENGTH = {"name": 200, "email": 150, "team": 120}  # what the database keeps
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SAME_FOR_EVERY_ROLE = ("name", "team", "manager_email", "start_date")


def control_characters(text: str) -> list[str]:
    """The control characters in ``text`` (line breaks, tabs, NUL, …) as ``U+000A`` codes, in order.

    Names and teams are printed on certificates, pages and e-mail headers: they must be one plain line."""
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp")]


@dataclass(frozen=True)
class RowError:
    """One problem: ``row 7, email: "ana@" is not an e-mail address; …`` (no column for whole-row problems)."""

    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        if self.column:
            return f"row {self.row}, {self.column}: {self.problem}"
        return f"row {self.row}: {self.problem}"


@dataclass(frozen=True)
class KnownRole:
    """A role people can be given, with its levels as ``(slug, title)``, lowest first."""

    slug: str
    title: str
    levels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PersonRow:
    """One person as the file describes them.

    ``None`` means the file does not say (its column is absent, or no start date): keep what they have.
    An empty ``team`` or ``manager_email`` means none."""

    email: str
    name: str
    roles: tuple[tuple[str, str | None], ...]  # (role slug, level slug or None)
    team: str | None = None
    manager_email: str | None = None
    start_date: date | None = None
    row: int = 0  # the first row that names this person


@dataclass(frozen=True)
class PeopleCsv:
    """The outcome of a check. ``people`` is complete only when ``errors`` is empty."""

    errors: tuple[RowError, ...]
    people: tuple[PersonRow, ...] = ()
    columns: frozenset[str] = field(default_factory=frozenset)  # the columns the header names


@dataclass
class _Row:
    row: int
    values: dict[str, str]  # column -> stripped text; emails lower-cased, role and level as slugs
    start: date | None = None


class _Errors(list[RowError]):
    def add(self, row: int, column: str, problem: str) -> None:
        self.append(RowError(row, column, problem))


def people_csv_check(
    text: str,
    *,
    roles: Sequence[KnownRole],
    known_people: Set[str] = frozenset(),
    current_managers: Mapping[str, str] = {},
) -> PeopleCsv:
    """Check a whole file. ``known_people``: e-mails (lower case) of the organization's people;
    ``current_managers``: their managers today, so a file cannot close a circle through people it leaves out."""
    errors = _Errors()
    records = _records(text, errors)
    first = next((i for i, cells in enumerate(records) if _filled(cells)), None)
    if first is None:
        if not errors:
            errors.add(
                1, "", gettext("the file is empty; give a header row (name,email,role,…) and one row per person")
            )
        return PeopleCsv(_in_row_order(errors))
    header = _header(records[first], first + 1, errors)
    if not header.columns:
        return PeopleCsv(_in_row_order(errors))
    rows = [
        _row(cells, i + 1, header, roles, errors) for i, cells in enumerate(records) if i > first and _filled(cells)
    ]
    if not rows and not errors:
        errors.add(first + 2, "", gettext("the file has a header but no people; add one row per person and role"))
    names = frozenset(header.columns.values())
    people = _people(rows, names, errors)
    _check_managers(rows, people, known_people, errors)
    managers = dict(current_managers)
    if "manager_email" in names:  # the file decides its people's managers; an empty cell means none
        for person in people:
            managers.pop(person.email, None)
            if person.manager_email:
                managers[person.email] = person.manager_email
    _check_circles(people, managers, errors)
    return PeopleCsv(_in_row_order(errors), _managers_first(people), names)


def _in_row_order(errors: Iterable[RowError]) -> tuple[RowError, ...]:
    """By row, then in the order of the columns (whole-row problems first)."""
    rank = {column: i + 1 for i, column in enumerate(COLUMNS)}
    return tuple(sorted(errors, key=lambda e: (e.row, rank.get(e.column, 0))))


def _records(text: str, errors: _Errors) -> list[list[str]]:
    text = text.removeprefix("\ufeff")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first_line.count)  # spreadsheets in many languages save with ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error as exc:
        errors.add(
            len(records) + 1,
            "",
            gettext("this row cannot be read as CSV ({error}); check its quotes").format(error=exc),
        )
    return records


def _filled(cells: Sequence[str]) -> bool:
    return any(c.strip() for c in cells)


def _column_key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


@dataclass(frozen=True)
class _Header:
    columns: dict[int, str]  # position -> column name; empty when the first row is not a header
    named: frozenset[int] = frozenset()  # positions with any name, known or not


def _header(cells: Sequence[str], row: int, errors: _Errors) -> _Header:
    keys = [_column_key(c) for c in cells]
    if not any(k in COLUMNS for k in keys):
        errors.add(
            row,
            "",
            gettext("the first row must name the columns; start the file with a header row such as {columns}").format(
                columns=",".join(COLUMNS)
            ),
        )
        return _Header({})
    columns: dict[int, str] = {}
    for i, key in enumerate(keys):
        if not key:
            continue
        if key not in COLUMNS:
            errors.add(
                row,
                cells[i].strip(),
                gettext("unknown column; the columns are {columns}").format(columns=", ".join(COLUMNS)),
            )
        elif key in columns.values():
            errors.add(row, key, gettext("this column appears twice; keep one"))
        else:
            columns[i] = key
    for missing in (c for c in REQUIRED if c not in columns.values()):
        errors.add(row, missing, gettext("required column missing; add a column named {column}").format(column=missing))
    return _Header(columns, frozenset(i for i, key in enumerate(keys) if key))


def _row(cells: Sequence[str], row: int, header: _Header, roles: Sequence[KnownRole], errors: _Errors) -> _Row:
    values = {
        col: cell_from_spreadsheet(cells[i].strip()).strip() if i < len(cells) else ""
        for i, col in header.columns.items()
    }
    stray = [i + 1 for i, c in enumerate(cells) if c.strip() and i not in header.named]
    if stray:
        errors.add(
            row,
            "",
            gettext(
                "a value in column {column}, which the header does not name; remove it, "
                "or put quotes around values that contain the separator"
            ).format(column=stray[0]),
        )
    for col in (c for c in REQUIRED if c in values and not values[c]):
        errors.add(row, col, gettext("{column} is required; fill it in").format(column=col))
    for col, limit in MAX_LENGTH.items():
        if len(values.get(col, "")) > limit:
            errors.add(row, col, gettext("longer than {limit} characters; shorten it").format(limit=limit))
    for col, value in values.items():
        if found := control_characters(value):
            errors.add(
                row,
                col,
                gettext(
                    "contains a line break or another control character ({characters}); write it on one line"
                ).format(characters=", ".join(found[:3])),
            )
            values[col] = ""
    for col in ("email", "manager_email"):
        written = values.get(col, "")
        values[col] = written.lower()
        if written and not _EMAIL.fullmatch(values[col]):
            errors.add(
                row,
                col,
                gettext('"{text}" is not an e-mail address; write it like name@example.com').format(text=written),
            )
            values[col] = ""
    parsed = _Row(row, values, _start_date(values.get("start_date", ""), row, errors))
    _resolve_role(parsed, roles, errors)
    return parsed


def _start_date(text: str, row: int, errors: _Errors) -> date | None:
    if not text:
        return None
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    errors.add(
        row,
        "start_date",
        gettext('"{text}" is not a date; write it as YYYY-MM-DD, for example 2026-03-02').format(text=text),
    )
    return None


def _pick(
    value: str, choices: Sequence[tuple[str, str]], what: tuple[str, str], at: tuple[_Errors, int, str]
) -> int | None:
    """The position of the one choice whose slug, else whose title, is ``value`` (case-insensitive).

    ``what``: what a choice is ("a role"), and what to say when there are no choices at all."""
    key = value.casefold()
    found = [i for i, (slug, _) in enumerate(choices) if slug.casefold() == key]
    found = found or [i for i, (_, title) in enumerate(choices) if title.casefold() == key]
    if len(found) == 1:
        return found[0]
    errors, row, column = at
    if found:
        listed = ", ".join(choices[i][0] for i in found)
        message = gettext('"{value}" matches more than one ({listed}); ask an author to make them distinct')
        errors.add(row, column, message.format(value=value, listed=listed))
    elif choices:
        listed = ", ".join(dict.fromkeys(slug for slug, _ in choices))
        message = gettext('"{value}" is not {what}; use one of: {listed}')
        errors.add(row, column, message.format(value=value, what=what[0], listed=listed))
    else:
        errors.add(
            row, column, gettext('"{value}" is not {what}: {why}').format(value=value, what=what[0], why=what[1])
        )
    return None


def _resolve_role(row: _Row, roles: Sequence[KnownRole], errors: _Errors) -> None:
    """Replace the role and level as written by their slugs (emptied when unknown)."""
    value, level = row.values.get("role", ""), row.values.get("level", "")
    if not value:
        return
    no_roles = gettext("there are no roles yet; an author must import a content package first")
    a_role = (gettext("a role"), no_roles)
    found = _pick(value, [(r.slug, r.title) for r in roles], a_role, (errors, row.row, "role"))
    row.values["role"] = "" if found is None else roles[found].slug
    if found is None or not level:
        return
    role = roles[found]
    what = (
        gettext("a level of role {role}").format(role=role.slug),
        gettext("the role has no levels; leave level empty"),
    )
    picked = _pick(level, role.levels, what, (errors, row.row, "level"))
    row.values["level"] = "" if picked is None else role.levels[picked][0]


def _people(rows: Sequence[_Row], columns: Set[str], errors: _Errors) -> list[PersonRow]:
    """One person per e-mail, in the order of their first row; the values every role's row must share."""
    by_email: dict[str, list[_Row]] = {}
    for row in rows:
        if row.values.get("email"):
            by_email.setdefault(row.values["email"], []).append(row)
    people = []
    for email, own in by_email.items():
        shared = {col: _shared(own, col, errors) for col in _SAME_FOR_EVERY_ROLE if col in columns}
        people.append(
            PersonRow(
                email=email,
                name=shared.get("name") or "",
                roles=_roles(own, errors),
                team=shared.get("team"),
                manager_email=shared.get("manager_email"),
                start_date=next((r.start for r in own if r.start), None),
                row=own[0].row,
            )
        )
    return people


def _shared(rows: Sequence[_Row], column: str, errors: _Errors) -> str:
    """The value a person's rows give for ``column`` (empty on some rows is fine; two different ones are not)."""
    first: _Row | None = None
    for row in rows:
        value = row.values.get(column, "")
        if not value:
            continue
        if first is None:
            first = row
        elif value != first.values[column]:
            errors.add(
                row.row,
                column,
                gettext(
                    '"{value}" differs from "{first}" on row {row} for '
                    "the same person; give the same {column} on every row of {email}"
                ).format(
                    value=value, first=first.values[column], row=first.row, column=column, email=row.values["email"]
                ),
            )
    return "" if first is None else first.values[column]


def _roles(rows: Sequence[_Row], errors: _Errors) -> tuple[tuple[str, str | None], ...]:
    roles: dict[str, tuple[int, str | None]] = {}
    for row in rows:
        role = row.values.get("role", "")
        if not role:
            continue
        if role in roles:
            errors.add(
                row.row,
                "email",
                gettext('"{email}" already has role {role} on row {row}; remove one of the two rows').format(
                    email=row.values["email"], role=role, row=roles[role][0]
                ),
            )
            continue
        roles[role] = (row.row, row.values.get("level") or None)
    return tuple((role, level) for role, (_, level) in roles.items())


def _check_managers(rows: Sequence[_Row], people: Sequence[PersonRow], known: Set[str], errors: _Errors) -> None:
    in_file = {p.email for p in people}
    for row in rows:
        manager = row.values.get("manager_email", "")
        if not manager:
            continue
        if manager == row.values.get("email"):
            errors.add(
                row.row,
                "manager_email",
                gettext("a person cannot manage themselves; leave it empty or give their manager's e-mail"),
            )
        elif manager not in in_file and manager not in known:
            errors.add(
                row.row,
                "manager_email",
                gettext(
                    '"{email}" is neither in this file nor one of the '
                    "organization's people; add a row for them or correct the address"
                ).format(email=manager),
            )


def _check_circles(people: Sequence[PersonRow], managers: Mapping[str, str], errors: _Errors) -> None:
    """A person above themselves through others (A manages B manages A), reported once per circle."""
    first_row = {p.email: p.row for p in people}
    reported: set[frozenset[str]] = set()
    for person in people:
        path = [person.email]
        while (up := managers.get(path[-1])) is not None and up != path[-1] and up not in path:
            path.append(up)
        if up is None or up == path[-1]:
            continue
        circle = path[path.index(up) :]
        if frozenset(circle) in reported or not any(e in first_row for e in circle):
            continue
        reported.add(frozenset(circle))
        start = min((e for e in circle if e in first_row), key=first_row.__getitem__)
        turned = circle[circle.index(start) :] + circle[: circle.index(start)]
        errors.add(
            first_row[start],
            "manager_email",
            gettext(
                "managers form a circle: {circle}; someone in it must report to a person outside it, or to no one"
            ).format(circle=" → ".join([*turned, start])),
        )


def _managers_first(people: Sequence[PersonRow]) -> tuple[PersonRow, ...]:
    """The file's order, except that a manager named in the file comes before each of their reports."""
    by_email = {p.email: p for p in people}
    placed: dict[str, PersonRow] = {}
    for person in people:
        chain = [person]
        while (up := by_email.get(chain[-1].manager_email or "")) and up.email not in placed and up not in chain:
            chain.append(up)
        for member in reversed(chain):
            placed.setdefault(member.email, member)
    return tuple(placed.values())


def people_csv_write(people: Iterable[PersonRow]) -> str:
    """The CSV text for ``people``: the header, then one row per person and role. Cells that a spreadsheet
    would run as formulas are escaped (``domain.spreadsheet``); ``people_csv_check`` reads them back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in people:
        start = p.start_date.isoformat() if p.start_date else ""
        for role, level in p.roles:
            cells = [p.name, p.email, role, level or "", p.manager_email or "", p.team or "", start]
            writer.writerow([cell_for_spreadsheet(c) for c in cells])
    return out.getvalue()
