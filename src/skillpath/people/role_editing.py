"""An admin changes a person's roles and levels in the browser (before: only through a people CSV)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from skillpath.content.models import Role, RoleLevel
from skillpath.people.models import Person, PersonRole

REMOVE = "-"


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Holding:
    role: str  # slug
    title: str
    level: str  # slug, "" for none
    levels: list[Option]


@dataclass(frozen=True)
class RolesPage:
    person_id: int
    name: str
    holdings: list[Holding]
    others: list[Option]  # "role:level" for roles the person does not hold


class RolesInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _person(admin: Person, person_id: int) -> Person | None:
    return Person.objects.filter(pk=person_id, organization_id=admin.organization_id).first()


def _ladders(admin: Person) -> tuple[dict[str, Role], dict[str, list[RoleLevel]]]:
    roles = {r.slug: r for r in Role.objects.filter(organization_id=admin.organization_id, retired_at=None)}
    ladders: dict[str, list[RoleLevel]] = {slug: [] for slug in roles}
    levels = RoleLevel.objects.filter(role__in=roles.values(), retired_at=None).select_related("role")
    for lv in levels.order_by("position"):
        ladders[lv.role.slug].append(lv)
    return roles, ladders


def roles_page(admin: Person, person_id: int) -> RolesPage | None:
    """The roles form of one person of ``admin``'s organization (None: no such person there). 4 queries."""
    person = _person(admin, person_id)
    if person is None:
        return None
    roles, ladders = _ladders(admin)
    held = {h.role_id: h for h in PersonRole.objects.filter(person=person).select_related("level")}
    holdings, others = [], []
    for slug, role in sorted(roles.items(), key=lambda kv: kv[1].title):
        options = [Option(lv.slug, lv.title) for lv in ladders[slug]]
        if role.pk in held:
            level = held[role.pk].level
            holdings.append(Holding(slug, role.title, level.slug if level else "", options))
        else:
            others += [Option(f"{slug}:{o.value}", f"{role.title}, {o.label}") for o in options]
    return RolesPage(person.pk, person.name, holdings, others)


def person_roles_update(admin: Person, person_id: int, data: Mapping[str, str], *, today: date) -> Person | None:
    """Apply the roles form: ``level:<role>`` = a level of that role or ``-`` to remove the role, and
    ``add`` = ``<role>:<level>`` to give a new one. All or nothing; None when there is no such person."""
    person = _person(admin, person_id)
    if person is None:
        return None
    roles, ladders = _ladders(admin)
    by_slug = {slug: {lv.slug: lv for lv in ladder} for slug, ladder in ladders.items()}
    held = {h.role_id: h for h in PersonRole.objects.filter(person=person)}
    errors: dict[str, str] = {}
    changes: list[tuple[Role, RoleLevel | None]] = []
    for slug, role in roles.items():
        choice = data.get(f"level:{slug}")
        if choice is None or role.pk not in held:
            continue
        if choice == REMOVE:
            changes.append((role, None))
        elif choice in by_slug[slug]:
            changes.append((role, by_slug[slug][choice]))
        else:
            errors[f"level:{slug}"] = _("choose a level of {role} from the list").format(role=role.title)
    add = data.get("add", "")
    if add:
        slug, __, level_slug = add.partition(":")
        if slug not in roles or level_slug not in by_slug.get(slug, {}) or roles[slug].pk in held:
            errors["add"] = _("choose a role the person does not hold yet, and its level, from the list")
        else:
            changes.append((roles[slug], by_slug[slug][level_slug]))
    if errors:
        raise RolesInvalid(errors)
    with transaction.atomic():
        for role, level in changes:
            if level is None:
                PersonRole.objects.filter(person=person, role=role).delete()
            elif role.pk in held:  # a new level of the same role: milestones still count from the role's start
                PersonRole.objects.filter(pk=held[role.pk].pk).update(level=level)
            else:
                PersonRole.objects.create(
                    organization_id=admin.organization_id, person=person, role=role, level=level, assigned_on=today
                )
    return person
