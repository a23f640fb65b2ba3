"""The organization admin's integrations settings: the LRS (with a live test) and webhook endpoints.

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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from skillpath import clock
from skillpath.integrations import setup
from skillpath.integrations.models import WebhookEndpoint
from skillpath.integrations.payloads import EVENTS
from skillpath.people.models import Person
from skillpath.people.selectors import access_person


class LrsForm(forms.Form):
    endpoint = forms.URLField(
        max_length=500,
        assume_scheme="https",
        label=_("Endpoint"),
        help_text=_("The xAPI base URL, e.g. https://lrs.example.com/xAPI"),
    )
    username = forms.CharField(max_length=200, label=_("Username"), help_text=_("The LRS key (HTTP basic user name)."))
    password = forms.CharField(
        max_length=500,
        required=False,
        label=_("Password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("The LRS secret. Stored, never shown; leave it empty to keep the stored one."),
    )
    enabled = forms.BooleanField(
        required=False, initial=True, label=_("Enabled"), help_text=_("Off: statements wait, nothing is sent.")
    )


class WebhookForm(forms.Form):
    url = forms.URLField(
        max_length=500, assume_scheme="https", label=_("URL"), help_text=_("Where SkillPath POSTs each event.")
    )
    events = forms.MultipleChoiceField(
        choices=[(e, e) for e in EVENTS],
        required=False,
        label=_("Events"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every event."),
    )
    enabled = forms.BooleanField(
        required=False, initial=True, label=_("Enabled"), help_text=_("Off: deliveries wait, nothing is sent.")
    )


def _admin(request: HttpRequest) -> Person:
    """The signed-in admin; anyone else gets "not found", so the page does not reveal that it exists."""
    try:
        person = access_person(request.user)
    except PermissionDenied as exc:
        raise Http404(gettext("no such page")) from exc
    if not person.is_admin:
        raise Http404(gettext("no such page"))
    return person


def _page(request: HttpRequest, admin: Person, status: int = 200, **extra: Any) -> HttpResponse:
    page = setup.integrations_page(admin.organization)
    lrs = page.lrs
    initial = {"endpoint": lrs.endpoint, "username": lrs.username, "enabled": lrs.enabled} if lrs else {}
    context: dict[str, Any] = {
        "organization": admin.organization,
        "page": page,
        "lrs_form": LrsForm(initial=initial),
        "webhook_form": WebhookForm(),
        **extra,
    }
    return render(request, "integrations/settings.html", context, status=status)


@login_required
@require_GET
def integrations(request: HttpRequest) -> HttpResponse:
    return _page(request, _admin(request))


@login_required
@require_POST
def lrs_save(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    form = LrsForm(request.POST)
    if not form.is_valid():
        return _page(request, admin, 422, lrs_form=form)
    try:
        setup.lrs_connection_save(admin.organization, **form.cleaned_data)
    except setup.SetupError as exc:
        form.add_error("password", str(exc))
        return _page(request, admin, 422, lrs_form=form)
    return redirect("integrations")


@login_required
@require_POST
def lrs_test(request: HttpRequest) -> HttpResponse:
    """Send a test statement now and show the LRS's answer."""
    admin = _admin(request)
    try:
        answer = setup.lrs_test_send(admin.organization, admin, public_url=settings.PUBLIC_URL, now=clock.now())
    except setup.SetupError as exc:
        return _page(request, admin, 422, lrs_error=str(exc))
    return _page(request, admin, lrs_answer=answer)


@login_required
@require_POST
def webhook_add(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    form = WebhookForm(request.POST)
    if not form.is_valid():
        return _page(request, admin, 422, webhook_form=form)
    endpoint, secret = setup.webhook_endpoint_add(admin.organization, **form.cleaned_data)
    return _page(request, admin, 201, new_secret=(endpoint, secret))  # shown once: not stored in a message


@login_required
@require_POST
def webhook_edit(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    admin = _admin(request)
    form = WebhookForm(request.POST)
    if not form.is_valid():
        return _page(request, admin, 422, edit_errors={endpoint_id: form.errors})
    try:
        setup.webhook_endpoint_update(admin.organization, endpoint_id, **form.cleaned_data)
    except WebhookEndpoint.DoesNotExist as exc:
        raise Http404(gettext("No such webhook endpoint.")) from exc
    return redirect("integrations")


@login_required
@require_POST
def webhook_rotate(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    admin = _admin(request)
    try:
        endpoint, secret = setup.webhook_secret_rotate(admin.organization, endpoint_id)
    except WebhookEndpoint.DoesNotExist as exc:
        raise Http404(gettext("No such webhook endpoint.")) from exc
    return _page(request, admin, new_secret=(endpoint, secret))


@login_required
@require_POST
def webhook_delete(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    admin = _admin(request)
    try:
        setup.webhook_endpoint_delete(admin.organization, endpoint_id)
    except WebhookEndpoint.DoesNotExist as exc:
        raise Http404(gettext("No such webhook endpoint.")) from exc
    return redirect("integrations")
