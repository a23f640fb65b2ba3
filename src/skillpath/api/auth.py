"""Who is calling: an API token (``Authorization: Bearer sp_…``) or the browser session (with its CSRF token
on writes). Either way the caller acts as one person, with exactly the permissions of that person's pages;
a token's scope can only narrow them:

- ``read``: reads (GET) only;
- ``learner``: reads, and the learner's own writes (answers, starting a module);
- ``admin``: everything the person may do (an admin's people and content writes). Only admins make them.

Each caller (token, or signed-in user) has a rate limit (``RATES["api"]``, django-ratelimit in the default
cache): past it, 429 with ``Retry-After``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja.security import HttpBearer, SessionAuth

from skillpath import clock
from skillpath.api.models import ApiToken
from skillpath.api.problems import ApiProblem
from skillpath.api.selectors import token_authenticate
from skillpath.api.services import token_touch
from skillpath.people.models import Person
from skillpath.people.selectors import access_person
from skillpath.ratelimits import RATES, retry_after

RANK = {"read": 0, "learner": 1, "admin": 2, "session": 2}


@dataclass(frozen=True)
class Caller:
    person: Person
    scope: str  # a token's scope, or "session"
    key: str  # what the rate limit counts by


def _limit(request: HttpRequest, key: str) -> None:
    rate = RATES["api"]
    if is_ratelimited(request, group="skillpath.api", key=lambda g, r: key, rate=rate, increment=True):
        wait = retry_after(rate)
        raise ApiProblem(
            429,
            _("too many requests with this credential (at most {rate}); wait {seconds} seconds").format(
                rate=rate, seconds=wait
            ),
            headers={"Retry-After": str(wait)},
        )


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        row = token_authenticate(token)
        if row is None:
            return None
        caller = Caller(row.person, row.scope, f"token:{row.pk}")
        _limit(request, caller.key)
        token_touch(row, now=clock.now())
        return caller


class BrowserSession(SessionAuth):
    """The signed-in browser (CSRF checked on writes, as on the pages)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        if not request.user.is_authenticated or not request.user.is_active:
            return None
        person = access_person(request.user)
        caller = Caller(person, "session", f"user:{request.user.pk}")
        _limit(request, caller.key)
        return caller


def acting(request: HttpRequest, scope: str = "read") -> Person:
    """The person the request acts as, once its credential's scope allows ``scope``; else 403."""
    caller: Any = request.auth  # type: ignore[attr-defined]
    if not isinstance(caller, Caller):  # pragma: no cover - every operation is authenticated
        raise ApiProblem(401, _("sign in or send an API token"))
    if RANK[caller.scope] < RANK[scope]:
        raise ApiProblem(
            403,
            _("this token's scope is “{scope}”; this needs a “{needed}” or wider token").format(
                scope=caller.scope, needed=scope
            ),
        )
    return caller.person


def scope_of(request: HttpRequest) -> str:
    caller: Any = request.auth  # type: ignore[attr-defined]
    return str(caller.scope) if isinstance(caller, Caller) else ""


TOKEN_SCOPES = ApiToken.Scope.values
