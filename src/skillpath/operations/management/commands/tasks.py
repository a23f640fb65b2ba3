from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillpath.operations.selectors import tasks_failed
from skillpath.operations.services import RetryRefused, task_retry_by_id


class Command(BaseCommand):
    help = "Failed background tasks: `tasks failed` lists them with their error; `tasks retry ID…` runs them again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["failed", "retry"])
        parser.add_argument("ids", nargs="*", help="task result ids (retry)")
        parser.add_argument("--limit", type=int, default=50)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "failed":
            failed = tasks_failed(options["limit"])
            for t in failed:
                when = f"{t.finished_at:%Y-%m-%d %H:%M}" if t.finished_at else "-"
                self.stdout.write(f"{t.id}  {when}  {t.task}({_arguments(t.args, t.kwargs)})  queue={t.queue}")
                self.stdout.write(f"    {t.error}")
            self.stdout.write(f"{len(failed)} failed task(s)")
            return
        if not options["ids"]:
            raise CommandError("usage: skillpath tasks retry ID [ID …]")
        for result_id in options["ids"]:
            try:
                self.stdout.write(f"{result_id}: enqueued again as {task_retry_by_id(result_id)}")
            except RetryRefused as exc:
                raise CommandError(str(exc)) from exc


def _arguments(args: list[Any], kwargs: dict[str, Any]) -> str:
    shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    text = ", ".join(shown)
    return text if len(text) <= 80 else text[:77] + "…"
