"""The first-run welcome: the person's role path, the daily session, why ideas come back; then Today."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from skillpath import clock
from skillpath.learning.curricula import curriculum_for
from skillpath.learning.selectors import budget_minutes
from skillpath.people.models import Person
from skillpath.people.selectors import access_person
from skillpath.people.services import SettingsInvalid
from skillpath.people.welcome import needs_welcome, welcome_complete


def _stage_modules(name: str, count: int) -> str:
    """ "3 foundation modules", in the person's language."""
    if name == "foundation":
        text = ngettext("{count} foundation module", "{count} foundation modules", count)
    elif name == "application":
        text = ngettext("{count} application module", "{count} application modules", count)
    elif name == "mastery":
        text = ngettext("{count} mastery module", "{count} mastery modules", count)
    elif name == "reinforcement":
        text = ngettext("{count} reinforcement module", "{count} reinforcement modules", count)
    else:
        text = ngettext("{count} {name} module", "{count} {name} modules", count)
    return text.format(count=count, name=name)


def _listing(items: list[str]) -> str:
    """ "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _paths(person: Person) -> list[dict[str, Any]]:
    """Each role's path in words: its stages with their module counts, and the first module."""
    c = curriculum_for(person)
    out = []
    for path in c.paths:
        stages = _listing([_stage_modules(name, len(ids)) for name, ids in path.stages if ids])
        first = path.module_ids()[0] if path.module_ids() else None
        out.append({"title": path.title, "stages": stages, "first": c.title(first) if first else None})
    return out


@login_required
@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    if not needs_welcome(person):
        return redirect("today")
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            welcome_complete(person, request.POST, now=clock.now())
            return redirect("today")
        except SettingsInvalid as exc:
            errors = exc.errors
    context = {
        "person": person,
        "paths": _paths(person),
        "budget": budget_minutes(person),
        "errors": errors,
        "form": request.POST if errors else None,
    }
    return render(request, "web/welcome.html", context, status=422 if errors else 200)
