"""An organization's integration targets, as its admins set them up: the LRS and webhook endpoints.

Writes (``*_save``, ``*_add``, ``*_rotate``, ``*_delete``: one transaction each) and reads (``integrations_page``),
all scoped to the admin's organization. Secrets are write-only: a webhook secret is shown once, when it is made
(adding or rotating), and an LRS password never.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from uuid import uuid4

from django.db import transaction
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from skillpath.integrations import statements as st
from skillpath.integrations.delivery import XAPI_VERSION, statements_url
from skillpath.integrations.models import LrsConnection, WebhookDelivery, WebhookEndpoint, XapiStatement
from skillpath.integrations.payloads import EVENTS
from skillpath.integrations.sending import OutgoingRequest, Unreachable, current_sender
from skillpath.people.models import Organization, Person

LOG_SIZE = 20  # deliveries shown per endpoint


class SetupError(ValueError):
    """A settings change that cannot be made; the message says why."""


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


@transaction.atomic
def lrs_connection_save(org: Organization, *, endpoint: str, username: str, password: str, enabled: bool) -> None:
    """Create or change the organization's LRS connection; an empty password keeps the stored one."""
    conn = LrsConnection.objects.select_for_update().filter(organization=org).first()
    if conn is None and not password:
        raise SetupError(_("give the LRS password (or key secret) the first time"))
    conn = conn or LrsConnection(organization=org)
    conn.endpoint, conn.username, conn.enabled = endpoint, username, enabled
    if password:
        conn.password = password
    if enabled:
        conn.next_try_at = None  # a changed connection is tried at once, not after the old backoff
    conn.save()


@dataclass(frozen=True)
class LrsAnswer:
    ok: bool
    status: int | None
    text: str  # the LRS's answer (or why there was none)
    statement_id: str


def lrs_test_send(org: Organization, admin: Person, *, public_url: str, now: datetime) -> LrsAnswer:
    """Send one connection-test statement to the organization's LRS now and report what it answered."""
    conn = LrsConnection.objects.filter(organization=org).first()
    if conn is None:
        raise SetupError(_("save the LRS connection first"))
    sid = uuid4()
    learner = st.Learner(str(admin.pk), admin.name, admin.user.email or admin.user.get_username())
    statement = st.connection_tested(st.Vocabulary(public_url, org.slug), sid, learner, now)
    body = json.dumps([statement], separators=(",", ":")).encode()
    request = OutgoingRequest(
        statements_url(conn.endpoint), body, {"X-Experience-API-Version": XAPI_VERSION}, (conn.username, conn.password)
    )
    try:
        response = current_sender()(request)
    except Unreachable as exc:
        return LrsAnswer(False, None, _("No answer: {reason}").format(reason=exc), str(sid))
    return LrsAnswer(200 <= response.status < 300, response.status, response.text[:1000], str(sid))


def _events(chosen: list[str]) -> list[str]:
    unknown = sorted(set(chosen) - set(EVENTS))
    if unknown:
        raise SetupError(
            _("unknown events: {unknown}; choose among {events}").format(
                unknown=", ".join(unknown), events=", ".join(EVENTS)
            )
        )
    return [e for e in EVENTS if e in chosen]


@transaction.atomic
def webhook_endpoint_add(
    org: Organization, *, url: str, events: list[str], enabled: bool
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint with a fresh secret; the secret is returned to be shown once."""
    secret = new_secret()
    endpoint = WebhookEndpoint.objects.create(
        organization=org, url=url, secret=secret, events=_events(events), enabled=enabled
    )
    return endpoint, secret


def _endpoint(org: Organization, endpoint_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.select_for_update().filter(organization=org, pk=endpoint_id).first()
    if endpoint is None:
        raise WebhookEndpoint.DoesNotExist(f"no webhook endpoint {endpoint_id} in this organization")
    return endpoint


@transaction.atomic
def webhook_endpoint_update(org: Organization, endpoint_id: int, *, url: str, events: list[str], enabled: bool) -> None:
    endpoint = _endpoint(org, endpoint_id)
    endpoint.url, endpoint.events, endpoint.enabled = url, _events(events), enabled
    if enabled:
        endpoint.next_try_at = None
    endpoint.save()


@transaction.atomic
def webhook_secret_rotate(org: Organization, endpoint_id: int) -> tuple[WebhookEndpoint, str]:
    """Replace the endpoint's secret; every delivery from now on (retries too) is signed with the new one."""
    endpoint = _endpoint(org, endpoint_id)
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint, endpoint.secret


@transaction.atomic
def webhook_endpoint_delete(org: Organization, endpoint_id: int) -> None:
    _endpoint(org, endpoint_id).delete()


# --- reads ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EndpointView:
    endpoint: WebhookEndpoint
    pending: int
    deliveries: list[WebhookDelivery] = field(default_factory=list)


@dataclass(frozen=True)
class IntegrationsPage:
    lrs: LrsConnection | None
    lrs_pending: int
    lrs_rejected: int
    endpoints: list[EndpointView]
    events: tuple[str, ...] = EVENTS


def integrations_page(org: Organization) -> IntegrationsPage:
    """Everything the settings page shows, in a fixed number of queries whatever the number of endpoints."""
    lrs = LrsConnection.objects.filter(organization=org).first()
    counts = XapiStatement.objects.filter(organization=org).aggregate(
        pending=Count("pk", filter=Q(state=XapiStatement.State.PENDING)),
        rejected=Count("pk", filter=Q(state=XapiStatement.State.REJECTED)),
    )
    endpoints = list(
        WebhookEndpoint.objects.filter(organization=org)
        .annotate(pending=Count("deliveries", filter=Q(deliveries__state=WebhookDelivery.State.PENDING)))
        .order_by("pk")
    )
    recent = (
        WebhookDelivery.objects.filter(endpoint__organization=org)
        .annotate(rank=Window(RowNumber(), partition_by=[F("endpoint_id")], order_by=F("id").desc()))
        .filter(rank__lte=LOG_SIZE)
        .order_by("endpoint_id", "-id")
    )
    by_endpoint: dict[int, list[WebhookDelivery]] = {}
    for delivery in recent:
        by_endpoint.setdefault(delivery.endpoint_id, []).append(delivery)
    views = [EndpointView(e, e.pending, by_endpoint.get(e.pk, [])) for e in endpoints]
    return IntegrationsPage(lrs, counts["pending"], counts["rejected"], views)
