"""The SSO pages in the browser: an admin creates a SCIM token; "Sign in with your organization"; axe-clean."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from skillpath.content.services import organization_ensure
from skillpath.people.models import Person
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import Learner, create_learner

pytestmark = pytest.mark.e2e


@pytest.fixture
def admin(live_server: Any) -> Learner:
    learner = create_learner("ada@e2e.test")
    Person.objects.filter(user__username="ada@e2e.test").update(is_admin=True)
    return learner


def test_an_admin_creates_and_revokes_a_scim_token(page: Page, admin: Learner) -> None:
    admin.sign_in(page)
    page.get_by_role("link", name="SSO").click()
    expect(page.get_by_role("heading", name="Single sign-on and provisioning", level=1)).to_be_visible()
    assert_accessible(page, "SSO settings")
    page.get_by_label("Name").fill("Workday")
    page.get_by_role("button", name="Create a token").click()
    expect(page.get_by_role("status")).to_contain_text("it is not shown again")
    assert_accessible(page, "SSO settings with a new token")
    page.get_by_role("button", name="Revoke “Workday”").click()
    expect(page.get_by_role("cell", name="Revoked")).to_be_visible()


def test_sign_in_with_your_organization_explains_what_it_could_not_find(page: Page, live_server: Any) -> None:
    organization_ensure("e2e")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Sign in with your organization").click()
    expect(page.get_by_role("heading", name="Sign in with your organization", level=1)).to_be_visible()
    assert_accessible(page, "sign in with your organization")
    page.get_by_label("Work e-mail or organization short name").fill("someone@nowhere.test")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("nowhere.test")
    assert_accessible(page, "sign in with your organization, with an error")
