from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.localtime import local_date, local_time, next_local_time

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_the_wall_clock_of_a_zone() -> None:
    now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert local_date(BERLIN, now) == date(2026, 3, 3)
    assert local_time(BERLIN, now) == time(0, 30)


def test_the_next_night_is_tonight_before_it_and_tomorrow_after_it() -> None:
    evening = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)  # 21:00 in Berlin
    assert next_local_time(BERLIN, time(2), evening) == datetime(2026, 3, 3, 1, 0, tzinfo=UTC)
    at_two = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)  # exactly 02:00: the next one is a day later
    assert next_local_time(BERLIN, time(2), at_two) == datetime(2026, 3, 4, 1, 0, tzinfo=UTC)


def test_a_wall_time_skipped_by_the_clock_change_happens_just_after_it() -> None:
    before = datetime(2026, 3, 8, 5, 0, tzinfo=UTC)  # 00:00 EST; 02:00–03:00 does not exist that night
    assert next_local_time(NEW_YORK, time(2, 30), before) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)),  # noqa: DTZ001
    st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Pacific/Chatham"]),
)
def test_the_next_local_time_is_always_within_a_day_and_a_bit(now: datetime, zone: str) -> None:
    moment = next_local_time(ZoneInfo(zone), time(2), now)
    assert now < moment <= now + timedelta(hours=25)
