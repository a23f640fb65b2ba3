"""Writes of the practice-habit settings: a person's days off, an organization's rule and holidays.

Dates are written as ISO strings in a JSON list, sorted, each checked here (readers can trust them).
Text input takes one date or one range per line (``2026-12-24`` or ``2026-12-24..2026-12-31``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from django.utils.translation import gettext as _

from skillpath.people.models import Organization, Person
from skillpath.people.services import SettingsInvalid

MAX_DAYS = 366  # dates kept in one list
KEEP_PAST_DAYS = 400  # older days off no longer matter to a streak and are dropped
DIGITS = re.compile(r"[0-9]{1,3}")


def parse_days(text: str, *, today: date, field: str) -> list[date]:
    """Every date the text names (a date or ``start..end`` per line), or ``SettingsInvalid`` naming the line."""
    days: set[date] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        start_text, __, end_text = line.partition("..")
        try:
            start = date.fromisoformat(start_text.strip())
            end = date.fromisoformat(end_text.strip()) if end_text else start
        except ValueError:
            raise SettingsInvalid(
                {
                    field: _(
                        "line {number}: '{text}' is not a date; write 2026-12-24 or 2026-12-24..2026-12-31"
                    ).format(number=number, text=line[:40])
                }
            ) from None
        if end < start:
            raise SettingsInvalid({field: _("line {number}: the range ends before it starts").format(number=number)})
        if (end - start).days >= MAX_DAYS:
            raise SettingsInvalid(
                {field: _("line {number}: a range may span at most {days} days").format(number=number, days=MAX_DAYS)}
            )
        days.update(start + timedelta(days=i) for i in range((end - start).days + 1))
    kept = sorted(d for d in days if d >= today - timedelta(days=KEEP_PAST_DAYS))
    if len(kept) > MAX_DAYS:
        raise SettingsInvalid({field: _("at most {days} days in all; remove some").format(days=MAX_DAYS)})
    return kept


def days_text(values: object) -> str:
    """A stored list of dates as the text the form shows (one date per line)."""
    return "\n".join(str(v) for v in values) if isinstance(values, list) else ""


def days_off_update(person: Person, text: str, *, today: date) -> Person:
    """Replace the person's days off with the ones ``text`` names."""
    person.habit_days_off = [d.isoformat() for d in parse_days(text, today=today, field="days_off")]
    person.save(update_fields=["habit_days_off"])
    return person


def day_off_toggle(person: Person, day: date, *, off: bool) -> Person:
    """Take ``day`` off (it freezes the streak) or back; other days off stay as they are."""
    days = {str(d) for d in person.habit_days_off} if isinstance(person.habit_days_off, list) else set()
    days = days | {day.isoformat()} if off else days - {day.isoformat()}
    person.habit_days_off = sorted(days)[-MAX_DAYS:]
    person.save(update_fields=["habit_days_off"])
    return person


def habit_settings_update(org: Organization, data: Mapping[str, str], *, today: date) -> Organization:
    """An admin's habit settings: on or off, answers a day, practice days a week, holidays. All or nothing."""
    errors: dict[str, str] = {}
    reviews = (data.get("habit_daily_reviews") or "").strip()
    if not DIGITS.fullmatch(reviews) or not 1 <= int(reviews) <= 100:
        errors["habit_daily_reviews"] = _("give a whole number of answers from 1 to 100")
    week = (data.get("habit_weekly_days") or "").strip()
    if not DIGITS.fullmatch(week) or not 1 <= int(week) <= 7:
        errors["habit_weekly_days"] = _("give a whole number of days from 1 to 7")
    holidays: list[date] = []
    try:
        holidays = parse_days(data.get("habit_holidays") or "", today=today, field="habit_holidays")
    except SettingsInvalid as exc:
        errors |= exc.errors
    if errors:
        raise SettingsInvalid(errors)
    org.habit_enabled = data.get("habit_enabled") in ("on", "true", "1")
    org.habit_daily_reviews, org.habit_weekly_days = int(reviews), int(week)
    org.habit_holidays = [d.isoformat() for d in holidays]
    org.save(update_fields=["habit_enabled", "habit_daily_reviews", "habit_weekly_days", "habit_holidays"])
    return org
