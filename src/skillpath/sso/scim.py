"""SCIM 2.0 (RFC 7643/7644) over SkillPath's people and teams, scoped to the organization of the bearer token.

Users are people (``Person`` and their account), Groups are teams. Requests are validated with ``scim2-models``
against the schemas SkillPath publishes (``scim_schemas``); PATCH is applied by scim2-models to the current
representation, which is then written like a PUT, so both take one path. Every write is one transaction.

- ``active: false`` deactivates a person: their account cannot sign in; their answers and certificates stay.
- DELETE of a User deactivates them too and hides them from SCIM (404 afterwards); nothing is removed. POSTing
  the same userName again brings the same person back.
- A person is in one team at a time: adding them to a Group moves them out of their former team.
- The enterprise extension's ``manager.value`` is the manager's User id, in the same organization.
"""

from __future__ import annotations

import hashlib
import secrets
import shlex
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from pydantic import ValidationError
from scim2_models import (
    Context,
    Extension,
    PatchOp,
    Resource,
    Schema,
    SCIMException,
    ScimFilter,
)

from skillpath.people.models import Organization, Person, Team
from skillpath.sso import scim_schemas as schema
from skillpath.sso.models import ScimGroup, ScimToken, ScimUser

TOKEN_PREFIX = "scim_"  # noqa: S105 - the start of every token, not a secret


