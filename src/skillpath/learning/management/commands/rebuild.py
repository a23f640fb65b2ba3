from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillpath.learning.rebuild import rebuild_organization
from skillpath.people.models import Organization


class Command(BaseCommand):
    help = "Recompute memory, module progress, skill levels and milestones of an organization from its attempts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"no organization '{options['org']}'")
        started = time.perf_counter()
        result = rebuild_organization(org)
        self.stdout.write(
            f"rebuilt {org.slug}: {result.people} people, {result.attempts} attempts replayed, "
            f"{result.memories} memory states, in {time.perf_counter() - started:.1f} s"
        )
