"""The application's clock. Production reads the real time; tests (and only tests) may move it forward.

Every view and task asks ``clock.now()`` instead of ``timezone.now()``, so a browser test can show a
reinforcement "five days later" without waiting five days.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

_offset = timedelta(0)


def now() -> datetime:
    return timezone.now() + _offset


def travel(offset: timedelta) -> None:
    """Move the clock by ``offset`` from the real time (tests only; ``travel(timedelta(0))`` resets)."""
    global _offset
    _offset = offset


def travel_to(moment: datetime) -> None:
    """Make ``now()`` read ``moment`` (and run on from there); tests only."""
    travel(moment - timezone.now())
