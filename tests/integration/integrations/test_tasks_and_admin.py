"""Delivery runs as tasks queued after the commit; retries are deferred; secrets never show in the admin."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tasks_db.models import DBTaskResult

from skillpath.integrations.models import LrsConnection, WebhookDelivery, WebhookEndpoint, XapiStatement
from skillpath.integrations.tasks import deliveries_kick_task, lrs_deliver_task
from skillpath.people.models import Person
from tests.integration.integrations.conftest import add_webhook, connect_lrs
from tests.integration.integrations.fakes import FakeReceiver
from tests.integration.learning_helpers import do_check

pytestmark = pytest.mark.django_db


def use_backend(settings: Any, backend: str) -> None:
    settings.TASKS = {"default": {"BACKEND": backend, "QUEUES": settings.TASK_QUEUES}}


def test_statements_and_webhooks_go_out_once_the_transaction_commits(
    lee: Person, now: datetime, receiver: FakeReceiver, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    use_backend(settings, "django_tasks.backends.immediate.ImmediateBackend")
    connect_lrs(lee, receiver.url)
    add_webhook(lee, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        do_check(lee, "basics", now)
    assert set(XapiStatement.objects.values_list("state", flat=True)) == {"sent"}
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {"sent"}
    assert len(receiver.stored) == XapiStatement.objects.count()


def test_a_failed_delivery_task_queues_its_retry_at_the_backoff_time(
    lee: Person, now: datetime, receiver: FakeReceiver, settings: Any
) -> None:
    use_backend(settings, "django_tasks_db.DatabaseBackend")
    connect_lrs(lee, receiver.url)
    do_check(lee, "basics", now)
    receiver.script = [503]
    outcome = lrs_deliver_task.call(lee.organization_id)
    assert outcome["sent"] == 0
    retry = DBTaskResult.objects.get()
    assert retry.task_path.endswith("lrs_deliver_task")
    assert retry.queue_name == "delivery"
    assert retry.run_after.isoformat() == outcome["retry_at"]
    assert retry.run_after == LrsConnection.objects.get().next_try_at


def test_the_kick_task_delivers_whatever_is_due(
    lee: Person, now: datetime, receiver: FakeReceiver, settings: Any
) -> None:
    use_backend(settings, "django_tasks.backends.immediate.ImmediateBackend")
    connect_lrs(lee, receiver.url)
    add_webhook(lee, receiver.url)
    do_check(lee, "basics", now)  # on_commit never fires inside a test transaction: nothing was queued
    assert deliveries_kick_task.call() == {"lrs": 1, "webhooks": 1}
    assert not XapiStatement.objects.filter(state="pending").exists()
    assert not WebhookDelivery.objects.filter(state="pending").exists()
    assert deliveries_kick_task.call() == {"lrs": 0, "webhooks": 0}


@pytest.fixture
def admin_client(client: Client) -> Client:
    admin = get_user_model().objects.create_superuser("root", "root@acme.example.com", "pw")
    client.force_login(admin)
    return client


def test_the_lrs_password_is_never_shown_and_kept_when_left_empty(lee: Person, admin_client: Client) -> None:
    connection = connect_lrs(lee, "https://lrs.acme.example.com")
    url = f"/admin/integrations/lrsconnection/{connection.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b"lrs-secret" not in page.content
    form = {
        "organization": lee.organization_id,
        "endpoint": "https://lrs2.acme.example.com/xAPI",
        "username": "skillpath",
        "password": "",
        "enabled": "on",
    }
    assert admin_client.post(url, form).status_code == 302
    connection.refresh_from_db()
    assert (connection.endpoint, connection.password) == ("https://lrs2.acme.example.com/xAPI", "lrs-secret")
    admin_client.post(url, {**form, "password": "rotated"})
    connection.refresh_from_db()
    assert connection.password == "rotated"
    assert b"rotated" not in admin_client.get(url).content
    assert b"rotated" not in admin_client.get("/admin/integrations/lrsconnection/").content


def test_the_webhook_secret_is_never_shown(lee: Person, admin_client: Client) -> None:
    endpoint = add_webhook(lee, "https://hooks.acme.example.com", secret="whsec-very-secret")
    url = f"/admin/integrations/webhookendpoint/{endpoint.pk}/change/"
    assert b"whsec-very-secret" not in admin_client.get(url).content
    form = {
        "organization": lee.organization_id,
        "url": "https://hooks.acme.example.com/v2",
        "secret": "",
        "events": ["certificate.issued"],
        "enabled": "on",
    }
    assert admin_client.post(url, form).status_code == 302
    endpoint = WebhookEndpoint.objects.get(pk=endpoint.pk)
    assert (endpoint.secret, endpoint.events) == ("whsec-very-secret", ["certificate.issued"])
