"""An author writes a module in the browser (one variant of each activity type), previews it, fixes an error shown
next to its field as they type, publishes it, and a learner finds the new module on their path."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from skillpath import clock
from skillpath.content.reader import read_package
from skillpath.content.services import organization_ensure
from skillpath.domain.content import ACTIVITY_TYPES, parse_package
from skillpath.people.services import PersonSpec, person_upsert
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import PASSWORD, Learner, activities_by_prompt, create_learner
from tests.helpers import DEMO

pytestmark = pytest.mark.e2e

NO_CORRECT_OPTION = "type: choice\nprompt: Who speaks first?\noptions:\n- text: The customer\n- text: The agent\n"
FIXED = NO_CORRECT_OPTION.replace("- text: The customer\n", "- text: The customer\n  correct: true\n")


@pytest.fixture
def author(live_server: Any) -> Learner:
    create_learner()  # imports the e2e academy; Robin is a learner on its Support Agent path
    spec = PersonSpec("ada@e2e.test", "Ada Author", [("support-agent", None)], is_author=True)
    person_upsert(organization_ensure("e2e"), spec, password=PASSWORD, today=clock.now().date())
    return Learner("ada@e2e.test")


def examples() -> dict[str, str]:
    """A valid activity of each type, as the YAML an author types: from the e2e academy's modules, and for a type it
    does not use, from the demo academy's (so a type added to the format later is covered too)."""
    activities = [*activities_by_prompt().values()]
    demo = parse_package(read_package(DEMO))
    activities += [a for m in demo.modules.values() for c in m.concepts for a in c.variants]
    found: dict[str, str] = {}
    for activity in activities:
        data = activity.model_dump(mode="json", exclude_none=True)
        for step in data.get("steps", []):  # a simulation's screen images live in its own package's media/
            step.pop("screen", None)
        found.setdefault(activity.type, yaml.safe_dump(data, sort_keys=False))
    return found


def test_an_author_writes_previews_fixes_and_publishes_a_module_for_learners(page: Page, author: Learner) -> None:
    author.sign_in(page)
    page.get_by_role("link", name="Content", exact=True).click()
    expect(page.get_by_role("heading", name="Content", level=1)).to_be_visible()
    assert_accessible(page, "content workspace")
    page.get_by_role("link", name="Browser Test Academy").click()
    page.get_by_role("button", name="Edit this package").click()
    page.get_by_label("Id", exact=True).fill("escalation")
    page.get_by_label("Title", exact=True).fill("Escalating well")
    page.get_by_label("Add it to").select_option(label="Support Agent: foundation")
    page.get_by_role("button", name="Create module").click()
    expect(page.get_by_role("heading", name="Module escalation")).to_be_visible()

    for kind in ACTIVITY_TYPES[1:]:  # the first type's variant comes with the new concept
        page.get_by_label("New variant of concept 1").select_option(kind)
        page.get_by_role("button", name="Add variant").click()
        expect(page.locator(f"#f-concepts-0-variants-{ACTIVITY_TYPES.index(kind)}")).to_be_visible()
    valid = examples()
    for i, kind in enumerate(ACTIVITY_TYPES):
        page.locator(f"#f-concepts-0-variants-{i}").fill(NO_CORRECT_OPTION if kind == "choice" else valid[kind])
    errors = page.locator(f"#f-concepts-0-variants-{ACTIVITY_TYPES.index('choice')}-errors")
    expect(errors).to_contain_text("correct")  # shown while typing, next to the variant, before any save
    assert_accessible(page, "module editor with an inline error")
    page.locator(f"#f-concepts-0-variants-{ACTIVITY_TYPES.index('choice')}").fill(FIXED)
    expect(errors).to_be_empty()
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_role("status")).to_contain_text("Saved to the draft")

    page.get_by_role("link", name="Preview as a learner").click()
    expect(page.get_by_role("heading", name="Preview of escalation")).to_be_visible()
    assert_accessible(page, "preview page")
    desktop = page.frame_locator(".preview-desktop iframe")
    expect(desktop.get_by_role("heading", name="Escalating well")).to_be_visible()
    desktop.get_by_role("link", name=f"Concept 1, variant {ACTIVITY_TYPES.index('choice') + 1} (choice)").click()
    desktop.get_by_label("The customer").check()
    desktop.get_by_role("button", name="Check answer").click()
    expect(desktop.get_by_role("heading", name="Correct")).to_be_visible()
    phone = page.frame_locator(".preview-phone iframe")
    expect(phone.get_by_role("heading", name="Escalating well")).to_be_visible()

    page.goto("/content/e2e-academy/publish")
    expect(page.locator("dl.facts")).to_contain_text("escalation/concept-1")
    page.get_by_role("button", name="Publish version").click()
    expect(page.get_by_role("status")).to_contain_text("is what learners see now")
    page.get_by_role("button", name="Sign out").click()

    Learner("robin@e2e.test").sign_in(page)
    page.get_by_role("link", name="My path").click()
    expect(page.get_by_role("link", name="Escalating well")).to_be_visible()
