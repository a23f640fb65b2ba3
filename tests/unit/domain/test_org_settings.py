from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.org_settings import (
    OrgSettings,
    SettingsInvalid,
    read_retention,
    retention_problem,
    settings_changes,
    settings_from_form,
    webhook_problem,
)
from skillpath.domain.retention import CHOICES, RetentionPoint, minutes_per_day

ZONES = {"UTC", "Europe/Lisbon"}
FORM = {
    "daily_minutes": "15",
    "reminders_enabled": "on",
    "reminder_time": "08:30",
    "quiet_start": "21:00",
    "quiet_end": "07:00",
    "timezone": "Europe/Lisbon",
    "chat_webhook": "https://hooks.example.com/T1/secret",
    "desired_retention": "0.85",
}


def test_a_complete_form_gives_every_setting() -> None:
    new = settings_from_form(FORM, OrgSettings(), zones=ZONES, fitted=True)
    assert new == OrgSettings(0.85, 15, True, time(8, 30), time(21), time(7), "Europe/Lisbon", FORM["chat_webhook"])


def test_fields_left_out_of_the_form_stay_as_they_are() -> None:
    current = OrgSettings(daily_minutes=20)
    assert settings_from_form({"timezone": "UTC"}, current, zones=ZONES, fitted=False) == current


def test_reminders_off_and_no_quiet_hours() -> None:
    form = {"reminder_time": "9:05", "quiet_start": "", "quiet_end": " "}
    new = settings_from_form(form, OrgSettings(), zones=ZONES, fitted=False)
    assert (new.reminders_enabled, new.reminder_time, new.quiet_start, new.quiet_end) == (False, time(9, 5), None, None)


def test_every_bad_field_is_named_with_how_to_fix_it() -> None:
    form = {
        "daily_minutes": "0",
        "reminder_time": "25:00",
        "quiet_start": "late",
        "quiet_end": "",
        "timezone": "Mars/Olympus",
        "chat_webhook": "http://hooks.example.com",
        "desired_retention": "lots",
    }
    with pytest.raises(SettingsInvalid) as caught:
        settings_from_form(form, OrgSettings(), zones=ZONES, fitted=True)
    problems = caught.value.problems
    assert set(problems) == {
        "daily_minutes",
        "reminder_time",
        "quiet_start",
        "timezone",
        "chat_webhook",
        "desired_retention",
    }
    assert "from 1 to 240" in problems["daily_minutes"] and "like 09:00" in problems["reminder_time"]
    assert "Mars/Olympus" in problems["timezone"] and "https://" in problems["chat_webhook"]
    assert "is not a number" in problems["desired_retention"]
    assert str(caught.value).startswith("desired retention:") or "default daily time:" in str(caught.value)


def test_quiet_hours_need_both_ends() -> None:
    with pytest.raises(SettingsInvalid) as caught:
        settings_from_form({"reminder_time": "09:00", "quiet_start": "22:00"}, OrgSettings(), zones=ZONES, fitted=False)
    assert caught.value.problems == {"quiet_end": "give both ends of the quiet hours, or neither"}


def test_the_default_retention_stays_until_the_model_is_fitted() -> None:
    assert retention_problem(0.9, fitted=False) is None
    assert "keeps 0.90 until the nightly fit" in (retention_problem(0.85, fitted=False) or "")
    assert "0.86 is not offered" in (retention_problem(0.86, fitted=True) or "")
    assert read_retention(" 0.85 ", fitted=True) == 0.85
    with pytest.raises(SettingsInvalid, match="not offered"):
        read_retention("1.5", fitted=True)


@given(st.sampled_from(CHOICES))
def test_every_offered_retention_is_accepted_once_fitted(choice: float) -> None:
    assert read_retention(str(choice), fitted=True) == choice


def test_webhooks_must_be_https_and_short() -> None:
    assert webhook_problem("") is None and webhook_problem("https://hooks.slack.com/x") is None
    assert "at most 500" in (webhook_problem("https://h.example/" + "a" * 500) or "")
    assert webhook_problem("https:///nohost") is not None


def test_changes_are_listed_in_words_and_webhooks_by_host_only() -> None:
    old = OrgSettings()
    new = settings_from_form(FORM, old, zones=ZONES, fitted=True)
    changes = {c.field: (c.label, c.old, c.new) for c in settings_changes(old, new)}
    assert changes["desired_retention"] == ("desired retention", "0.90", "0.85")
    assert changes["quiet_start"] == ("quiet hours start for new people", "—", "21:00")
    assert changes["chat_webhook"][2] == "hooks.example.com/…" and "secret" not in str(changes)
    assert changes["daily_minutes"][1:] == ("10", "15")
    off = settings_changes(new, OrgSettings(**{**new.__dict__, "reminders_enabled": False}))
    assert [(c.old, c.new) for c in off] == [("on", "off")]
    assert settings_changes(new, new) == []


def test_forecast_minutes_grow_with_ideas_and_review_time() -> None:
    point = RetentionPoint(0.9, 7.3, 0.93)
    assert minutes_per_day(point, concepts=100, seconds_per_review=60) == pytest.approx(100 * 7.3 / 365)
    assert minutes_per_day(point, concepts=0, seconds_per_review=60) == 0
