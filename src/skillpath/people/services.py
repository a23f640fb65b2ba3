"""Writes of people and organizations."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from skillpath.content.models import Role, RoleLevel
from skillpath.domain.people_csv import control_characters
from skillpath.people.invitations import invitations_queue
from skillpath.people.models import Organization, Person, PersonRole, Team

CLOCK_TIME = re.compile(r"[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?")  # local wall-clock time, no zone
DIGITS = re.compile(r"[0-9]{1,3}")


class PersonInvalid(ValueError):
    """A person could not be created or changed; the message says what to fix."""


@dataclass(frozen=True)
class PersonSpec:
    email: str
    name: str
    roles: list[tuple[str, str | None]] = field(default_factory=list)  # (role slug, level slug)
    team: str | None = None
    manager_email: str | None = None
    is_manager: bool = False
    is_author: bool = False
    is_admin: bool = False
    started_on: date | None = None


def _role_and_level(org: Organization, role_slug: str, level_slug: str | None) -> tuple[Role, RoleLevel | None]:
    roles = list(Role.objects.filter(organization=org, slug=role_slug, retired_at=None))
    if len(roles) != 1:
        if not roles:
            raise PersonInvalid(
                _("role “{role}”: no such role in organization “{organization}”").format(
                    role=role_slug, organization=org.slug
                )
            )
        raise PersonInvalid(
            _("role “{role}”: more than one such role in organization “{organization}”").format(
                role=role_slug, organization=org.slug
            )
        )
    role = roles[0]
    if level_slug is None:
        return role, role.levels.filter(retired_at=None).first()
    level = role.levels.filter(slug=level_slug, retired_at=None).first()
    if level is None:
        raise PersonInvalid(_("role “{role}” has no level “{level}”").format(role=role_slug, level=level_slug))
    return role, level


@transaction.atomic
def person_upsert(
    org: Organization, spec: PersonSpec, *, password: str | None, today: date, invite: bool = False
) -> Person:
    """Create or update the person with this email in ``org`` (their roles are replaced by ``spec.roles``).

    ``invite``: a person created without a password gets an invitation to choose one (after commit)."""
    for what, text in ((_("the name"), spec.name), (_("the team"), spec.team or "")):
        if control_characters(text):
            raise PersonInvalid(
                _("{field} “{text}” contains a line break or another control character").format(
                    field=what, text=text[:40]
                )
            )
    users = get_user_model()
    email = spec.email.strip().lower()
    user, created = users.objects.get_or_create(username=email, defaults={"email": email})
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    person = Person.objects.filter(user=user).first()
    if person is not None and person.organization_id != org.pk:
        raise PersonInvalid(_("{email} already belongs to another organization").format(email=email))
    manager = None
    if spec.manager_email:
        manager = Person.objects.filter(organization=org, user__username=spec.manager_email.lower()).first()
        if manager is None:
            raise PersonInvalid(
                _("manager {email} is not a person in “{organization}”").format(
                    email=spec.manager_email, organization=org.slug
                )
            )
    team = Team.objects.get_or_create(organization=org, name=spec.team)[0] if spec.team else None
    is_new = person is None
    person = person or Person(
        user=user, organization=org, started_on=spec.started_on or today, **reminder_defaults(org)
    )  # a newcomer starts with the organization's reminder defaults
    person.name, person.team, person.manager = spec.name, team, manager
    person.is_manager, person.is_author, person.is_admin = spec.is_manager, spec.is_author, spec.is_admin
    if spec.started_on:
        person.started_on = spec.started_on
    person.save()
    wanted = {}
    for role_slug, level_slug in spec.roles:
        role, level = _role_and_level(org, role_slug, level_slug)
        wanted[role.pk] = (role, level)
    person.roles.exclude(role_id__in=wanted).delete()
    for role, level in wanted.values():
        PersonRole.objects.update_or_create(
            person=person,
            role=role,
            defaults={"organization": org, "level": level, "assigned_on": person.started_on},
        )
    if invite and is_new and not password:
        invitations_queue(org, [person.pk])
    return person


@transaction.atomic
def person_deactivate(admin: Person, person_id: int) -> Person | None:
    """Stop a person of the admin's organization from signing in (and their API tokens from working); their
    history, progress and certificates stay. None: no such person there. Admins cannot deactivate themselves."""
    person = Person.objects.select_related("user").filter(pk=person_id, organization_id=admin.organization_id).first()
    if person is None or not admin.is_admin:
        return None
    if person.pk == admin.pk:
        raise PersonInvalid(_("you cannot deactivate yourself; ask another admin"))
    if person.user.is_active:
        person.user.is_active = False
        person.user.save(update_fields=["is_active"])
    return person


class SettingsInvalid(ValueError):
    """Some settings could not be saved; ``errors`` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def _clock_time(value: str, field: str, errors: dict[str, str], *, required: bool) -> time | None:
    if not value.strip():
        if required:
            errors[field] = _("give a time like 09:00")
        return None
    text = value.strip()
    parsed = None
    if CLOCK_TIME.fullmatch(text):
        try:
            parsed = time.fromisoformat(text)
        except ValueError:
            parsed = None
    if parsed is None:  # a time zone, seconds' fractions or other digits are not a clock time here
        errors[field] = _("'{text}' is not a time; write it like 09:00").format(text=value[:40])
    return parsed


