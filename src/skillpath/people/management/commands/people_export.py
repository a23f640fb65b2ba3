from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillpath.people.exporting import people_export
from skillpath.people.models import Organization


class Command(BaseCommand):
    help = "Write an organization's people as CSV in the import format (one row per person and role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("out", nargs="?", help="output file (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"no organization '{options['org']}'")
        export = people_export(org)
        if options["out"]:
            Path(options["out"]).write_text(export.text, encoding="utf-8", newline="")
            self.stdout.write(f"{_people(export.people)} written to {options['out']}")
        else:
            self.stdout.write(export.text, ending="")
        if export.without_role:
            left_out = _people(export.without_role)
            self.stderr.write(
                f"{left_out} without a role {'is' if export.without_role == 1 else 'are'} left out: "
                "each row needs a role"
            )


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"
