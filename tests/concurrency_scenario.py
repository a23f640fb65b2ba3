"""A large people import while learners answer, on a real SQLite file (run as a separate process by
tests/integration/test_import_concurrency.py, which sets DATABASE_URL to a fresh file).

Prints one JSON object: answers recorded and failed, the import's outcome and how long it held the database.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from datetime import timedelta
from typing import Any
from uuid import uuid4

import django


def main(people: int, learners: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillpath.config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from skillpath.learning.selectors import reinforcement_variant
    from skillpath.learning.services import activity_of, attempt_submit
    from skillpath.people.importing import people_import
    from skillpath.people.models import Organization
    from tests.helpers import perfect_response
    from tests.integration.learning_helpers import do_check, learner

    call_command("migrate", verbosity=0)
    now = timezone.now() - timedelta(days=10)
    staff = [learner(now, email=f"l{i}@acme.test") for i in range(learners)]
    for person in staff:
        do_check(person, "basics", now)
    org = Organization.objects.get(slug="acme")
    rows = [f"Person {i},p{i}@acme.test,seller,,,Team {i % 40},2026-01-05" for i in range(people)]
    text = "name,email,role,level,manager_email,team,start_date\n" + "\n".join(rows) + "\n"
    connections.close_all()

    outcome: dict[str, Any] = {"answers_ok": 0, "answers_failed": 0, "errors": [], "file_bytes": len(text.encode())}
    done = threading.Event()
    lock = threading.Lock()
    marks: dict[str, float] = {}

    def progress(phase: str, finished: int, total: int) -> None:
        marks.setdefault(f"{phase}_start", time.monotonic())
        marks[f"{phase}_end"] = time.monotonic()

    def importer() -> None:
        started = time.monotonic()
        try:
            result = people_import(org, text, today=timezone.now().date(), progress=progress)
            outcome["import"] = str(result)
        except BaseException as exc:
            outcome["import"] = f"failed: {exc!r}"
        finally:
            outcome["import_seconds"] = round(time.monotonic() - started, 2)
            done.set()
            connections.close_all()

    def answerer(person: Any) -> None:
        try:
            while not done.is_set():
                variant = reinforcement_variant(person, "basics/open-questions")
                assert variant is not None
                began = time.monotonic()
                try:
                    attempt_submit(
                        person,
                        client_id=uuid4(),
                        variant_id=variant.pk,
                        response=perfect_response(activity_of(variant)),
                        duration_seconds=20,
                        now=timezone.now(),
                    )
                    with lock:
                        outcome["answers_ok"] += 1
                        outcome["longest_answer_seconds"] = max(
                            outcome.get("longest_answer_seconds", 0), round(time.monotonic() - began, 3)
                        )
                except Exception as exc:
                    with lock:
                        outcome["answers_failed"] += 1
                        outcome["errors"].append(repr(exc)[:200])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=importer)] + [threading.Thread(target=answerer, args=(p,)) for p in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome["final_transaction_seconds"] = round(marks["applying_end"] - marks["applying_start"], 3)
    if "preparing_start" in marks:
        outcome["staging_seconds"] = round(marks["preparing_end"] - marks["preparing_start"], 3)
    return outcome


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