def reminder_defaults(org: Organization) -> dict[str, Any]:
    """A new person's reminder fields, as the organization's admins set them (organization settings)."""
    return {
        "reminders_enabled": org.reminders_enabled,
        "reminder_time": org.reminder_time,
        "quiet_start": org.quiet_start,
        "quiet_end": org.quiet_end,
    }


@transaction.atomic
def settings_update(person: Person, data: Mapping[str, str]) -> Person:
    """Save a person's own settings: daily minutes and their split, time zone, language, reminders and quiet hours.
    All or nothing."""
    errors: dict[str, str] = {}
    minutes_text = (data.get("daily_minutes") or "").strip()
    minutes: int | None = None
    if minutes_text:
        if not DIGITS.fullmatch(minutes_text) or not 1 <= int(minutes_text) <= 240:
            errors["daily_minutes"] = _("give a whole number of minutes from 1 to 240, or leave it empty")
        else:
            minutes = int(minutes_text)
    share_text = (data.get("review_share") or "").strip()
    share: int | None = None
    if share_text:
        if not DIGITS.fullmatch(share_text) or int(share_text) not in Person.REVIEW_SHARES:
            errors["review_share"] = _("pick a split from the list (reinforcement from 10 to 90 %), or Automatic")
        else:
            share = int(share_text)
    zone = (data.get("timezone") or "").strip()
    if zone and zone not in available_timezones():
        zone = zone[:60]
        errors["timezone"] = _(
            "'{zone}' is not a time zone; pick one from the list (for example Europe/Lisbon)"
        ).format(zone=zone)
    reminder = _clock_time(data.get("reminder_time", ""), "reminder_time", errors, required=True)
    quiet_start = _clock_time(data.get("quiet_start", ""), "quiet_start", errors, required=False)
    quiet_end = _clock_time(data.get("quiet_end", ""), "quiet_end", errors, required=False)
    if (quiet_start is None) != (quiet_end is None) and "quiet_start" not in errors and "quiet_end" not in errors:
        errors["quiet_end"] = _("give both ends of the quiet hours, or neither")
    language = (data.get("language", person.language) or "").strip()
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = _("pick a language from the list, or the browser's")
    if errors:
        raise SettingsInvalid(errors)
    person.daily_minutes, person.timezone, person.plan_review_share = minutes, zone, share
    person.language = language
    person.reminders_enabled = data.get("reminders_enabled") in ("on", "true", "1")
    person.reminder_time = reminder or person.reminder_time
    person.quiet_start, person.quiet_end = quiet_start, quiet_end
    person.save(
        update_fields=[
            "daily_minutes",
            "timezone",
            "plan_review_share",
            "reminders_enabled",
            "reminder_time",
            "quiet_start",
            "quiet_end",
            "language",
        ]
    )
    return person
