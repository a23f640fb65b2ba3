"""SCIM 2.0 endpoints at ``/scim/v2/``: bearer token of an organization, JSON in and out (RFC 7644).

Each view parses the request, makes one call into ``skillpath.sso.scim`` and answers ``application/scim+json``;
every failure is a SCIM error document with the status, ``scimType`` and what to fix.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from skillpath import clock
from skillpath.people.models import Organization
from skillpath.sso import scim
from skillpath.sso import scim_schemas as schema

CONTENT_TYPE = "application/scim+json"
ATTRIBUTE_PARAMS = ("attributes", "excludedAttributes")


def _json(body: Any, status: int = 200, location: str | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type=CONTENT_TYPE)
    if location:
        response["Location"] = location
    return response


def _error(exc: scim.ScimError) -> HttpResponse:
    response = _json(exc.body(), exc.status)
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="SkillPath SCIM"'
    return response


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/scim/v2").rstrip("/")


def _body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise scim.ScimError(400, f"the body is not JSON: {exc}", "invalidSyntax") from exc


def _split(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split(",") if a.strip()]


def _project(resource: dict[str, Any], attributes: list[str], excluded: list[str]) -> dict[str, Any]:
    """RFC 7644 §3.4.2.5: ``attributes`` keeps only those (and id, schemas, meta); ``excludedAttributes`` drops."""
    always = {"id", "schemas", "meta"}

    def key(path: str) -> tuple[str, str | None]:
        for urn in (schema.ENTERPRISE, schema.USER, schema.GROUP):
            if path.lower().startswith(urn.lower() + ":"):
                rest = path[len(urn) + 1 :]
                return (urn, rest) if urn == schema.ENTERPRISE else (rest.split(".")[0], None)
            if path.lower() == urn.lower():
                return (urn, None)
        return (path.split(".")[0], None)

    def find(name: str) -> str | None:
        return next((k for k in resource if k.lower() == name.lower()), None)

    if attributes:
        out = {k: v for k, v in resource.items() if k in always}
        for path in attributes:
            top, sub = key(path)
            found = find(top)
            if found is None:
                continue
            value = resource[found]
            if sub and isinstance(value, dict):
                picked = {k: v for k, v in value.items() if k.lower() == sub.split(".")[0].lower()}
                out.setdefault(found, {}).update(picked)
            else:
                out[found] = value
        return out
    out = dict(resource)
    for path in excluded:
        top, _ = key(path)
        found = find(top)
        if found and found not in always:
            out.pop(found)
    return out


def scim_endpoint(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """The organization of the bearer token, and a SCIM error document for every failure."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            org = scim.token_organization(request.headers.get("Authorization", ""), now=clock.now())
            result = view(request, org, *args, **kwargs)
        except scim.ScimError as exc:
            return _error(exc)
        if isinstance(result, HttpResponse):
            return result
        return _json(result)

    return wrapper


def _listing(request: HttpRequest, page: scim.Page, params: dict[str, Any]) -> dict[str, Any]:
    attributes, excluded = _split(params.get("attributes")), _split(params.get("excludedAttributes"))
    return {
        "schemas": [schema.LIST],
        "totalResults": page.total,
        "startIndex": page.start,
        "itemsPerPage": len(page.resources),
        "Resources": [_project(r, attributes, excluded) for r in page.resources],
    }


def _collection(
    request: HttpRequest,
    org: Organization,
    listing: Callable[..., scim.Page],
    create: Callable[..., dict[str, Any]],
    kind: str,
) -> Any:
    base = _base(request)
    if request.method == "GET":
        q = request.GET
        page = listing(org, base, filter_=q.get("filter"), start_index=q.get("startIndex"), count=q.get("count"))
        return _listing(request, page, q)
    if request.method == "POST":
        created = create(org, _body(request), base, now=clock.now())
        return _json(created, 201, location=created["meta"]["location"])
    raise scim.ScimError(405, f"{kind}: use GET to list or POST to create")


