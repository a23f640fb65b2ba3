"""A simulation in a module check, walked screen by screen through the real pages (no JavaScript): each action gets
its feedback at once, the whole task is graded after the last screen, and the answer is stored one action per
screen."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from skillpath.content.services import organization_ensure, package_import
from skillpath.learning import models as lm
from skillpath.people.services import PersonSpec, person_upsert
from tests.functional.test_learner_pages import hidden
from tests.helpers import edit_yaml, mini_source
from tests.unit.domain.test_content_simulation import SIMULATION

pytestmark = pytest.mark.django_db


def start_check(client: Client, now: datetime) -> tuple[str, dict[str, str]]:
    """A learner whose first check item is the simulation (the first variant of the first concept)."""
    source = edit_yaml(
        mini_source(), "modules/basics.yaml", lambda d: d["concepts"][0]["variants"].insert(0, SIMULATION)
    )
    package_import("acme", source, now=now)
    spec = PersonSpec("lee@acme.test", "Lee", [("seller", None)])
    person = person_upsert(organization_ensure("acme"), spec, password=None, today=now.date())
    client.force_login(person.user)
    url = client.post("/modules/basics/start")["Location"]
    page = client.get(url).content.decode()
    base = {
        "attempt_id": hidden(page, "attempt_id"),
        "stamp": hidden(page, "stamp"),
        "variant": hidden(page, "variant"),
    }
    return url, base


def post(client: Client, url: str, fields: dict[str, Any], status: int = 200) -> str:
    response = client.post(url + "answer", fields)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def done_of(html: str) -> str:
    return hidden(html, "done").replace("&quot;", '"')


def test_a_simulation_is_walked_screen_by_screen_and_graded_at_the_end(client: Client, now: datetime) -> None:
    url, base = start_check(client, now)
    first = client.get(url).content.decode()
    assert "Screen 1 of 2: Account" in first and "Open the call log." in first
    assert re.search(r'<img class="sim-image" src="/media/mini-academy/ear.svg" alt="The account page', first)
    assert '<button type="submit" name="pick-0" class="hotspot">Log a call</button>' in first

    acted = post(client, url, {**base, "stage": "choose", "done": "[]", "pick-0": ""})
    assert "Right." in acted and "You pressed “Log a call”." in acted and ">Continue</button>" in acted
    assert json.loads(done_of(acted)) == [{"pick": 0}]
    assert not lm.Attempt.objects.exists()  # nothing is recorded before the last screen

    second = post(client, url, {**base, "stage": "continue", "done": done_of(acted)})
    assert "Screen 2 of 2: Call log" in second and '<label for="sim-field-1">Meeting day</label>' in second
    assert ">Log call</button>" in second  # the form's own button

    empty = post(client, url, {**base, "stage": "choose", "done": done_of(acted), "field-0": "", "field-1": " "}, 422)
    assert "Fill in at least one field before checking your answer." in empty

    filled = {"field-0": "Meeting booked", "field-1": "thu"}
    last = post(client, url, {**base, "stage": "choose", "done": done_of(acted), **filled})
    assert "You entered Outcome: Meeting booked; Meeting day: thu." in last and ">See your score</button>" in last

    feedback = post(client, url, {**base, "stage": "continue", "done": done_of(last)})
    assert "Correct" in feedback and "Screen 1: Account" in feedback
    attempt = lm.Attempt.objects.get()
    assert attempt.response == {"steps": [{"pick": 0}, {"fields": ["Meeting booked", "thu"]}]}
    assert attempt.score == 1.0


def test_a_wrong_control_gets_the_better_move_and_costs_its_screen(client: Client, now: datetime) -> None:
    url, base = start_check(client, now)
    acted = post(client, url, {**base, "stage": "choose", "done": "[]", "pick-1": ""})
    assert "Not quite." in acted and "You pressed “Delete account”." in acted
    assert "Better:</strong> Press “Log a call”." in acted
    done = json.dumps([{"pick": 1}, {"fields": ["Meeting booked", "Thursday"]}])
    feedback = post(client, url, {**base, "stage": "continue", "done": done})
    assert "Partly right: 50%" in feedback
    assert "Each of the 2 screens counts the same; 1 done fully right" in feedback
    assert "Right answer: Press “Log a call”" in feedback
    assert lm.Attempt.objects.get().score == 0.5


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"stage": "choose", "done": "[{", "pick-0": ""}, "this simulation&#x27;s form is out of date"),
        ({"stage": "choose", "done": '[{"pick": 9}]'}, "steps[0].pick is 9, out of range"),
        ({"stage": "choose", "done": "[]"}, "press one of the controls"),
        ({"stage": "choose", "done": "[]", "pick-x": ""}, "the control must be whole numbers"),
        ({"stage": "choose", "done": "[]", "pick-0": "", "pick-1": ""}, "press one of the controls"),
        ({"stage": "choose", "done": '[{"pick":0},{"fields":["No answer",""]}]'}, "every screen is done"),
        ({"stage": "continue", "done": '[{"pick": 0}, {"pick": 0}]'}, "steps[1] must be an object like"),
    ],
)
def test_a_tampered_or_incomplete_step_is_refused_and_nothing_is_recorded(
    client: Client, now: datetime, fields: dict[str, str], message: str
) -> None:
    url, base = start_check(client, now)
    refused = post(client, url, {**base, **fields}, 422)
    assert message in refused
    assert not lm.Attempt.objects.exists()
