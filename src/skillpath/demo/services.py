"""Set up the demo organization: its content and its people. Safe to run again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from skillpath.content.reader import read_package
from skillpath.content.services import ImportResult, organization_ensure, package_import
from skillpath.demo.history import simulate_history
from skillpath.demo.people import ORG_NAME, ORG_SLUG, PASSWORD, demo_people
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
        people = [person_upsert(org, spec, password=PASSWORD, today=now.date()) for spec in demo_people(now.date())]
    attempts = sum(simulate_history(person, today=now.date()) for person in people) if history else 0
    if history:  # weeks of simulated use: not new people, so no first-run welcome
        Person.objects.filter(pk__in=[p.pk for p in people], welcomed_at=None).update(welcomed_at=now)
    return DemoResult(content, people, attempts)
