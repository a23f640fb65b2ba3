from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillpath import clock
from skillpath.people.import_types import PeopleFileUnreadable, PeopleImportInvalid
from skillpath.people.importing import people_csv_text, people_import
from skillpath.people.models import Organization


class Command(BaseCommand):
    help = "Import people from a CSV file into an organization, all or nothing (format: docs/people-import.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file: name,email,role,level,manager_email,team,start_date")
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument(
            "--no-invite", action="store_true", help="do not send new people an invitation to choose a password"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"no organization '{options['org']}'; import a content package into it first")
        try:
            text = people_csv_text(Path(options["file"]).read_bytes(), max_bytes=None)
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc.strerror}") from exc
        except PeopleFileUnreadable as exc:
            raise CommandError(f"{options['file']}: {exc}") from exc
        try:
            result = people_import(org, text, today=clock.now().date(), invite=not options["no_invite"])
        except PeopleImportInvalid as exc:
            for error in exc.errors:
                self.stdout.write(str(error))
            count = len(exc.errors)
            raise CommandError(f"{count} error{'s' if count != 1 else ''}: nothing was imported") from exc
        self.stdout.write(f"{org.slug}: {result}")
