"""Where learning records and webhook events go, and the outboxes that carry them there.

Outbox rows are written in the same transaction as the event they describe and delivered later, in
order (by ``id``), by tasks. A target (an LRS connection, a webhook endpoint) keeps its own retry
state: consecutive failures and the next try time (exponential backoff), and a short lease so only one
worker delivers to it at a time.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillpath.people.models import Organization


class DeliveryTarget(models.Model):
    enabled = models.BooleanField(default=True, help_text="Off: events are still recorded, but not sent.")
    failures = models.PositiveIntegerField(default=0, help_text="Consecutive failed deliveries (LRS down, 5xx…).")
    next_try_at = models.DateTimeField(null=True, blank=True, help_text="No delivery before this (backoff).")
    last_error = models.TextField(blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, help_text="A worker is delivering until then.")
    lease_token = models.UUIDField(null=True, blank=True)

    class Meta:
        abstract = True


class OutboxEntry(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        REJECTED = "rejected", _("Refused by the receiver (not retried)")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0, help_text="Requests that carried this entry.")
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        abstract = True


class LrsConnection(DeliveryTarget):
    """An organization's Learning Record Store. The password is write-only: no page shows it back."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="lrs_connection")
    endpoint = models.URLField(max_length=500, help_text="The xAPI base URL; statements go to <endpoint>/statements.")
    username = models.CharField(max_length=200)
    password = models.CharField(max_length=500)

    class Meta:
        verbose_name = "LRS connection"

    def __str__(self) -> str:
        return f"{self.organization} → {self.endpoint}"


class XapiStatement(OutboxEntry):
    """One xAPI statement waiting for (or done with) delivery to the organization's LRS."""

    statement_id = models.UUIDField(unique=True)
    verb = models.CharField(max_length=40, help_text="Short verb name (launched, answered, passed…).")
    statement = models.JSONField()

    class Meta:
        verbose_name = "xAPI statement"
        indexes = [models.Index(fields=["organization", "state", "id"], name="xapi_outbox_queue")]

    def __str__(self) -> str:
        return f"{self.verb} {self.statement_id}"


class WebhookEndpoint(DeliveryTarget):
    """A URL that receives an organization's events, signed with ``secret`` (never shown back)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=200, help_text="Shared secret for the HMAC-SHA256 signature.")
    events = models.JSONField(
        default=list, blank=True, help_text="Event names to send (certificate.issued, level.reached, …); empty: all."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.url

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events


class WebhookDelivery(OutboxEntry):
    """One event for one endpoint. ``body`` is fixed when written, so every retry is byte-identical."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.UUIDField(unique=True)
    event = models.CharField(max_length=40)
    event_id = models.UUIDField(help_text="The same for every endpoint that receives this event.")
    body = models.TextField()
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["endpoint", "state", "id"], name="webhook_outbox_queue")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id}"
