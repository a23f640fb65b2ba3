"""A new learner's first week in a real browser: sign in, learn, pass the check, come back for reinforcement.

Every page visited is scanned with axe-core: no serious or critical accessibility problem is allowed.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from skillpath import clock
from skillpath.domain.content.model import Choice, Order
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import Learner, Shown, answer_choice, answer_shown, shown_activity

FOUNDATION = "Service desk basics"
APPLICATION = "The service desk in practice"
KINDS_IN_CHECK = ["choice", "order", "categorize", "match", "cloze", "scenario"]


def skill_level(page: Page) -> str:
    page.goto("/skills/")
    skill = page.locator(".skill", has=page.get_by_role("heading", name="Service desk"))
    return skill.locator(".level-name").inner_text()


def choose_nothing_and_see_why(page: Page) -> None:
    """A form the server cannot read comes back (422) with its message in place, and focus moves to it."""
    page.get_by_role("button", name="Choose").click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("choose one of the options first")
    expect(alert).to_be_focused()
    assert_accessible(page, "an activity with an error")


def pass_the_foundation_check(page: Page) -> dict[str, Shown]:
    """From My path to the result page, answering every activity in the browser; returns what each concept showed."""
    page.goto("/path/")
    assert_accessible(page, "My path")
    page.get_by_role("link", name=FOUNDATION).click()
    expect(page.get_by_role("heading", name=FOUNDATION, level=1)).to_be_visible()
    assert_accessible(page, "the module lesson")
    page.get_by_role("button", name="Start practice").click()

    shown: dict[str, Shown] = {}
    for number, kind in enumerate(KINDS_IN_CHECK, start=1):
        expect(page.locator(".eyebrow")).to_contain_text(f"Question {number} of 6")
        concept = (page.locator(".eyebrow").text_content() or "").split("·", 1)[1].strip()
        assert shown_activity(page)[0].kind == kind
        assert_accessible(page, f"the {kind} activity")
        if kind == "scenario":
            choose_nothing_and_see_why(page)
        shown[concept] = answer_shown(page)
        if number == 1:
            assert_accessible(page, "a feedback card")
        page.get_by_role("link", name="Continue").click()
    return shown


def see_the_application_module_unlocked(page: Page) -> None:
    """On the result page, then on My path."""
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Passed: {FOUNDATION}")
    unlocked = page.locator("h2:text-is('Unlocked') + ul")
    expect(unlocked.get_by_role("link", name=APPLICATION)).to_be_visible()
    assert_accessible(page, "the result page")
    page.get_by_role("link", name="My path").last.click()
    application = page.locator(".module-card", has=page.get_by_role("link", name=APPLICATION, exact=True))
    expect(application.locator(".status")).to_have_text("Ready to start")
    foundation = page.locator(".module-card", has=page.get_by_role("link", name=FOUNDATION, exact=True))
    expect(foundation.locator(".status")).to_have_text("Passed")


def reinforce_the_first_due_concept(page: Page) -> tuple[str, Shown]:
    """From Today, answer the first reinforcement; returns the concept's title and what was shown."""
    page.goto("/")
    reinforcement = page.locator(".queue-item.reinforcement").first
    expect(reinforcement).to_be_visible()
    concept = reinforcement.locator(".queue-title").inner_text().strip()
    reinforcement.locator(".queue-title").click()
    expect(page.get_by_text("Spaced reinforcement")).to_be_visible()
    assert_accessible(page, "a reinforcement")
    shown = answer_shown(page)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    return concept, shown


@pytest.mark.e2e
def test_a_new_learner_passes_the_foundation_and_comes_back_for_reinforcement(page: Page, learner: Learner) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page, "the sign-in page")
    learner.sign_in(page)
    assert_accessible(page, "Today")
    before = skill_level(page)
    assert_accessible(page, "Skills")
    page.goto("/settings/")
    assert_accessible(page, "Settings")

    in_check = pass_the_foundation_check(page)
    see_the_application_module_unlocked(page)

    clock.travel(timedelta(days=6))
    concept, again = reinforce_the_first_due_concept(page)
    assert again.variant != in_check[concept].variant  # the same idea in a new situation
    assert again.prompt != in_check[concept].prompt
    assert again.kind != in_check[concept].kind
    assert (before, skill_level(page)) == ("Level 0 · not started", "Level 1 · foundation")


@pytest.mark.e2e
def test_order_activity_works_without_javascript(new_context: CreateContextCallback, learner: Learner) -> None:
    page = new_context(java_script_enabled=False).new_page()
    learner.sign_in(page)
    page.goto("/path/")
    page.get_by_role("link", name=FOUNDATION).click()
    page.get_by_role("button", name="Start practice").click()
    _, choice = shown_activity(page)
    assert isinstance(choice, Choice)
    answer_choice(page, choice)
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("link", name="Continue").click()

    _, order = shown_activity(page)
    assert isinstance(order, Order)
    expect(page.locator(".sortable")).not_to_contain_class("is-enhanced")  # no script touched the list
    for place, text in enumerate(order.items):
        position = page.get_by_label(f"Position of “{text}”")
        expect(position).to_be_visible()
        position.fill(str(place + 1))
    page.get_by_role("button", name="Check answer").click()

    expect(page.locator("#feedback-h")).to_have_text("Correct")
    expect(page).to_have_title("Feedback · SkillPath")  # a whole page: the form posted without htmx


@pytest.mark.e2e
def test_dark_colour_scheme_pages_are_accessible(new_context: CreateContextCallback, learner: Learner) -> None:
    page = new_context(color_scheme="dark").new_page()
    learner.sign_in(page)
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert_accessible(page, "Today (dark)")
    page.get_by_role("link", name=FOUNDATION).first.click()
    page.get_by_role("button", name="Start practice").click()
    assert shown_activity(page)[0].kind == "choice"
    assert_accessible(page, "an activity (dark)")
