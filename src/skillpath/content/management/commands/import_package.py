from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from skillpath.content.reader import read_package
from skillpath.content.services import package_import
from skillpath.domain.content import PackageInvalid


class Command(BaseCommand):
    help = "Validate a content package (folder or .zip) and import it into an organization, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="package folder or .zip")
        parser.add_argument("--org", required=True, help="organization slug (created when it does not exist)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = package_import(
                options["org"],
                read_package(options["path"]),
                now=timezone.now(),
                progress=lambda msg: self.stderr.write(f"  {msg}"),
            )
        except PackageInvalid as exc:
            for error in exc.errors:
                self.stdout.write(str(error))
            raise CommandError(f"{len(exc.errors)} error(s): nothing was imported") from exc
        self.stdout.write(
            f"{result.package} {result.version}: {result.status} in '{options['org']}' "
            f"({result.modules} modules, {result.retired} retired)"
        )
