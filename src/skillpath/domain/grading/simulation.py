"""Grading ``simulation``: ``{"steps": [one action per screen, in order]}``.

A screen with hotspots or choices is answered ``{"pick": index}``; a form is answered ``{"fields": [text per
field]}`` (a field with options takes the option's text, ``""`` when left empty). Each screen scores 0..1 (a pick is
right or wrong; a form scores the share of its fields right, typed ones compared like cloze blanks), and the
simulation scores the mean of its screens, so a slip on one screen costs only that screen's share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from skillpath.domain.content.model import Simulation, SimulationField, SimulationStep
from skillpath.domain.grading.responses import (
    MAX_TEXT_CHARS,
    describe,
    index_range,
    read_index,
    read_list,
    require_length,
)
from skillpath.domain.grading.result import Grade, ItemFeedback, ResponseEmpty, ResponseInvalid, make_grade, share
from skillpath.domain.grading.textmatch import matching
from skillpath.domain.i18n import gettext

KIND = "simulation"
EXAMPLE = '{"steps": [{"pick": 1}, {"fields": ["4,800", "Negotiate"]}]}'


def read_step(activity: Simulation, index: int, value: Any) -> dict[str, Any]:
    """The action taken on screen ``index``, checked: ``{"pick": i}`` or ``{"fields": [...]}``.

    Raises ``ResponseInvalid`` for a wrong shape, and ``ResponseEmpty`` for a form with every field empty.
    """
    step = activity.steps[index]
    where = f"steps[{index}]"
    if step.fields:
        texts = _read_only(value, "fields", where, '{"fields": ["text per field"]}')
        if not isinstance(texts, list):
            raise ResponseInvalid(f"{KIND}: {where}.fields must be a list of texts; got {describe(texts)}")
        return {"fields": _read_fields(step.fields, texts, where)}
    picked = _read_only(value, "pick", where, '{"pick": 0}')
    how = f"the controls on this screen are {index_range(len(step.picks))}"
    return {"pick": read_index(picked, len(step.picks), KIND, f"{where}.pick", how)}


def _read_only(value: Any, key: str, where: str, example: str) -> Any:
    if not isinstance(value, Mapping) or set(value) != {key}:
        raise ResponseInvalid(f"{KIND}: {where} must be an object like {example}; got {describe(value)}")
    return value[key]


def _read_fields(fields: Sequence[SimulationField], texts: list[Any], where: str) -> list[str]:
    require_length(texts, len(fields), KIND, "field", f'send the text of each field of {where} in order ("" if empty)')
    for position, (text, field) in enumerate(zip(texts, fields, strict=True)):
        label = f"{where}.fields[{position}]"
        if not isinstance(text, str):
            raise ResponseInvalid(f"{KIND}: {label} is {describe(text)}, not text; send what the field holds")
        if len(text) > MAX_TEXT_CHARS:
            raise ResponseInvalid(f"{KIND}: {label} is {len(text):,} characters long; at most {MAX_TEXT_CHARS}")
        if field.options and text and text not in field.options:
            raise ResponseInvalid(f"{KIND}: {label} is {describe(text)}; choose one of {', '.join(field.options)}")
    if not any(text.strip() for text in texts):
        raise ResponseEmpty(gettext("Fill in at least one field before checking your answer."))
    return texts


def step_score(step: SimulationStep, action: Mapping[str, Any]) -> float:
    """The score of a checked action (``read_step``) on ``step``: 1 or 0 for a pick, the share of fields right."""
    if "pick" in action:
        return 1.0 if step.picks[action["pick"]][1] else 0.0
    right = sum(
        matching(text, field.answers) is not None for text, field in zip(action["fields"], step.fields, strict=True)
    )
    return share(right, len(step.fields))


def grade_simulation(activity: Simulation, response: Mapping[str, Any]) -> Grade:
    """Score every screen; the feedback of screen ``i`` (key ``steps[i]``) says what the learner did (``given``)
    and, when it was not fully right, the right action (``expected``); ``text`` is the authored feedback of the
    control picked, or of the form's first wrong field."""
    values = read_list(response, KIND, "steps", EXAMPLE)
    if not values:
        raise ResponseEmpty(gettext("Act on the first screen before checking your answer."))
    require_length(values, len(activity.steps), KIND, "screen", f"send one action per screen, like {EXAMPLE}")
    actions = [read_step(activity, i, value) for i, value in enumerate(values)]
    scores = [step_score(step, action) for step, action in zip(activity.steps, actions, strict=True)]
    feedback = [step_feedback(activity, i, action) for i, action in enumerate(actions)]
    return make_grade(sum(scores) / len(scores), feedback, activity.explanation)


def step_feedback(activity: Simulation, index: int, action: Mapping[str, Any]) -> ItemFeedback:
    """The feedback on a checked action (``read_step``) on screen ``index``: shown after each screen, and in the
    grade."""
    step = activity.steps[index]
    if "pick" in action:
        name, correct, feedback = step.picks[action["pick"]]
        right = next(n for n, c, _ in step.picks if c)
        return ItemFeedback(f"steps[{index}]", correct, feedback, given=name, expected=right)
    given = "; ".join(
        f"{f.label}: {t.strip() or gettext('(empty)')}" for f, t in zip(step.fields, action["fields"], strict=True)
    )
    expected = "; ".join(f"{f.label}: {f.answers[0]}" for f in step.fields)
    wrong = [f for f, t in zip(step.fields, action["fields"], strict=True) if matching(t, f.answers) is None]
    return ItemFeedback(
        f"steps[{index}]", not wrong, wrong[0].feedback if wrong else None, given=given, expected=expected
    )
