"""Who may see whom: a manager sees their reports (direct and indirect), an admin the whole organization."""

from __future__ import annotations

from skillpath.people.models import Person


def report_ids(viewer: Person) -> list[int]:
    """Ids of the people ``viewer`` may see in team views (one query; never another organization's)."""
    rows = list(Person.objects.filter(organization_id=viewer.organization_id).values_list("pk", "manager_id"))
    if viewer.is_admin:
        return [pk for pk, _ in rows if pk != viewer.pk]
    children: dict[int | None, list[int]] = {}
    for pk, manager in rows:
        children.setdefault(manager, []).append(pk)
    seen: list[int] = []
    stack = list(children.get(viewer.pk, []))
    while stack:
        pk = stack.pop()
        if pk in seen or pk == viewer.pk:
            continue  # a cycle in the reporting lines must not loop forever
        seen.append(pk)
        stack.extend(children.get(pk, []))
    return seen


def access_report(viewer: Person, person_id: int) -> Person | None:
    """The report ``person_id`` if ``viewer`` may see them, else None (show a 404)."""
    if person_id not in report_ids(viewer):
        return None
    return Person.objects.select_related("organization", "team", "manager").filter(pk=person_id).first()


def can_see_team(viewer: Person) -> bool:
    return viewer.is_admin or viewer.is_manager or Person.objects.filter(manager=viewer).exists()
