from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillpath.domain.localtime import local_date, local_time
from skillpath.domain.nudging import (
    CertificateAlert,
    CertificateState,
    Digest,
    MilestoneAlert,
    MilestoneState,
    ReminderPrefs,
    Verdict,
    certificate_alerts,
    digest_verdict,
    in_quiet_hours,
    milestone_alerts,
)

BERLIN = ZoneInfo("Europe/Berlin")  # UTC+1 in early March 2026
NEW_YORK = ZoneInfo("America/New_York")  # UTC-5 until 8 March 2026, then UTC-4
AUCKLAND = ZoneInfo("Pacific/Auckland")  # UTC+13 in March 2026
MONDAY = date(2026, 3, 2)


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def prefs(
    zone: ZoneInfo = BERLIN, reminder: time = time(9), quiet: tuple[time, time] | None = None, enabled: bool = True
) -> ReminderPrefs:
    return ReminderPrefs(enabled, zone, reminder, *(quiet or (None, None)))


def verdict(p: ReminderPrefs, now: datetime, last: date | None = None, any_time: bool = False) -> Verdict:
    return digest_verdict(p, now, last_digest_on=last, any_time=any_time)


def test_the_digest_is_due_at_the_local_reminder_time_not_before() -> None:
    assert verdict(prefs(BERLIN), at(7, 59)) is Verdict.TOO_EARLY  # 08:59 in Berlin
    assert verdict(prefs(BERLIN), at(8, 0)) is Verdict.DUE  # 09:00 in Berlin


def test_the_same_reminder_time_falls_at_another_instant_in_another_zone() -> None:
    assert verdict(prefs(NEW_YORK), at(13, 59)) is Verdict.TOO_EARLY  # 08:59 in New York
    assert verdict(prefs(NEW_YORK), at(14, 0)) is Verdict.DUE


def test_the_reminder_time_follows_daylight_saving_time() -> None:
    after_switch = date(2026, 3, 9)  # New York is UTC-4 from 8 March
    assert verdict(prefs(NEW_YORK), at(12, 59, after_switch)) is Verdict.TOO_EARLY
    assert verdict(prefs(NEW_YORK), at(13, 0, after_switch)) is Verdict.DUE


def test_a_reminder_time_skipped_by_the_clock_change_still_comes_that_day() -> None:
    switch = date(2026, 3, 8)  # 02:00 → 03:00 in New York; 02:30 never shows on the wall clock
    p = prefs(NEW_YORK, reminder=time(2, 30))
    assert verdict(p, at(6, 59, switch)) is Verdict.TOO_EARLY  # 01:59 EST
    assert verdict(p, at(7, 0, switch)) is Verdict.DUE  # 03:00 EDT


def test_the_local_day_decides_what_today_is() -> None:
    assert local_date(AUCKLAND, at(12)) == date(2026, 3, 3)  # already Tuesday 01:00 there
    assert verdict(prefs(AUCKLAND), at(12), last=MONDAY) is Verdict.TOO_EARLY  # Monday's digest was yesterday


def test_no_second_digest_on_the_same_local_day() -> None:
    assert verdict(prefs(), at(15), last=MONDAY) is Verdict.ALREADY_SENT
    assert verdict(prefs(), at(15), last=MONDAY - timedelta(days=1)) is Verdict.DUE


def test_a_digest_dated_later_than_today_counts_as_sent_after_a_zone_change() -> None:
    assert verdict(prefs(NEW_YORK), at(23), last=date(2026, 3, 3)) is Verdict.ALREADY_SENT


def test_no_digest_for_a_person_who_turned_reminders_off() -> None:
    assert verdict(prefs(enabled=False), at(10)) is Verdict.OPTED_OUT
    assert verdict(prefs(enabled=False), at(10), any_time=True) is Verdict.OPTED_OUT


def test_quiet_hours_hold_the_digest_until_they_end() -> None:
    p = prefs(BERLIN, reminder=time(12, 30), quiet=(time(12), time(14)))
    assert verdict(p, at(11, 30)) is Verdict.QUIET_HOURS  # 12:30 in Berlin
    assert verdict(p, at(13, 0)) is Verdict.DUE  # 14:00: quiet hours are over


def test_quiet_hours_that_wrap_midnight() -> None:
    p = prefs(BERLIN, reminder=time(6), quiet=(time(22), time(7)))
    assert verdict(p, at(5, 30)) is Verdict.QUIET_HOURS  # 06:30
    assert verdict(p, at(6, 0)) is Verdict.DUE  # 07:00
    assert verdict(p, at(21, 0)) is Verdict.QUIET_HOURS  # 22:00


def test_quiet_hours_empty_or_incomplete_mean_none() -> None:
    assert not in_quiet_hours(time(3), time(3), time(3))
    assert not in_quiet_hours(time(3), None, time(4))
    assert not in_quiet_hours(time(3), time(2), None)
    assert in_quiet_hours(time(3), time(2), time(4))
    assert not in_quiet_hours(time(4), time(2), time(4))  # the end is excluded


