"""Webhook payloads and signatures; the delivery rules (what is sent, retried or rejected; backoff)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from skillpath.integrations import payloads
from skillpath.integrations.delivery import MAX_DELAY, Verdict, retry_delay, verdict_for
from skillpath.integrations.statements import CertificateRef, Learner, SkillRef

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
LEE = Learner("7", "Lee Park", "lee@acme.example.com")


def test_the_signature_is_the_hex_hmac_sha256_of_the_raw_body() -> None:
    body = b'{"event":"level.reached"}'
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert payloads.signature("s3cret", body) == f"sha256={expected}"
    assert payloads.signature_valid("s3cret", body, f"sha256={expected}")
    assert not payloads.signature_valid("other", body, f"sha256={expected}")
    assert not payloads.signature_valid("s3cret", body + b" ", f"sha256={expected}")


def test_a_body_is_compact_sorted_json_with_the_event_envelope() -> None:
    event_id = uuid4()
    data = payloads.level_reached(LEE, SkillRef("mini-academy", "listening", "Listening"), 1, 2)
    text = payloads.body(payloads.LEVEL_REACHED, event_id, "acme", AT, data)
    assert text == payloads.body(payloads.LEVEL_REACHED, event_id, "acme", AT, data)
    parsed = json.loads(text)
    assert parsed["id"] == str(event_id)
    assert parsed["event"] == "level.reached"
    assert parsed["organization"] == "acme"
    assert parsed["occurred_at"] == "2026-03-02T09:30:00.000Z"
    assert parsed["data"]["level"] == 2
    assert parsed["data"]["level_name"] == "application"
    assert parsed["data"]["person"] == {"id": "7", "name": "Lee Park", "email": "lee@acme.example.com"}
    assert " " not in text.replace("Lee Park", "")


def test_a_certificate_payload_links_to_the_verifiable_credential() -> None:
    cert = CertificateRef(uuid4(), "Certified Seller", "seller", AT + timedelta(days=365))
    data = payloads.certificate_issued(LEE, cert, AT, "https://learn.acme.example.com/")
    assert data["certificate"]["url"] == f"https://learn.acme.example.com/credentials/{cert.id}/"
    assert data["certificate"]["credential"] == f"https://learn.acme.example.com/credentials/{cert.id}.json"
    assert data["certificate"]["valid_until"] == "2027-03-02T09:30:00.000Z"


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (200, Verdict.SENT),
        (204, Verdict.SENT),
        (409, Verdict.SENT),
        (400, Verdict.REJECT),
        (413, Verdict.REJECT),
        (422, Verdict.REJECT),
        (401, Verdict.RETRY),  # a wrong password must not throw statements away
        (404, Verdict.RETRY),
        (429, Verdict.RETRY),
        (302, Verdict.RETRY),
        (500, Verdict.RETRY),
        (503, Verdict.RETRY),
    ],
)
def test_each_answer_is_sent_retried_or_rejected(status: int, verdict: Verdict) -> None:
    assert verdict_for(status) is verdict


def test_the_retry_delay_doubles_from_30_seconds_up_to_an_hour() -> None:
    delays = [retry_delay(n).total_seconds() for n in range(1, 10)]
    assert delays[:6] == [30, 60, 120, 240, 480, 960]
    assert max(delays) == MAX_DELAY.total_seconds() == 3600
    assert all(a <= b for a, b in itertools.pairwise(delays))
