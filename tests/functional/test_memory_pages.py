from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client

from skillpath.learning import models as lm
from skillpath.learning.retention import RetentionError, retention_view
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


def test_the_former_memory_page_leads_to_the_organization_settings(client: Client, now: datetime) -> None:
    client.force_login(admin(now).user)
    response = client.get("/memory/")
    assert response.status_code == 301 and response["Location"] == "/settings/organization/#retention"


def test_learners_cannot_see_the_retention_tradeoff(now: datetime) -> None:
    with pytest.raises(RetentionError, match="only an organization's admins"):
        retention_view(learner(now))


def test_the_skills_page_says_in_plain_words_how_a_persons_memory_differs(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    assert "memory-note" not in client.get("/skills/").content.decode()
    Person.objects.filter(pk=lee.pk).update(memory_parameters={"scale": 1.5, "reviews": 120})
    page = client.get("/skills/").content.decode()
    assert "You tend to keep ideas longer than most people here" in page
    assert "reviews are spaced a little wider for you" in page
