"""Shared test helpers: the mini package fixture as editable data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from skillpath.content.reader import read_package

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
DEMO = Path(__file__).parent.parent / "content" / "northwind-academy"


def mini_source() -> dict[str, bytes]:
    return read_package(MINI)


def edit_yaml(source: dict[str, bytes], file: str, change: Any) -> dict[str, bytes]:
    """A copy of ``source`` whose YAML ``file`` was loaded, passed to ``change`` (mutate in place), dumped."""
    data = yaml.safe_load(source[file])
    change(data)
    return {**source, file: yaml.safe_dump(data, sort_keys=False).encode()}


def perfect_response(activity: Any) -> dict[str, Any]:
    """The authored right answer of an activity, in the response format the grader takes."""
    from functools import cache

    kind = activity.type
    if kind == "choice":
        return {"selected": [i for i, o in enumerate(activity.options) if o.correct]}
    if kind == "order":
        return {"order": list(range(len(activity.items)))}
    if kind == "categorize":
        return {"placements": [item.category for item in activity.items]}
    if kind == "match":
        return {"pairs": list(range(len(activity.pairs)))}
    if kind == "cloze":
        return {"blanks": [answers[0] for answers in activity.blanks]}

    @cache
    def best(node_id: str) -> int:
        return max((c.points + best(c.next) for c in activity.nodes[node_id].choices), default=0)

    path, node = [], activity.start
    while activity.nodes[node].choices:
        choices = activity.nodes[node].choices
        index = max(range(len(choices)), key=lambda i: choices[i].points + best(choices[i].next))
        path.append(index)
        node = choices[index].next
    return {"path": path}


def wrong_response(activity: Any) -> dict[str, Any]:
    """An answer that scores below any pass mark."""
    kind = activity.type
    if kind == "choice":
        return {"selected": [i for i, o in enumerate(activity.options) if not o.correct][:1]}
    if kind == "order":
        return {"order": list(reversed(range(len(activity.items))))}
    if kind == "categorize":
        ids = [c.id for c in activity.categories]
        return {"placements": [ids[(ids.index(item.category) + 1) % len(ids)] for item in activity.items]}
    if kind == "match":
        n = len(activity.pairs)
        return {"pairs": [(i + 1) % n for i in range(n)]}
    if kind == "cloze":
        return {"blanks": ["zzz" for _ in activity.blanks]}
    path, node = [], activity.start
    while activity.nodes[node].choices:
        choices = activity.nodes[node].choices
        index = min(range(len(choices)), key=lambda i: choices[i].points)
        path.append(index)
        node = choices[index].next
    return {"path": path}
