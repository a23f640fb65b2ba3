"""Events write xAPI statements and webhook deliveries to the outboxes, in the event's own transaction."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from ralph.models.xapi.base.statements import BaseXapiStatement

from skillpath.credentials.services import certificate_revoke, certificates_award
from skillpath.integrations import recording
from skillpath.integrations.models import LrsConnection, WebhookDelivery, WebhookEndpoint, XapiStatement
from skillpath.integrations.profile import statement_problems, xapi_profile
from skillpath.learning import models as lm
from skillpath.learning.selectors import reinforcement_variant
from skillpath.learning.services import module_start
from skillpath.people.models import Organization, Person
from tests.integration.integrations.conftest import add_webhook, connect_lrs
from tests.integration.learning_helpers import answer, do_check

pytestmark = pytest.mark.django_db
X = "http://127.0.0.1:8000/xapi/extensions/"


def recorded() -> list[dict[str, Any]]:
    """Every statement in the outbox, oldest first, each checked with Ralph's model and SkillPath's xAPI Profile."""
    statements = [row.statement for row in XapiStatement.objects.order_by("id")]
    profile = xapi_profile(settings.PUBLIC_URL)
    for statement in statements:
        BaseXapiStatement.model_validate(statement)
        assert statement_problems(profile, statement) == [], statement
    return statements


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    return [s["verb"]["display"]["en-US"] for s in statements]


def test_nothing_is_recorded_without_an_lrs_or_webhooks_and_a_handler_costs_no_query(
    lee: Person, now: datetime, django_assert_num_queries: Any
) -> None:
    do_check(lee, "basics", now)
    assert not XapiStatement.objects.exists()
    assert not WebhookDelivery.objects.exists()
    check = lm.ModuleCheck.objects.get(person=lee)
    with django_assert_num_queries(0):  # the organization's flags came with the person
        recording.module_launched(person=lee, check=check)


def test_the_organizations_flags_follow_its_lrs_connection_and_webhook_endpoints(lee: Person) -> None:
    def flags() -> tuple[bool, bool]:
        org = Organization.objects.get(pk=lee.organization_id)
        return org.has_lrs, org.has_webhooks

    assert flags() == (False, False)
    lrs = connect_lrs(lee, "https://lrs.acme.example.com")
    first = add_webhook(lee, "https://hooks.acme.example.com")
    second = add_webhook(lee, "https://other.acme.example.com")
    assert flags() == (True, True)
    first.delete()
    assert flags() == (True, True)  # one endpoint left
    WebhookEndpoint.objects.filter(pk=second.pk).delete()  # a queryset delete too
    assert flags() == (True, False)
    LrsConnection.objects.filter(pk=lrs.pk).delete()
    assert flags() == (False, False)


def test_a_passed_check_records_launched_every_answer_passed_and_the_level(lee: Person, now: datetime) -> None:
    connect_lrs(lee, "https://lrs.acme.example.com")
    results = do_check(lee, "basics", now)
    statements = recorded()
    assert verbs(statements) == ["launched"] + ["answered"] * len(results) + ["passed", "reached level"]
    check = lm.ModuleCheck.objects.get(person=lee)
    assert {s["context"].get("registration") for s in statements[:-1]} == {str(check.pk)}
    assert all(s["actor"]["mbox"] == "mailto:lee@acme.example.com" for s in statements)
    assert statements[-2]["result"]["success"] is True
    level = statements[-1]
    assert level["object"]["id"] == "http://127.0.0.1:8000/orgs/acme/content/mini-academy/skills/listening"
    assert level["result"]["extensions"][X + "level"] == 1
    assert level["context"]["statement"]["id"] == statements[-3]["id"]  # the answer that completed the check
    assert len({s["id"] for s in statements}) == len(statements)


def test_a_failed_check_records_failed(lee: Person, now: datetime) -> None:
    connect_lrs(lee, "https://lrs.acme.example.com")
    do_check(lee, "basics", now, right=False)
    statements = recorded()
    assert verbs(statements)[-1] == "failed"
    assert all(s["result"]["success"] is False for s in statements if s["verb"]["display"]["en-US"] == "answered")


def test_a_scenario_answer_records_the_choice_taken_at_every_node(lee: Person, now: datetime) -> None:
    connect_lrs(lee, "https://lrs.acme.example.com")
    do_check(lee, "basics", now)
    do_check(lee, "questions", now)
    variant = reinforcement_variant(lee, "questions/pain-first")  # the second variant: a branching scenario
    assert variant is not None
    assert variant.kind == "scenario"
    answer(lee, variant, now + timedelta(days=4), right=False)
    (scenario,) = [s for s in recorded() if s["object"].get("definition", {}).get("interactionType") == "performance"]
    path = scenario["result"]["extensions"][X + "scenario-path"]
    taken = scenario["result"]["extensions"][X + "response"]["path"]
    assert [step["choice"] for step in path] == taken
    assert path[0]["node"] == "open"
    assert path[0]["choiceText"] == "I can give you 20% off."
    assert scenario["result"]["response"].count("[.]") == len(taken)


def test_milestones_and_reinforcement_are_recorded(lee: Person, now: datetime) -> None:
    connect_lrs(lee, "https://lrs.acme.example.com")
    do_check(lee, "basics", now)
    do_check(lee, "questions", now)
    milestone = [s for s in recorded() if s["verb"]["display"]["en-US"] == "completed"]
    assert [m["object"]["definition"]["name"]["en-US"] for m in milestone] == ["Onboarded"]
    state = lm.MemoryState.objects.filter(person=lee).select_related("concept__module").first()
    assert state is not None
    variant = reinforcement_variant(lee, f"{state.concept.module.slug}/{state.concept.slug}")
    answer(lee, variant, now + timedelta(days=4))
    last = recorded()[-1]
    assert last["verb"]["display"]["en-US"] == "answered"
    assert last["context"]["extensions"][X + "attempt-kind"] == "reinforcement"
    assert "registration" not in last["context"]


def test_certificates_issued_and_revoked_are_recorded(lee: Person, now: datetime) -> None:
    connect_lrs(lee, "https://lrs.acme.example.com")
    for module in ("basics", "questions", "closing-talk"):
        do_check(lee, module, now)
    later = now + timedelta(days=15)
    for state in lm.MemoryState.objects.filter(person=lee).select_related("concept__module"):
        answer(lee, reinforcement_variant(lee, f"{state.concept.module.slug}/{state.concept.slug}"), later)
    (certificate,) = certificates_award(lee, now=later)
    certificate_revoke(certificate, reason="Issued to the wrong person", now=later + timedelta(hours=1))
    issued, revoked = recorded()[-2:]
    assert issued["verb"]["id"] == "http://id.tincanapi.com/verb/earned"
    assert issued["object"]["id"] == f"http://127.0.0.1:8000/credentials/{certificate.id}/"
    assert revoked["verb"]["display"]["en-US"] == "had revoked"
    assert revoked["result"]["extensions"][X + "reason"] == "Issued to the wrong person"


def test_statements_roll_back_with_the_event_that_made_them(lee: Person, now: datetime) -> None:
    connect_lrs(lee, "https://lrs.acme.example.com")
    with pytest.raises(RuntimeError), transaction.atomic():
        module_start(lee, "basics", now=now)
        assert XapiStatement.objects.count() == 1
        raise RuntimeError("the request failed after starting the module")
    assert not XapiStatement.objects.exists()


def test_a_paused_lrs_still_records_so_nothing_is_lost(lee: Person, now: datetime) -> None:
    connection = connect_lrs(lee, "https://lrs.acme.example.com")
    connection.enabled = False
    connection.save()
    do_check(lee, "basics", now)
    assert XapiStatement.objects.filter(state="pending").count() == len(recorded()) > 0


def test_webhook_events_write_one_delivery_per_endpoint_that_wants_them(lee: Person, now: datetime) -> None:
    everything = add_webhook(lee, "https://hooks.acme.example.com")
    levels_only = add_webhook(lee, "https://hr.acme.example.com", events=["level.reached"])
    do_check(lee, "basics", now)  # listening 0 -> 1
    do_check(lee, "questions", now)  # milestone "Onboarded" (level 2 waits for a recall a day later)
    assert not XapiStatement.objects.exists()  # no LRS connection
    to_all = list(WebhookDelivery.objects.filter(endpoint=everything).order_by("id"))
    to_hr = list(WebhookDelivery.objects.filter(endpoint=levels_only).order_by("id"))
    assert [d.event for d in to_all] == ["level.reached", "milestone.reached"]
    assert [d.event for d in to_hr] == ["level.reached"]
    assert [d.event_id for d in to_hr] == [d.event_id for d in to_all[:1]]
    assert len({d.delivery_id for d in to_all + to_hr}) == 3
    milestone = json.loads(to_all[-1].body)
    assert milestone["event"] == "milestone.reached"
    assert milestone["data"]["milestone"]["id"] == "seller-onboarded"
    assert milestone["data"]["person"]["email"] == "lee@acme.example.com"
    assert [json.loads(d.body)["data"]["level"] for d in to_hr] == [1]


def test_a_revocation_is_sent_to_webhooks_that_want_it(lee: Person, now: datetime) -> None:
    wants = add_webhook(lee, "https://hr.acme.example.com", events=["certificate.revoked"])
    for module in ("basics", "questions", "closing-talk"):
        do_check(lee, module, now)
    later = now + timedelta(days=15)
    for state in lm.MemoryState.objects.filter(person=lee).select_related("concept__module"):
        answer(lee, reinforcement_variant(lee, f"{state.concept.module.slug}/{state.concept.slug}"), later)
    (certificate,) = certificates_award(lee, now=later)
    assert not WebhookDelivery.objects.filter(endpoint=wants).exists()  # issued: not wanted
    certificate_revoke(certificate, reason="Issued to the wrong person", now=later + timedelta(hours=1))
    (delivery,) = WebhookDelivery.objects.filter(endpoint=wants)
    body = json.loads(delivery.body)
    assert body["event"] == delivery.event == "certificate.revoked"
    assert body["data"]["certificate"]["reason"] == "Issued to the wrong person"
    assert body["data"]["certificate"]["id"] == str(certificate.id)
    assert body["data"]["certificate"]["revoked_at"] == body["occurred_at"]
