"""Activities as templates show them (display order shuffled, stably) and form posts back into responses.

Every form field carries AUTHORED positions, so the shuffle is only what the learner sees: grading
never depends on it. The same form works with and without JavaScript; the scripts only add dragging
and keyboard moves on top of it.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from typing import Any, assert_never

from django.http import QueryDict
from django.utils.translation import gettext as _

from skillpath.domain.content.model import Activity, Categorize, Choice, Cloze, Match, Order, Scenario, Simulation
from skillpath.domain.grading import ResponseInvalid, cloze_segments, read_step, scenario_step


@dataclass(frozen=True)
class Option:
    index: int
    text: str


@dataclass(frozen=True)
class Bucket:
    id: str
    title: str


@dataclass(frozen=True)
class ClozePart:
    text: str | None = None  # literal text, or
    blank: int | None = None  # the blank's number (0-based)
    label: str = ""  # a blank's accessible name: its number and the sentence around it


@dataclass(frozen=True)
class ScenarioView:
    node: str
    text: str
    choices: list[Option]
    path: str  # the path so far, "1,0"
    steps: int


@dataclass(frozen=True)
class SimField:
    index: int
    label: str
    options: list[str]  # a list to choose from; empty for a text field


@dataclass(frozen=True)
class SimulationView:
    """The screen to act on next (``number`` of ``total``, from 1), and the actions taken so far (``done``, JSON)."""

    number: int
    total: int
    title: str
    text: str
    screen: str | None  # the image's path inside the package's media/ folder
    alt: str
    hotspots: list[Option]
    choices: list[Option]
    fields: list[SimField]
    button: str
    done: str


@dataclass(frozen=True)
class ActivityView:
    kind: str
    prompt: str
    multiple: bool = False
    options: list[Option] = field(default_factory=list)  # choice options / order items / categorize items / lefts
    buckets: list[Bucket] = field(default_factory=list)  # categorize
    rights: list[Option] = field(default_factory=list)  # match
    segments: list[ClozePart] = field(default_factory=list)  # cloze
    scenario: ScenarioView | None = None
    simulation: SimulationView | None = None


def _shuffled(texts: list[str], rng: random.Random) -> list[Option]:
    options = [Option(i, t) for i, t in enumerate(texts)]
    if len(options) > 1:
        original = list(options)
        for _ in range(5):  # a shuffle that happens to be the authored order would give the answer away
            rng.shuffle(options)
            if options != original:
                break
    return options


def activity_view(
    activity: Activity, seed: str, path: list[int] | None = None, done: list[dict[str, Any]] | None = None
) -> ActivityView:
    """What to show; ``seed`` makes the display order stable across reloads of the same item. ``path`` is a
    scenario's choices so far, ``done`` a simulation's actions so far."""
    rng = random.Random(seed)  # noqa: S311 - display order, not security
    match activity:
        case Choice():
            options = _shuffled([o.text for o in activity.options], rng)
            return ActivityView("choice", activity.prompt, activity.multiple, options)
        case Order():
            return ActivityView("order", activity.prompt, options=_shuffled(list(activity.items), rng))
        case Categorize():
            items = _shuffled([it.text for it in activity.items], rng)
            buckets = [Bucket(c.id, c.title) for c in activity.categories]
            return ActivityView("categorize", activity.prompt, options=items, buckets=buckets)
        case Match():
            lefts = _shuffled([p.left for p in activity.pairs], rng)
            rights = _shuffled([p.right for p in activity.pairs], rng)
            return ActivityView("match", activity.prompt, options=lefts, rights=rights)
        case Cloze():
            labels = cloze_blank_labels(activity)
            parts = [
                ClozePart(blank=p, label=labels[p]) if isinstance(p, int) else ClozePart(text=p)
                for p in cloze_segments(activity)
            ]
            return ActivityView("cloze", activity.prompt, segments=parts)
        case Scenario():
            return ActivityView("scenario", activity.prompt, scenario=scenario_view(activity, path or [], rng))
        case Simulation():
            view = simulation_view(activity, done or [], rng)
            return ActivityView("simulation", activity.prompt, simulation=view)
        case _:
            assert_never(activity)


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def cloze_sentences(activity: Cloze) -> list[str]:
    """For each blank, the sentence around it, every blank in it written "(blank N)" (or "(blank)" if alone).

    ``"Thanks. We are {{looking into it}} and reply within {{an hour}}."`` →
    ``["We are (blank 1) and reply within (blank 2).", "We are (blank 1) and reply within (blank 2)."]``
    """
    count = len(activity.blanks)
    sentences: list[list[str | int]] = [[]]
    for segment in cloze_segments(activity):
        if isinstance(segment, int):
            sentences[-1].append(segment)
            continue
        first, *rest = SENTENCE_END.split(segment)
        sentences[-1].append(first)
        sentences.extend([piece] for piece in rest)
    around: dict[int, str] = {}
    for parts in sentences:
        words = "".join(
            p if isinstance(p, str) else _("(blank {number})").format(number=p + 1) if count > 1 else _("(blank)")
            for p in parts
        )
        text = " ".join(words.split())
        around.update({p: text for p in parts if isinstance(p, int)})
    return [around[i] for i in range(count)]


def cloze_blank_labels(activity: Cloze) -> list[str]:
    """Each blank's accessible name: ``Blank 2 of 3 in “…”`` with its sentence, so it is heard in context."""
    sentences = cloze_sentences(activity)
    if len(sentences) == 1:
        return [_("The blank in “{sentence}”").format(sentence=sentences[0])]
    return [
        _("Blank {number} of {total} in “{sentence}”").format(number=i + 1, total=len(sentences), sentence=text)
        for i, text in enumerate(sentences)
    ]


