"""A manager who acts: assigns a module to a team with a due date, sets a goal and nudges from the report view,
records an observation that raises a level; the learner sees all of it (issue 15.10, issue 16.1, 16.2, 16.4)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from skillpath import clock
from skillpath.content.reader import read_package
from skillpath.content.services import package_import
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import E2E, Learner
from tests.e2e.test_manager_journey import pass_foundation, team  # noqa: F401 - team: Mia manages Ana and Ben (Desk)
from tests.helpers import edit_yaml

pytestmark = pytest.mark.e2e


def test_a_manager_assigns_a_module_to_a_team_with_a_due_date_and_a_learner_sees_it(
    page: Page,
    team: Learner,  # noqa: F811
) -> None:
    due = (clock.now() + timedelta(days=14)).date()
    team.sign_in(page)
    page.get_by_role("link", name="Team").click()
    page.get_by_role("link", name="Assign work and follow due dates").click()
    expect(page.get_by_role("heading", name="Assignments", level=1)).to_be_visible()
    assert_accessible(page, "assignments")
    page.get_by_label("Who").select_option(label="Desk (whole team)")
    page.get_by_label("What").select_option(label="The service desk in practice")
    page.get_by_label("Due on").fill(due.isoformat())
    page.get_by_label("Note for the person").fill("Before the busy season")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Assigned to 2 people.")
    table = page.get_by_role("region", name="Assignments and their standing")
    expect(table.get_by_role("row", name="Ben Beginner")).to_contain_text("On track")
    expect(table.get_by_role("row", name="Ana Agent")).to_contain_text("0/1")
    assert_accessible(page, "assignments after assigning")

    page.get_by_role("button", name="Sign out").click()
    Learner("ben@e2e.test").sign_in(page)
    assigned = page.get_by_role("region", name="Assigned to you")
    expect(assigned.get_by_text("The service desk in practice").first).to_be_visible()
    expect(assigned).to_contain_text(f"Assigned by Mia Manager, due {due.day} {due:%b}")
    expect(assigned).to_contain_text("Before the busy season")
    assert_accessible(page, "today with assigned work")
    page.get_by_role("link", name="My path").click()
    expect(page.get_by_role("region", name="Assigned to you")).to_contain_text("Assigned by Mia Manager")


def test_a_manager_sets_a_goal_and_nudges_and_the_learner_records_a_check_in(
    page: Page,
    team: Learner,  # noqa: F811
) -> None:
    due = (clock.now() + timedelta(days=30)).date()
    team.sign_in(page)
    page.get_by_role("link", name="Team").click()
    page.get_by_role("region", name="Team skills heat map").get_by_role("link", name="Ben Beginner").click()
    coaching = page.get_by_role("region", name="Coaching")
    coaching.get_by_label("An on-the-job outcome with a measure").check()
    coaching.get_by_role("textbox", name="Outcome").fill("Close tickets on first contact")
    coaching.get_by_label("How many", exact=True).fill("5")
    coaching.get_by_label("Counted as").fill("tickets")
    coaching.get_by_label("By", exact=True).fill(due.isoformat())
    coaching.get_by_role("button", name="Set the goal").click()
    expect(page.get_by_role("region", name="Goals")).to_contain_text("Close tickets on first contact")
    page.get_by_label("Message").fill("Nice start on the desk basics")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("region", name="Nudges and coaching notes sent")).to_contain_text("Nice start")
    assert_accessible(page, "report view with coaching")

    page.get_by_role("button", name="Sign out").click()
    Learner("ben@e2e.test").sign_in(page)
    expect(page.get_by_role("region", name="From your manager")).to_contain_text("Nice start on the desk basics")
    goals = page.get_by_role("region", name="Your goals")
    expect(goals).to_contain_text("0 of 5 so far")
    goals.get_by_label("How many since the last check-in").fill("2")
    goals.get_by_role("button", name="Record a check-in on Close tickets on first contact").click()
    expect(page.get_by_role("region", name="Your goals")).to_contain_text("2 of 5 so far")
    assert_accessible(page, "today with goals")


def test_a_manager_records_an_observation_that_raises_a_level(page: Page, team: Learner) -> None:  # noqa: F811
    def rubric(d: dict[str, Any]) -> None:
        d["version"] = "1.1.0"
        d["skills"][0]["rubric"] = {
            "required_for": 1,
            "criteria": [
                {"id": "greets", "title": "Greets and restates the request"},
                {"id": "closes", "title": "Closes the ticket with the customer's agreement"},
            ],
        }

    package_import("e2e", edit_yaml(read_package(E2E), "package.yaml", rubric), now=clock.now())
    pass_foundation("ben@e2e.test")  # the answers show level 1; the rubric asks for an observation too
    Learner("ben@e2e.test").sign_in(page)
    page.get_by_role("link", name="Skills").click()
    expect(page.locator(".level-name")).to_have_text("Level 0 · not started")
    page.get_by_role("button", name="Sign out").click()

    team.sign_in(page)
    page.get_by_role("link", name="Team").click()
    page.get_by_role("region", name="Team skills heat map").get_by_role("link", name="Ben Beginner").click()
    page.get_by_text("Record an observation of Service desk").click()
    page.get_by_role("group", name="Greets and restates the request").get_by_label("4 · exemplary").check()
    page.get_by_role("group", name="Closes the ticket with the customer's agreement").get_by_label("3 · yes").check()
    page.get_by_label("Note (optional: what you saw)").fill("Handled the printer outage calmly")
    page.get_by_role("button", name="Record the observation of Service desk").click()
    expect(page.get_by_role("status")).to_contain_text("it met the rubric and raised a level")
    assert_accessible(page, "report view after an observation")

    page.get_by_role("button", name="Sign out").click()
    Learner("ben@e2e.test").sign_in(page)
    page.get_by_role("link", name="Skills").click()
    expect(page.locator(".level-name")).to_have_text("Level 1 · foundation")
    expect(page.get_by_text("Observed on the job", exact=True)).to_be_visible()
    assert_accessible(page, "skills with an observation")
