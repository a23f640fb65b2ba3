"""Shared test helpers: the mini package fixture as editable data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from skillpath.content.reader import read_package

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
DEMO = Path(__file__).parent.parent / "content" / "northwind-academy"


def mini_source(*, translated: bool = False) -> dict[str, bytes]:
    """The small test package; ``translated``: with its German texts (``fixtures/mini-translations``)."""
    source = read_package(MINI)
    if translated:
        extra = read_package(FIXTURES / "mini-translations")
        source |= {f"translations/{name}": data for name, data in extra.items() if name != "README.md"}
    return source


def edit_yaml(source: dict[str, bytes], file: str, change: Any) -> dict[str, bytes]:
    """A copy of ``source`` whose YAML ``file`` was loaded, passed to ``change`` (mutate in place), dumped."""
    data = yaml.safe_load(source[file])
    change(data)
    return {**source, file: yaml.safe_dump(data, sort_keys=False).encode()}


def perfect_response(activity: Any) -> dict[str, Any]:
    from skillpath.domain.grading.answers import model_answer

    return model_answer(activity)


def wrong_response(activity: Any) -> dict[str, Any]:
    """An answer that scores below any pass mark."""
    from skillpath.domain.grading.answers import answer_with_mistakes

    return answer_with_mistakes(activity, 99)


def form_fields(activity: Any, response: dict[str, Any]) -> dict[str, Any]:
    """The POST fields a learner's browser sends for ``response`` (no JavaScript), scenario excepted."""
    kind = activity.type
    if kind == "choice":
        return {"selected": [str(i) for i in response["selected"]]}
    if kind == "order":
        return {f"position-{item}": str(place + 1) for place, item in enumerate(response["order"])}
    if kind == "categorize":
        return {f"place-{i}": c or "" for i, c in enumerate(response["placements"])}
    if kind == "match":
        return {f"pair-{i}": "" if r is None else str(r) for i, r in enumerate(response["pairs"])}
    if kind == "cloze":
        return {"blank": response["blanks"]}
    raise ValueError("scenarios are answered step by step")
