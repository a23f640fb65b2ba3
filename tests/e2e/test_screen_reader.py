"""What a screen-reader user hears, driven only by reading commands and the keyboard.

A learner listens to Today, takes the foundation check (one activity of every type, the branching scenario to its
end) and then listens to the result, My path and Skills. Every Tab stop must be visible (a box a sighted keyboard
user can see); every question, option, item, box and blank must be named; after each answer the verdict and the
explanation are heard; in the scenario each consequence is heard as it appears. axe-core scans each page too.

Set ``SKILLPATH_SR_LOG=DIR`` to keep what was said (one file per activity) for reading.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from skillpath.domain.content.model import Categorize, Choice, Cloze, Match, Order, Scenario
from skillpath.domain.grading.answers import model_answer
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import Learner, answer_shown, shown_activity
from tests.e2e.screen_reader import ScreenReader

pytestmark = pytest.mark.e2e

FOUNDATION = "Service desk basics"


def keep(sr: ScreenReader, name: str, since: int) -> None:
    folder = os.environ.get("SKILLPATH_SR_LOG")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.txt").write_text("\n".join(sr.log[since:]) + "\n")


def said(phrases: list[str], pattern: str) -> bool:
    return any(re.search(pattern, p) for p in phrases)


def assert_heard(phrases: list[str], pattern: str) -> None:
    assert said(phrases, pattern), f"never heard /{pattern}/; heard:\n" + "\n".join(phrases[-40:]) + TROUBLE.get()


class _Trouble:
    """What went wrong in the browser (failed responses, script errors), added to assertion messages."""

    reader: ScreenReader | None = None

    def get(self) -> str:
        if not self.reader:
            return ""
        events = "\nlately: " + "; ".join(self.reader.recent_events())
        return events + ("\ntrouble: " + "; ".join(self.reader.trouble) if self.reader.trouble else "")


TROUBLE = _Trouble()


def q(text: str) -> str:
    return re.escape(text)


def go(sr: ScreenReader, link: str) -> None:
    """Jump to the main navigation and follow one of its links, as a screen-reader user does."""
    sr.start()  # from the top of the page
    sr.read_until(r"^navigation, Main")
    sr.read_until(rf"^link, {q(link)}$")
    sr.act()
    sr.start()


def check_answer(sr: ScreenReader) -> list[str]:
    """Tab to "Check answer" (unless it has focus), press Enter: what is heard as the feedback card takes focus."""
    if sr.focus_name() != "Check answer":
        sr.tab_to(r"^button, Check answer")
    return sr.press("Enter")


def hear_feedback(sr: ScreenReader, heard: list[str], explanation: str | None) -> None:
    verdict = r"^region, Correct" + (rf", {q(explanation)}" if explanation else "")
    assert_heard(heard, verdict)
    sr.read_until(r"^link, Continue$")
    sr.interact()
    sr.press("Enter")
    sr.start()


def answer_choice(sr: ScreenReader, activity: Choice) -> None:
    right = {activity.options[i].text for i in model_answer(activity)["selected"]}
    sr.read_until(r"^group, Select (all that apply|one answer)\.")
    kind = "checkbox" if activity.multiple else "radio"
    for _ in activity.options:
        phrase = sr.read_until(rf"^{kind}, ")[-1]
        name = phrase.split(", ", 1)[1].rsplit(", not checked", 1)[0]
        assert name in {o.text for o in activity.options}, f"option not named by its text: {phrase}"
        if name in right:
            sr.interact()
            sr.press("Space")
    hear_feedback(sr, check_answer(sr), activity.explanation)


ITEM = re.compile(r"^movable item, (?P<text>.+), position (?P<at>\d+) of (?P<of>\d+)(, |$)")


def answer_order(sr: ScreenReader, activity: Order) -> None:
    """Hear the hint once, then Tab into the list and sort it with Space and the arrow keys."""
    start = len(sr.log)
    sr.read_until(r"^list, Put the items in order, first at the top: .*press Space on an item to pick it up")
    first = sr.read_until(r"^movable item, ")[-1]
    sr.interact()  # as screen readers do on a focusable item under their cursor
    order = []
    phrase = first
    for _ in activity.items:  # ArrowDown walks the items; each is named by its text and position
        match = ITEM.match(phrase)
        assert match, f"an item is not named by its text and position: {phrase}"
        order.append(match["text"])
        phrase = next((p for p in sr.press("ArrowDown") if ITEM.match(p)), phrase)
    assert sorted(order) == sorted(activity.items)
    at = len(order) - 1
    for target, text in enumerate(activity.items):
        current = order.index(text)
        key = "ArrowUp" if current < at else "ArrowDown"
        for _ in range(abs(current - at)):
            sr.press(key)
        at = current
        if current == target:
            continue
        assert_heard(sr.press("Space"), rf"^assertive: {q(text)} picked up, position {current + 1} of")
        for _ in range(current - target):
            sr.press("ArrowUp")
        assert_heard(sr.press("Space"), rf"^assertive: {q(text)} dropped at position {target + 1} of {len(order)}\.")
        order.insert(target, order.pop(current))
        at = target
    hint = [p for p in sr.log[start:] if "press Space on an item to pick it up" in p]
    assert len(hint) == 1, f"the keys hint is heard {len(hint)} times, not once: {hint}"
    hear_feedback(sr, check_answer(sr), activity.explanation)


def answer_categorize(sr: ScreenReader, page: Page, activity: Categorize) -> None:
    """Name the boxes; browse each item's groups with the arrow keys (it does not move) and leave to commit."""
    titles = [c.title for c in activity.categories]
    for title in titles:
        sr.read_until(rf"^list, {q(title)}$")
    sr.read_until(r"^list, Items to sort")
    phrase: str | None = sr.read_until(r"^combobox, Group for “")[-1]
    sr.interact()
    for _ in activity.items:
        assert phrase, "leaving an item's list does not land on the next item's"
        text = phrase.split("“", 1)[1].split("”", 1)[0]
        item = next(i for i in activity.items if i.text == text)
        place = [c.id for c in activity.categories].index(item.category)
        for _ in range(place + 1):  # past "Choose a group…"
            sr.press("ArrowDown")
            # browsing the groups leaves the item where it is (and the reading order as it was)
            expect(page.locator("[data-unsorted] .cat-item", has_text=text)).to_have_count(1)
        heard = sr.press("Tab")  # to the next item's list (or the button): the item moves into its box now
        assert_heard(heard, rf"^polite: {q(text)} is in {q(titles[place])}\.")
        phrase = next((p for p in heard if p.startswith("combobox, Group for “")), None)
        box = page.locator(".bucket", has=page.get_by_role("heading", name=titles[place], exact=True))
        expect(box.locator(".cat-item", has_text=text)).to_have_count(1)
    hear_feedback(sr, check_answer(sr), activity.explanation)


