from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from skillpath.demo.people import PASSWORD
from skillpath.demo.services import demo_setup


class Command(BaseCommand):
    help = "Set up the demo academy (migrate, import, demo people) and serve it on http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not start the server")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Setting up the demo academy (the first run simulates weeks of learning; about a minute)…")
        result = demo_setup(now=timezone.now())
        c = result.content
        self.stdout.write(f"Demo academy: {c.package} {c.version} ({c.status}, {c.modules} modules)")
        if result.attempts:
            self.stdout.write(f"Simulated {result.attempts} answers of learning history for the demo people")
        self.stdout.write(f"\nSign in with any of these (password: {PASSWORD}):")
        for person in result.people:
            roles = ", ".join(pr.role.title for pr in person.roles.select_related("role"))
            what = "admin, author, manager" if person.is_admin else "manager" if person.is_manager else "learner"
            self.stdout.write(f"  {person.user.username:<32} {person.name:<18} {what:<24} {roles}")
        if not options["no_serve"]:
            self.stdout.write(f"\nSkillPath demo: http://127.0.0.1:{options['port']}/  (Ctrl+C to stop)\n")
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
