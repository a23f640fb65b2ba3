"""Plain SQL on the answer path's hot statements, through Django's connection.

On PostgreSQL, ``cursor()`` binds parameters on the server, so psycopg prepares a statement after a few runs
and the database stops parsing and planning it again (a join of five tables costs more to plan than to run);
with ``binary=True`` results also come back in binary, so timestamps and numbers arrive without text parsing.
Elsewhere it is Django's own cursor. Either way the statements are logged (and counted by the query-count
tests) like any other.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections


def cursor(*, binary: bool = False) -> Any:
    """A cursor for hot statements (see the module docstring); ``binary``: PostgreSQL results in binary."""
    db = connections[DEFAULT_DB_ALIAS]  # once: each use of the ``connection`` proxy looks it up again
    if db.vendor != "postgresql":
        return db.cursor()
    from psycopg import pq

    db.close_if_health_check_failed()  # as Django's own cursor() does, then the same wrapping
    db.ensure_connection()
    db.validate_thread_sharing()
    raw = _hot_cursor_class()(db.connection)
    if binary:
        raw.format = pq.Format.BINARY
    return db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw)


def pipeline() -> AbstractContextManager[Any]:
    """PostgreSQL: statements sent within go out together, and the block waits once for all of them."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        return nullcontext()
    db.ensure_connection()
    return db.connection.pipeline()  # type: ignore[no-any-return]


@cache  # built once, on PostgreSQL only (psycopg is not imported on SQLite)
def _hot_cursor_class() -> type:
    """Django's server-binding cursor, made to keep the statement it last sent when that was a prepared one.

    Django logs (and the query-count tests read) what ``last_executed_query`` finds in psycopg's ``_query``, which
    psycopg leaves empty when it runs a statement it has prepared: the log would hold ``None`` for every hot
    statement once it is prepared.
    """
    from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

    class HotCursor(ServerBindingCursor):  # type: ignore[misc]
        def _send_query_prepared(self, name: bytes, pgq: Any, *, binary: bool | None = None) -> None:
            self._query = pgq
            super()._send_query_prepared(name, pgq, binary=binary)

    return HotCursor
