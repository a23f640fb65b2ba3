"""What a people import decides and reports, shared by checking (``importing``) and writing (``import_writing``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from skillpath.domain.people_csv import RowError


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
class PersonState:
    """What an import can change about a person, to tell whether it changed."""

    name: str
    team: str
    manager: str
    started_on: date
    is_manager: bool
    is_author: bool
    is_admin: bool
    roles: frozenset[tuple[str, str]]  # (role slug, level slug or "")


@dataclass(frozen=True)
class PersonChange:
    """One person the import creates (``was`` is None) or changes, as they will be."""

    email: str
    row: int
    wanted: PersonState
    was: PersonState | None


@dataclass(frozen=True)
class ImportPlan:
    """What an import will do, decided from reads only (no transaction): the people it creates or changes."""

    changes: tuple[PersonChange, ...]
    unchanged: int

    def result(self) -> PeopleImportResult:
        created = sum(1 for c in self.changes if c.was is None)
        return PeopleImportResult(created, len(self.changes) - created, self.unchanged)