class ScimError(Exception):
    """A SCIM error response: HTTP status, ``scimType`` and a detail that says what to fix."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"schemas": [schema.ERROR], "status": str(self.status), "detail": self.detail}
        if self.scim_type:
            body["scimType"] = self.scim_type
        return body


# ---------------------------------------------------------------------------------------------------- models


def _models() -> tuple[type[Resource[Any]], type[Resource[Any]]]:
    user_s, enterprise_s, group_s = (Schema.model_validate(s) for s in schema.schemas("/scim/v2"))
    enterprise = Extension.from_schema(enterprise_s)
    user = Resource.from_schema(user_s)[enterprise]  # type: ignore[index]
    group = Resource.from_schema(group_s)
    return user, group


USER_MODEL, GROUP_MODEL = _models()


def _validated(model: type[Resource[Any]], payload: Any, ctx: Context) -> dict[str, Any]:
    """The payload checked against the published schema, as a plain SCIM dict (aliases, no Nones)."""
    if not isinstance(payload, dict):
        raise ScimError(400, "the body must be a JSON object (a SCIM resource)", "invalidSyntax")
    try:
        obj = model.model_validate(payload, scim_ctx=ctx)
    except (ValidationError, SCIMException, ValueError) as exc:
        raise ScimError(400, f"invalid resource: {_first_error(exc)}", "invalidValue") from exc
    return obj.model_dump(scim_ctx=Context.DEFAULT)


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "the resource"
        return f"{where}: {err['msg']}"
    return str(exc)


def _patched(model: type[Resource[Any]], current: dict[str, Any], patch: Any) -> dict[str, Any]:
    if not isinstance(patch, dict):
        raise ScimError(400, "the body must be a JSON object (a PatchOp)", "invalidSyntax")
    try:
        obj = model.model_validate(current, scim_ctx=Context.DEFAULT)
        op = PatchOp[model].model_validate(patch, scim_ctx=Context.RESOURCE_PATCH_REQUEST)  # type: ignore[valid-type]
        op.patch(obj)
    except (ValidationError, SCIMException, ValueError, TypeError, LookupError) as exc:
        scim_type = getattr(exc, "scim_type", None) or "invalidValue"
        raise ScimError(400, f"invalid patch: {_first_error(exc)}", str(scim_type)) from exc
    return obj.model_dump(scim_ctx=Context.DEFAULT)


# ---------------------------------------------------------------------------------------------------- tokens


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(org: Organization, name: str, *, by: Person | None, now: datetime) -> tuple[ScimToken, str]:
    """A new bearer token for ``org``; the raw token is returned once and only its hash is stored."""
    name = name.strip()
    if not name:
        raise ValueError("give the token a name (what uses it, e.g. Workday)")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ScimToken.objects.create(
        organization=org, name=name[:120], token_hash=_hash(raw), prefix=raw[:12], created_by=by, created_at=now
    )
    return token, raw


@transaction.atomic
def token_revoke(org: Organization, token_id: int, *, now: datetime) -> bool:
    return bool(ScimToken.objects.filter(organization=org, pk=token_id, revoked_at=None).update(revoked_at=now))


def tokens_of(org: Organization) -> list[ScimToken]:
    return list(ScimToken.objects.filter(organization=org).select_related("created_by"))


def token_organization(header: str, *, now: datetime) -> Organization:
    """The organization of ``Authorization: Bearer <token>``; a 401 ScimError for a missing or revoked token."""
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise ScimError(401, "send an organization's SCIM token as 'Authorization: Bearer <token>'")
    token = ScimToken.objects.select_related("organization").filter(token_hash=_hash(raw.strip())).first()
    if token is None or token.revoked_at is not None:
        raise ScimError(401, "this token is unknown or revoked: an admin creates one on the SSO settings page")
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.organization


# ---------------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Page:
    total: int
    start: int
    resources: list[dict[str, Any]]


def _people(org: Organization) -> QuerySet[Person]:
    return (
        Person.objects.filter(organization=org)
        .exclude(scim__deleted_at__isnull=False)
        .select_related("user", "scim")
        .order_by("pk")
    )


def _user_dict(person: Person, base: str) -> dict[str, Any]:
    scim: ScimUser | None = getattr(person, "scim", None)
    user = person.user
    name = {
        "formatted": (scim.formatted_name if scim else person.name) or None,
        "givenName": (scim.given_name if scim else "") or None,
        "familyName": (scim.family_name if scim else "") or None,
    }
    out: dict[str, Any] = {
        "schemas": [schema.USER, schema.ENTERPRISE] if person.manager_id else [schema.USER],
        "id": str(person.pk),
        "userName": user.username,
        "displayName": (scim.display_name if scim else person.name) or None,
        "active": user.is_active,
        "meta": {
            "resourceType": "User",
            "created": user.date_joined.isoformat(),
            "lastModified": (scim.updated_at if scim else user.date_joined).isoformat(),
            "location": f"{base}/Users/{person.pk}",
        },
    }
    if scim and scim.external_id:
        out["externalId"] = scim.external_id
    if any(name.values()):
        out["name"] = {k: v for k, v in name.items() if v}
    if user.email:
        primary = scim.email_primary if scim and scim.email_primary is not None else True
        email: dict[str, Any] = {"value": user.email, "primary": primary}
        if scim and scim.email_type:
            email["type"] = scim.email_type
        out["emails"] = [email]
    if person.manager_id:
        out[schema.ENTERPRISE] = {
            "schemas": [schema.ENTERPRISE],  # not required by RFC 7643; scim2-models reads the extension by it
            "manager": {"value": str(person.manager_id), "$ref": f"{base}/Users/{person.manager_id}"},
        }
    return out


def _group_dict(team: Team, members: list[Person], base: str) -> dict[str, Any]:
    scim: ScimGroup | None = getattr(team, "scim", None)
    out: dict[str, Any] = {
        "schemas": [schema.GROUP],
        "id": str(team.pk),
        "displayName": team.name,
        "meta": {
            "resourceType": "Group",
            "location": f"{base}/Groups/{team.pk}",
        },
    }
    if scim:
        out["meta"]["created"] = scim.created_at.isoformat()
        out["meta"]["lastModified"] = scim.updated_at.isoformat()
        if scim.external_id:
            out["externalId"] = scim.external_id
    if members:
        out["members"] = [{"value": str(p.pk), "$ref": f"{base}/Users/{p.pk}", "type": "User"} for p in members]
    return out


def _int_id(raw: str, what: str) -> int:
    if not raw.isdigit() or len(raw) > 18:
        raise ScimError(404, f"no {what} with id {raw[:40]!r} in this organization")
    return int(raw)


def user_get(org: Organization, user_id: str, base: str) -> dict[str, Any]:
    person = _people(org).filter(pk=_int_id(user_id, "User")).first()
    if person is None:
        raise ScimError(404, f"no User with id {user_id!r} in this organization")
    return _user_dict(person, base)


def _teams(org: Organization) -> QuerySet[Team]:
    members = Person.objects.exclude(scim__deleted_at__isnull=False).order_by("pk")
    return (
        Team.objects.filter(organization=org)
        .select_related("scim")
        .prefetch_related(Prefetch("members", queryset=members, to_attr="scim_members"))
        .order_by("pk")
    )


def group_get(org: Organization, group_id: str, base: str) -> dict[str, Any]:
    team = _teams(org).filter(pk=_int_id(group_id, "Group")).first()
    if team is None:
        raise ScimError(404, f"no Group with id {group_id!r} in this organization")
    return _group_dict(team, team.scim_members, base)  # type: ignore[attr-defined]


# Filters SkillPath answers with a query (what identity providers send to find a resource before writing it).
_USER_FILTERS = {
    "username": "user__username__iexact",
    "externalid": "scim__external_id",
    "emails.value": "user__email__iexact",
    "emails": "user__email__iexact",
    "displayname": "name",
    "id": "pk",
    "active": "user__is_active",
}
_GROUP_FILTERS = {"displayname": "name", "externalid": "scim__external_id", "id": "pk"}


def _filter_q(text: str, fields: dict[str, str]) -> Q:
    """``attr eq "value"`` terms joined by ``and``/``or`` (no parentheses), as one ORM condition."""
    try:
        ScimFilter(text)
    except Exception as exc:
        raise ScimError(400, f"filter {text[:100]!r} is not valid SCIM filter syntax: {exc}", "invalidFilter") from exc
    try:
        words = shlex.split(text, posix=True)
    except ValueError as exc:
        raise ScimError(400, f"filter {text[:100]!r}: {exc}", "invalidFilter") from exc
    supported = ", ".join(sorted(fields))
    groups: list[Q] = []  # "or" of "and" groups: and binds tighter (RFC 7644 §3.4.2.2)
    group: Q | None = None
    i = 0
    while i < len(words):
        if i + 2 >= len(words) or words[i + 1].lower() != "eq":
            raise ScimError(
                400,
                f"filter {text[:100]!r}: SkillPath answers 'attribute eq \"value\"' terms joined by and/or, "
                f"on {supported}",
                "invalidFilter",
            )
        attr, value = words[i].lower(), words[i + 2]
        if ":" in attr:
            attr = attr.rsplit(":", 1)[1]
        field = fields.get(attr)
        if field is None:
            raise ScimError(400, f"filter on {words[i]!r} is not supported; filter on {supported}", "invalidFilter")
        typed: Any = value
        if field == "pk":
            typed = int(value) if value.isdigit() and len(value) < 18 else -1
        elif field == "user__is_active":
            typed = value.lower() == "true"
        term = Q(**{field: typed})
        group = term if group is None else group & term
        i += 3
        if i < len(words):
            joiner = words[i].lower()
            if joiner not in ("and", "or"):
                raise ScimError(400, f"filter {text[:100]!r}: expected 'and' or 'or' after a term", "invalidFilter")
            if joiner == "or":
                groups.append(group)
                group = None
            i += 1
    if group is not None:
        groups.append(group)
    result = Q()
    for g in groups:
        result = g if not result else result | g
    return result


def _paging(start_index: str | None, count: str | None) -> tuple[int, int]:
    try:
        start = max(1, int(start_index or 1))
        size = min(schema.MAX_RESULTS, max(0, int(count))) if count not in (None, "") else schema.MAX_RESULTS
    except ValueError as exc:
        raise ScimError(400, "startIndex and count must be whole numbers", "invalidValue") from exc
    return start, size


def users_list(
    org: Organization, base: str, *, filter_: str | None, start_index: str | None, count: str | None
) -> Page:
    start, size = _paging(start_index, count)
    people = _people(org)
    if filter_:
        people = people.filter(_filter_q(filter_, _USER_FILTERS))
    total = people.count()
    rows = list(people[start - 1 : start - 1 + size]) if size else []
    return Page(total, start, [_user_dict(p, base) for p in rows])


def groups_list(
    org: Organization, base: str, *, filter_: str | None, start_index: str | None, count: str | None
) -> Page:
    start, size = _paging(start_index, count)
    teams = _teams(org)
    if filter_:
        teams = teams.filter(_filter_q(filter_, _GROUP_FILTERS))
    total = teams.count()
    rows = list(teams[start - 1 : start - 1 + size]) if size else []
    return Page(total, start, [_group_dict(t, t.scim_members, base) for t in rows])  # type: ignore[attr-defined]


def everything_list(
    org: Organization, base: str, *, filter_: str | None, start_index: str | None, count: str | None
) -> Page:
    """``POST /.search`` at the root: Users, then Groups (RFC 7644 §3.4.3); filters belong to one resource type."""
    if filter_:
        raise ScimError(400, "filter on /Users/.search or /Groups/.search: their attributes differ", "invalidFilter")
    start, size = _paging(start_index, count)
    people, teams = _people(org), _teams(org)
    n_people, n_teams = people.count(), teams.count()
    first = start - 1
    rows: list[dict[str, Any]] = [_user_dict(p, base) for p in people[first : first + size]] if size else []
    if len(rows) < size:
        offset = max(0, first - n_people)
        more = teams[offset : offset + size - len(rows)]
        rows += [_group_dict(t, t.scim_members, base) for t in more]  # type: ignore[attr-defined]
    return Page(n_people + n_teams, start, rows)


# ---------------------------------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class _UserFields:
    user_name: str
    external_id: str
    given: str
    family: str
    formatted: str
    display: str
    email: str
    email_type: str
    email_primary: bool | None
    active: bool
    manager_id: str | None


def _user_fields(d: dict[str, Any]) -> _UserFields:
    user_name = str(d.get("userName") or "").strip().lower()
    if not user_name:
        raise ScimError(400, "userName is required", "invalidValue")
    if len(user_name) > 150:
        raise ScimError(400, "userName is longer than 150 characters", "invalidValue")
    name = d.get("name") or {}
    emails = d.get("emails") or []
    primary = next((e for e in emails if e.get("primary")), emails[0] if emails else {})
    email = str(primary.get("value") or "").strip()
    if len(email) > 254:
        raise ScimError(400, "emails.value is longer than 254 characters", "invalidValue")
    manager = (d.get(schema.ENTERPRISE) or {}).get("manager") or {}
    active = d.get("active")
    return _UserFields(
        user_name=user_name,
        external_id=str(d.get("externalId") or "")[:255],
        given=str(name.get("givenName") or "")[:200],
        family=str(name.get("familyName") or "")[:200],
        formatted=str(name.get("formatted") or "")[:200],
        display=str(d.get("displayName") or "")[:200],
        email=email,
        email_type=str(primary.get("type") or "")[:20],
        email_primary=None if primary.get("primary") is None else bool(primary["primary"]),
        active=True if active is None else bool(active),
        manager_id=str(manager["value"]) if manager.get("value") else None,
    )


def _write_user(org: Organization, person: Person, f: _UserFields, *, now: datetime) -> None:
    user = person.user
    clash = get_user_model().objects.filter(username__iexact=f.user_name).exclude(pk=user.pk).exists()
    if clash:
        raise ScimError(409, f"userName {f.user_name!r} is already taken", "uniqueness")
    manager = None
    if f.manager_id is not None:
        manager = _people(org).filter(pk=_int_id(f.manager_id, "User")).first() if f.manager_id.isdigit() else None
        if manager is None:
            raise ScimError(400, f"manager {f.manager_id!r} is not a User of this organization", "invalidValue")
        if manager.pk == person.pk:
            raise ScimError(400, "a person cannot be their own manager", "invalidValue")
    user.username, user.email, user.is_active = f.user_name, f.email, f.active
    user.save(update_fields=["username", "email", "is_active"])
    full = f"{f.given} {f.family}".strip()
    person.name = (f.display or f.formatted or full or f.user_name)[:200]
    person.manager = manager
    person.save(update_fields=["name", "manager"])
    if manager is not None and not manager.is_manager:
        Person.objects.filter(pk=manager.pk).update(is_manager=True)
    ScimUser.objects.update_or_create(
        person=person,
        defaults={
            "organization": org,
            "external_id": f.external_id,
            "given_name": f.given,
            "family_name": f.family,
            "formatted_name": f.formatted,
            "display_name": f.display,
            "email_type": f.email_type,
            "email_primary": f.email_primary,
            "updated_at": now,
            "deleted_at": None,
        },
    )


@transaction.atomic
def user_create(org: Organization, payload: Any, base: str, *, now: datetime) -> dict[str, Any]:
    f = _user_fields(_validated(USER_MODEL, payload, Context.RESOURCE_CREATION_REQUEST))
    existing = Person.objects.filter(user__username__iexact=f.user_name).select_related("user", "scim").first()
    if existing is not None:
        scim = getattr(existing, "scim", None)
        if existing.organization_id != org.pk or scim is None or scim.deleted_at is None:
            raise ScimError(409, f"userName {f.user_name!r} is already taken", "uniqueness")
        person = existing  # deleted through SCIM before: the same person comes back, with their history
    else:
        if get_user_model().objects.filter(username__iexact=f.user_name).exists():
            raise ScimError(409, f"userName {f.user_name!r} is already taken", "uniqueness")
        user = get_user_model().objects.create(username=f.user_name, email=f.email, date_joined=now)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        person = Person.objects.create(user=user, organization=org, name=f.user_name[:200], started_on=now.date())
    try:
        with transaction.atomic():
            _write_user(org, person, f, now=now)
    except IntegrityError as exc:
        raise ScimError(409, f"userName {f.user_name!r} is already taken", "uniqueness") from exc
    return user_get(org, str(person.pk), base)


def _locked_person(org: Organization, user_id: str) -> Person:
    person = _people(org).select_for_update(of=("self",)).filter(pk=_int_id(user_id, "User")).first()
    if person is None:
        raise ScimError(404, f"no User with id {user_id!r} in this organization")
    return person


@transaction.atomic
def user_replace(org: Organization, user_id: str, payload: Any, base: str, *, now: datetime) -> dict[str, Any]:
    person = _locked_person(org, user_id)
    f = _user_fields(_validated(USER_MODEL, payload, Context.RESOURCE_REPLACEMENT_REQUEST))
    _write_user(org, person, f, now=now)
    return user_get(org, user_id, base)


@transaction.atomic
def user_patch(org: Organization, user_id: str, patch: Any, base: str, *, now: datetime) -> dict[str, Any]:
    person = _locked_person(org, user_id)
    current = _user_dict(person, base)
    f = _user_fields(_patched(USER_MODEL, current, patch))
    _write_user(org, person, f, now=now)
    return user_get(org, user_id, base)


@transaction.atomic
def user_delete(org: Organization, user_id: str, *, now: datetime) -> None:
    """Deactivate the person and hide them from SCIM; their history and certificates stay."""
    person = _locked_person(org, user_id)
    get_user_model().objects.filter(pk=person.user_id).update(is_active=False)
    ScimUser.objects.update_or_create(
        person=person, defaults={"organization": org, "updated_at": now, "deleted_at": now}
    )


def _group_fields(d: dict[str, Any]) -> tuple[str, str, list[str]]:
    name = str(d.get("displayName") or "").strip()
    if not name:
        raise ScimError(400, "displayName is required", "invalidValue")
    if len(name) > 120:
        raise ScimError(400, "displayName is longer than 120 characters", "invalidValue")
    members = [str(m.get("value") or "") for m in d.get("members") or []]
    return name, str(d.get("externalId") or "")[:255], members


def _write_group(org: Organization, team: Team, d: dict[str, Any], *, now: datetime) -> None:
    name, external_id, member_ids = _group_fields(d)
    if Team.objects.filter(organization=org, name=name).exclude(pk=team.pk).exists():
        raise ScimError(409, f"a Group named {name!r} already exists in this organization", "uniqueness")
    ids = {_int_id(m, "User") if m.isdigit() else -1 for m in member_ids}
    found = set(_people(org).filter(pk__in=ids).values_list("pk", flat=True))
    missing = [m for m in member_ids if not m.isdigit() or int(m) not in found]
    if missing:
        raise ScimError(400, f"members {', '.join(missing[:5])} are not Users of this organization", "invalidValue")
    team.name = name
    team.save()
    Person.objects.filter(organization=org, team=team).exclude(pk__in=found).update(team=None)
    Person.objects.filter(organization=org, pk__in=found).update(team=team)
    ScimGroup.objects.update_or_create(
        team=team,
        defaults={"organization": org, "external_id": external_id, "updated_at": now},
        create_defaults={"organization": org, "external_id": external_id, "updated_at": now, "created_at": now},
    )


@transaction.atomic
def group_create(org: Organization, payload: Any, base: str, *, now: datetime) -> dict[str, Any]:
    d = _validated(GROUP_MODEL, payload, Context.RESOURCE_CREATION_REQUEST)
    name = _group_fields(d)[0]
    if Team.objects.filter(organization=org, name=name).exists():
        raise ScimError(409, f"a Group named {name!r} already exists in this organization", "uniqueness")
    team = Team.objects.create(organization=org, name=name)
    _write_group(org, team, d, now=now)
    return group_get(org, str(team.pk), base)


def _locked_team(org: Organization, group_id: str) -> Team:
    team = Team.objects.select_for_update().filter(organization=org, pk=_int_id(group_id, "Group")).first()
    if team is None:
        raise ScimError(404, f"no Group with id {group_id!r} in this organization")
    return team


@transaction.atomic
def group_replace(org: Organization, group_id: str, payload: Any, base: str, *, now: datetime) -> dict[str, Any]:
    team = _locked_team(org, group_id)
    _write_group(org, team, _validated(GROUP_MODEL, payload, Context.RESOURCE_REPLACEMENT_REQUEST), now=now)
    return group_get(org, group_id, base)


@transaction.atomic
def group_patch(org: Organization, group_id: str, patch: Any, base: str, *, now: datetime) -> dict[str, Any]:
    team = _locked_team(org, group_id)
    current = group_get(org, group_id, base)
    _write_group(org, team, _patched(GROUP_MODEL, current, patch), now=now)
    return group_get(org, group_id, base)


@transaction.atomic
def group_delete(org: Organization, group_id: str) -> None:
    """Remove the team; its people stay (without a team)."""
    _locked_team(org, group_id).delete()
