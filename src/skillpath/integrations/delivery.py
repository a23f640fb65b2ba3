"""Delivering the outboxes: xAPI statements to an organization's LRS, events to webhook endpoints.

Rules (the same for both):
- oldest first (outbox ``id`` order); one worker per target at a time (a lease on the target row);
- 2xx, and 409 for a single statement (the LRS already has that statement id), count as sent;
- no answer, a timeout, 5xx, 3xx, or a status that says the *target* is wrong or busy (401, 403, 404,
  405, 407, 408, 421, 425, 429): nothing is lost; entries stay pending, the target records the error
  and waits ``retry_delay(failures)`` (exponential, capped) before the next try;
- any other 4xx is about the entry itself: it is marked rejected with the error, and delivery moves
  on (a batch of statements that gets one, or a 409, is resent one by one to find the culprit).
Statement ids and delivery ids are fixed when written, so a resend after a lost answer is recognised.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from django.db import models, transaction
from django.db.models import F, Q

from skillpath.integrations import payloads
from skillpath.integrations.models import DeliveryTarget, LrsConnection, WebhookDelivery, WebhookEndpoint, XapiStatement
from skillpath.integrations.sending import OutgoingRequest, Sender, Unreachable, current_sender

XAPI_VERSION = "1.0.3"
BATCH_SIZE = 50
MAX_BATCHES = 20  # per task run; the task queues itself again while statements remain
MAX_WEBHOOKS = 100
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)
LEASE = timedelta(minutes=10)  # longer than a run can take (MAX_BATCHES × the sender's timeout)
TARGET_STATUSES = {401, 403, 404, 405, 407, 408, 421, 425, 429}
State = XapiStatement.State
PENDING = State.PENDING


class Verdict(Enum):
    SENT = "sent"
    RETRY = "retry"
    REJECT = "reject"


def verdict_for(status: int) -> Verdict:
    if 200 <= status < 300 or status == 409:
        return Verdict.SENT
    if 400 <= status < 500 and status not in TARGET_STATUSES:
        return Verdict.REJECT
    return Verdict.RETRY


def retry_delay(failures: int) -> timedelta:
    """30 s after the first failure, doubling each time, never more than an hour."""
    delay: timedelta = BASE_DELAY * 2 ** max(0, failures - 1)
    return min(MAX_DELAY, delay)


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    rejected: int = 0
    retry_at: datetime | None = None  # the target failed: the next try is due then
    more: bool = False  # entries are still pending: deliver again now
    skipped: str = ""  # why nothing was tried

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["retry_at"] = self.retry_at.isoformat() if self.retry_at else None
        return data


@dataclass
class _Run:
    target: DeliveryTarget
    now: datetime
    send: Sender
    sent: int = 0
    rejected: int = 0
    retry_at: datetime | None = None


def _skip_reason(target: DeliveryTarget | None, now: datetime) -> str:
    if target is None:
        return "not configured"
    if not target.enabled:
        return "paused"
    if target.next_try_at is not None and now < target.next_try_at:
        return f"waiting until {target.next_try_at.isoformat()}"
    return ""


def _claim(target: DeliveryTarget, now: datetime) -> UUID | None:
    token = uuid4()
    free = Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    claimed = (
        type(target)._default_manager.filter(free, pk=target.pk).update(lease_until=now + LEASE, lease_token=token)
    )
    return token if claimed else None


def _release(target: DeliveryTarget, token: UUID) -> None:
    type(target)._default_manager.filter(pk=target.pk, lease_token=token).update(lease_until=None, lease_token=None)


def _target_ok(run: _Run) -> None:
    run.target.failures = 0
    type(run.target)._default_manager.filter(pk=run.target.pk).update(
        failures=0, next_try_at=None, last_error="", last_success_at=run.now
    )


def _target_failed(run: _Run, error: str) -> None:
    run.target.failures += 1
    run.retry_at = run.now + retry_delay(run.target.failures)
    type(run.target)._default_manager.filter(pk=run.target.pk).update(
        failures=run.target.failures, next_try_at=run.retry_at, last_error=error[:2000]
    )


def _settle(model: type[models.Model], ids: list[int], verdict: Verdict, run: _Run, error: str, **extra: Any) -> None:
    """Record one request's outcome on its outbox entries and on the target."""
    with transaction.atomic():
        rows = model._default_manager.filter(pk__in=ids)
        if verdict is Verdict.SENT:
            rows.update(state=State.SENT, sent_at=run.now, attempts=F("attempts") + 1, last_error="", **extra)
            run.sent += len(ids)
            _target_ok(run)
        elif verdict is Verdict.REJECT:
            rows.update(state=State.REJECTED, attempts=F("attempts") + 1, last_error=error[:2000], **extra)
            run.rejected += len(ids)
            _target_ok(run)  # the target answered; the entry was at fault
        else:
            rows.update(attempts=F("attempts") + 1, last_error=error[:2000], **extra)
            _target_failed(run, error)


