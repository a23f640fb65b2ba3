from __future__ import annotations

import os
import signal
import subprocess
import sys
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from skillpath.config.catalogues import compile_catalogues
from skillpath.demo.people import PASSWORD
from skillpath.demo.services import demo_setup
from skillpath.nudges.tasks import nudges_dispatch


class Command(BaseCommand):
    help = (
        "Set up the demo academy (migrate, import, demo people) and serve it on http://127.0.0.1:8000, "
        "with a background worker that sends one round of reminder digests (printed as e-mails)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not start the server")
        parser.add_argument("--no-worker", action="store_true", help="serve without the background worker")

    def handle(self, *args: Any, **options: Any) -> None:
        compile_catalogues()
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
            if person.language:
                roles += f" (in {person.get_language_display()})"
            what = "admin, author, manager" if person.is_admin else "manager" if person.is_manager else "learner"
            self.stdout.write(f"  {person.user.username:<32} {person.name:<18} {what:<24} {roles}")
        if options["no_serve"]:
            return
        worker = None if options["no_worker"] else self._start_worker(options["port"])
        previous = signal.signal(signal.SIGTERM, _exit)  # a terminated demo must stop its worker too
        try:
            self.stdout.write(f"\nSkillPath demo: http://127.0.0.1:{options['port']}/  (Ctrl+C to stop)\n")
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if worker is not None:
                self._stop_worker(worker)

    def _start_worker(self, port: int) -> subprocess.Popen[bytes]:
        """A `skillpath worker` beside the server, and one round of digests for it to send (once a day)."""
        nudges_dispatch.enqueue(any_time=True)
        self.stdout.write(
            "\nStarted a background worker; today's reminder digests for the demo people with something due "
            "follow below as e-mails (the console e-mail backend prints them)."
        )
        public = os.environ.get("SKILLPATH_PUBLIC_URL", f"http://127.0.0.1:{port}")  # e-mail links: this server
        env = {**os.environ, "SKILLPATH_PUBLIC_URL": public}
        return subprocess.Popen([sys.executable, "-m", "skillpath.cli", "worker"], env=env)

    def _stop_worker(self, worker: subprocess.Popen[bytes]) -> None:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def _exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
