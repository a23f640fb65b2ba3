"""What a person does in the browser: sign in, and answer each kind of activity the way people do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from playwright.sync_api import Page, expect

from skillpath import clock
from skillpath.content.reader import read_package
from skillpath.content.services import organization_ensure, package_import
from skillpath.domain.content import parse_package
from skillpath.domain.content.model import Activity, Categorize, Choice, Cloze, Match, Order, Scenario
from skillpath.domain.grading.answers import model_answer
from skillpath.people.services import PersonSpec, person_upsert

E2E = Path(__file__).parent.parent / "fixtures" / "e2e"
PASSWORD = "a-long-browser-test-password"


@dataclass(frozen=True)
class Learner:
    email: str
    password: str = PASSWORD

    def sign_in(self, page: Page) -> None:
        """Sign in through the login form (pages open relative to the live server: the ``base_url``)."""
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(self.email)
        page.locator("#id_password").fill(self.password)
        page.get_by_role("button", name="Sign in").click()
        # A new person's first sign-in opens the welcome (shown once); its defaults lead on to Today.
        page.wait_for_url(re.compile(r"^https?://[^/]+/(welcome/)?$"))
        if page.url.endswith("/welcome/"):
            page.get_by_role("button", name="Start learning").click()
        expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()


def create_learner(email: str = "robin@e2e.test") -> Learner:
    """Import the e2e academy and create a Support Agent who signs in with ``PASSWORD``."""
    now = clock.now()
    package_import("e2e", read_package(E2E), now=now)
    spec = PersonSpec(email, "Robin", [("support-agent", None)])
    person_upsert(organization_ensure("e2e"), spec, password=PASSWORD, today=now.date())
    return Learner(email)


@cache
def activities_by_prompt() -> dict[str, Activity]:
    """Every activity of the e2e academy by its prompt: what the learner "knows" when answering."""
    package = parse_package(read_package(E2E))
    found: dict[str, Activity] = {}
    for module in package.modules.values():
        for concept in module.concepts:
            for activity in concept.variants:
                found[activity.prompt] = activity
    return found


@dataclass(frozen=True)
class Shown:
    """The activity the page showed: its hidden ``variant`` id, its prompt and its kind."""

    variant: str
    prompt: str
    kind: str


def shown_activity(page: Page) -> tuple[Shown, Activity]:
    card = page.locator("#activity form.activity")
    expect(card).to_be_visible()
    prompt = page.locator("#activity-prompt").inner_text().strip()
    variant = card.locator("input[name=variant]").get_attribute("value") or ""
    activity = activities_by_prompt()[prompt]
    return Shown(variant, prompt, activity.type), activity


def answer_shown(page: Page) -> Shown:
    """Answer the activity on the page correctly, like a person, and wait for the "Correct" feedback."""
    shown, activity = shown_activity(page)
    if isinstance(activity, Choice):
        answer_choice(page, activity)
    elif isinstance(activity, Order):
        answer_order_with_keyboard(page, activity)
    elif isinstance(activity, Categorize):
        answer_categorize(page, activity)
    elif isinstance(activity, Match):
        answer_match(page, activity)
    elif isinstance(activity, Cloze):
        answer_cloze(page, activity)
    else:
        assert isinstance(activity, Scenario)
        walk_scenario(page, activity)
    if not isinstance(activity, Scenario):
        page.get_by_role("button", name="Check answer").click()
    expect(page.locator("#feedback-h")).to_have_text("Correct")
    expect(page.locator("#activity")).to_be_focused()  # the swapped-in card, not a button that is gone
    return shown


def answer_choice(page: Page, activity: Choice) -> None:
    for index in model_answer(activity)["selected"]:
        page.get_by_label(activity.options[index].text, exact=True).check()


def _order_texts(page: Page) -> list[str]:
    return [t.strip() for t in page.locator(".sortable .sort-item .sort-text").all_inner_texts()]


def answer_order_with_keyboard(page: Page, activity: Order) -> None:
    """Focus an item, Space to pick it up, ArrowUp to move it, Space to drop: never the mouse."""
    expect(page.locator(".sortable.is-enhanced")).to_be_attached()
    for target, text in enumerate(activity.items):
        current = _order_texts(page).index(text)
        if current == target:
            continue
        item = page.locator(".sort-item", has=page.get_by_text(text, exact=True))
        item.focus()
        page.keyboard.press("Space")
        expect(item).to_contain_class("is-grabbed")
        for _ in range(current - target):
            page.keyboard.press("ArrowUp")
        page.keyboard.press("Space")
        expect(item).not_to_contain_class("is-grabbed")
        expect(page.locator("[data-live]")).to_contain_text(f"dropped at position {target + 1} of")
    expect(page.locator(".sortable .sort-text")).to_have_text(list(activity.items))
    for place, text in enumerate(activity.items):  # the form fields followed the keyboard moves
        position = page.get_by_label(f"Position of “{text}”")
        expect(position).to_have_value(str(place + 1))


def answer_categorize(page: Page, activity: Categorize) -> None:
    """Drag the first item into its box with the mouse; choose the others' groups from their lists."""
    expect(page.locator("[data-buckets]")).to_be_visible()
    titles = {c.id: c.title for c in activity.categories}
    first, *rest = activity.items
    chip = page.locator(".cat-item", has=page.get_by_text(first.text, exact=True))
    bucket = page.locator(".bucket", has=page.get_by_role("heading", name=titles[first.category], exact=True))
    chip.locator(".cat-text").drag_to(bucket)
    expect(bucket.locator(".cat-item", has_text=first.text)).to_be_visible()
    expect(chip.locator("select")).to_have_value(first.category)
    for item in rest:
        page.get_by_label(f"Group for “{item.text}”").select_option(item.category)
        box = page.locator(".bucket", has=page.get_by_role("heading", name=titles[item.category], exact=True))
        expect(box.locator(".cat-item", has_text=item.text)).to_be_visible()


def answer_match(page: Page, activity: Match) -> None:
    for pair in activity.pairs:
        page.get_by_label(pair.left, exact=True).select_option(label=pair.right)


def answer_cloze(page: Page, activity: Cloze) -> None:
    blanks = page.locator("input.blank")
    expect(blanks).to_have_count(len(activity.blanks))
    for index, answers in enumerate(activity.blanks):
        blanks.nth(index).press_sequentially(answers[0])


def walk_scenario(page: Page, activity: Scenario) -> None:
    """Choose the best move at each situation, read its consequence, continue, and see how it ended."""
    node = activity.start
    for index in model_answer(activity)["path"]:
        expect(page.locator(".bubble.them")).to_have_text(activity.nodes[node].text)
        choice = activity.nodes[node].choices[index]
        page.get_by_label(choice.text, exact=True).check()
        page.get_by_role("button", name="Choose").click()
        expect(page.locator(".consequence")).to_contain_text(choice.feedback or "You move on.")
        node = choice.next
        ended = not activity.nodes[node].choices
        page.get_by_role("button", name="See how it ended" if ended else "Continue").click()
