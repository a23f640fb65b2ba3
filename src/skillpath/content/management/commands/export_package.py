from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillpath.content.exporting import package_files
from skillpath.content.selectors import package_for_org


class Command(BaseCommand):
    help = "Write an imported package back in the skillpath/1 format, to a folder or a .zip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("package", help="package id")
        parser.add_argument("out", help="output folder (must be empty or new) or a path ending in .zip")

    def handle(self, *args: Any, **options: Any) -> None:
        package = package_for_org(options["org"], options["package"])
        if package is None:
            raise CommandError(f"no package '{options['package']}' in organization '{options['org']}'")
        files = package_files(package)
        out = Path(options["out"])
        if out.suffix == ".zip":
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in sorted(files.items()):
                    archive.writestr(name, data)
        else:
            if out.exists() and any(out.iterdir()):
                raise CommandError(f"{out} is not empty; give a new or empty folder")
            for name, data in files.items():
                target = out / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        self.stdout.write(f"{package.slug} {package.version}: {len(files)} files written to {out}")
