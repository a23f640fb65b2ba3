"""The language and time zone each request is shown in (docs/i18n.md).

The language is the signed-in person's own setting, else the first of ``settings.LANGUAGES`` the browser
asks for (Accept-Language), else English. Dates and times are shown in the person's time zone, else their
organization's; anonymous pages follow the browser's language and show UTC.

The person comes with the signed-in user (``people.backends.MemberBackend`` loads them in the same query), so
choosing costs no query of its own, and a changed setting (theirs or the organization's) applies at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from skillpath.people.models import Person


def _zone_name(*names: str) -> str:
    for name in names:
        if name:
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
            return name
    return "UTC"


def language_for(person: Person, fallback: str = "") -> str:
    """The language to write to ``person`` in when they are not the one asking (e-mails, background work):
    their own choice, else ``fallback`` (the language of whoever caused it), else English."""
    return person.language or fallback or settings.LANGUAGE_CODE


def locale_of(person: Person | None) -> tuple[str, str]:
    """The person's (language, time zone name); ("", "UTC") without a person. "" = the browser's language."""
    if person is None:
        return "", "UTC"
    language = person.language if person.language in dict(settings.LANGUAGES) else ""
    return language, _zone_name(person.timezone, person.organization.timezone)


def locale_activate(request: HttpRequest, person: Person | None) -> str:
    """Use the person's language (else the browser's) and time zone for the rest of this request, as after they
    changed their settings; returns the language."""
    language, zone = locale_of(person)
    translation.activate(language or translation.get_language_from_request(request))
    request.LANGUAGE_CODE = translation.get_language()
    timezone.activate(ZoneInfo(zone))
    return request.LANGUAGE_CODE


def _signed_in_person(request: HttpRequest) -> Person | None:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    person: Person | None = getattr(user, "person", None)  # None: an account outside any organization
    return person


class LanguageMiddleware:
    """Activates the request's language and time zone (after AuthenticationMiddleware); says which language
    the response is in (Content-Language) and that it depends on Accept-Language (Vary)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        locale_activate(request, _signed_in_person(request))
        try:
            response = self.get_response(request)
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        finally:
            # Nothing after this request (the next one on this thread, a test's own code) inherits them.
            translation.deactivate()
            timezone.deactivate()
        return response
