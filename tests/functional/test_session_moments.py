"""Progress and celebration in a session: where the learner is, a moment when something was earned, and a
summary of what improved (levels and how long memories now last)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from skillpath import clock
from tests.functional.test_learner_pages import answer_current, signed_in
from tests.integration.learning_helpers import do_check

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock() -> Any:
    yield
    clock.travel(timedelta(0))


def test_the_answer_that_passes_a_check_celebrates_the_pass_the_level_and_the_unlock(
    client: Client, now: datetime
) -> None:
    signed_in(client, now)
    clock.travel_to(now)
    url = client.post("/modules/basics/start")["Location"]
    first = answer_current(client, url, htmx=True)
    assert "celebration" not in first  # half-way through a check: nothing earned yet
    last = answer_current(client, url, htmx=True)
    moment = last.split('<div class="celebration', 1)[1].split("</div>", 1)[0]
    assert "Listening is now at level 1, foundation (was not started)." in moment
    assert "Check passed for the first time: Listening basics." in moment
    assert "Unlocked: Discovery questions." in moment
    assert 'class="celebration-mark" aria-hidden="true"' in moment  # the glyph is for the eyes only


def test_a_wrong_answer_that_fails_a_check_has_no_moment(client: Client, now: datetime) -> None:
    signed_in(client, now)
    clock.travel_to(now)
    url = client.post("/modules/basics/start")["Location"]
    pages = []
    while "/result" not in (client.get(url).get("Location") or ""):  # until the check completes (and fails)
        pages.append(answer_current(client, url, right=False))
    assert len(pages) >= 2 and all('<div class="celebration' not in p for p in pages)


def test_a_session_shows_its_place_and_time_left_and_its_summary_says_which_memories_last_longer(
    client: Client, now: datetime
) -> None:
    lee = signed_in(client, now)
    do_check(lee, "basics", now)
    clock.travel_to(now + timedelta(days=30))  # the basics ideas are due again
    item = client.post("/session/start", follow=True).content.decode()
    assert "Today's session: 1 of" in item
    assert "min left</span>" in item and '<progress class="progress" aria-label="Today' in item
    while True:
        step = client.get("/session/next")
        if step["Location"].endswith("/session/done"):
            break
        location = step["Location"]
        if location.startswith("/reinforcement/"):
            answer_current(client, location)
        else:
            check_url = client.post(location.split("?")[0] + "start")["Location"]
            while "/result" not in (client.get(check_url).get("Location") or ""):
                answer_current(client, check_url)
    done = client.get("/session/done").content.decode()
    assert "Memory strengthened" in done and "→ about" in done
