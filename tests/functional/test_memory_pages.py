from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from skillpath.learning import models as lm
from skillpath.learning.retention import RetentionError, retention_set, retention_view
from skillpath.people.models import Organization, Person
from tests.integration.learning_helpers import learner

pytestmark = pytest.mark.django_db


def admin(now: datetime, org: str = "acme") -> Person:
    person = learner(now, org=org, email=f"admin@{org}.test")
    Person.objects.filter(pk=person.pk).update(is_admin=True)
    return Person.objects.select_related("organization").get(pk=person.pk)


def fitted(org: Organization, now: datetime) -> None:
    """As after a nightly fit that adopted something: the organization has a model of its own."""
    Organization.objects.filter(pk=org.pk).update(memory_parameters_fitted_at=now)
    lm.MemoryFit.objects.create(
        organization=org, fitted_at=now, decisions=[{"part": "personal scales", "adopted": True, "reason": "why"}]
    )


def test_an_admin_sees_that_the_default_stays_until_the_organization_has_a_fit(client: Client, now: datetime) -> None:
    ada = admin(now)
    client.force_login(ada.user)
    page = client.get("/memory/").content.decode()
    assert "keeps 0.90 until the nightly fit has a memory model" in page and "<table" not in page
    response = client.post("/memory/", {"retention": "0.85"})
    assert response.status_code == 422 and "Nothing was changed" in response.content.decode()
    ada.organization.refresh_from_db()
    assert ada.organization.desired_retention == 0.9


def test_an_admin_chooses_a_point_of_the_tradeoff_and_it_is_shown_as_chosen(
    client: Client, now: datetime, django_assert_max_num_queries: Any
) -> None:
    ada = admin(now)
    fitted(ada.organization, now)
    client.force_login(ada.user)
    with django_assert_max_num_queries(12):
        page = client.get("/memory/").content.decode()
    assert "Reviews per idea, first year" in page and "recommended" in page
    assert "<strong>Personal scales</strong>: adopted (why)" in page
    response = client.post("/memory/", {"retention": "0.85"})
    assert response.status_code == 302 and response["Location"] == "/memory/?saved=1"
    ada.organization.refresh_from_db()
    assert ada.organization.desired_retention == 0.85
    page = client.get("/memory/?saved=1").content.decode()
    assert "now scheduled for 0.85" in page
    assert 'value="0.85" checked' in page and "<strong>chosen</strong>" in page


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "is not a number"), ("lots", "is not a number"), ("0.86", "0.86 is not offered"), ("1.5", "not offered")],
)
def test_a_retention_that_is_not_offered_is_refused_with_what_to_do(
    client: Client, now: datetime, value: str, message: str
) -> None:
    ada = admin(now)
    fitted(ada.organization, now)
    client.force_login(ada.user)
    response = client.post("/memory/", {"retention": value})
    assert response.status_code == 422 and message in response.content.decode()
    ada.organization.refresh_from_db()
    assert ada.organization.desired_retention == 0.9


def test_learners_cannot_see_or_change_memory_settings(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    assert client.get("/memory/").status_code == 404
    assert client.post("/memory/", {"retention": "0.85"}).status_code == 404
    with pytest.raises(RetentionError, match="only an organization's admins"):
        retention_view(lee)
    with pytest.raises(RetentionError, match="only an organization's admins"):
        retention_set(lee, "0.85")


def test_an_admin_changes_only_their_own_organization(client: Client, now: datetime) -> None:
    ada, other = admin(now), admin(now, org="globex")
    fitted(ada.organization, now)
    fitted(other.organization, now)
    client.force_login(ada.user)
    assert client.post("/memory/", {"retention": "0.8"}).status_code == 302
    other.organization.refresh_from_db()
    assert other.organization.desired_retention == 0.9
    assert "why" in client.get("/memory/").content.decode()  # its own fit's decisions, not globex's


def test_the_skills_page_says_in_plain_words_how_a_persons_memory_differs(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    assert "memory-note" not in client.get("/skills/").content.decode()
    Person.objects.filter(pk=lee.pk).update(memory_parameters={"scale": 1.5, "reviews": 120})
    page = client.get("/skills/").content.decode()
    assert "You tend to keep ideas longer than most people here" in page
    assert "reviews are spaced a little wider for you" in page