def _post(run: _Run, request: OutgoingRequest) -> tuple[Verdict, str, int | None]:
    try:
        response = run.send(request)
    except Unreachable as exc:
        return Verdict.RETRY, f"no answer: {exc}", None
    verdict = verdict_for(response.status)
    error = "" if verdict is Verdict.SENT else f"HTTP {response.status}: {response.text[:500]}".strip()
    return verdict, error, response.status


# --- xAPI -----------------------------------------------------------------------------------------


def statements_url(endpoint: str) -> str:
    return endpoint.rstrip("/") + "/statements"


def _send_statements(run: _Run, conn: LrsConnection, batch: list[XapiStatement]) -> bool:
    """Send a batch; False when the LRS failed (stop and retry later)."""
    request = OutgoingRequest(
        statements_url(conn.endpoint),
        json.dumps([s.statement for s in batch], separators=(",", ":")).encode(),
        {"X-Experience-API-Version": XAPI_VERSION},
        (conn.username, conn.password),
    )
    verdict, error, status = _post(run, request)
    if len(batch) > 1 and (verdict is Verdict.REJECT or status == 409):
        # One statement is at fault (or conflicts), and the LRS stored none of the batch: find it.
        XapiStatement.objects.filter(pk__in=[s.pk for s in batch]).update(attempts=F("attempts") + 1)
        return all(_send_statements(run, conn, [one]) for one in batch)
    _settle(XapiStatement, [s.pk for s in batch], verdict, run, error)
    return verdict is not Verdict.RETRY


def pending_statements(organization_id: int) -> models.QuerySet[XapiStatement]:
    return XapiStatement.objects.filter(organization_id=organization_id, state=PENDING).order_by("id")


def lrs_deliver(
    organization_id: int,
    *,
    now: datetime,
    send: Sender | None = None,
    batch_size: int = BATCH_SIZE,
    max_batches: int = MAX_BATCHES,
) -> DeliveryReport:
    """Send the organization's pending statements to its LRS, oldest first, in batches."""
    conn = LrsConnection.objects.filter(organization_id=organization_id).first()
    reason = _skip_reason(conn, now)
    if conn is None or reason:
        return DeliveryReport(skipped=reason)
    token = _claim(conn, now)
    if token is None:
        return DeliveryReport(skipped="busy: another worker is delivering")
    run = _Run(conn, now, send or current_sender())
    try:
        for _ in range(max_batches):
            batch = list(pending_statements(organization_id)[:batch_size])
            if not batch or not _send_statements(run, conn, batch):
                break
    finally:
        _release(conn, token)
    more = run.retry_at is None and pending_statements(organization_id).exists()
    return DeliveryReport(run.sent, run.rejected, run.retry_at, more)


# --- webhooks -------------------------------------------------------------------------------------


def webhook_request(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> OutgoingRequest:
    raw = delivery.body.encode()
    headers = {
        payloads.SIGNATURE_HEADER: payloads.signature(endpoint.secret, raw),
        payloads.EVENT_HEADER: delivery.event,
        payloads.DELIVERY_HEADER: str(delivery.delivery_id),
    }
    return OutgoingRequest(endpoint.url, raw, headers)


def pending_deliveries(endpoint_id: int) -> models.QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(endpoint_id=endpoint_id, state=PENDING).order_by("id")


def webhook_deliver(
    endpoint_id: int, *, now: datetime, send: Sender | None = None, max_deliveries: int = MAX_WEBHOOKS
) -> DeliveryReport:
    """Send the endpoint's pending deliveries, oldest first, one request each, signed."""
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    reason = _skip_reason(endpoint, now)
    if endpoint is None or reason:
        return DeliveryReport(skipped=reason)
    token = _claim(endpoint, now)
    if token is None:
        return DeliveryReport(skipped="busy: another worker is delivering")
    run = _Run(endpoint, now, send or current_sender())
    try:
        for delivery in pending_deliveries(endpoint_id)[:max_deliveries]:
            verdict, error, status = _post(run, webhook_request(endpoint, delivery))
            _settle(WebhookDelivery, [delivery.pk], verdict, run, error, response_status=status)
            if verdict is Verdict.RETRY:
                break
    finally:
        _release(endpoint, token)
    more = run.retry_at is None and pending_deliveries(endpoint_id).exists()
    return DeliveryReport(run.sent, run.rejected, run.retry_at, more)


def targets_due(now: datetime) -> tuple[list[int], list[int]]:
    """Organizations (by id) whose LRS and webhook endpoints (by id) have pending entries due now."""
    due = Q(enabled=True) & (Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
    pending_orgs = XapiStatement.objects.filter(state=PENDING).values("organization_id")
    orgs = LrsConnection.objects.filter(due, organization_id__in=pending_orgs).values_list("organization_id", flat=True)
    pending_endpoints = WebhookDelivery.objects.filter(state=PENDING).values("endpoint_id")
    endpoints = WebhookEndpoint.objects.filter(due, pk__in=pending_endpoints).values_list("pk", flat=True)
    return sorted(orgs), sorted(endpoints)
