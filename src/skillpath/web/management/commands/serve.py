from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication

from skillpath.config.catalogues import compile_catalogues
from skillpath.config.wsgi import application


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return application


class Command(BaseCommand):
    help = "Serve SkillPath for production with gunicorn; static files are served by the app (whitenoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("SKILLPATH_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--skip-collectstatic", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        compile_catalogues()
        if not options["skip_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"SkillPath serving on http://{options['bind']}/ with {options['workers']} workers")
        _Gunicorn({"bind": options["bind"], "workers": options["workers"], "accesslog": "-"}).run()
