"""Wall-clock time in a person's or an organization's time zone (zoneinfo), from an aware instant."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from skillpath.domain.timeutil import utc


def local_date(zone: tzinfo, now: datetime) -> date:
    """The calendar date on the wall clocks of ``zone`` at the instant ``now``."""
    return utc(now).astimezone(zone).date()


def local_time(zone: tzinfo, now: datetime) -> time:
    """The wall-clock time (no zone) in ``zone`` at the instant ``now``."""
    return utc(now).astimezone(zone).time().replace(tzinfo=None)


def next_local_time(zone: tzinfo, at: time, now: datetime) -> datetime:
    """The first instant after ``now`` at which the wall clocks of ``zone`` read ``at`` (in UTC).

    A wall time that a daylight-saving jump skips resolves to the same instant after the jump as before
    it would have been (so "02:30" on a spring-forward night happens at 03:30), never to nothing.
    """
    day = local_date(zone, now)
    while True:
        candidate = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
        if candidate > now:
            return candidate
        day += timedelta(days=1)
