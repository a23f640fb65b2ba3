"""Grading ``categorize``: ``{"placements": [category id or null per item, in authored item order]}``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from skillpath.domain.content.model import Categorize
from skillpath.domain.grading.responses import describe, read_list, require_length
from skillpath.domain.grading.result import Grade, ItemFeedback, ResponseEmpty, ResponseInvalid, make_grade, share
from skillpath.domain.i18n import gettext

KIND = "categorize"


def grade_categorize(activity: Categorize, response: Mapping[str, Any]) -> Grade:
    """Score the share of items placed in their category; an unplaced item (null) counts wrong."""
    placements = read_placements(activity, response)
    titles = {c.id: c.title for c in activity.categories}
    right = [placed == item.category for placed, item in zip(placements, activity.items, strict=True)]
    feedback = (
        ItemFeedback(f"items[{i}]", ok, None if ok else titles.get(item.category))
        for i, (ok, item) in enumerate(zip(right, activity.items, strict=True))
    )
    return make_grade(share(sum(right), len(right)), feedback, activity.explanation)


def read_placements(activity: Categorize, response: Mapping[str, Any]) -> list[str | None]:
    """One known category id (or ``None`` for an unplaced item) per item; at least one item placed."""
    ids = [c.id for c in activity.categories]
    how = "send one category id (or null) per item, in authored item order"
    values = read_list(response, KIND, "placements", '{"placements": ["' + ids[0] + '", null]}')
    require_length(values, len(activity.items), KIND, "item", how)
    choices = ", ".join(json.dumps(i) for i in ids)
    for position, value in enumerate(values):
        if value is not None and not isinstance(value, str):
            raise ResponseInvalid(
                f"{KIND}: placements[{position}] is {describe(value)}, not a category id; use one of {choices} or null"
            )
        if value is not None and value not in ids:
            raise ResponseInvalid(
                f"{KIND}: placements[{position}] is an unknown category {json.dumps(value)}; "
                f"use one of {choices} or null"
            )
    if all(value is None for value in values):
        raise ResponseEmpty(gettext("Place at least one item in a category before checking your answer."))
    return values
