"""Rows of the learner store in plain SQL: the hot-statement cursor, statements sent together, and values
read and written the way Django stores them on SQLite and PostgreSQL (``learning.store`` maps them to and
from the domain's learner state)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from django.db import connection
from django.utils.dateparse import parse_datetime

from skillpath.sql import cursor as sql_cursor
from skillpath.sql import pipeline as sql_pipeline

# Reading and writing values the way Django stores them on either database.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # stands in for a NOT NULL column read as NULL (never, in practice)


def dt_in(value: datetime | None) -> Any:
    return None if value is None else connection.ops.adapt_datetimefield_value(value)


def dt_out(value: Any) -> datetime | None:
    if value is None:
        return None
    if value.__class__ is datetime and value.tzinfo is not None:  # PostgreSQL's binary results
        return value
    if isinstance(value, str):
        value = parse_datetime(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def json_in(value: Any) -> Any:
    return connection.ops.adapt_json_value(value, None)


def json_out(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def seen_out(text: str) -> tuple[int, ...]:
    """The variant positions a person has seen, stored as a JSON list of integers ("[0, 2]")."""
    inner = text.strip()[1:-1]
    try:
        return tuple(int(part) for part in inner.split(",")) if inner.strip() else ()
    except ValueError:  # not the plain list it always is; let the JSON reader say what it holds
        return tuple(json.loads(text))


def uuid_in(value: UUID) -> Any:
    return value if connection.features.has_native_uuid_field else value.hex


def uuid_out(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def cursor() -> Any:
    """A cursor for the store's statements: prepared on PostgreSQL after a few runs, results in binary (the
    memory rows of a state hold some 600 timestamps)."""
    return sql_cursor(binary=True)


pipeline = sql_pipeline


def batch(statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[tuple[Any, ...]]]:
    """The rows of each read statement. On PostgreSQL they go out together and come back in one round trip
    (psycopg's pipeline mode); elsewhere they run one after another."""
    if connection.vendor != "postgresql":
        return [rows(sql, params) for sql, params in statements]
    with pipeline():
        cursors = []
        try:
            for sql, params in statements:
                each = cursor()
                cursors.append(each)
                each.execute(sql, params)
            return [list(each.fetchall()) for each in cursors]
        finally:
            for each in cursors:
                each.close()


def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with cursor() as one:
        one.execute(sql, params)
        return list(one.fetchall())
