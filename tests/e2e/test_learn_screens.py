"""The heat map and the learner's pages on a laptop and on a phone: nothing wider than the screen."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import Learner
from tests.e2e.test_manager_journey import team  # noqa: F401 - the fixture

pytestmark = pytest.mark.e2e

LAPTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 360, "height": 740}


def page_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than its viewport (0: no horizontal page scrolling)."""
    return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


def test_the_heat_map_fits_a_laptop_and_becomes_a_list_on_a_phone(page: Page, team: Learner) -> None:  # noqa: F811
    page.set_viewport_size(LAPTOP)
    team.sign_in(page)
    page.goto("/team/")
    heat = page.get_by_role("region", name="Team skills heat map")
    expect(heat).to_be_visible()
    expect(page.get_by_label("Role")).to_have_value("support-agent")
    expect(heat.locator("thead th")).to_have_count(5)  # person, readiness, modules, levels, one skill
    expect(page.get_by_role("group", name="Each cell reads level/target")).to_be_visible()
    assert page_overflow(page) == 0
    sticky = heat.locator("tbody th[scope=row]").first.evaluate("e => getComputedStyle(e).position")
    assert sticky == "sticky"
    assert_accessible(page, "team heat map, 1,280 px")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(heat).to_be_hidden()
    people = page.get_by_role("list", name="Team skills, person by person")
    expect(people.get_by_role("link", name="Ben Beginner")).to_be_visible()
    expect(people.locator("li.heat-card", has_text="Ana Agent").locator(".heat-skills")).to_contain_text("1/1")
    assert page_overflow(page) == 0
    assert_accessible(page, "team heat map, 360 px")


def test_a_phone_has_a_bottom_bar_a_one_row_top_bar_and_a_branded_404(page: Page, team: Learner) -> None:  # noqa: F811
    page.set_viewport_size(PHONE)
    Learner("ana@e2e.test").sign_in(page)
    bar = page.locator("nav.bottom-nav")
    expect(bar).to_be_visible()
    expect(page.locator("nav.top-nav")).to_be_hidden()
    topbar = page.locator("header.topbar").bounding_box()
    assert topbar is not None and topbar["height"] < 70  # one row
    box = bar.bounding_box()
    assert box is not None and abs(box["y"] + box["height"] - PHONE["height"]) < 2  # at the bottom of the screen
    bar.get_by_text("More").click()
    bar.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Settings", level=1)).to_be_visible()
    for url in ("/", "/path/", "/skills/", "/growth/", "/modules/desk-basics/"):
        page.goto(url)
        assert page_overflow(page) == 0, url
    assert_accessible(page, "module page, 360 px")
    page.goto("/nowhere/")
    expect(page.get_by_role("heading", name="This page is not here")).to_be_visible()
    page.get_by_role("navigation", name="Where to go").get_by_role("link", name="My path").click()
    expect(page.get_by_role("heading", name="My path", level=1)).to_be_visible()


def test_a_new_person_is_welcomed_once_and_chooses_their_minutes(page: Page, learner: Learner) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(learner.email)
    page.locator("#id_password").fill(learner.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Welcome, Robin", level=1)).to_be_visible()
    expect(page.get_by_text("As Support Agent you go through")).to_be_visible()
    assert_accessible(page, "the first-run welcome")
    page.get_by_label("Minutes a day").fill("7")
    page.get_by_label("Remind me at (your local time)").fill("08:15")
    page.get_by_role("button", name="Start learning").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.get_by_text("of your 7 minutes")).to_be_visible()
    page.goto("/welcome/")
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()  # shown once


def test_a_lesson_timeline_steps_stage_by_stage_by_keyboard(page: Page, learner: Learner) -> None:
    learner.sign_in(page)
    page.goto("/modules/desk-basics/")
    timeline = page.locator("[data-timeline].is-stepper")
    stages = timeline.locator(".timeline-toggle")
    expect(stages).to_have_count(3)
    details = timeline.locator(".timeline-text")
    expect(details.nth(0)).to_be_visible()
    expect(details.nth(1)).to_be_hidden()
    expect(stages.nth(0)).to_have_attribute("aria-expanded", "true")
    assert_accessible(page, "a lesson with a timeline stepper")
    timeline.get_by_role("button", name="Next stage").click()
    expect(details.nth(1)).to_be_visible()
    expect(details.nth(0)).to_be_hidden()
    expect(timeline.locator("[aria-live]")).to_contain_text("Stage 2 of 3: Triaged. Someone sets its priority.")
    stages.nth(1).focus()
    page.keyboard.press("ArrowRight")
    expect(stages.nth(2)).to_be_focused()
    expect(stages.nth(2)).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Home")
    page.keyboard.press("End")
    expect(details.nth(2)).to_be_visible()
    expect(timeline.get_by_role("button", name="Next stage")).to_be_disabled()
    page.keyboard.press("Home")
    expect(stages.nth(0)).to_be_focused()
    expect(timeline.get_by_role("button", name="Previous stage")).to_be_disabled()
    stages.nth(1).click()
    expect(details.nth(1)).to_be_visible()


def test_without_javascript_the_timeline_is_a_plain_list(browser: Any, live_server: Any, learner: Learner) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(learner.email)
    page.locator("#id_password").fill(learner.password)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/modules/desk-basics/")
    items = page.locator("[data-timeline] .timeline-text")
    expect(items).to_have_count(3)
    for i in range(3):
        expect(items.nth(i)).to_be_visible()
    expect(page.get_by_role("button", name="Next stage")).to_have_count(0)
    context.close()
