from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from skillpath.credentials.keys import signing_key_rotate
from skillpath.people.models import Organization


class Command(BaseCommand):
    help = "Start signing an organization's credentials with a new key; earlier credentials keep verifying."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"no organization '{options['org']}'")
        key = signing_key_rotate(org, now=timezone.now())
        self.stdout.write(f"{org.slug}: new signing key {key.public_multibase}; earlier keys are kept for verification")
