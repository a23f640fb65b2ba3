"""A learner's practice streak across three simulated days (the app's clock moves a day at a time)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from skillpath import clock
from skillpath.people.models import Organization
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import Learner, answer_shown

pytestmark = pytest.mark.e2e


def streak(page: Page) -> str:
    page.goto("/")
    return page.locator(".habit-streak").inner_text()


def test_a_streak_grows_with_answers_day_by_day_and_a_day_off_keeps_it(page: Page, learner: Learner) -> None:
    Organization.objects.filter(slug="e2e").update(habit_daily_reviews=1)
    start = clock.now()
    learner.sign_in(page)
    assert streak(page) == "0 days in a row"  # signing in and looking around count for nothing
    expect(page.locator(".habit-today")).to_have_text("1 more answer today makes it a practice day.")
    assert_accessible(page, "Today with the practice streak")
    page.goto("/modules/desk-basics/")
    page.get_by_role("button", name="Start practice").click()
    for day in range(3):
        clock.travel_to(start + timedelta(days=day))
        if day:
            page.goto("/modules/desk-basics/")
            page.get_by_role("link", name="Continue practice").click()
        answer_shown(page)
        assert streak(page) == f"{day + 1} day{'s' if day else ''} in a row"
        expect(page.locator(".habit-today")).to_contain_text("Today counts: 1 answer so far.")
    clock.travel_to(start + timedelta(days=3))
    page.goto("/")
    page.get_by_role("button", name="Take today off").click()
    expect(page.locator(".habit-today")).to_contain_text("Today is a day off")
    clock.travel_to(start + timedelta(days=4))
    assert streak(page) == "3 days in a row"  # the day off froze it
    expect(page.locator(".habit-week")).to_contain_text("practice day")
    assert_accessible(page, "Today after a day off")


def test_passing_a_check_is_a_moment_read_after_the_verdict_even_with_reduced_motion(
    page: Page, learner: Learner
) -> None:
    page.emulate_media(reduced_motion="reduce")
    learner.sign_in(page)
    page.goto("/modules/desk-basics/")
    page.get_by_role("button", name="Start practice").click()
    for number in range(1, 7):
        expect(page.locator(".eyebrow")).to_contain_text(f"Question {number} of 6")
        answer_shown(page)
        if number < 6:
            expect(page.locator("#celebration")).to_have_count(0)
            page.get_by_role("link", name="Continue").click()
    moment = page.locator("#celebration")
    expect(moment).to_contain_text("Check passed for the first time: Service desk basics.")
    expect(moment).to_contain_text("Unlocked: The service desk in practice.")
    # read right after the verdict that focus reads: the card's heading, then the moment
    expect(page.locator("#feedback-h + #celebration")).to_be_attached()
    assert moment.locator(".celebration-mark").evaluate("e => getComputedStyle(e).animationName") == "none"
    assert_accessible(page, "a feedback card with a moment")
    page.emulate_media(reduced_motion="no-preference")  # the media query changes in place: animated now
    assert moment.locator(".celebration-mark").evaluate("e => getComputedStyle(e).animationName") != "none"


def test_the_admins_habit_page_is_accessible_and_turns_the_streak_off(page: Page, learner: Learner) -> None:
    from skillpath.people.models import Person

    Person.objects.filter(user__username=learner.email).update(is_admin=True)
    learner.sign_in(page)
    page.goto("/admin-tools/habit/")
    expect(page.get_by_role("heading", name="Practice habit", level=1)).to_be_visible()
    assert_accessible(page, "the habit settings")
    page.get_by_label("Show the practice streak and weekly goal").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    page.goto("/")
    expect(page.locator(".habit")).to_have_count(0)