def scenario_view(activity: Scenario, path: list[int], rng: random.Random | None = None) -> ScenarioView:
    node_id = scenario_step(activity, path)
    node = activity.nodes[node_id]
    choices = [Option(i, c.text) for i, c in enumerate(node.choices)]
    return ScenarioView(node_id, node.text, choices, ",".join(map(str, path)), len(path))


def simulation_view(activity: Simulation, done: list[dict[str, Any]], rng: random.Random) -> SimulationView:
    """The next screen after ``done`` (the last one once every screen is done). Hotspots keep the screen's order;
    choices are shuffled like a choice's options."""
    index = min(len(done), len(activity.steps) - 1)
    step = activity.steps[index]
    return SimulationView(
        index + 1,
        len(activity.steps),
        step.title,
        step.text,
        step.screen.src.removeprefix("media/") if step.screen else None,
        step.screen.alt if step.screen else "",
        [Option(i, h.label) for i, h in enumerate(step.hotspots)],
        _shuffled([c.text for c in step.choices], rng),
        [SimField(i, f.label, list(f.options)) for i, f in enumerate(step.fields)],
        step.button,
        json.dumps(done, ensure_ascii=False, separators=(",", ":")),
    )


class FormInvalid(ValueError):
    """The posted form cannot be read as an answer; the message says what to fix."""


def _ints(values: list[str], what: str) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError as exc:
        raise FormInvalid(_("{what} must be whole numbers").format(what=what)) from exc


def parse_path(text: str) -> list[int]:
    return _ints([p for p in text.split(",") if p.strip()], _("the scenario path"))


def posted_id(text: str, what: str) -> int:
    """A database id sent back by a form (a positive whole number, as the page wrote it)."""
    value = text.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise FormInvalid(
            _("{what} must be the number the page sent; reload the page and answer again").format(what=what)
        )
    return int(value)


def response_from_form(activity: Activity, form: QueryDict) -> dict[str, Any]:
    """The grader's response from a posted form (the no-JavaScript fields, or the scripts' hidden ones)."""
    match activity:
        case Choice():
            return {"selected": _ints(form.getlist("selected"), _("choices"))}
        case Order():
            return {"order": _posted_order(activity, form)}
        case Categorize():
            return {"placements": [form.get(f"place-{i}") or None for i in range(len(activity.items))]}
        case Match():
            pairs: list[int | None] = []
            for i in range(len(activity.pairs)):
                value = form.get(f"pair-{i}", "")
                pairs.append(_ints([value], _("matches"))[0] if value.strip() else None)
            return {"pairs": pairs}
        case Cloze():
            return {"blanks": form.getlist("blank")}
        case Scenario():
            return {"path": parse_path(form.get("path", ""))}
        case Simulation():
            return {"steps": parse_done(activity, form.get("done", ""))}
        case _:
            assert_never(activity)


def _posted_order(activity: Order, form: QueryDict) -> list[int]:
    if form.getlist("order"):
        return _ints(form.getlist("order"), _("the order"))
    positions = []
    for i in range(len(activity.items)):
        value = form.get(f"position-{i}", "")
        if not value.strip():
            raise FormInvalid(_("give every item a position from 1 to {last}").format(last=len(activity.items)))
        positions.append((_ints([value], _("positions"))[0], i))
    return [i for _, i in sorted(positions)]


def scenario_progress(activity: Scenario, path: list[int]) -> tuple[bool, str | None]:
    """Whether ``path`` reaches an ending, and the feedback of its last choice (the consequence to show)."""
    try:
        node_id = scenario_step(activity, path)
    except ResponseInvalid as exc:
        raise FormInvalid(str(exc)) from exc
    feedback = None
    if path:
        before = scenario_step(activity, path[:-1])
        feedback = activity.nodes[before].choices[path[-1]].feedback
    return not activity.nodes[node_id].choices, feedback


def parse_done(activity: Simulation, text: str) -> list[dict[str, Any]]:
    """A simulation's actions so far, as the form carries them (JSON), each one checked."""
    try:
        values = json.loads(text or "[]")
    except ValueError as exc:
        raise FormInvalid(_("this simulation's form is out of date; reload the page and answer again")) from exc
    if not isinstance(values, list) or len(values) > len(activity.steps):
        raise FormInvalid(_("this simulation's form is out of date; reload the page and answer again"))
    try:
        return [read_step(activity, i, value) for i, value in enumerate(values)]
    except ResponseInvalid as exc:
        raise FormInvalid(str(exc)) from exc


def simulation_action(activity: Simulation, index: int, form: QueryDict) -> dict[str, Any]:
    """The action posted on screen ``index``: the control pressed or option chosen, or the form's fields."""
    step = activity.steps[index]
    if step.fields:
        action: dict[str, Any] = {"fields": [form.get(f"field-{i}", "") for i in range(len(step.fields))]}
    else:
        # A choice posts its radio button "pick"; a hotspot is a button of its own named "pick-<index>".
        pressed = [key.removeprefix("pick-") for key in form if key.startswith("pick-")]
        picked = (form.get("pick", "") or (pressed[0] if len(pressed) == 1 else "")).strip()
        if not picked:
            raise FormInvalid(_("choose one of the options first") if step.choices else _("press one of the controls"))
        action = {"pick": _ints([picked], _("the control"))[0]}
    try:
        return read_step(activity, index, action)
    except ResponseInvalid as exc:
        raise FormInvalid(str(exc)) from exc
