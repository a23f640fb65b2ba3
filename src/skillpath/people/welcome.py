"""The first-run welcome: a new person chooses their daily minutes and reminder time, once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.utils.translation import gettext as _

from skillpath.people.models import Person
from skillpath.people.services import DIGITS, SettingsInvalid, _clock_time


def needs_welcome(person: Person) -> bool:
    return person.welcomed_at is None


def welcome_complete(person: Person, data: Mapping[str, str], *, now: datetime) -> Person:
    """Save the welcome's choices and mark it done (it is shown once). All or nothing."""
    errors: dict[str, str] = {}
    minutes_text = (data.get("daily_minutes") or "").strip()
    if not DIGITS.fullmatch(minutes_text) or not 1 <= int(minutes_text) <= 240:
        errors["daily_minutes"] = _("give a whole number of minutes from 1 to 240")
    reminder = _clock_time(data.get("reminder_time", ""), "reminder_time", errors, required=True)
    if errors:
        raise SettingsInvalid(errors)
    person.daily_minutes = int(minutes_text)
    person.reminder_time = reminder or person.reminder_time
    person.reminders_enabled = data.get("reminders_enabled") in ("on", "true", "1")
    person.welcomed_at = now
    person.save(update_fields=["daily_minutes", "reminder_time", "reminders_enabled", "welcomed_at"])
    return person
