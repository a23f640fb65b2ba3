"""The language and time zone each request is shown in (docs/i18n.md).

The language is the signed-in person's own setting, else the first of ``settings.LANGUAGES`` the browser
asks for (Accept-Language), else English. Dates and times are shown in the person's time zone, else their
organization's; anonymous pages follow the browser's language and show UTC.

A signed-in person's choice is kept in their session when they sign in (and when they change their
settings), so a page costs no query for it. An organization's new time zone reaches a signed-in person's
pages at their next sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from skillpath.people.models import Person

SESSION_KEY = "skillpath_locale"  # [language ("" = the browser's), time zone name]


def _zone_name(*names: str) -> str:
    for name in names:
        if name:
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
            return name
    return "UTC"


def person_locale(user_id: Any) -> list[str]:
    """The signed-in user's [language, time zone]; ["", "UTC"] for an account outside any organization."""
    row = Person.objects.filter(user_id=user_id).values_list("language", "timezone", "organization__timezone").first()
    if row is None:
        return ["", "UTC"]
    language, own_zone, organization_zone = row
    return [language if language in dict(settings.LANGUAGES) else "", _zone_name(own_zone, organization_zone)]


def language_for(person: Person, fallback: str = "") -> str:
    """The language to write to ``person`` in when they are not the one asking (e-mails, background work):
    their own choice, else ``fallback`` (the language of whoever caused it), else English."""
    return person.language or fallback or settings.LANGUAGE_CODE


def locale_remember(request: HttpRequest, person: Person) -> None:
    """Keep (and use at once) the person's language and time zone after they changed them."""
    request.session[SESSION_KEY] = person_locale(person.user_id)
    language, zone = request.session[SESSION_KEY]
    _activate(request, language, zone)


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = person_locale(user.pk)


def _activate(request: HttpRequest, language: str, zone: str) -> str:
    chosen = language or translation.get_language_from_request(request)
    translation.activate(chosen)
    request.LANGUAGE_CODE = translation.get_language()
    timezone.activate(ZoneInfo(_zone_name(zone)))
    return request.LANGUAGE_CODE


class LanguageMiddleware:
    """Activates the request's language and time zone (after AuthenticationMiddleware); says which language
    the response is in (Content-Language) and that it depends on Accept-Language (Vary)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        stored = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        user = getattr(request, "user", None)
        if stored is None and user is not None and user.is_authenticated:
            stored = request.session[SESSION_KEY] = person_locale(user.pk)
        language, zone = stored if isinstance(stored, list) and len(stored) == 2 else ["", "UTC"]
        _activate(request, str(language), str(zone))
        try:
            response = self.get_response(request)
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        finally:
            # Nothing after this request (the next one on this thread, a test's own code) inherits them.
            translation.deactivate()
            timezone.deactivate()
        return response
