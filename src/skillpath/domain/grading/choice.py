"""Grading ``choice``: one or several correct options, ``{"selected": [option indices]}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skillpath.domain.content.model import Choice
from skillpath.domain.grading.responses import index_range, read_index, read_list
from skillpath.domain.grading.result import Grade, ItemFeedback, ResponseEmpty, ResponseInvalid, make_grade
from skillpath.domain.i18n import gettext

KIND = "choice"


def grade_choice(activity: Choice, response: Mapping[str, Any]) -> Grade:
    """Score a choice.

    One correct option: 1 if exactly that option is selected, else 0. Several correct options:
    (correct options picked − wrong options picked) / number of correct options, floored at 0.
    """
    selected = read_selected(activity, response)
    options = activity.options
    right = sum(options[i].correct for i in selected)
    wrong = len(selected) - right
    if activity.multiple:
        score = max(0, right - wrong) / sum(o.correct for o in options)
    else:
        score = 1.0 if right == 1 and wrong == 0 else 0.0
    feedback = (
        ItemFeedback(f"options[{i}]", (i in selected) == option.correct, option.feedback, picked=i in selected)
        for i, option in enumerate(options)
    )
    return make_grade(score, feedback, activity.explanation)


def read_selected(activity: Choice, response: Mapping[str, Any]) -> set[int]:
    """The selected option indices (authored positions); each may appear once, and at least one."""
    count = len(activity.options)
    how = f"option indices are {index_range(count)}"
    values = read_list(response, KIND, "selected", '{"selected": [0, 2]}')
    selected: set[int] = set()
    for position, value in enumerate(values):
        index = read_index(value, count, KIND, f"selected[{position}]", how)
        if index in selected:
            raise ResponseInvalid(f"{KIND}: option {index} is selected twice; list each picked option index once")
        selected.add(index)
    if not selected:
        raise ResponseEmpty(gettext("Choose at least one option before checking your answer."))
    return selected
