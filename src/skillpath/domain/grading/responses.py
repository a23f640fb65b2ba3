"""Reading a learner's response: its shape, lengths and indices, with messages that say how to fix it.

Responses are JSON-able mappings whose lists refer to authored positions. Every reader raises
``ResponseInvalid`` with a message of the form ``<type>: <what is wrong>; <how it should look>``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from skillpath.domain.grading.result import ResponseInvalid


def describe(value: Any) -> str:
    """A wrong value as a message shows it: ``"abc" (text)``, ``2.5 (a number)``, ``null``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{json.dumps(value)} (true/false)"
    if isinstance(value, int | float):
        return f"{value} (a number)"
    if isinstance(value, str):
        return f"{json.dumps(value)} (text)"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return f"{type(value).__name__!r} (not JSON)"


def index_range(count: int) -> str:
    """``0..4`` for five elements."""
    return f"0..{count - 1}"


def read_list(response: Any, kind: str, key: str, example: str) -> list[Any]:
    """The list under ``key``, the response's only key; ``example`` shows a whole valid response."""
    if not isinstance(response, Mapping):
        raise ResponseInvalid(f"{kind}: the response must be an object like {example}; got {describe(response)}")
    extra = sorted(str(k) for k in response if k != key)
    if extra:
        names = ", ".join(json.dumps(k) for k in extra)
        raise ResponseInvalid(f"{kind}: unexpected key {names}; send only {example}")
    if key not in response:
        raise ResponseInvalid(f'{kind}: the key "{key}" is missing; send {example}')
    value = response[key]
    if not isinstance(value, list | tuple):
        raise ResponseInvalid(f'{kind}: "{key}" must be a list, like {example}; got {describe(value)}')
    return list(value)


def require_length(values: Sequence[Any], count: int, kind: str, what: str, how: str) -> None:
    """Reject ``values`` unless it has exactly ``count`` entries (one per ``what``, a singular noun)."""
    if len(values) != count:
        raise ResponseInvalid(f"{kind}: expected {count} entries (one per {what}), got {len(values)}; {how}")


def read_index(value: Any, count: int, kind: str, label: str, how: str) -> int:
    """``value`` as an index in ``0..count-1``; ``label`` names where it was (``"order[2]"``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ResponseInvalid(f"{kind}: {label} is {describe(value)}, not an index; {how}")
    if not 0 <= value < count:
        raise ResponseInvalid(f"{kind}: {label} is {value}, out of range; {how}")
    return value


MAX_TEXT_CHARS = 200  # one typed answer (a cloze blank): far longer than any accepted answer
MAX_RESPONSE_BYTES = 16 * 1024  # a whole response as JSON: room for the largest activity's indices


def response_too_large(response: Any) -> str | None:
    """Why ``response`` is too large to be graded and stored, or None. Checked before anything is written:
    every answer is kept verbatim in the append-only attempts table."""
    try:
        size = len(json.dumps(response, ensure_ascii=False).encode())
    except (TypeError, ValueError):
        return "the response must be JSON: an object of lists of numbers, texts and nulls"
    if size > MAX_RESPONSE_BYTES:
        return f"the response is {size:,} bytes; an answer is at most {MAX_RESPONSE_BYTES:,} bytes"
    return None
