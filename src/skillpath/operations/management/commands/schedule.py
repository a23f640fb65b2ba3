from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from skillpath import clock
from skillpath.operations.scheduling import schedule_tick


class Command(BaseCommand):
    help = (
        "Enqueue what is due: periodic tasks whose slot has come and every organization's next nightly work. "
        "Safe to run again (and from cron): nothing is enqueued twice. `skillpath worker` does this by itself."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        keys = schedule_tick(clock.now())
        for key in keys:
            self.stdout.write(f"enqueued {key}")
        if not keys:
            self.stdout.write("nothing new to schedule: everything due is already enqueued")
