"""Grading ``order``: ``{"order": [item indices in the learner's order]}``, a permutation of all items.

The score is (length of the longest increasing subsequence − 1) / (n − 1): the share of items that
already stand in the right relative order, so one misplaced item costs one step, not half the list.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from typing import Any

from skillpath.domain.content.model import Order
from skillpath.domain.grading.responses import index_range, read_index, read_list
from skillpath.domain.grading.result import Grade, ItemFeedback, ResponseInvalid, make_grade

KIND = "order"


def grade_order(activity: Order, response: Mapping[str, Any]) -> Grade:
    """Score an order; an item is marked correct when it is part of the longest run kept in order."""
    order = read_order(activity, response)
    kept = set(longest_increasing(order))
    score = (len(kept) - 1) / (len(order) - 1)
    feedback = (ItemFeedback(f"items[{i}]", i in kept, None) for i in range(len(activity.items)))
    return make_grade(score, feedback, activity.explanation)


def read_order(activity: Order, response: Mapping[str, Any]) -> list[int]:
    """The learner's order as authored item indices; every index exactly once."""
    count = len(activity.items)
    how = f"send every item index {index_range(count)} exactly once"
    values = read_list(response, KIND, "order", '{"order": [2, 0, 1]}')
    order: list[int] = []
    for position, value in enumerate(values):
        index = read_index(value, count, KIND, f"order[{position}]", how)
        if index in order:
            raise ResponseInvalid(f"{KIND}: item {index} appears twice; {how}")
        order.append(index)
    if len(order) < count:
        missing = min(set(range(count)) - set(order))
        raise ResponseInvalid(f"{KIND}: item {missing} is missing; {how}")
    return order


def longest_increasing(values: Sequence[int]) -> list[int]:
    """One longest strictly increasing subsequence of non-empty ``values`` (patience sorting).

    Among several of the same length, the one found is always the same for the same input.
    """
    tail_at: list[int] = []  # tail_at[k]: position of the smallest tail of a run of length k + 1
    tails: list[int] = []  # the values at those positions, increasing, for bisecting
    previous: list[int | None] = []  # previous[p]: position before p in the run ending at p
    for position, value in enumerate(values):
        k = bisect_left(tails, value)
        previous.append(tail_at[k - 1] if k else None)
        if k == len(tails):
            tail_at.append(position)
            tails.append(value)
        else:
            tail_at[k] = position
            tails[k] = value
    run: list[int] = []
    at: int | None = tail_at[-1]
    while at is not None:
        run.append(values[at])
        at = previous[at]
    return run[::-1]
