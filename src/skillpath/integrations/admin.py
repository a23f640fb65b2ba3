"""Admin pages for LRS connections, webhook endpoints and their outboxes.

The LRS password and the webhook secret are write-only: the form never renders them back; leaving
the field empty keeps the stored value.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from skillpath.integrations.models import LrsConnection, WebhookDelivery, WebhookEndpoint, XapiStatement
from skillpath.integrations.payloads import EVENTS

RETRY_FIELDS = ("failures", "next_try_at", "last_error", "last_success_at")


class _WriteOnlyForm(forms.ModelForm[Any]):
    """A model form whose ``write_only`` field is never shown and, left empty, keeps its value."""

    write_only = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields[self.write_only]
        field.widget = forms.PasswordInput(render_value=False)
        if self.instance.pk:
            field.required = False
            field.help_text = "Stored, never shown. Leave empty to keep it; type a new one to replace it."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk and not data.get(self.write_only):
            data[self.write_only] = getattr(type(self.instance).objects.get(pk=self.instance.pk), self.write_only)
        return data


class LrsConnectionForm(_WriteOnlyForm):
    write_only = "password"
    endpoint = forms.URLField(assume_scheme="https", max_length=500, help_text="The xAPI base URL: …/xAPI")

    class Meta:
        model = LrsConnection
        fields = ["organization", "endpoint", "username", "password", "enabled"]


class WebhookEndpointForm(_WriteOnlyForm):
    write_only = "secret"
    url = forms.URLField(assume_scheme="https", max_length=500)
    events = forms.MultipleChoiceField(
        choices=[(e, e) for e in EVENTS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every event.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["organization", "url", "secret", "events", "enabled"]


@admin.register(LrsConnection)
class LrsConnectionAdmin(admin.ModelAdmin[LrsConnection]):
    form = LrsConnectionForm
    list_display = ("organization", "endpoint", "enabled", "failures", "next_try_at", "last_success_at")
    readonly_fields = RETRY_FIELDS


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin[WebhookEndpoint]):
    form = WebhookEndpointForm
    list_display = ("url", "organization", "enabled", "failures", "next_try_at", "last_success_at")
    readonly_fields = RETRY_FIELDS


class _OutboxAdmin(admin.ModelAdmin[Any]):
    """Read-only: the outboxes are written by events and emptied by delivery."""

    list_filter = ("state",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(XapiStatement)
class XapiStatementAdmin(_OutboxAdmin):
    list_display = ("statement_id", "organization", "verb", "state", "attempts", "created_at", "sent_at", "last_error")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(_OutboxAdmin):
    list_display = ("delivery_id", "endpoint", "event", "state", "attempts", "response_status", "created_at")