def _search(request: HttpRequest, org: Organization, listing: Callable[..., scim.Page]) -> Any:
    if request.method != "POST":
        raise scim.ScimError(405, ".search takes a POST of a SearchRequest")
    body = _body(request)
    if not isinstance(body, dict):
        raise scim.ScimError(400, "the body must be a SearchRequest object", "invalidSyntax")
    params = {k: ",".join(v) if isinstance(v, list) else v for k, v in body.items() if k in ATTRIBUTE_PARAMS}
    page = listing(
        org,
        _base(request),
        filter_=body.get("filter"),
        start_index=str(body.get("startIndex") or 1),
        count=None if body.get("count") is None else str(body["count"]),
    )
    return _listing(request, page, params)


def _single(
    request: HttpRequest,
    org: Organization,
    resource_id: str,
    get: Callable[..., dict[str, Any]],
    replace: Callable[..., dict[str, Any]],
    patch: Callable[..., dict[str, Any]],
    delete: Callable[..., None],
) -> Any:
    base = _base(request)
    if request.method == "GET":
        attributes, excluded = _split(request.GET.get("attributes")), _split(request.GET.get("excludedAttributes"))
        return _project(get(org, resource_id, base), attributes, excluded)
    if request.method == "PUT":
        return replace(org, resource_id, _body(request), base, now=clock.now())
    if request.method == "PATCH":
        return patch(org, resource_id, _body(request), base, now=clock.now())
    if request.method == "DELETE":
        if delete is scim.user_delete:
            scim.user_delete(org, resource_id, now=clock.now())
        else:
            delete(org, resource_id)
        return HttpResponse(status=204)
    raise scim.ScimError(405, "use GET, PUT, PATCH or DELETE on a resource")


@scim_endpoint
def users(request: HttpRequest, org: Organization) -> Any:
    return _collection(request, org, scim.users_list, scim.user_create, "Users")


@scim_endpoint
def user(request: HttpRequest, org: Organization, resource_id: str) -> Any:
    return _single(request, org, resource_id, scim.user_get, scim.user_replace, scim.user_patch, scim.user_delete)


@scim_endpoint
def users_search(request: HttpRequest, org: Organization) -> Any:
    return _search(request, org, scim.users_list)


@scim_endpoint
def search(request: HttpRequest, org: Organization) -> Any:
    return _search(request, org, scim.everything_list)


@scim_endpoint
def groups(request: HttpRequest, org: Organization) -> Any:
    return _collection(request, org, scim.groups_list, scim.group_create, "Groups")


@scim_endpoint
def group(request: HttpRequest, org: Organization, resource_id: str) -> Any:
    return _single(request, org, resource_id, scim.group_get, scim.group_replace, scim.group_patch, scim.group_delete)


@scim_endpoint
def groups_search(request: HttpRequest, org: Organization) -> Any:
    return _search(request, org, scim.groups_list)


def _discovery(request: HttpRequest, org: Organization, items: list[dict[str, Any]], item_id: str | None) -> Any:
    if request.method != "GET":
        raise scim.ScimError(405, "discovery endpoints answer GET only")
    if item_id is None:
        return {
            "schemas": [schema.LIST],
            "totalResults": len(items),
            "startIndex": 1,
            "itemsPerPage": len(items),
            "Resources": items,
        }
    for item in items:
        if item["id"] == item_id:
            return item
    raise scim.ScimError(404, f"no such item: {item_id[:100]!r}")


@scim_endpoint
def schemas(request: HttpRequest, org: Organization, item_id: str | None = None) -> Any:
    return _discovery(request, org, schema.schemas(_base(request)), item_id)


@scim_endpoint
def resource_types(request: HttpRequest, org: Organization, item_id: str | None = None) -> Any:
    return _discovery(request, org, schema.resource_types(_base(request)), item_id)


@scim_endpoint
def service_provider_config(request: HttpRequest, org: Organization) -> Any:
    if request.method != "GET":
        raise scim.ScimError(405, "ServiceProviderConfig answers GET only")
    return schema.service_provider_config(_base(request), f"{settings.PUBLIC_URL}/docs/sso")


@scim_endpoint
def not_found(request: HttpRequest, org: Organization, rest: str) -> Any:
    raise scim.ScimError(404, f"no SCIM endpoint /scim/v2/{rest[:100]}: see /scim/v2/ResourceTypes")
