"""Set up the demo organization: its content and its people. Safe to run again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.db import transaction

from skillpath.analytics.services import analytics_refresh
from skillpath.content.reader import read_package
from skillpath.content.services import ImportResult, organization_ensure, package_import
from skillpath.demo.history import Timings, simulate_history
from skillpath.demo.people import LANGUAGES, ORG_NAME, ORG_SLUG, PASSWORD, demo_people
from skillpath.people.models import Person
from skillpath.people.services import person_upsert


@dataclass(frozen=True)
class DemoResult:
    content: ImportResult
    people: list[Person]
    attempts: int  # simulated answers added by this run (0 when the history already exists)


def demo_content_path() -> Path:
    return Path(settings.DEMO_CONTENT)


def demo_setup(*, now: datetime, history: bool = True) -> DemoResult:
    """Import the demo academy, create its people and give them simulated history (idempotent)."""
    organization_ensure(ORG_SLUG, ORG_NAME)
    content = package_import(ORG_SLUG, read_package(demo_content_path()), now=now)
    with transaction.atomic():
        org = organization_ensure(ORG_SLUG, ORG_NAME)
        people = [person_upsert(org, spec, password=None, today=now.date()) for spec in demo_people(now.date())]
        for person in people:
            language = LANGUAGES.get(person.user.email)
            if language is not None and person.language != language:
                person.language = language
                person.save(update_fields=["language"])
        # The published demo password, hashed once for every new demo account (PBKDF2 takes about half a
        # second per hash, by design): accounts made just now have an unusable password until this line.
        get_user_model().objects.filter(
            pk__in=[p.user_id for p in people], password__startswith=UNUSABLE_PASSWORD_PREFIX
        ).update(password=make_password(PASSWORD))
    timings = Timings()  # answer times shared across the demo people, as they would be in one organization
    attempts = sum(simulate_history(person, today=now.date(), timings=timings) for person in people) if history else 0
    if attempts:
        analytics_refresh(org, now=now)  # the authors' analytics show the demo history at once
    if history:  # weeks of simulated use: not new people, so no first-run welcome
        Person.objects.filter(pk__in=[p.pk for p in people], welcomed_at=None).update(welcomed_at=now)
    return DemoResult(content, people, attempts)
