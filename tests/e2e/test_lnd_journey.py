"""The learning team in the browser: an author reads a demo item's analytics, an admin changes desired retention."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from skillpath import clock
from skillpath.analytics.services import analytics_refresh
from skillpath.demo.history import simulate_history
from skillpath.demo.people import PASSWORD
from skillpath.demo.services import demo_setup
from skillpath.learning import models as lm
from skillpath.people.models import Organization, Person
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import Learner

pytestmark = pytest.mark.e2e


@pytest.fixture
def academy(live_server: Any) -> Learner:
    """The demo academy with two sales people's simulated history, analysed; Ada (admin and author) signs in.

    The organization's memory model counts as fitted, so its admins may move away from the default retention."""
    now = clock.now()
    result = demo_setup(now=now, history=False)
    for person in result.people:
        if person.user.username.split("@")[0] in ("sam", "priya"):
            simulate_history(person, today=now.date())
    org = Organization.objects.get(slug="northwind")
    analytics_refresh(org, now=now)
    Organization.objects.filter(pk=org.pk).update(memory_parameters_fitted_at=now)
    lm.MemoryFit.objects.create(organization=org, fitted_at=now, decisions=[])
    ada = Person.objects.get(user__username="ada@northwind.example.com")
    return Learner(ada.user.username, PASSWORD)


def test_an_author_reads_a_demo_items_figures_and_flags(page: Page, academy: Learner) -> None:
    academy.sign_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Analytics").click()
    expect(page.get_by_role("heading", name="Content analytics", level=1)).to_be_visible()
    assert_accessible(page, "the analytics overview")
    page.get_by_role("link", name="Northwind Academy").click()
    page.get_by_role("link", name="Discovery calls that size the deal").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("analytics")
    activities = page.get_by_role("region", name="Activities")
    expect(activities.get_by_text("answer given away by length").first).to_be_visible()
    expect(
        activities.get_by_role("cell", name="100%").or_(activities.get_by_role("cell", name="0%")).first
    ).to_be_visible()
    assert_accessible(page, "a module's analytics")
    activities.get_by_role("link", name="Size the deal: locations, channels, systems, plan · 4 (choice)").click()
    expect(page.get_by_text("the correct option is the longest of 4")).to_be_visible()
    expect(page.get_by_role("region", name="Choices").get_by_role("row")).to_have_count(5)
    assert_accessible(page, "a variant's analytics")


def test_an_admin_changes_desired_retention_and_sees_the_change_recorded(page: Page, academy: Learner) -> None:
    academy.sign_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organization").click()
    expect(page.get_by_role("heading", name="Northwind Software: organization settings", level=1)).to_be_visible()
    tradeoff = page.get_by_role("region", name="Workload and retention")
    expect(tradeoff.get_by_role("columnheader", name="Minutes per day per person")).to_be_visible()
    assert_accessible(page, "the organization settings")
    tradeoff.get_by_role("radio", name="0.85").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Saved 1 change")
    expect(tradeoff.get_by_role("radio", name="0.85")).to_be_checked()
    history = page.get_by_role("region", name="History of changes")
    expect(history.get_by_role("row", name="desired retention")).to_contain_text("0.85")
    assert_accessible(page, "the organization settings after a change")
