"""Errors as ``application/problem+json`` (RFC 9457): type, title, status, detail, and for bad input
``errors``: each field that is wrong (``body.response``, ``query.limit``) with what is wrong with it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

PROBLEM_JSON = "application/problem+json"


class FieldProblem(Schema):
    field: str
    detail: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] = []


class ApiProblem(Exception):
    """Raised by endpoints: answered as a problem document with ``status``."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        field: str = "",
        headers: Mapping[str, str] | None = None,
        errors: Iterable[tuple[str, str]] = (),
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, dict(headers or {})
        self.errors = [(field, detail)] if field else list(errors)


def problem(
    status: int, detail: str, *, errors: Iterable[tuple[str, str]] = (), headers: Mapping[str, str] | None = None
) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "errors": [{"field": f, "detail": d} for f, d in errors],
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field(loc: Iterable[Any]) -> str:
    """``("body", "data", "response")`` → ``body.response``: where in the request the value is."""
    parts = [str(p) for p in loc]
    if len(parts) >= 2 and parts[0] == "body" and parts[1] == "data":
        parts = [parts[0], *parts[2:]]
    return ".".join(parts)


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [(_field(e.get("loc", ())), str(e.get("msg", "is not valid"))) for e in exc.errors]
    if not errors:
        return problem(422, _("The request is not valid."))
    detail = ngettext(
        "The request has {count} invalid value: {field}: {problem}",
        "The request has {count} invalid values; the first: {field}: {problem}",
        len(errors),
    )
    return problem(422, detail.format(count=len(errors), field=errors[0][0], problem=errors[0][1]), errors=errors)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="skillpath"'} if isinstance(exc, AuthenticationError) else {}
    detail = str(exc)
    if isinstance(exc, AuthenticationError):
        detail = _(
            "sign in, or send an API token as “Authorization: Bearer sp_…” (make one under Settings, API tokens)"
        )
    return problem(exc.status_code, detail, headers=headers)


def _api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem(exc.status, exc.detail, errors=exc.errors, headers=exc.headers)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404, str(exc) or _("not found"))


def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(403, str(exc) or _("you may not do this"))


def problems_install(api: NinjaAPI) -> None:
    # ninja types a handler's exception as "the class or an instance"; these take the instance it passes.
    api.add_exception_handler(ValidationError, _validation)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, _http_error)  # type: ignore[arg-type]
    api.add_exception_handler(ApiProblem, _api_problem)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, _not_found)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, _forbidden)  # type: ignore[arg-type]


# The error answers every operation may give (documented in the OpenAPI document as problem+json).
READ_ERRORS: dict[int, type[Schema]] = {400: Problem, 401: Problem, 403: Problem, 422: Problem, 429: Problem}
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 404: Problem, 409: Problem, 413: Problem}
