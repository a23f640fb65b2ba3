"""An organization's settings as its admins change them: reading a form, checking every field, and the
changes to record (who changed what, from what to what, is kept by the caller).

:func:`settings_from_form` reads every field and raises :class:`SettingsInvalid` listing each field's problem
(what is wrong and how to write it), so nothing is half-applied. :func:`settings_changes` lists what differs,
as the words the audit log shows. ``zones`` (the valid time-zone names) is passed in: reading the system's
time-zone database is the caller's business.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields, replace
from datetime import time
from urllib.parse import urlsplit

from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import gettext_noop
from skillpath.domain.memory import DEFAULT_RETENTION
from skillpath.domain.retention import CHOICES

MIN_MINUTES, MAX_MINUTES = 1, 240
MAX_URL = 500
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_DIGITS = re.compile(r"\d{1,4}")
# Field names in words (English; translated with _() where shown).
LABELS = {
    "desired_retention": gettext_noop("desired retention"),
    "daily_minutes": gettext_noop("default daily time"),
    "reminders_enabled": gettext_noop("reminders for new people"),
    "reminder_time": gettext_noop("reminder time for new people"),
    "quiet_start": gettext_noop("quiet hours start for new people"),
    "quiet_end": gettext_noop("quiet hours end for new people"),
    "timezone": gettext_noop("time zone"),
    "chat_webhook": gettext_noop("chat webhook"),
}


class SettingsInvalid(ValueError):
    """Fields that cannot be saved: field name → what is wrong and how to fix it."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{_(LABELS.get(k, k))}: {v}" for k, v in problems.items()))
        self.problems = dict(problems)


@dataclass(frozen=True)
class OrgSettings:
    desired_retention: float = DEFAULT_RETENTION
    daily_minutes: int = 10
    reminders_enabled: bool = True
    reminder_time: time = time(9, 0)
    quiet_start: time | None = None
    quiet_end: time | None = None
    timezone: str = "UTC"
    chat_webhook: str = ""


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        return _(LABELS.get(self.field, self.field))


def retention_problem(value: float, *, fitted: bool) -> str | None:
    """Why ``value`` cannot be the desired retention, or None. Until the organization's own memory model is
    fitted, the default stays: a trade-off computed from the defaults would say nothing about its people."""
    if value not in CHOICES:
        listed = ", ".join(f"{c:.2f}" for c in CHOICES)
        return _("{value} is not offered; pick one of {choices}").format(value=f"{value:.2f}", choices=listed)
    if not fitted and value != DEFAULT_RETENTION:
        return _(
            "your organization keeps 0.90 until the nightly fit has a model of its own people "
            "(it needs a few hundred spaced reviews); come back after it has run"
        )
    return None


def read_retention(text: str, *, fitted: bool) -> float:
    """A desired retention from a form (``SettingsInvalid`` when it is not a number or not allowed)."""
    try:
        value = round(float(text), 2)
    except ValueError:
        not_a_number = _("'{text}' is not a number; pick one of the rows").format(text=text[:20])
        raise SettingsInvalid({"desired_retention": not_a_number}) from None
    problem = retention_problem(value, fitted=fitted)
    if problem:
        raise SettingsInvalid({"desired_retention": problem})
    return value


def _clock(text: str) -> time | None:
    match = _CLOCK.fullmatch(text.strip())
    return time(int(match[1]), int(match[2])) if match else None


def settings_from_form(
    form: Mapping[str, str], current: OrgSettings, *, zones: Collection[str], fitted: bool
) -> OrgSettings:
    """``current`` with every field the form gives read and checked; fields it leaves out stay as they are."""
    problems: dict[str, str] = {}
    values: dict[str, object] = {}
    if "desired_retention" in form:
        try:
            values["desired_retention"] = read_retention(form["desired_retention"], fitted=fitted)
        except SettingsInvalid as exc:
            problems.update(exc.problems)
    if "daily_minutes" in form:
        text = form["daily_minutes"].strip()
        if _DIGITS.fullmatch(text) and MIN_MINUTES <= int(text) <= MAX_MINUTES:
            values["daily_minutes"] = int(text)
        else:
            problems["daily_minutes"] = _("give a whole number of minutes from {low} to {high}").format(
                low=MIN_MINUTES, high=MAX_MINUTES
            )
    if "reminder_time" in form:
        values["reminders_enabled"] = form.get("reminders_enabled") in ("on", "true", "1")
        reminder = _clock(form["reminder_time"])
        if reminder is None:
            problems["reminder_time"] = _("'{text}' is not a time; write it like 09:00").format(
                text=form["reminder_time"][:20]
            )
        values["reminder_time"] = reminder
        _quiet_hours(form, values, problems)
    if "timezone" in form:
        zone = form["timezone"].strip()
        if zone not in zones:
            problems["timezone"] = _(
                "'{zone}' is not a time zone; pick one from the list (for example Europe/Lisbon)"
            ).format(zone=zone[:60])
        values["timezone"] = zone
    if "chat_webhook" in form:
        url = form["chat_webhook"].strip()
        problem = webhook_problem(url)
        if problem:
            problems["chat_webhook"] = problem
        values["chat_webhook"] = url
    if problems:
        raise SettingsInvalid(problems)
    return replace(current, **values)  # type: ignore[arg-type]


def _quiet_hours(form: Mapping[str, str], values: dict[str, object], problems: dict[str, str]) -> None:
    ends = {}
    for name in ("quiet_start", "quiet_end"):
        text = form.get(name, "").strip()
        ends[name] = _clock(text) if text else None
        if text and ends[name] is None:
            problems[name] = _("'{text}' is not a time; write it like 22:00, or leave both ends empty").format(
                text=text[:20]
            )
    both_read = not {"quiet_start", "quiet_end"} & problems.keys()
    if both_read and (ends["quiet_start"] is None) != (ends["quiet_end"] is None):
        problems["quiet_end"] = _("give both ends of the quiet hours, or neither")
    values.update(ends)


def webhook_problem(url: str) -> str | None:
    """Why ``url`` cannot be the chat webhook (empty is fine: e-mail only)."""
    if not url:
        return None
    if len(url) > MAX_URL:
        return _("the address is {length} characters long; at most {limit}").format(length=len(url), limit=MAX_URL)
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return _("give the incoming-webhook address your chat tool shows, starting with https://")
    return None


def _text(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def settings_changes(old: OrgSettings, new: OrgSettings) -> list[Change]:
    """Each field whose value differs, as words (a webhook address is shown as its host only: it is a secret)."""
    changes = []
    for f in fields(OrgSettings):
        before, after = getattr(old, f.name), getattr(new, f.name)
        if before != after:
            if f.name == "chat_webhook":
                before, after = _host(before), _host(after)
            changes.append(Change(f.name, _text(before), _text(after)))
    return changes


def _host(url: str) -> str:
    return f"{urlsplit(url).hostname}/…" if url else ""
