"""Delivering statements to an LRS (a fake one on loopback): order, backoff, nothing lost, each once."""

from __future__ import annotations

import base64
import json
import socket
from datetime import datetime, timedelta

import pytest

from skillpath.integrations.delivery import LEASE, lrs_deliver
from skillpath.integrations.models import LrsConnection, XapiStatement
from skillpath.people.models import Person
from tests.integration.integrations.conftest import connect_lrs
from tests.integration.integrations.fakes import FakeReceiver
from tests.integration.learning_helpers import do_check

pytestmark = pytest.mark.django_db


def outbox_ids() -> list[str]:
    return [str(i) for i in XapiStatement.objects.order_by("id").values_list("statement_id", flat=True)]


def states() -> set[str]:
    return set(XapiStatement.objects.values_list("state", flat=True))


def a_closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_statements_go_oldest_first_in_batches_with_the_xapi_headers(
    lee: Person, now: datetime, receiver: FakeReceiver
) -> None:
    connect_lrs(lee, receiver.url)
    do_check(lee, "basics", now)
    do_check(lee, "questions", now)
    expected = outbox_ids()
    report = lrs_deliver(lee.organization_id, now=now, batch_size=5)
    assert report.sent == len(expected) > 5  # more than one batch
    assert receiver.statement_ids() == expected
    assert len(receiver.received) == -(-len(expected) // 5)
    first = receiver.received[0]
    assert first.path == "/xAPI/statements"
    assert first.headers["X-Experience-API-Version"] == "1.0.3"
    assert first.headers["Authorization"] == "Basic " + base64.b64encode(b"skillpath:lrs-secret").decode()
    assert states() == {"sent"}
    assert not report.more
    assert list(receiver.stored) == expected


def test_an_lrs_answering_500_loses_nothing_and_is_retried_with_growing_delays(
    lee: Person, now: datetime, receiver: FakeReceiver
) -> None:
    connect_lrs(lee, receiver.url)
    do_check(lee, "basics", now)
    receiver.script = [500, 503]
    first = lrs_deliver(lee.organization_id, now=now)
    assert first.sent == 0
    assert first.retry_at == now + timedelta(seconds=30)
    assert states() == {"pending"}
    assert set(XapiStatement.objects.values_list("attempts", "last_error")) == {(1, 'HTTP 500: {"detail": "forced"}')}
    too_soon = lrs_deliver(lee.organization_id, now=now + timedelta(seconds=10))
    assert too_soon.skipped.startswith("waiting until")
    assert len(receiver.received) == 1
    second = lrs_deliver(lee.organization_id, now=first.retry_at)
    assert second.retry_at == first.retry_at + timedelta(seconds=60)
    assert LrsConnection.objects.get().failures == 2
    third = lrs_deliver(lee.organization_id, now=second.retry_at)
    assert third.sent == len(outbox_ids())
    connection = LrsConnection.objects.get()
    assert (connection.failures, connection.next_try_at, connection.last_error) == (0, None, "")
    assert list(receiver.stored) == outbox_ids()


def test_a_slow_lrs_that_stored_the_batch_gets_it_again_and_keeps_each_statement_once(
    lee: Person, now: datetime, receiver: FakeReceiver
) -> None:
    connect_lrs(lee, receiver.url)
    do_check(lee, "basics", now)
    receiver.script = ["store-then-timeout"]
    first = lrs_deliver(lee.organization_id, now=now)
    assert first.retry_at is not None
    assert XapiStatement.objects.get(verb="launched").last_error.startswith("no answer: ReadTimeout")
    assert states() == {"pending"}
    lrs_deliver(lee.organization_id, now=first.retry_at)
    assert states() == {"sent"}
    assert receiver.statement_ids() == outbox_ids() * 2  # resent after the lost answer...
    assert list(receiver.stored) == outbox_ids()  # ...and stored once


def test_an_lrs_that_is_down_loses_nothing_and_gets_everything_in_order_when_back(
    lee: Person, now: datetime, receiver: FakeReceiver
) -> None:
    connection = connect_lrs(lee, f"http://127.0.0.1:{a_closed_port()}")
    do_check(lee, "basics", now)
    down = lrs_deliver(lee.organization_id, now=now)
    assert down.retry_at is not None
    assert XapiStatement.objects.first().last_error.startswith("no answer: ConnectError")  # type: ignore[union-attr]
    do_check(lee, "questions", now + timedelta(minutes=5))  # activity goes on while the LRS is down
    LrsConnection.objects.filter(pk=connection.pk).update(endpoint=f"{receiver.url}/xAPI")  # it is back
    back = lrs_deliver(lee.organization_id, now=down.retry_at, batch_size=4)
    assert back.sent == len(outbox_ids())
    assert receiver.statement_ids() == outbox_ids()


def test_a_statement_the_lrs_refuses_is_set_aside_and_the_others_go_on(
    lee: Person, now: datetime, receiver: FakeReceiver
) -> None:
    connect_lrs(lee, receiver.url)
    receiver.reject = lambda s: s["verb"]["display"]["en-US"] == "passed"
    do_check(lee, "basics", now)
    report = lrs_deliver(lee.organization_id, now=now)
    refused = XapiStatement.objects.get(verb="passed")
    assert (refused.state, refused.attempts) == ("rejected", 2)  # in the batch, then alone
    assert refused.last_error.startswith("HTTP 400")
    assert report.rejected == 1
    assert report.sent == len(outbox_ids()) - 1
    assert list(receiver.stored) == [i for i in outbox_ids() if i != str(refused.statement_id)]
    do_check(lee, "questions", now)  # the queue is not blocked
    assert lrs_deliver(lee.organization_id, now=now).sent > 0
    assert XapiStatement.objects.filter(state="pending").count() == 0


def test_409_counts_as_sent_for_a_statement_and_splits_a_batch(
    lee: Person, now: datetime, receiver: FakeReceiver
) -> None:
    connect_lrs(lee, receiver.url)
    do_check(lee, "basics", now)
    count = len(outbox_ids())
    receiver.script = [409, 409]  # the batch, then its first statement alone
    report = lrs_deliver(lee.organization_id, now=now)
    assert report.sent == count
    assert states() == {"sent"}
    assert len(receiver.stored) == count - 1  # the 409 one: the LRS says it has it already


def test_a_wrong_password_keeps_statements_waiting_instead_of_throwing_them_away(
    lee: Person, now: datetime, receiver: FakeReceiver
) -> None:
    connect_lrs(lee, receiver.url)
    do_check(lee, "basics", now)
    receiver.script = [401]
    report = lrs_deliver(lee.organization_id, now=now)
    assert report.retry_at is not None
    assert states() == {"pending"}


def test_a_paused_or_busy_connection_sends_nothing(lee: Person, now: datetime, receiver: FakeReceiver) -> None:
    connection = connect_lrs(lee, receiver.url)
    do_check(lee, "basics", now)
    LrsConnection.objects.filter(pk=connection.pk).update(enabled=False)
    assert lrs_deliver(lee.organization_id, now=now).skipped == "paused"
    LrsConnection.objects.filter(pk=connection.pk).update(enabled=True, lease_until=now + LEASE)
    assert lrs_deliver(lee.organization_id, now=now).skipped.startswith("busy")
    assert lrs_deliver(lee.organization_id, now=now + LEASE).sent > 0  # an abandoned lease expires
    assert receiver.statement_ids() == outbox_ids()
    assert LrsConnection.objects.get().lease_until is None


def test_a_long_backlog_is_sent_over_several_runs(lee: Person, now: datetime, receiver: FakeReceiver) -> None:
    connect_lrs(lee, receiver.url)
    do_check(lee, "basics", now)
    first = lrs_deliver(lee.organization_id, now=now, batch_size=2, max_batches=2)
    assert (first.sent, first.more) == (4, True)
    while lrs_deliver(lee.organization_id, now=now, batch_size=2, max_batches=2).more:
        pass
    assert receiver.statement_ids() == outbox_ids()
    assert [json.loads(r.body)[0]["id"] for r in receiver.received][:2] == outbox_ids()[0:3:2]
