"""Request-level defences shared by every view: the client's address behind proxies, a bound on request
bodies, and the page shown when a rate limit is hit.

- ``client_ip(request)``: the address that sign-in lockouts (django-axes) and rate limits (django-ratelimit)
  count by. Behind ``SKILLPATH_PROXY_COUNT`` trusted proxies it is the address the outermost of them saw,
  read from the right of ``X-Forwarded-For`` (entries further left are written by the client, so they
  are never trusted).
- ``BodyLimitMiddleware``: refuses (413) any request whose declared body is larger than
  ``settings.MAX_REQUEST_BYTES``, before anything reads it. A view that takes uploads raises its own
  limit with ``@body_limit(n)``.
- ``NulRefusalMiddleware``: refuses (400) a NUL character in any query or form field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

V = TypeVar("V", bound=Callable[..., Any])


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or the one the outermost trusted proxy recorded."""
    proxies: int = getattr(settings, "PROXY_COUNT", 0)
    remote = str(request.META.get("REMOTE_ADDR") or "0.0.0.0")  # noqa: S104 - a count key, never bound
    if proxies <= 0:
        return remote
    chain = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()]
    # The last proxy appended the address it saw; with N proxies the client is N entries from the right.
    return chain[-proxies] if len(chain) >= proxies else remote


def body_limit(max_bytes: int) -> Callable[[V], V]:
    """Allow request bodies up to ``max_bytes`` for this view (uploads); others get the global bound."""

    def mark(view: V) -> V:
        view.max_body_bytes = max_bytes  # type: ignore[attr-defined]
        return view

    return mark


class BodyLimitMiddleware:
    """413 for a body declared larger than the view allows; runs before CSRF reads ``request.POST``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        limit = getattr(view, "max_body_bytes", settings.MAX_REQUEST_BYTES)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(request, _("the request's Content-Length is not a number"), 400)
        if declared > limit:
            return _refuse(
                request, _("the request is larger than {size}; send less at a time").format(size=_size(limit)), 413
            )
        return None


class NulRefusalMiddleware:
    """400 for a query string or form field holding a NUL character: no text SkillPath takes may hold one,
    and PostgreSQL refuses it in any query (which would be a server error wherever a value is looked up)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if "\x00" in request.path:
            return _refuse(request, _("the address holds a NUL character; remove it"), 400)
        fields = [*request.GET.lists(), *(request.POST.lists() if request.method == "POST" else [])]
        for name, values in fields:
            if "\x00" in name or any("\x00" in value for value in values):
                return _refuse(
                    request, _("the field {name} holds a NUL character; remove it").format(name=repr(name[:40])), 400
                )
        return None


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return _("{size} MB").format(size=floatformat(n / 1024 / 1024, -1))
    return _("{size} KB").format(size=n // 1024)


def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    accept = request.headers.get("Accept", "")
    if request.path.startswith("/api/"):  # the JSON API answers every error as problem+json (RFC 9457)
        title = "Bad Request" if status == 400 else "Content Too Large"
        problem = {"type": "about:blank", "title": title, "status": status, "detail": message, "errors": []}
        return JsonResponse(problem, status=status, content_type="application/problem+json")
    if "json" in accept and "html" not in accept:
        return JsonResponse({"status": "error", "error": message}, status=status)
    if "html" not in accept:
        return HttpResponse(message + "\n", content_type="text/plain; charset=utf-8", status=status)
    return render(request, "web/refused.html", {"message": message, "status": status}, status=status)


def too_many_message(rate: str) -> str:
    """What a client past a rate limit ("20/m") is told (skillpath.ratelimits)."""
    count, _slash, unit = rate.partition("/")
    per = {
        "s": pgettext("rate limit", "a second"),
        "m": pgettext("rate limit", "a minute"),
        "h": pgettext("rate limit", "an hour"),
        "d": pgettext("rate limit", "a day"),
    }.get(unit[-1:], unit)
    return _("Too many requests from your address (the limit is {count} {per}). Try again in a minute.").format(
        count=count, per=per
    )


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """django-ratelimit's view: 429 with the wait, in the site's design."""
    response = render(
        request,
        "web/refused.html",
        {
            "message": _("too many attempts from your network in a short time; wait a minute and try again"),
            "status": 429,
        },
        status=429,
    )
    response["Retry-After"] = "60"
    return response
