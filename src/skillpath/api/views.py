"""The API tokens page (under Settings): make a token (its secret shown once), see each one's last use,
revoke. A person sees their own tokens; an admin sees and revokes every token of the organization."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from skillpath import clock
from skillpath.api.models import ApiToken
from skillpath.api.problems import problem
from skillpath.api.selectors import TOKEN_START, tokens_visible
from skillpath.api.services import TokenInvalid, token_create, token_revoke
from skillpath.people.selectors import access_person


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    context: dict[str, Any] = {"person": person, "error": None, "error_field": "", "created": None, "form": {}}
    status = 200
    if request.method == "POST":
        try:
            context["created"] = token_create(
                person, request.POST.get("name", ""), request.POST.get("scope", ""), now=clock.now()
            )
        except TokenInvalid as exc:
            context.update(error=str(exc), error_field=exc.field, form=request.POST)
            status = 422
    scopes = [(v, label) for v, label in ApiToken.Scope.choices if v != ApiToken.Scope.ADMIN or person.is_admin]
    context.update(tokens=tokens_visible(person), scopes=scopes, token_start=TOKEN_START)
    response = render(request, "api/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the page may hold a token's secret
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if token_revoke(access_person(request.user), token_id, now=clock.now()) is None:
        raise Http404(_("no such token of yours"))
    return redirect("api_tokens")


@csrf_exempt  # it changes nothing: any method gets the same 404
def api_not_found(request: HttpRequest) -> HttpResponse:
    return problem(404, _("no API operation at {path}; see /api/v1/docs").format(path=request.path[:200]))