def answer_match(sr: ScreenReader, page: Page, activity: Match) -> None:
    sr.read_until(r"^Each item below has a list: choose the one that goes with it\.$")
    for _ in activity.pairs:
        phrase = sr.read_until(r"^combobox, ")[-1]
        left = phrase.split(", ")[1]
        pair = next(p for p in activity.pairs if p.left == left)
        sr.interact()
        options = page.get_by_label(left, exact=True).locator("option").all_inner_texts()
        for _ in range(options.index(pair.right)):
            sr.press("ArrowDown")
    hear_feedback(sr, check_answer(sr), activity.explanation)


def answer_cloze(sr: ScreenReader, activity: Cloze) -> None:
    """Each blank is named by its sentence; Enter goes from one blank to the next, and checks on the last."""
    count = len(activity.blanks)
    name = r"^textbox, (The blank in “|Blank 1 of \d+ in “)"
    sr.read_until(name)
    sr.interact()
    heard: list[str] = []
    for index, answers in enumerate(activity.blanks):
        sr.type(answers[0])
        heard = sr.press("Enter")
        if index < count - 1:
            assert_heard(heard, rf"^textbox, Blank {index + 2} of {count} in “.+\(blank {index + 2}\)")
    hear_feedback(sr, heard, activity.explanation)