def test_send_now_ignores_the_reminder_time_but_not_quiet_hours() -> None:
    assert verdict(prefs(reminder=time(18)), at(8), any_time=True) is Verdict.DUE
    quiet = prefs(reminder=time(18), quiet=(time(8), time(10)))
    assert verdict(quiet, at(8), any_time=True) is Verdict.QUIET_HOURS


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        verdict(prefs(), datetime(2026, 3, 2, 9))  # noqa: DTZ001 - the point of the test


def test_milestones_near_or_just_missed_are_mentioned_in_date_order() -> None:
    today = MONDAY
    milestones = [
        MilestoneState("In a week", today + timedelta(days=7), reached=False),
        MilestoneState("Too far", today + timedelta(days=8), reached=False),
        MilestoneState("Today", today, reached=False),
        MilestoneState("Done", today + timedelta(days=1), reached=True),
        MilestoneState("Yesterday", today - timedelta(days=1), reached=False),
        MilestoneState("Long ago", today - timedelta(days=8), reached=False),
    ]
    assert milestone_alerts(milestones, today) == (
        MilestoneAlert("Yesterday", today - timedelta(days=1), missed=True),
        MilestoneAlert("Today", today, missed=False),
        MilestoneAlert("In a week", today + timedelta(days=7), missed=False),
    )


def test_certificates_at_risk_or_recently_expired_are_mentioned() -> None:
    now = at(9)
    certificates = [
        CertificateState("Fading", "at_risk", now + timedelta(days=100)),
        CertificateState("Lapsed", "expired", now - timedelta(days=30)),
        CertificateState("Long lapsed", "expired", now - timedelta(days=31)),
        CertificateState("Odd", "expired", None),
        CertificateState("Fine", "valid", now + timedelta(days=100)),
        CertificateState("Withdrawn", "revoked", now + timedelta(days=100)),
    ]
    assert certificate_alerts(certificates, now) == (
        CertificateAlert("Fading", expired=False),
        CertificateAlert("Lapsed", expired=True),
    )


def test_a_digest_is_worth_sending_only_with_something_to_say() -> None:
    assert not Digest(0, 0.0, ()).worth_sending
    assert Digest(2, 3.0, ("a", "b")).worth_sending
    assert Digest(0, 0.0, (), milestones=(MilestoneAlert("m", MONDAY, missed=False),)).worth_sending
    assert Digest(0, 0.0, (), certificates=(CertificateAlert("c", expired=True),)).worth_sending


# Properties: a dispatcher that asks every 15 minutes for four days, in zones with odd offsets and clock changes.

ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
]
TICK = timedelta(minutes=15)
times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 7, 15, 30, 45, 59]))


@st.composite
def people(draw: st.DrawFn) -> ReminderPrefs:
    quiet = draw(st.one_of(st.none(), st.tuples(times, times)))
    return ReminderPrefs(
        draw(st.booleans()), ZoneInfo(draw(st.sampled_from(ZONES))), draw(times), *(quiet or (None, None))
    )


starts = st.builds(
    lambda day, minutes: datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=day, minutes=minutes),
    st.integers(0, 364),
    st.integers(0, 95).map(lambda n: n * 15 + 3),
)


def dispatch(p: ReminderPrefs, start: datetime, days: int = 4) -> list[datetime]:
    """Every instant a digest went out, asking every 15 minutes and remembering the last local date."""
    sent: list[datetime] = []
    last: date | None = None
    now = start
    while now < start + timedelta(days=days):
        if digest_verdict(p, now, last_digest_on=last) is Verdict.DUE:
            sent.append(now)
            last = local_date(p.zone, now)
        now += TICK
    return sent


@settings(max_examples=150, deadline=None)
@given(people(), starts)
def test_never_two_digests_on_one_local_day(p: ReminderPrefs, start: datetime) -> None:
    days = [local_date(p.zone, moment) for moment in dispatch(p, start)]
    assert len(days) == len(set(days))


@settings(max_examples=150, deadline=None)
@given(people(), starts)
def test_never_inside_quiet_hours_never_before_the_reminder_time_never_when_opted_out(
    p: ReminderPrefs, start: datetime
) -> None:
    sent = dispatch(p, start)
    if not p.enabled:
        assert sent == []
    for moment in sent:
        wall = local_time(p.zone, moment)
        assert not in_quiet_hours(wall, p.quiet_start, p.quiet_end)
        assert wall >= p.reminder_time


@settings(max_examples=150, deadline=None)
@given(people(), starts)
def test_every_local_day_with_an_allowed_moment_gets_its_digest(p: ReminderPrefs, start: datetime) -> None:
    sent_days = {local_date(p.zone, moment) for moment in dispatch(p, start)}
    now = start
    while now < start + timedelta(days=4):
        wall = local_time(p.zone, now)
        if p.enabled and wall >= p.reminder_time and not in_quiet_hours(wall, p.quiet_start, p.quiet_end):
            assert local_date(p.zone, now) in sent_days
        now += TICK


@given(times, times, times)
def test_quiet_hours_and_their_complement_cover_the_day_once(moment: time, start: time, end: time) -> None:
    if start != end:
        assert in_quiet_hours(moment, start, end) != in_quiet_hours(moment, end, start)
