"""The admin's endpoints: people (list, create, update, deactivate) and the organization's roles and levels.
Admins only (others get 403), through the People page's selectors and services."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from skillpath import clock
from skillpath.api import schemas as s
from skillpath.api.auth import acting
from skillpath.api.problems import READ_ERRORS, WRITE_ERRORS, ApiProblem
from skillpath.content.selectors import roles_of
from skillpath.people.models import Person
from skillpath.people.roster import roster_slice
from skillpath.people.selectors import person_detail, person_email_taken
from skillpath.people.services import PersonInvalid, PersonSpec, person_deactivate, person_upsert

router = Router(tags=["admin"])


def _admin(request: HttpRequest, scope: str = "read") -> Person:
    person = acting(request, scope)
    if not person.is_admin:
        raise ApiProblem(403, _("only admins manage people"))
    return person


def _spec(data: s.PersonIn) -> PersonSpec:
    return PersonSpec(
        data.email,
        data.name,
        [(r.role, r.level) for r in data.roles],
        data.team,
        data.manager_email,
        data.is_manager,
        data.is_author,
        data.is_admin,
        data.started_on,
    )


@router.get("/people", response={200: s.Page[s.PersonRow], **READ_ERRORS})
def people(request: HttpRequest, query: Query[s.PageQuery]) -> dict[str, object]:
    """Everyone in the organization by name, a page at a time (People)."""
    count, rows = roster_slice(_admin(request), offset=query.offset, limit=query.limit, now=clock.now())
    return {"count": count, "limit": query.limit, "offset": query.offset, "items": rows}


@router.get("/people/{person_id}", response={200: s.PersonOut, 404: s.Problem, **READ_ERRORS})
def person(request: HttpRequest, person_id: s.Id) -> object:
    found = person_detail(_admin(request), person_id)
    if found is None:
        raise ApiProblem(404, _("no such person in your organization"))
    return found


@router.post("/people", response={201: s.PersonOut, **WRITE_ERRORS})
def person_create(request: HttpRequest, data: s.PersonIn) -> Status[object]:
    """Add a person (they get an invitation to choose a password)."""
    admin = _admin(request, "admin")
    if person_email_taken(admin, data.email):
        raise ApiProblem(
            409,
            _("{email} has an account already; update that person instead").format(email=data.email),
            field="body.email",
        )
    try:
        created = person_upsert(admin.organization, _spec(data), password=None, today=clock.now().date(), invite=True)
    except PersonInvalid as exc:
        raise ApiProblem(422, str(exc), field="body") from exc
    return Status(201, person_detail(admin, created.pk))


@router.put("/people/{person_id}", response={200: s.PersonOut, **WRITE_ERRORS})
def person_update(request: HttpRequest, person_id: s.Id, data: s.PersonIn) -> object:
    """Replace a person's name, team, manager, permissions and roles (their e-mail stays)."""
    admin = _admin(request, "admin")
    found = person_detail(admin, person_id)
    if found is None:
        raise ApiProblem(404, _("no such person in your organization"))
    if data.email.strip().lower() != found.email:
        raise ApiProblem(422, _("the e-mail is the person's sign-in name and cannot change here"), field="body.email")
    try:
        person_upsert(admin.organization, _spec(data), password=None, today=clock.now().date())
    except PersonInvalid as exc:
        raise ApiProblem(422, str(exc), field="body") from exc
    return person_detail(admin, person_id)


@router.post("/people/{person_id}/deactivate", response={200: s.PersonOut, **WRITE_ERRORS})
def person_deactivate_endpoint(request: HttpRequest, person_id: s.Id) -> object:
    """The person can no longer sign in or use their tokens; their history and certificates stay."""
    admin = _admin(request, "admin")
    try:
        if person_deactivate(admin, person_id) is None:
            raise ApiProblem(404, _("no such person in your organization"))
    except PersonInvalid as exc:
        raise ApiProblem(409, str(exc)) from exc
    return person_detail(admin, person_id)


@router.get("/roles", response={200: list[s.Role], **READ_ERRORS})
def roles(request: HttpRequest) -> object:
    """The organization's roles and their career ladders (levels and the skill levels each requires)."""
    return roles_of(_admin(request))
