"""A manager's heat map and a learner's 90-day plan, in the browser."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from skillpath import clock
from skillpath.content.services import organization_ensure
from skillpath.domain.grading.answers import model_answer
from skillpath.learning.selectors import check_items
from skillpath.learning.services import activity_of, attempt_submit, module_start
from skillpath.people.services import PersonSpec, person_upsert
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import PASSWORD, Learner, create_learner

pytestmark = pytest.mark.e2e


def pass_foundation(email: str) -> None:
    from uuid import uuid4

    from skillpath.people.models import Person

    person = Person.objects.get(user__username=email)
    check = module_start(person, "desk-basics", now=clock.now())
    for variant in check_items(check):
        attempt_submit(
            person,
            client_id=uuid4(),
            variant_id=variant.pk,
            response=model_answer(activity_of(variant)),
            duration_seconds=30,
            now=clock.now(),
            check_id=check.pk,
        )


@pytest.fixture
def team(live_server: Any) -> Learner:
    """A manager with two reports in the e2e academy; one of them has passed the foundation module."""
    create_learner("ana@e2e.test")
    org = organization_ensure("e2e")
    now = clock.now()
    boss = PersonSpec("mia@e2e.test", "Mia Manager", [("support-agent", "senior-agent")], team="Desk", is_manager=True)
    person_upsert(org, boss, password=PASSWORD, today=now.date())
    for email, name in (("ana@e2e.test", "Ana Agent"), ("ben@e2e.test", "Ben Beginner")):
        person_upsert(
            org,
            PersonSpec(email, name, [("support-agent", None)], team="Desk", manager_email="mia@e2e.test"),
            password=PASSWORD,
            today=now.date(),
        )
    pass_foundation("ana@e2e.test")
    return Learner("mia@e2e.test")


def test_the_manager_sees_the_heat_map_sorts_it_and_opens_a_report(page: Page, team: Learner) -> None:
    team.sign_in(page)
    page.get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", name="Team skills", level=1)).to_be_visible()
    heat = page.get_by_role("region", name="Team skills heat map")
    expect(heat.get_by_role("link", name="Ana Agent")).to_be_visible()
    ana = heat.locator("tr", has=page.get_by_role("link", name="Ana Agent"))
    expect(ana.locator("td.cell")).to_contain_text("1/1")  # at the Agent target (level 1)
    ben = heat.locator("tr", has=page.get_by_role("link", name="Ben Beginner"))
    expect(ben.locator("td.cell.below [aria-hidden=true]")).to_have_text("0/1")  # not yet
    # what a screen reader reads in the cell, with the row's person and the column's skill: the status in words
    expect(ben.locator("td.cell.below .visually-hidden")).to_have_text("level 0, target 1: below target")
    expect(ana.locator("td.cell .visually-hidden")).to_contain_text("level 1, target 1: at target")
    assert_accessible(page, "team heat map")
    page.get_by_label("Sort by").select_option("readiness")
    page.get_by_role("button", name="Apply").click()
    rows = heat.locator("tbody th[scope=row] a")
    expect(rows.first).to_have_text("Ana Agent")
    heat.get_by_role("link", name="Ben Beginner").click()
    expect(page.get_by_role("heading", name="Ben Beginner", level=1)).to_be_visible()
    expect(page.get_by_text("Read-only view")).to_be_visible()
    assert_accessible(page, "report view")


def test_a_learner_makes_a_90_day_plan_and_exports_it(page: Page, team: Learner) -> None:
    Learner("ben@e2e.test").sign_in(page)
    page.get_by_role("link", name="Growth").click()
    expect(page.get_by_text("Readiness for")).to_be_visible()
    page.get_by_role("button", name="Make my 90-day plan for Senior Agent").click()
    plan = page.locator("article.plan")
    expect(plan.get_by_text("On track", exact=True)).to_be_visible()
    expect(plan.get_by_text("Week 1", exact=True)).to_be_visible()
    expect(plan.get_by_role("link", name="Desk basics")).to_be_visible()
    expect(plan.get_by_role("columnheader", name="Day 90")).to_be_visible()
    assert_accessible(page, "growth with a plan")
    with page.expect_download() as download:
        plan.get_by_role("link", name="Add to calendar (.ics)").click()
    text = download.value.path().read_text()
    assert text.startswith("BEGIN:VCALENDAR") and "SkillPath week 1" in text
