"""The admins' SSO page: the organization's OpenID Connect provider and its SCIM tokens.

Admins only: anyone else gets "not found". Each view parses a form, makes one service call and renders the page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from skillpath import clock
from skillpath.people.models import Person
from skillpath.people.selectors import access_person
from skillpath.sso import oidc, scim


class OidcForm(forms.Form):
    issuer = forms.URLField(
        max_length=500,
        assume_scheme="https",
        label=_("Issuer"),
        help_text=_("The provider's issuer URL; SkillPath reads /.well-known/openid-configuration under it."),
    )
    client_id = forms.CharField(max_length=255, label=_("Client id"))
    client_secret = forms.CharField(
        max_length=500,
        required=False,
        label=_("Client secret"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted, never shown; leave it empty to keep the stored one."),
    )
    email_domains = forms.CharField(
        max_length=1000,
        required=False,
        label=_("E-mail domains"),
        help_text=_("Comma-separated, e.g. example.com: people who type such an address sign in here."),
    )
    enabled = forms.BooleanField(
        required=False, initial=True, label=_("Enabled"), help_text=_("Off: nobody signs in through it.")
    )
    create_people = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Create people at first sign-in"),
        help_text=_("Off: only people already in SkillPath can sign in."),
    )
    sso_only = forms.BooleanField(
        required=False,
        label=_("Single sign-on only"),
        help_text=_("The organization's people cannot sign in with a password."),
    )


class TokenForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name"), help_text=_("What will use it, e.g. Workday or Entra ID."))


def _admin(request: HttpRequest) -> Person:
    try:
        person = access_person(request.user)
    except PermissionDenied as exc:
        raise Http404(gettext("no such page")) from exc
    if not person.is_admin:
        raise Http404(gettext("no such page"))
    return person


def _page(request: HttpRequest, admin: Person, status: int = 200, **extra: Any) -> HttpResponse:
    org = admin.organization
    conn = oidc.connection_of(org)
    initial = (
        {
            "issuer": conn.issuer,
            "client_id": conn.client_id,
            "email_domains": ", ".join(conn.email_domains),
            "enabled": conn.enabled,
            "create_people": conn.create_people,
            "sso_only": conn.sso_only,
        }
        if conn
        else {}
    )
    context: dict[str, Any] = {
        "organization": org,
        "connection": conn,
        "callback_url": f"{settings.PUBLIC_URL}{reverse('sso_callback', args=[org.slug])}",
        "logout_url": f"{settings.PUBLIC_URL}{reverse('login')}",
        "scim_url": f"{settings.PUBLIC_URL}/scim/v2",
        "oidc_form": extra.pop("oidc_form", None) or OidcForm(initial=initial),
        "token_form": extra.pop("token_form", None) or TokenForm(),
        "tokens": scim.tokens_of(org),
        **extra,
    }
    return render(request, "sso/settings.html", context, status=status)


@login_required
@require_GET
def sso_settings(request: HttpRequest) -> HttpResponse:
    return _page(request, _admin(request))


@login_required
@require_POST
def oidc_save(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    form = OidcForm(request.POST)
    if not form.is_valid():
        return _page(request, admin, 400, oidc_form=form)
    data = form.cleaned_data
    spec = oidc.ConnectionSpec(
        issuer=data["issuer"],
        client_id=data["client_id"],
        client_secret=data["client_secret"],
        email_domains=data["email_domains"].split(","),
        enabled=data["enabled"],
        sso_only=data["sso_only"],
        create_people=data["create_people"],
    )
    try:
        oidc.connection_save(admin.organization, spec, now=clock.now())
    except oidc.SsoError as exc:
        form.add_error(None, str(exc))
        return _page(request, admin, 400, oidc_form=form)
    return redirect("sso_settings")


@login_required
@require_POST
def token_add(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, admin, 400, token_form=form)
    token, raw = scim.token_create(admin.organization, form.cleaned_data["name"], by=admin, now=clock.now())
    return _page(request, admin, new_token=(token, raw))


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    admin = _admin(request)
    if not scim.token_revoke(admin.organization, token_id, now=clock.now()):
        raise Http404(gettext("no such token"))
    return redirect("sso_settings")
