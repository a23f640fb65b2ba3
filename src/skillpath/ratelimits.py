"""Rate limits for anonymous endpoints (django-ratelimit, counted in the default cache per client address).

``throttled("verify")`` wraps a view: past the rate the client gets 429 with ``Retry-After`` and a message
saying what happened, as JSON when it asked for JSON. The counts live in ``CACHES["default"]``: per process
unless ``CACHE_URL`` points at Redis (see docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django_ratelimit.core import is_ratelimited

from skillpath.config.security import too_many_message

RATES = {
    "verify": "20/m",  # POST /verify/: each one canonicalizes and checks a signature
    "credential": "60/m",  # a credential's page, JSON, status and PDF
    "documents": "120/m",  # issuer profiles, DID documents, status lists, vocabulary IRIs (fetched by verifiers)
    "api": "300/m",  # the JSON API, per token or signed-in user (not per address; skillpath.api.auth)
    "sso": "30/m",  # single sign-on: finding the organization, and each trip to its identity provider
}
View = Callable[..., HttpResponse]


def retry_after(rate: str) -> int:
    """Seconds to wait after hitting ``rate`` ("20/m"): its whole window, the longest it can take to reset."""
    return {"s": 1, "m": 60, "h": 3600, "d": 86400}[rate[-1]]


def too_many(request: HttpRequest, rate: str) -> HttpResponse:
    seconds = retry_after(rate)
    message = too_many_message(rate)
    if "json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse({"error": message}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response


def throttled(name: str) -> Callable[[View], View]:
    """Limit a view to ``RATES[name]`` requests per client address; all views of one name share the count."""
    rate = RATES[name]

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if is_ratelimited(request, group=f"skillpath.{name}", key="ip", rate=rate, increment=True):
                return too_many(request, rate)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
