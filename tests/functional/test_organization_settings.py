from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
from django.test import Client

from skillpath.credentials.models import SigningKey
from skillpath.nudges.models import NudgeSettings
from skillpath.people.models import Organization, Person, SettingsChange
from tests.functional.test_memory_pages import admin, fitted

pytestmark = pytest.mark.django_db
URL = "/settings/organization/"
FORM = {
    "daily_minutes": "10",
    "timezone": "UTC",
    "reminders_enabled": "on",
    "reminder_time": "09:00",
    "quiet_start": "",
    "quiet_end": "",
    "chat_webhook": "",
}


def test_an_admin_sees_that_the_default_retention_stays_until_the_organization_has_a_fit(
    client: Client, now: datetime
) -> None:
    ada = admin(now)
    client.force_login(ada.user)
    page = client.get(URL).content.decode()
    assert "keeps 0.90 until the nightly fit has a memory model" in page and "Minutes per day" not in page
    response = client.post(URL, FORM | {"desired_retention": "0.85"})
    assert response.status_code == 422 and "Nothing was saved" in response.content.decode()
    ada.organization.refresh_from_db()
    assert ada.organization.desired_retention == 0.9 and not SettingsChange.objects.exists()


def test_an_admin_chooses_a_retention_with_its_forecast_minutes_and_the_change_is_recorded(
    client: Client, now: datetime, django_assert_max_num_queries: Any
) -> None:
    ada = admin(now)
    fitted(ada.organization, now)
    client.force_login(ada.user)
    with django_assert_max_num_queries(16):
        page = client.get(URL).content.decode()
    assert "Minutes per day per person" in page and "recommended" in page and "<strong>Personal scales</strong>" in page
    response = client.post(URL, FORM | {"desired_retention": "0.85"})
    assert response.status_code == 302 and response["Location"] == f"{URL}?saved=1"
    ada.organization.refresh_from_db()
    assert ada.organization.desired_retention == 0.85
    change = SettingsChange.objects.get()
    assert (change.field, change.old, change.new, change.changed_by) == ("desired_retention", "0.90", "0.85", ada)
    page = client.get(f"{URL}?saved=1").content.decode()
    assert "Saved 1 change" in page and 'value="0.85" checked' in page
    assert "<td>desired retention</td><td>0.90</td><td>0.85</td>" in page and ada.name in page


def test_every_other_setting_is_saved_and_recorded_with_the_webhook_shown_by_host_only(
    client: Client, now: datetime
) -> None:
    ada = admin(now)
    client.force_login(ada.user)
    form = FORM | {
        "daily_minutes": "15",
        "timezone": "Europe/Lisbon",
        "reminder_time": "08:30",
        "quiet_start": "21:00",
        "quiet_end": "07:00",
        "chat_webhook": "https://hooks.example.com/T1/secret-part",
    }
    del form["reminders_enabled"]
    assert client.post(URL, form)["Location"] == f"{URL}?saved=7"
    org = Organization.objects.get(pk=ada.organization_id)
    assert (
        org.daily_minutes,
        org.timezone,
        org.reminders_enabled,
        org.reminder_time,
        org.quiet_start,
        org.quiet_end,
    ) == (15, "Europe/Lisbon", False, time(8, 30), time(21), time(7))
    assert NudgeSettings.objects.get(organization=org).webhook_url == form["chat_webhook"]
    page = client.get(URL).content.decode()
    assert "hooks.example.com/…" in page and SettingsChange.objects.count() == 7
    assert "secret-part" not in "".join(SettingsChange.objects.values_list("new", flat=True))
    assert client.post(URL, form)["Location"] == f"{URL}?saved=0"  # the same again: nothing to record
    assert SettingsChange.objects.count() == 7


def test_bad_settings_are_refused_field_by_field_and_nothing_is_saved(client: Client, now: datetime) -> None:
    ada = admin(now)
    client.force_login(ada.user)
    response = client.post(
        URL,
        FORM
        | {
            "daily_minutes": "999",
            "timezone": "Mars/Olympus",
            "quiet_start": "22:00",
            "chat_webhook": "http://plain.example.com",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "from 1 to 240" in page and "Mars/Olympus" in page and "give both ends" in page and "https://" in page
    assert 'aria-invalid="true"' in page
    org = Organization.objects.get(pk=ada.organization_id)
    assert (org.daily_minutes, org.timezone) == (10, "UTC") and not SettingsChange.objects.exists()


def test_an_admin_rotates_the_signing_key_only_when_confirmed(client: Client, now: datetime) -> None:
    ada = admin(now)
    client.force_login(ada.user)
    before = SigningKey.objects.get(organization=ada.organization, retired_at=None)
    assert client.post(f"{URL}signing-key")["Location"] == f"{URL}?rotated=0#signing-key"
    assert SigningKey.objects.get(organization=ada.organization, retired_at=None) == before
    assert client.post(f"{URL}signing-key", {"confirm": "rotate"})["Location"] == f"{URL}?rotated=1#signing-key"
    after = SigningKey.objects.get(organization=ada.organization, retired_at=None)
    assert after != before and SigningKey.objects.get(pk=before.pk).retired_at is not None
    change = SettingsChange.objects.get()
    assert change.field == "signing_key" and change.new.startswith(after.public_multibase[:12])
    assert "<td>signing key</td>" in client.get(URL).content.decode()


def test_learners_and_other_organizations_admins_change_nothing(client: Client, now: datetime) -> None:
    ada, other = admin(now), admin(now, org="globex")
    lee = Person.objects.get(user__email="admin@acme.test")
    Person.objects.filter(pk=lee.pk).update(is_admin=False)
    client.force_login(lee.user)
    assert client.get(URL).status_code == 404
    assert client.post(URL, FORM | {"daily_minutes": "30"}).status_code == 404
    assert client.post(f"{URL}signing-key", {"confirm": "rotate"}).status_code == 404
    assert "Organization</a>" not in client.get("/").content.decode()
    client.force_login(other.user)
    assert client.post(URL, FORM | {"daily_minutes": "30"}).status_code == 302
    assert Organization.objects.get(pk=ada.organization_id).daily_minutes == 10
    assert Organization.objects.get(pk=other.organization_id).daily_minutes == 30
    assert SettingsChange.objects.get().organization_id == other.organization_id
