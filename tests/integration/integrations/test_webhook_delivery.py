"""Delivering webhook events (to a receiver on loopback): signed, in order, retried, never blocked."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta

import pytest

from skillpath.integrations.delivery import webhook_deliver
from skillpath.integrations.models import WebhookDelivery, WebhookEndpoint
from skillpath.integrations.payloads import signature_valid
from skillpath.people.models import Person
from tests.integration.integrations.conftest import add_webhook
from tests.integration.integrations.fakes import FakeReceiver
from tests.integration.learning_helpers import do_check

pytestmark = pytest.mark.django_db


def events_made(lee: Person, now: datetime) -> None:
    do_check(lee, "basics", now)  # level.reached
    do_check(lee, "questions", now)  # milestone.reached (level 2 waits for a recall a day later)


def test_every_delivery_is_signed_with_the_endpoints_secret_and_sent_in_order(
    lee: Person, now: datetime, receiver: FakeReceiver
) -> None:
    endpoint = add_webhook(lee, receiver.url, secret="whsec-acme")
    events_made(lee, now)
    report = webhook_deliver(endpoint.pk, now=now)
    deliveries = list(WebhookDelivery.objects.filter(endpoint=endpoint).order_by("id"))
    assert report.sent == len(deliveries) == len(receiver.received) == 2
    for delivery, request in zip(deliveries, receiver.received, strict=True):
        assert request.path == "/hooks"
        assert request.body == delivery.body.encode()
        expected = "sha256=" + hmac.new(b"whsec-acme", request.body, hashlib.sha256).hexdigest()
        assert request.headers["X-SkillPath-Signature"] == expected
        assert signature_valid("whsec-acme", request.body, request.headers["X-SkillPath-Signature"])
        assert not signature_valid("someone-else", request.body, request.headers["X-SkillPath-Signature"])
        assert request.headers["X-SkillPath-Event"] == delivery.event == json.loads(request.body)["event"]
        assert request.headers["X-SkillPath-Delivery"] == str(delivery.delivery_id)
        assert request.headers["Content-Type"] == "application/json"
    assert [d.event for d in deliveries] == ["level.reached", "milestone.reached"]
    assert {(d.state, d.response_status, d.attempts) for d in deliveries} == {("sent", 200, 1)}


def test_a_failing_receiver_gets_the_same_signed_bytes_again_after_a_backoff(
    lee: Person, now: datetime, receiver: FakeReceiver
) -> None:
    endpoint = add_webhook(lee, receiver.url)
    events_made(lee, now)
    receiver.script = [500, "timeout"]
    first = webhook_deliver(endpoint.pk, now=now)
    assert (first.sent, first.retry_at) == (0, now + timedelta(seconds=30))
    assert first.retry_at is not None
    second = webhook_deliver(endpoint.pk, now=first.retry_at)
    assert second.retry_at == first.retry_at + timedelta(seconds=60)
    head = WebhookDelivery.objects.order_by("id").first()
    assert head is not None
    assert (head.state, head.attempts) == ("pending", 2)
    assert head.last_error.startswith("no answer")
    assert WebhookEndpoint.objects.get().failures == 2
    third = webhook_deliver(endpoint.pk, now=second.retry_at)
    assert third.sent == 2
    tries = [r for r in receiver.received if r.headers["X-SkillPath-Delivery"] == str(head.delivery_id)]
    assert len(tries) == 3
    assert len({(r.body, r.headers["X-SkillPath-Signature"]) for r in tries}) == 1


def test_a_delivery_the_receiver_refuses_is_set_aside_and_the_next_goes(
    lee: Person, now: datetime, receiver: FakeReceiver
) -> None:
    endpoint = add_webhook(lee, receiver.url)
    events_made(lee, now)
    receiver.script = [422]
    report = webhook_deliver(endpoint.pk, now=now)
    assert (report.sent, report.rejected, report.retry_at) == (1, 1, None)
    refused = WebhookDelivery.objects.order_by("id").first()
    assert refused is not None
    assert (refused.state, refused.response_status) == ("rejected", 422)


def test_a_paused_endpoint_keeps_its_deliveries_until_it_is_enabled(
    lee: Person, now: datetime, receiver: FakeReceiver
) -> None:
    endpoint = add_webhook(lee, receiver.url)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(enabled=False)
    events_made(lee, now)
    assert webhook_deliver(endpoint.pk, now=now).skipped == "paused"
    assert not receiver.received
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(enabled=True)
    assert webhook_deliver(endpoint.pk, now=now).sent == 2
