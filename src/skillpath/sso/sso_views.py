"""Signing in through an organization's identity provider (OpenID Connect), and signing out of both.

``/accounts/sso/``: "Sign in with your organization" (its short name or your e-mail); ``…/<org>/start`` sends
the browser to the provider (code flow with PKCE, state and nonce); ``…/<org>/callback`` checks what comes back
(Authlib verifies state, the ID token's signature, issuer, audience, expiry and nonce) and signs the person in.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from joserfc.errors import JoseError

from skillpath import clock
from skillpath.ratelimits import throttled
from skillpath.sso import oidc

_SESSION = "sso"  # {org slug, id_token, end_session_endpoint}; set at sign-in, used at sign-out
_NEXT = "sso_next"


def _callback_url(slug: str) -> str:
    return f"{settings.PUBLIC_URL}{reverse('sso_callback', args=[slug])}"


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return reverse("today")


def _failed(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    return render(request, "sso/sign_in.html", {"error": message, "identifier": ""}, status=status)


@throttled("sso")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Find the organization by its short name or by the e-mail's domain, then off to its provider."""
    if request.method == "GET":
        return render(request, "sso/sign_in.html", {"identifier": "", "next": request.GET.get("next", "")})
    identifier = request.POST.get("organization", "")[:254]
    try:
        conn = oidc.connection_for(identifier)
    except oidc.SsoError as exc:
        context = {"error": str(exc), "identifier": identifier, "next": request.POST.get("next", "")}
        return render(request, "sso/sign_in.html", context, status=400)
    url = reverse("sso_start", args=[conn.organization.slug])
    nxt = request.POST.get("next", "")
    return redirect(f"{url}?{urlencode({'next': nxt})}" if nxt else url)


@throttled("sso")
@require_http_methods(["GET"])
def start(request: HttpRequest, org: str) -> HttpResponse:
    try:
        conn = oidc.enabled_connection(org)
        app = oidc.client(conn)
        request.session[_NEXT] = _safe_next(request, request.GET.get("next"))
        response: HttpResponse = app.authorize_redirect(request, _callback_url(org))
    except oidc.SsoError as exc:
        return _failed(request, str(exc), 404)
    return response


@require_http_methods(["GET"])
def callback(request: HttpRequest, org: str) -> HttpResponse:
    try:
        conn = oidc.enabled_connection(org)
        app = oidc.client(conn)
        token: dict[str, Any] = app.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if not claims:
            raise oidc.SsoError(_("the identity provider sent no ID token"))
        person = oidc.person_signed_in(conn, claims, now=clock.now())
    except oidc.SsoError as exc:
        return _failed(request, str(exc), 403)
    except AuthlibBaseError as exc:
        # state missing or not this session's, the provider's error answer, a refused code or PKCE verifier…
        error = getattr(exc, "error", None) or exc.__class__.__name__
        description = getattr(exc, "description", None)
        reason = f"{error}: {description}" if description else str(error)
        return _failed(
            request, _("the sign-in could not be checked ({reason}). Start again.").format(reason=reason), 400
        )
    except JoseError as exc:  # the ID token: signature, issuer, audience, expiry or nonce
        return _failed(
            request,
            _("the identity provider's ID token did not verify ({reason}). Start again.").format(reason=exc),
            400,
        )
    except requests.RequestException as exc:
        return _failed(
            request,
            _("the identity provider could not be reached ({reason})").format(reason=exc.__class__.__name__),
            502,
        )
    nxt = request.session.pop(_NEXT, None)
    login(request, person.user, backend="skillpath.people.backends.MemberBackend")
    request.session[_SESSION] = {
        "org": org,
        "id_token": token.get("id_token", ""),
        "end_session_endpoint": (conn.discovery or {}).get("end_session_endpoint", ""),
    }
    return HttpResponseRedirect(_safe_next(request, nxt))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out here; after a single sign-on, also at the provider (RP-initiated logout) when it offers it."""
    sso = request.session.get(_SESSION) or {}
    logout(request)
    back = f"{settings.PUBLIC_URL}{reverse('login')}"
    endpoint = sso.get("end_session_endpoint")
    if not endpoint:
        return redirect("login")
    try:
        app = oidc.client(oidc.enabled_connection(sso.get("org", "")))
    except oidc.SsoError:
        return redirect("login")
    result = app.create_logout_url(post_logout_redirect_uri=back, id_token_hint=sso.get("id_token") or None)
    return HttpResponseRedirect(result["url"])