def walk_scenario(sr: ScreenReader, activity: Scenario) -> None:
    """Each situation is heard as the group of moves; after Choose, the consequence; to the ending."""
    node = activity.start
    prompt_heard = sum(1 for p in sr.log if activity.prompt in p)
    for step, index in enumerate(model_answer(activity)["path"], start=1):
        situation = rf"^group, {q(activity.nodes[node].text)} What do you do\? \(step {step}\)"
        if step == 1:
            sr.read_until(situation)
        choice = activity.nodes[node].choices[index]
        sr.read_until(rf"^radio, {q(choice.text)}, not checked")
        sr.interact()
        sr.press("Space")
        sr.tab_to(r"^button, Choose$")
        assert_heard(sr.press("Enter"), rf"^status, What happened: {q(choice.feedback or 'You move on.')}$")
        node = choice.next
        ended = not activity.nodes[node].choices
        sr.tab_to(rf"^button, {'See how it ended' if ended else 'Continue'}$")
        heard = sr.press("Enter")
        if not ended:
            assert_heard(heard, rf"^group, {q(activity.nodes[node].text)} What do you do\? \(step {step + 1}\)")
            assert not said(heard, q(activity.prompt)), "the long prompt is read again after a step"
    assert sum(1 for p in sr.log if activity.prompt in p) - prompt_heard <= 1
    verdict = sr.log[-10:]
    sr.read_until(rf"^{q(activity.nodes[node].text)}$")  # how it ended
    hear_feedback(sr, verdict, activity.explanation)


def listen_to_the_check(sr: ScreenReader, page: Page) -> None:
    for number in range(1, 7):
        shown, activity = shown_activity(page)
        since = len(sr.log)
        assert_accessible(page, f"the {shown.kind} activity")
        sr.start()
        region = sr.read_until(rf"^region, Question {number} of 6 · ")[-1]
        assert activity.prompt not in region, "the region is named by the long prompt"
        sr.read_until(rf"^heading, {q(activity.prompt)}, level 2$")
        try:
            answer(sr, page, activity)
        finally:
            keep(sr, f"{number}-{shown.kind}", since)


def answer(sr: ScreenReader, page: Page, activity: object) -> None:
    if isinstance(activity, Choice):
        answer_choice(sr, activity)
    elif isinstance(activity, Order):
        answer_order(sr, activity)
    elif isinstance(activity, Categorize):
        answer_categorize(sr, page, activity)
    elif isinstance(activity, Match):
        answer_match(sr, page, activity)
    elif isinstance(activity, Cloze):
        answer_cloze(sr, activity)
    else:
        assert isinstance(activity, Scenario)
        walk_scenario(sr, activity)


WRAPPED = "() => document.activeElement === document.body || document.activeElement.classList.contains('skip-link')"


