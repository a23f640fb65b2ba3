"""The organization admin's Integrations page: LRS connection with a live test, webhook endpoints with secret
rotation and a delivery log. Admins of the organization only."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any
from uuid import uuid4

import pytest
from django.test import Client
from ralph.models.xapi.base.statements import BaseXapiStatement

from skillpath.integrations.models import LrsConnection, WebhookDelivery, WebhookEndpoint
from skillpath.integrations.payloads import signature_valid
from skillpath.integrations.profile import statement_problems, xapi_profile
from skillpath.integrations.sending import http_send, use_sender
from skillpath.people.models import Person
from tests.integration.integrations.fakes import FakeReceiver, fake_receiver
from tests.integration.learning_helpers import learner

pytestmark = pytest.mark.django_db
PAGE = "/settings/integrations/"


@pytest.fixture
def admin(now: datetime) -> Person:
    person = learner(now, "acme", "ada@acme.example.com")
    Person.objects.filter(pk=person.pk).update(is_admin=True)
    person.refresh_from_db()
    return person


@pytest.fixture
def signed_in(client: Client, admin: Person) -> Client:
    client.force_login(admin.user)
    return client


@pytest.fixture
def receiver() -> Iterator[FakeReceiver]:
    with fake_receiver() as fake, use_sender(partial(http_send, timeout=0.5)):
        yield fake


def test_only_admins_of_the_organization_see_the_page_and_the_navigation_link(
    client: Client, admin: Person, now: datetime
) -> None:
    lee = learner(now, "acme", "lee@acme.example.com")
    client.force_login(lee.user)
    assert client.get(PAGE).status_code == 404
    assert 'href="/settings/integrations/"' not in client.get("/settings/").content.decode()
    assert client.post("/settings/integrations/lrs", {"endpoint": "https://x.example"}).status_code == 404
    client.force_login(admin.user)
    assert 'href="/settings/integrations/"' in client.get("/settings/").content.decode()
    assert client.get(PAGE).status_code == 200
    client.logout()
    assert client.get(PAGE).status_code == 302  # to sign in


def test_the_lrs_password_is_needed_once_never_shown_and_kept_when_left_empty(signed_in: Client, admin: Person) -> None:
    form = {"endpoint": "https://lrs.acme.example.com/xAPI", "username": "key", "password": "", "enabled": "on"}
    response = signed_in.post("/settings/integrations/lrs", form)
    assert response.status_code == 422 and "give the LRS password" in response.content.decode()
    signed_in.post("/settings/integrations/lrs", {**form, "password": "s3cret-lrs"})
    signed_in.post("/settings/integrations/lrs", {**form, "username": "key2"})
    conn = LrsConnection.objects.get(organization=admin.organization)
    assert (conn.username, conn.password) == ("key2", "s3cret-lrs")
    assert "s3cret-lrs" not in signed_in.get(PAGE).content.decode()
    bad = signed_in.post("/settings/integrations/lrs", {**form, "endpoint": "not a url"})
    assert bad.status_code == 422 and "Enter a valid URL" in bad.content.decode()


def test_send_a_test_statement_shows_the_lrss_answer(signed_in: Client, admin: Person, receiver: FakeReceiver) -> None:
    assert signed_in.post("/settings/integrations/lrs/test").status_code == 422  # no LRS yet
    form = {"endpoint": f"{receiver.url}/xAPI", "username": "key", "password": "pw", "enabled": "on"}
    signed_in.post("/settings/integrations/lrs", form)
    page = signed_in.post("/settings/integrations/lrs/test").content.decode()
    assert "The LRS accepted the test statement" in page and "HTTP 200" in page
    (statement,) = receiver.stored.values()
    BaseXapiStatement.model_validate(statement)
    assert statement_problems(xapi_profile("http://127.0.0.1:8000"), statement) == []
    assert statement["actor"]["mbox"] == "mailto:ada@acme.example.com"
    receiver.script = [401]
    page = signed_in.post("/settings/integrations/lrs/test").content.decode()
    assert "did not accept" in page and "HTTP 401" in page and "forced" in page


def test_webhook_secrets_are_shown_once_rotated_and_deliveries_logged(signed_in: Client, admin: Person) -> None:
    added = signed_in.post(
        "/settings/integrations/webhooks/new",
        {"url": "https://hr.acme.example.com/hooks", "events": ["certificate.revoked"], "enabled": "on"},
    )
    assert added.status_code == 201
    endpoint = WebhookEndpoint.objects.get(organization=admin.organization)
    assert endpoint.events == ["certificate.revoked"] and endpoint.secret in added.content.decode()
    assert endpoint.secret not in signed_in.get(PAGE).content.decode()  # shown once
    rotated = signed_in.post(f"/settings/integrations/webhooks/{endpoint.pk}/rotate").content.decode()
    new_secret = WebhookEndpoint.objects.get(pk=endpoint.pk).secret
    assert new_secret != endpoint.secret and new_secret in rotated
    WebhookDelivery.objects.create(
        organization=admin.organization,
        endpoint=endpoint,
        delivery_id=uuid4(),
        event="certificate.revoked",
        event_id=uuid4(),
        body="{}",
        created_at=datetime(2026, 3, 2, tzinfo=UTC),
        attempts=2,
        response_status=503,
        last_error="HTTP 503: busy",
    )
    page = signed_in.get(PAGE).content.decode()
    assert "Delivery log" in page and "HTTP 503" in page and "certificate.revoked" in page
    from skillpath.integrations.delivery import webhook_request

    request = webhook_request(WebhookEndpoint.objects.get(pk=endpoint.pk), WebhookDelivery.objects.get())
    assert signature_valid(new_secret, request.body, request.headers["X-SkillPath-Signature"])
    signed_in.post(
        f"/settings/integrations/webhooks/{endpoint.pk}", {"url": "https://hr2.acme.example.com/hooks", "events": []}
    )
    changed = WebhookEndpoint.objects.get(pk=endpoint.pk)
    assert (changed.url, changed.events, changed.enabled) == ("https://hr2.acme.example.com/hooks", [], False)
    bad = signed_in.post(
        f"/settings/integrations/webhooks/{endpoint.pk}", {"url": "https://x.example", "events": ["nope"]}
    )
    assert bad.status_code == 422 and "nope is not one of the available choices" in bad.content.decode()
    signed_in.post(f"/settings/integrations/webhooks/{endpoint.pk}/delete")
    assert not WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_one_organization_cannot_touch_anothers_endpoints(client: Client, admin: Person, now: datetime) -> None:
    theirs = WebhookEndpoint.objects.create(organization=admin.organization, url="https://a.example", secret="s")
    outsider = learner(now, "globex", "gil@globex.example.com")
    Person.objects.filter(pk=outsider.pk).update(is_admin=True)
    client.force_login(outsider.user)
    for action in ("", "/rotate", "/delete"):
        assert (
            client.post(
                f"/settings/integrations/webhooks/{theirs.pk}{action}", {"url": "https://b.example"}
            ).status_code
            == 404
        )
    assert WebhookEndpoint.objects.get(pk=theirs.pk).secret == "s"
    assert "https://a.example" not in client.get(PAGE).content.decode()


def test_the_page_reads_a_fixed_number_of_queries(
    signed_in: Client, admin: Person, django_assert_max_num_queries: Any
) -> None:
    for i in range(5):
        endpoint = WebhookEndpoint.objects.create(
            organization=admin.organization, url=f"https://h{i}.example", secret="s"
        )
        for j in range(25):
            WebhookDelivery.objects.create(
                organization=admin.organization,
                endpoint=endpoint,
                delivery_id=f"00000000-0000-4000-8000-{i:06d}{j:06d}",
                event="level.reached",
                event_id=f"00000000-0000-4000-9000-{i:06d}{j:06d}",
                body="{}",
                created_at=datetime(2026, 3, 2, tzinfo=UTC),
            )
    with django_assert_max_num_queries(9):
        page = signed_in.get(PAGE).content.decode()
    assert page.count("<tr>") == 5 * 20 + 5  # 20 latest deliveries per endpoint, and each table's header row
    assert json.dumps(re.findall(r"h\d\.example", page)[:1]) == '["h0.example"]'
