"""The learner's pages as a screen reader gets them: names, words for marks, lock reasons, "still open" vs
"unlocked", the session's "item N of M", and nothing a strict Content-Security-Policy would block."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client

from skillpath import clock
from skillpath.content import models as cm
from skillpath.learning.services import activity_of
from tests.functional.test_learner_pages import answer_current, hidden, signed_in
from tests.helpers import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock() -> Any:
    yield
    clock.travel(timedelta(0))


def no_inline_code(html: str) -> None:
    """Nothing a strict Content-Security-Policy (no 'unsafe-inline') would block: no style attributes or blocks,
    no inline scripts, no event-handler attributes."""
    assert not re.search(r"\sstyle=", html), "an inline style attribute"
    assert "<style" not in html, "a <style> block"
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), "an inline <script>"
    assert not re.search(r"\son[a-z]+=", html), "an inline event handler"


def test_lock_reasons_are_rendered_markdown_on_the_path_and_the_module_page(client: Client, now: datetime) -> None:
    signed_in(client, now)
    path = client.get("/path/").content.decode()
    assert "Pass <em>Listening basics</em> with 80%" in path and "Pass *" not in path
    assert '<span class="visually-hidden">To unlock: </span>' in path
    module = client.get("/modules/questions/").content.decode()
    assert "<li>Pass <em>Listening basics</em> with 80%</li>" in module and "*Listening basics*" not in module
    refused = client.post("/modules/questions/start").content.decode()
    assert "<em>Listening basics</em>" in refused and "*Listening basics*" not in refused
    no_inline_code(path)
    no_inline_code(module)


def test_a_role_heading_is_the_role_alone_and_the_level_is_said_in_words(client: Client, now: datetime) -> None:
    signed_in(client, now)
    path = client.get("/path/").content.decode()
    assert '<h2 id="role-seller">Seller</h2><p class="badge">Your level: Seller</p>' in path
    assert '<progress class="progress" aria-label="Foundation progress" value="0" max="100"></progress>' in path


def test_a_failed_retake_does_not_claim_to_unlock_what_was_open_already(client: Client, now: datetime) -> None:
    signed_in(client, now)
    first = client.post("/modules/basics/start")["Location"]
    answer_current(client, first)
    answer_current(client, first)
    passed = client.get(first, follow=True).content.decode()
    assert "<h2>Unlocked</h2>" in passed and "Discovery questions" in passed
    retake = client.post("/modules/basics/start")["Location"]
    while client.get(retake).status_code == 200:  # until the check is complete (weak ideas get another go)
        answer_current(client, retake, right=False)
    failed = client.get(retake, follow=True).content.decode()
    assert "Not passed yet" in failed and "<h2>Unlocked</h2>" not in failed
    assert "<h2>Still open to you</h2>" in failed and "Discovery questions" in failed
    assert "You unlocked it earlier: a check that does not pass never locks anything again." in failed


def test_the_result_page_takes_a_fixed_number_of_queries(
    client: Client, now: datetime, django_assert_max_num_queries: Any
) -> None:
    signed_in(client, now)
    url = client.post("/modules/basics/start")["Location"]
    answer_current(client, url)
    answer_current(client, url)
    result = client.get(url)["Location"]
    client.get(result)  # warm the curriculum cache
    with django_assert_max_num_queries(12):
        assert client.get(result).status_code == 200


def test_a_session_item_says_where_it_is_in_the_session(client: Client, now: datetime) -> None:
    signed_in(client, now)
    module = client.post("/session/start", follow=True).content.decode()
    assert '<span class="session-step">Today\'s session: 1 of 1</span> · <span>about 4 min left</span>' in module
    outside = client.get("/modules/basics/").content.decode()  # the same page, not opened from the session
    assert "session-progress" not in outside
    url = client.post("/modules/basics/start")["Location"]
    check = client.get(url).content.decode()
    assert "Today's session: 1 of 1" in check
    no_inline_code(check)


def test_activity_forms_name_every_blank_and_give_the_order_hint_once(client: Client, now: datetime) -> None:
    signed_in(client, now)
    url = client.post("/modules/basics/start")["Location"]
    pages = []
    for _ in range(2):
        page = client.get(url).content.decode()
        pages.append(page)
        variant = cm.Variant.objects.get(pk=hidden(page, "variant"))
        if activity_of(variant).type == "order":
            assert '<ol class="sortable" data-sortable aria-describedby="order-hint">' in page
            assert page.count("press Space on an item to pick it up") == 1
            assert 'id="order-hint" aria-hidden="true"' in page  # heard as the list's description only
        answer_current(client, url, right=False)
    assert '<section class="activity-card card" id="activity" aria-labelledby="activity-label"' in pages[0]
    assert 'id="activity-label">Question 1 of 2 · Open questions</p>' in pages[0]
    for page in pages:
        no_inline_code(page)


def test_cloze_feedback_repeats_the_typed_answer(client: Client, now: datetime) -> None:
    signed_in(client, now)
    url = client.post("/modules/basics/start")["Location"]
    answer_current(client, url)
    answer_current(client, url)
    clock.travel(timedelta(days=6))
    practice = "/reinforcement/basics/open-questions/"  # the reinforcement shows the concept's other variant: a cloze
    form = client.get(practice).content.decode()
    cloze = cm.Variant.objects.get(pk=hidden(form, "variant"))
    assert activity_of(cloze).type == "cloze"
    assert 'aria-label="The blank in “An open question usually starts with (blank).”"' in form
    fields = {"attempt_id": hidden(form, "attempt_id"), "stamp": hidden(form, "stamp"), "variant": str(cloze.pk)}
    html = client.post(practice, {**fields, **form_fields(activity_of(cloze), {"blanks": ["when"]})}).content.decode()
    assert "You wrote “when”." in html and "Right answer: what" in html
    assert "0 of 1 blanks right: 0%." in html


def test_choice_feedback_names_the_option_and_the_pick_separately(client: Client, now: datetime) -> None:
    signed_in(client, now)
    url = client.post("/modules/basics/start")["Location"]
    html = answer_current(client, url, right=False)
    if "Correct option" not in html:  # the check began with the order activity
        html = answer_current(client, url, right=False)
    assert '<span class="tag key-tag">Correct option</span>' in html
    assert "You did not pick it: missed" in html and "You picked it: wrong" in html
    assert '<span class="mark key-mark" aria-hidden="true">✓</span>' in html  # the mark is for the eyes
    no_inline_code(html)


def test_skills_buttons_are_named_with_their_skill_and_no_plain_span_carries_a_label(
    client: Client, now: datetime
) -> None:
    signed_in(client, now)
    page = client.get("/skills/").content.decode()
    assert '<summary aria-label="Why level 0 in Listening?">Why level 0?</summary>' in page
    assert '<summary aria-label="Why level 0 in Closing?">Why level 0?</summary>' in page
    assert not re.search(r"<span[^>]*aria-label=", page)
    no_inline_code(page)
    no_inline_code(client.get("/").content.decode())


def test_today_reads_an_empty_next_module_as_words_not_a_dash() -> None:
    today = SimpleNamespace(minutes=0, budget_minutes=10, due_count=0, next_module_title=None, items=[])
    html = render_to_string("web/today.html", {"person": SimpleNamespace(name="Lee"), "today": today})
    assert '<span aria-hidden="true">—</span><span class="visually-hidden">none for now</span>' in html
    label = html.index("next module<span")
    assert label < html.index("none for now")  # the label is read first: "next module: none for now"
