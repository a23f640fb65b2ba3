"""Grading ``match``: ``{"pairs": [index of the right side chosen for each left, or null]}``.

Both sides are authored positions: pair ``i`` is right when the learner chose right side ``i``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skillpath.domain.content.model import Match
from skillpath.domain.grading.responses import index_range, read_index, read_list, require_length
from skillpath.domain.grading.result import Grade, ItemFeedback, ResponseEmpty, ResponseInvalid, make_grade, share
from skillpath.domain.i18n import gettext

KIND = "match"


def grade_match(activity: Match, response: Mapping[str, Any]) -> Grade:
    """Score the share of lefts matched with their own right side; null (unanswered) counts wrong."""
    chosen = read_pairs(activity, response)
    right = [index == i for i, index in enumerate(chosen)]
    feedback = (
        ItemFeedback(f"pairs[{i}]", ok, None if ok else pair.right)
        for i, (ok, pair) in enumerate(zip(right, activity.pairs, strict=True))
    )
    return make_grade(share(sum(right), len(right)), feedback, activity.explanation)


def read_pairs(activity: Match, response: Mapping[str, Any]) -> list[int | None]:
    """The right side chosen for each left (``None`` = unanswered); a right side is used at most once,
    and at least one left is matched."""
    count = len(activity.pairs)
    how = f"send the index {index_range(count)} of a right side, or null, for each left in authored order"
    values = read_list(response, KIND, "pairs", '{"pairs": [1, 0, null]}')
    require_length(values, count, KIND, "pair", how)
    chosen: list[int | None] = []
    used_by: dict[int, int] = {}
    for position, value in enumerate(values):
        if value is None:
            chosen.append(None)
            continue
        index = read_index(value, count, KIND, f"pairs[{position}]", how)
        if index in used_by:
            raise ResponseInvalid(
                f"{KIND}: right side {index} is chosen for pairs[{used_by[index]}] and pairs[{position}]; "
                "each right side can be used once"
            )
        used_by[index] = position
        chosen.append(index)
    if all(index is None for index in chosen):
        raise ResponseEmpty(gettext("Match at least one item before checking your answer."))
    return chosen
