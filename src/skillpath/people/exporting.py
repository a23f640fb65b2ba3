"""An organization's people as a CSV file in the import format, so that exporting then importing changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from skillpath.domain.people_csv import PersonRow, people_csv_write
from skillpath.people.models import Organization, Person, PersonRole


@dataclass(frozen=True)
class PeopleExport:
    text: str
    people: int
    without_role: int  # left out: a row needs a role


def people_export(org: Organization) -> PeopleExport:
    """One row per person and role, people by name; people without a role are left out (and counted)."""
    holdings = (
        PersonRole.objects.filter(organization=org)
        .select_related("person__user", "person__team", "person__manager__user", "role", "level")
        .order_by("person__name", "person__user__username", "role__slug")
    )
    by_person: dict[int, list[PersonRole]] = {}
    for holding in holdings:
        by_person.setdefault(holding.person_id, []).append(holding)
    rows = [_row(own[0].person, own) for own in by_person.values()]
    everyone = Person.objects.filter(organization=org).count()
    return PeopleExport(people_csv_write(rows), len(rows), everyone - len(rows))


def _row(person: Person, holdings: list[PersonRole]) -> PersonRow:
    return PersonRow(
        email=person.user.username,
        name=person.name,
        roles=tuple((h.role.slug, h.level.slug if h.level else None) for h in holdings),
        team=person.team.name if person.team else "",
        manager_email=person.manager.user.username if person.manager else "",
        start_date=person.started_on,
    )
