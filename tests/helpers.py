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
    from skillpath.domain.grading.answers import model_answer

    return model_answer(activity)


def wrong_response(activity: Any) -> dict[str, Any]:
    """An answer that scores below any pass mark."""
    from skillpath.domain.grading.answers import answer_with_mistakes

    return answer_with_mistakes(activity, 99)
