"""A simulation answered with the keyboard only, heard through a screen reader: each screen is announced by its
number and title, each hotspot is a button named by its label, each field has its label, the outcome of every
action is heard as it appears, and the feedback at the end counts each screen. axe-core scans every screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from skillpath import clock
from skillpath.content.services import organization_ensure, package_import
from skillpath.people.services import PersonSpec, person_upsert
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import PASSWORD, Learner
from tests.e2e.screen_reader import ScreenReader
from tests.helpers import edit_yaml, mini_source
from tests.unit.domain.test_content_simulation import SIMULATION

pytestmark = pytest.mark.e2e


def simulation_learner() -> Learner:
    """A seller whose first check item is the simulation of ``SIMULATION`` (the mini academy plus it)."""
    now = clock.now()
    source = edit_yaml(
        mini_source(), "modules/basics.yaml", lambda d: d["concepts"][0]["variants"].insert(0, SIMULATION)
    )
    package_import("sim", source, now=now)
    spec = PersonSpec("sam@sim.test", "Sam", [("seller", None)])
    person_upsert(organization_ensure("sim"), spec, password=PASSWORD, today=now.date())
    return Learner("sam@sim.test")


def heard(phrases: list[str], pattern: str) -> None:
    assert any(re.search(pattern, p) for p in phrases), f"never heard /{pattern}/; heard:\n" + "\n".join(phrases[-30:])


def test_a_simulation_is_answered_by_keyboard_only_with_feedback_after_every_screen(
    page: Page, live_server: object
) -> None:
    simulation_learner().sign_in(page)
    page.goto("/modules/basics/")
    sr = ScreenReader(page)
    sr.start()
    sr.tab_to(r"^button, Start practice$")
    sr.press("Enter")
    expect(page.locator(".sim-screen")).to_be_visible()
    assert_accessible(page, "the first screen of a simulation")

    sr.start()
    sr.read_until(r"^heading, Log the call in the CRM\., level 2$")
    sr.read_until(r"^group, Screen 1 of 2: Account")
    sr.read_until(r"^image, The account page with a Log a call button\.$")
    # The wrong control first: its outcome and the better move are heard at once.
    sr.tab_to(r"^button, Delete account$")
    outcome = sr.press("Enter")
    heard(outcome, r"^status, Not quite\. You pressed “Delete account”\. +Better: Press “Log a call”\.$")
    assert_accessible(page, "the outcome of a wrong action")

    sr.tab_to(r"^button, Continue$")
    screen = sr.press("Enter")
    heard(screen, r"^group, Screen 2 of 2: Call log, Record the outcome\.$")  # focus moved to the new screen
    sr.tab_to(r"^combobox, Outcome")
    sr.type("Meeting")  # type-ahead picks "Meeting booked", as in any select
    expect(page.get_by_label("Outcome")).to_have_value("Meeting booked")
    sr.tab_to(r"^textbox, Meeting day$")
    sr.type("Thursday")
    sr.tab_to(r"^button, Log call$")
    outcome = sr.press("Enter")
    heard(outcome, r"^status, Right\. You entered Outcome: Meeting booked; Meeting day: Thursday\.")
    assert_accessible(page, "the outcome of the last screen")

    sr.tab_to(r"^button, See your score$")
    verdict = sr.press("Enter")
    heard(verdict, r"^region, Partly right: 50%")
    sr.read_until(r"^Each of the 2 screens counts the same; 1 done fully right")
    sr.read_until(r"^Screen 1: Account$")
    sr.read_until(r"^Right answer: Press “Log a call”$", limit=6)
    expect(page.locator("#feedback-h")).to_have_text("Partly right: 50%")
    assert_accessible(page, "the feedback on a simulation")
