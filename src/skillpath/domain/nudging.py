"""Reminder digests: who is due one now, and whether there is anything worth saying.

A person gets at most ONE digest per local calendar day (their time zone), at or after their chosen
local reminder time, never inside their quiet hours, and never when they turned reminders off. The
dispatcher asks every few minutes, so "at or after" means "at the first check after" in practice. A
reminder time that falls inside quiet hours waits for the quiet hours to end, the same day; when they
last until the end of that day, the day passes without a digest (the person chose silence).

Quiet hours run from ``quiet_start`` (included) to ``quiet_end`` (excluded) and may wrap midnight
(22:00–07:00). Equal start and end, or either missing, means no quiet hours.

A digest is worth sending when reinforcement is due, a milestone is near or was just missed, a
certificate is at risk or recently expired, or assigned work is overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from skillpath.domain.habit import Habit
from skillpath.domain.localtime import local_date, local_time

MILESTONE_SOON_DAYS = 7  # a milestone due within this many days is mentioned
MILESTONE_MISSED_DAYS = 7  # ... and one missed at most this many days ago
CERTIFICATE_EXPIRED_DAYS = 30  # an expired certificate is mentioned for this long after it lapsed
EXPIRED_MENTIONED = timedelta(days=CERTIFICATE_EXPIRED_DAYS)


@dataclass(frozen=True)
class ReminderPrefs:
    enabled: bool
    zone: tzinfo
    reminder_time: time
    quiet_start: time | None = None
    quiet_end: time | None = None


class Verdict(StrEnum):
    DUE = "due"
    OPTED_OUT = "opted_out"
    ALREADY_SENT = "already_sent"
    TOO_EARLY = "too_early"
    QUIET_HOURS = "quiet_hours"


def in_quiet_hours(moment: time, start: time | None, end: time | None) -> bool:
    """Whether the wall-clock ``moment`` lies in [start, end), a range that may wrap midnight."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def digest_verdict(
    prefs: ReminderPrefs, now: datetime, *, last_digest_on: date | None, any_time: bool = False
) -> Verdict:
    """Whether a digest may go to this person at ``now``; ``last_digest_on`` is the local date of their
    latest digest (or check). ``any_time`` ignores the reminder time only (a demo's "send now")."""
    if not prefs.enabled:
        return Verdict.OPTED_OUT
    if last_digest_on is not None and last_digest_on >= local_date(prefs.zone, now):
        return Verdict.ALREADY_SENT
    wall = local_time(prefs.zone, now)
    if not any_time and wall < prefs.reminder_time:
        return Verdict.TOO_EARLY
    if in_quiet_hours(wall, prefs.quiet_start, prefs.quiet_end):
        return Verdict.QUIET_HOURS
    return Verdict.DUE


@dataclass(frozen=True)
class MilestoneState:
    title: str
    due_on: date
    reached: bool


@dataclass(frozen=True)
class MilestoneAlert:
    title: str
    due_on: date
    missed: bool  # False: coming up


@dataclass(frozen=True)
class CertificateState:
    title: str
    status: str  # valid, at_risk, expired, revoked, in_progress
    valid_until: datetime | None


@dataclass(frozen=True)
class CertificateAlert:
    title: str
    expired: bool  # False: at risk (a required skill is fading)


def milestone_alerts(milestones: Iterable[MilestoneState], today: date) -> tuple[MilestoneAlert, ...]:
    """Unreached milestones due within ``MILESTONE_SOON_DAYS``, or missed within ``MILESTONE_MISSED_DAYS``."""
    alerts = []
    for m in milestones:
        if m.reached:
            continue
        days = (m.due_on - today).days
        if 0 <= days <= MILESTONE_SOON_DAYS:
            alerts.append(MilestoneAlert(m.title, m.due_on, missed=False))
        elif -MILESTONE_MISSED_DAYS <= days < 0:
            alerts.append(MilestoneAlert(m.title, m.due_on, missed=True))
    return tuple(sorted(alerts, key=lambda a: (a.due_on, a.title)))


def certificate_alerts(certificates: Iterable[CertificateState], now: datetime) -> tuple[CertificateAlert, ...]:
    """Certificates at risk, and those that expired within ``CERTIFICATE_EXPIRED_DAYS``."""
    alerts = []
    for c in certificates:
        if c.status == "at_risk":
            alerts.append(CertificateAlert(c.title, expired=False))
        elif c.status == "expired" and c.valid_until is not None and now - c.valid_until <= EXPIRED_MENTIONED:
            alerts.append(CertificateAlert(c.title, expired=True))
    return tuple(alerts)


@dataclass(frozen=True)
class Digest:
    """What one person's digest says. Titles are shown as they are; counts drive the wording."""

    due_count: int  # reinforcements due today
    minutes: float  # today's session: its planned minutes (reinforcement, then the next module), within budget
    concepts: tuple[str, ...]  # titles of the first few due concepts
    milestones: tuple[MilestoneAlert, ...] = ()
    certificates: tuple[CertificateAlert, ...] = ()
    overdue: tuple[str, ...] = ()  # titles of assigned work past its due date, most overdue first
    habit: Habit | None = None  # the practice streak and week (None when the organization turned it off)

    @property
    def worth_sending(self) -> bool:
        """The habit alone is no reason to write: it rides along with something due."""
        return bool(self.due_count or self.milestones or self.certificates or self.overdue)
