"""UTC enforcement: the domain only accepts timezone-aware UTC datetimes (fsrs insists on ``timezone.utc``)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc(moment: datetime) -> datetime:
    """The same instant with ``tzinfo=UTC``; a naive datetime is a bug, not local time."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware datetime")
    return moment.astimezone(UTC)


def days_between(earlier: datetime, later: datetime) -> float:
    return (later - earlier).total_seconds() / 86400
