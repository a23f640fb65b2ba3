from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from skillpath.domain.content.schema import json_schemas


class Command(BaseCommand):
    help = "Write the JSON Schemas of the skillpath/1 package and module files (docs/schema/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", nargs="?", default="docs/schema")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        for name, text in json_schemas().items():
            (out / name).write_text(text)
            self.stdout.write(f"wrote {out / name}")
