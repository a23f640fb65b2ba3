"""A simulation in a package: its screens are validated (media, one kind of action, one right control), its words
feed the near-duplicate check and its decisions the length-cue check."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from skillpath.domain.content import parse_package
from skillpath.domain.content.cues import activity_text, cue_stats
from skillpath.domain.content.lint import module_warnings
from skillpath.domain.content.model import Simulation
from tests.helpers import edit_yaml, mini_source
from tests.unit.domain.test_content_lint import module
from tests.unit.domain.test_content_validation import errors_of

WHERE = "modules/basics.yaml: concepts[0].variants[2]"
SIMULATION: dict[str, Any] = {
    "type": "simulation",
    "prompt": "Log the call in the CRM.",
    "steps": [
        {
            "title": "Account",
            "text": "Open the call log.",
            "screen": {"src": "media/ear.svg", "alt": "The account page with a Log a call button."},
            "hotspots": [{"label": "Log a call", "correct": True}, {"label": "Delete account"}],
        },
        {
            "title": "Call log",
            "text": "Record the outcome.",
            "fields": [
                {"label": "Outcome", "answer": "Meeting booked", "options": ["No answer", "Meeting booked"]},
                {"label": "Meeting day", "answer": "Thursday|Thu"},
            ],
            "button": "Log call",
        },
    ],
}


def with_simulation(change: Any = None) -> dict[str, bytes]:
    simulation = copy.deepcopy(SIMULATION)
    if change:
        change(simulation)
    return edit_yaml(mini_source(), "modules/basics.yaml", lambda d: d["concepts"][0]["variants"].append(simulation))


def test_a_valid_simulation_parses_with_its_screens_and_actions() -> None:
    package = parse_package(with_simulation())
    activity = package.modules["basics"].concepts[0].variants[2]
    assert isinstance(activity, Simulation)
    assert [s.title for s in activity.steps] == ["Account", "Call log"]
    assert activity.steps[1].fields[1].answers == ["Thursday", "Thu"]
    assert activity.steps[1].fields[0].answers == ["Meeting booked"]
    assert (activity.steps[0].button, activity.steps[1].button) == ("Save", "Log call")


def test_a_screen_image_must_be_an_image_in_the_packages_media() -> None:
    missing = with_simulation(lambda s: s["steps"][0]["screen"].update(src="media/crm.svg"))
    assert errors_of(missing) == [
        f"{WHERE}.steps[0].screen.src: media file 'media/crm.svg' does not exist in the package"
    ]
    outside = with_simulation(lambda s: s["steps"][0]["screen"].update(src="../crm.svg"))
    assert errors_of(outside) == [
        f"{WHERE}.steps[0].screen.src: '../crm.svg' must be a path inside the package's media/ folder"
    ]
    video = with_simulation(lambda s: s["steps"][0]["screen"].update(src="media/call.mp4"))
    assert errors_of(video) == [
        f"{WHERE}.steps[0].screen.src: 'media/call.mp4' is not an image; a screen is one of .svg, .png, .jpg, .jpeg, "
        ".webp, .gif"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["steps"][0].pop("hotspots"), "steps[0]: has none; give each screen exactly one of hotspots"),
        (
            lambda s: s["steps"][0].update(choices=[{"text": "a", "correct": True}, {"text": "b"}]),
            "steps[0]: has hotspots and choices; give each screen exactly one of",
        ),
        (
            lambda s: s["steps"][0].update(
                fields=[{"label": "Note", "answer": "x"}], choices=[{"text": "a", "correct": True}, {"text": "b"}]
            ),
            "steps[0]: has hotspots and fields and choices; give each screen exactly one of",
        ),
        (lambda s: s["steps"][0]["hotspots"][1].update(correct=True), "steps[0].hotspots: 2 are marked correct"),
        (lambda s: s["steps"][0]["hotspots"][0].update(correct=False), "steps[0].hotspots: 0 are marked correct"),
        (lambda s: s["steps"][0]["hotspots"].pop(1), "steps[0].hotspots: has 1; give a screen at least 2 hotspots"),
        (
            lambda s: s["steps"][0]["hotspots"][1].update(label="Log a call"),
            "steps[0].hotspots[1]: duplicate hotspot label 'Log a call'",
        ),
        (
            lambda s: s["steps"][1]["fields"][1].update(label="Outcome"),
            "steps[1].fields[1]: duplicate field label 'Outcome'",
        ),
        (
            lambda s: s["steps"][1]["fields"][0].update(answer="Voicemail"),
            "steps[1].fields[0].answer: 'Voicemail' is not one of the field's options",
        ),
        (
            lambda s: s["steps"][1]["fields"][1].update(answer="Thursday|"),
            "steps[1].fields[1].answer: an accepted answer is empty",
        ),
    ],
)
def test_each_screen_problem_is_reported_where_it_is(change: Any, message: str) -> None:
    errors = errors_of(with_simulation(change))
    assert len(errors) == 1
    assert errors[0].startswith(f"{WHERE}.{message}"), errors


def test_a_simulation_needs_two_screens_and_no_unknown_keys() -> None:
    assert errors_of(with_simulation(lambda s: s["steps"].pop(1))) == [f"{WHERE}.steps: needs at least 2 items"]
    assert errors_of(with_simulation(lambda s: s["steps"][0].update(area=[1, 2]))) == [
        f"{WHERE}.steps[0].area: unknown field (check its spelling and indentation)"
    ]


def test_every_word_on_every_screen_counts_for_near_duplicates() -> None:
    text = activity_text(Simulation.model_validate(SIMULATION))
    for words in (
        "Log the call",
        "Account",
        "Open the call log.",
        "Delete account",
        "Outcome Meeting booked",
        "Meeting day Thursday",
    ):
        assert words in text


def test_a_decision_on_a_screen_counts_towards_the_option_length_cue_and_hotspots_do_not() -> None:
    decision = copy.deepcopy(SIMULATION)
    decision["steps"][1] = {
        "title": "Next step",
        "text": "What do you record?",
        "choices": [{"text": "A dated, agreed meeting with the buyer", "correct": True}, {"text": "Follow up"}],
    }
    stats = cue_stats([module(Simulation.model_validate(decision))])
    assert (stats.choices.total, stats.choices.longest) == (1, 1)
    assert cue_stats([module(Simulation.model_validate(SIMULATION))]).choices.total == 0


def test_a_simulation_has_no_warnings_of_its_own() -> None:
    assert [w.check for w in module_warnings(module(Simulation.model_validate(SIMULATION)), "m.yaml")] == [
        "few-variants"
    ]
