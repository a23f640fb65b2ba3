"""The admins' organization settings: reading them (:func:`org_settings_page`) and changing them
(:func:`org_settings_update`, :func:`org_signing_key_rotate`), every change recorded in ``SettingsChange``.

The rules for each field are :mod:`skillpath.domain.org_settings`; the workload / retention trade-off is
:mod:`skillpath.learning.retention` (the same view the former Memory page showed). The chat webhook lives in
the reminders' ``NudgeSettings``; LRS targets and webhooks keep their own page (``/settings/integrations/``),
summarised here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import available_timezones

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from skillpath.credentials.keys import signing_key_current, signing_key_rotate
from skillpath.domain.org_settings import LABELS, Change, OrgSettings, settings_changes, settings_from_form
from skillpath.integrations.models import LrsConnection, WebhookEndpoint
from skillpath.learning.retention import RetentionView, retention_view
from skillpath.nudges.models import NudgeSettings
from skillpath.people.models import Organization, Person, SettingsChange

ZONES = frozenset(available_timezones())
HISTORY = 50
SIGNING_KEY = gettext_noop("signing key")


class OrgSettingsRefused(Exception):
    """Only an organization's admins see or change its settings (show a 404)."""


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    by: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class OrgSettingsPage:
    name: str
    settings: OrgSettings
    retention: RetentionView
    lrs: str
    """The LRS endpoint, or empty."""
    webhooks: int
    key_created_at: datetime | None
    key_id: str
    history: tuple[HistoryRow, ...]
    zones: tuple[str, ...]


def _require_admin(viewer: Person) -> None:
    if not viewer.is_admin:
        raise OrgSettingsRefused("only an organization's admins see or change its settings")


def _current(org: Organization) -> OrgSettings:
    webhook = NudgeSettings.objects.filter(organization=org).values_list("webhook_url", flat=True).first() or ""
    return OrgSettings(
        org.desired_retention,
        org.daily_minutes,
        org.reminders_enabled,
        org.reminder_time,
        org.quiet_start,
        org.quiet_end,
        org.timezone,
        webhook,
    )


def org_settings_page(viewer: Person) -> OrgSettingsPage:
    """Everything the settings page shows (admins only)."""
    _require_admin(viewer)
    org = viewer.organization
    key = signing_key_current(org)
    rows = SettingsChange.objects.filter(organization=org).select_related("changed_by")[:HISTORY]
    labels = LABELS | {"signing_key": SIGNING_KEY}
    history = tuple(
        HistoryRow(
            r.changed_at,
            r.changed_by.name if r.changed_by else _("someone removed since"),
            _(labels.get(r.field, r.field)),  # the core's labels are in its catalogue
            r.old,
            r.new,
        )
        for r in rows
    )
    return OrgSettingsPage(
        name=org.name,
        settings=_current(org),
        retention=retention_view(viewer),
        lrs=LrsConnection.objects.filter(organization=org).values_list("endpoint", flat=True).first() or "",
        webhooks=WebhookEndpoint.objects.filter(organization=org).count(),
        key_created_at=key.created_at if key else None,
        key_id=key.public_multibase if key else "",
        history=history,
        zones=tuple(sorted(ZONES)),
    )


@transaction.atomic
def org_settings_update(viewer: Person, form: dict[str, str], *, now: datetime) -> list[Change]:
    """Apply the form's fields (all or nothing: ``SettingsInvalid`` lists every problem); record each change."""
    _require_admin(viewer)
    org = Organization.objects.select_for_update().get(pk=viewer.organization_id)
    old = _current(org)
    new = settings_from_form(form, old, zones=ZONES, fitted=org.memory_parameters_fitted_at is not None)
    changes = settings_changes(old, new)
    if not changes:
        return []
    org.desired_retention, org.daily_minutes, org.timezone = new.desired_retention, new.daily_minutes, new.timezone
    org.reminders_enabled, org.reminder_time = new.reminders_enabled, new.reminder_time
    org.quiet_start, org.quiet_end = new.quiet_start, new.quiet_end
    org.save(
        update_fields=[
            "desired_retention",
            "daily_minutes",
            "timezone",
            "reminders_enabled",
            "reminder_time",
            "quiet_start",
            "quiet_end",
        ]
    )
    if new.chat_webhook != old.chat_webhook:
        NudgeSettings.objects.update_or_create(organization=org, defaults={"webhook_url": new.chat_webhook})
    _record(org, viewer, now, [(c.field, c.old, c.new) for c in changes])
    viewer.organization = org
    return changes


@transaction.atomic
def org_signing_key_rotate(viewer: Person, *, now: datetime) -> str:
    """Retire the organization's signing key (it keeps verifying what it signed) and sign with a new one."""
    _require_admin(viewer)
    org = viewer.organization
    old = signing_key_current(org)
    new = signing_key_rotate(org, now=now)
    _record(
        org, viewer, now, [("signing_key", _short(old.public_multibase) if old else "", _short(new.public_multibase))]
    )
    return new.public_multibase


def _short(key_id: str) -> str:
    return f"{key_id[:12]}…"


def _record(org: Organization, viewer: Person, now: datetime, changes: list[tuple[str, str, str]]) -> None:
    SettingsChange.objects.bulk_create(
        SettingsChange(organization=org, changed_by=viewer, changed_at=now, field=f, old=o[:200], new=n[:200])
        for f, o, n in changes
    )