def tab_through(sr: ScreenReader, page: Page, where: str) -> None:
    """Every Tab stop of the page, first to last: each one is visible (``press`` checks it)."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    sr.press("Tab")  # the skip link
    for stops in range(1, 100):
        sr.press("Tab")
        if page.evaluate(WRAPPED):
            assert stops > 1, f"no Tab stop on {where}"
            return
    raise AssertionError(f"more than 100 Tab stops on {where}")


def test_a_screen_reader_user_takes_the_foundation_check_and_hears_every_page(page: Page, learner: Learner) -> None:
    learner.sign_in(page)
    sr = ScreenReader(page)
    TROUBLE.reader = sr
    sr.start()
    since = len(sr.log)
    sr.read_until(r"^heading, Today, level 1$")
    sr.read_until(r"^estimated$")
    sr.read_until(r"^next module$")  # the label first, then its value
    sr.read_until(rf"^{q(FOUNDATION)}$", limit=2)
    tab_through(sr, page, "Today")
    keep(sr, "today", since)

    go(sr, "My path")
    since = len(sr.log)
    sr.read_until(r"^heading, My path, level 1$")
    sr.read_until(r"^heading, Support Agent, level 2$")  # the role, not "Support Agent Agent"
    sr.read_until(r"^Your level: Agent$", limit=3)
    sr.read_until(r"^The service desk in practice$")
    sr.read_until(r"^Locked$", limit=2)
    reason = sr.read_until(r"^To unlock:$", limit=4) + sr.read_until(r"with 80%\.$", limit=6)
    assert not said(reason, r"\*"), "a lock reason is read with Markdown asterisks"
    assert_heard(reason, rf"^{q(FOUNDATION)}$")  # the module's title, emphasised, not *starred*
    tab_through(sr, page, "My path")
    keep(sr, "path-before-check", since)

    sr.start()
    sr.read_until(rf"^link, {q(FOUNDATION)}$")
    sr.act()
    sr.start()
    sr.read_until(r"^button, Start practice$")
    sr.interact()
    sr.press("Enter")
    sr.start()
    listen_to_the_check(sr, page)

    since = len(sr.log)
    sr.start()
    sr.read_until(rf"^heading, Passed: {q(FOUNDATION)}, level 1$")
    sr.read_until(r"^heading, Unlocked, level 2$")
    assert_accessible(page, "the result page")
    keep(sr, "result", since)

    go(sr, "Skills")
    since = len(sr.log)
    sr.read_until(r"^heading, Service desk, level 2$")
    sr.read_until(r"^Level 1 · foundation$")
    sr.read_until(r"Why level 1 in Service desk\?$")  # each of these is named with its skill
    heard = sr.read_until(r"^Predicted recall of Service desk without practice")
    chart = [p for p in heard if "Predicted recall of" in p]
    assert len(chart) == 1, f"the chart is read {len(chart)} times"
    tab_through(sr, page, "Skills")
    assert_accessible(page, "Skills")
    keep(sr, "skills", since)


def test_wrong_answers_are_heard_pick_by_pick_with_the_better_move(page: Page, learner: Learner) -> None:
    """Choice marks say what each option is and what the learner did with it; a cloze with a blank left empty
    asks first; a scenario shows the better move where the learner's was not the best."""
    learner.sign_in(page)
    page.goto("/path/")
    page.get_by_role("link", name=FOUNDATION).click()
    page.get_by_role("button", name="Start practice").click()
    sr = ScreenReader(page)
    TROUBLE.reader = sr
    sr.start()
    _, choice = shown_activity(page)
    assert isinstance(choice, Choice) and choice.multiple
    picks = {"Who is affected", "What the customer sees", "The agent's favourite colour"}  # 2 right, 1 wrong
    sr.read_until(r"^group, Select all that apply\.")
    for _ in choice.options:
        name = sr.read_until(r"^checkbox, ")[-1].split(", ")[1]
        if name in picks:
            sr.interact()
            sr.press("Space")
    assert_heard(check_answer(sr), rf"^region, Partly right: 33%, {q(choice.explanation or '')}")
    note = "You picked 2 of the 3 correct options and 1 wrong one. Each wrong pick cancels a right one: "
    note += "(2 − 1) ÷ 3 = 33%."
    sr.read_until(rf"^{q(note)}$")
    lines = {
        "Who is affected": ("Correct option", "You picked it: right"),
        "The agent's favourite colour": ("Wrong option", "You picked it: wrong"),
        "When it started": ("Correct option", "You did not pick it: missed"),
    }
    for option, (what, pick) in lines.items():
        sr.start()
        sr.read_until(rf"^{q(option)}$")
        heard = sr.read_until(rf"^{q(pick)}$", limit=8)
        assert_heard(heard, rf"^{q(what)}$")  # the option, then the learner's pick: two separate facts
    page.get_by_role("link", name="Continue").click()
    for _ in range(3):  # order, categorize, match: answered right, by the usual helpers
        answer_shown(page)
        page.get_by_role("link", name="Continue").click()

    _, cloze = shown_activity(page)
    assert isinstance(cloze, Cloze) and len(cloze.blanks) == 2
    sr.start()
    sr.read_until(r"^textbox, Blank 1 of 2 in ")
    sr.interact()
    sr.type("looking in to it")
    assert_heard(sr.press("Enter"), r"^textbox, Blank 2 of 2 in ")  # Enter moved on, it did not check
    heard = sr.press("Enter")  # on the last blank, with it empty: asked first, nothing is sent
    assert_heard(heard, r"^assertive: Blank 2 is still empty\. Fill it in, or press Check answer again")
    expect(page.locator("#feedback-h")).to_have_count(0)
    sr.type("tomorrow")
    heard = sr.press("Enter")
    assert_heard(heard, r"^region, Not quite: 0%")
    sr.read_until(r"^You wrote “looking in to it”\.$")
    sr.read_until(rf"^Right answer: {q(cloze.blanks[0][0])}$", limit=3)
    sr.read_until(r"^You wrote “tomorrow”\.$")
    page.get_by_role("link", name="Continue").click()

    _, scenario = shown_activity(page)
    assert isinstance(scenario, Scenario)
    sr.start()
    sr.read_until(r"^radio, Please calm down\., not checked")
    sr.interact()
    sr.press("Space")
    sr.tab_to(r"^button, Choose$")
    assert_heard(sr.press("Enter"), r"^status, What happened: It sounds dismissive\.$")
    sr.tab_to(r"^button, See how it ended$")
    assert_heard(sr.press("Enter"), r"^region, Not quite: 0%")
    sr.read_until(r"^\(not the best move\)$")
    best = scenario.nodes[scenario.start].choices[0]
    sr.read_until(r"^Better move:$", limit=4)
    sr.read_until(rf"^{q(best.text)}$", limit=3)
    assert_accessible(page, "scenario feedback with a better move")
