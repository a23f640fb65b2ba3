"""How fast the learning engine answers at scale: ``attempt_submit`` and ``queue_for_person``.

Seeds an organization of N people × C concepts (default 10,000 × 150: one role whose path has C/5
modules of 5 concepts, every person mid-way with a memory state for every concept), then measures
from one process:
- ``queue_for_person`` latency (p50/p99) for random people,
- ``attempt_submit`` latency (p50/p99) for reinforcement answers of random people, and throughput,
- ``attempt_submit`` latency for answers that complete a module check (the heaviest answer),
- the same durable answer transaction written by hand (insert the attempt, lock and update the memory row,
  update the module's progress) from one client, through the database driver directly: the ceiling the
  engine is compared with, measured in the same run.

Run: ``.venv/bin/python -m bench.engine_speed --db sqlite`` or ``--db postgres`` (``make bench``).
The PostgreSQL run uses a database ``skillpath_bench`` (dropped and created) on ``PG_URL``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import yaml

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def package(concepts: int) -> dict[str, bytes]:
    """A synthetic package: one role, ``concepts // 5`` modules in a chain, 5 concepts of 2 variants each."""
    modules = concepts // 5
    ids = [f"m{i:03d}" for i in range(modules)]
    third = max(modules // 3, 1)
    header = {
        "format": "skillpath/1",
        "id": "bench",
        "title": "Bench",
        "version": "1.0.0",
        "skills": [{"id": f"s{i}", "title": f"Skill {i}"} for i in range(10)],
        "roles": [
            {
                "id": "worker",
                "title": "Worker",
                "levels": [{"id": "l1", "title": "L1", "requires": {"s0": 1}}],
                "stages": {
                    "foundation": ids[:third],
                    "application": ids[third : 2 * third],
                    "mastery": ids[2 * third :],
                },
                "milestones": [{"id": "first", "title": "First", "day": 30, "modules": ids[:2]}],
            }
        ],
    }
    files = {"package.yaml": yaml.safe_dump(header).encode()}
    for i, module_id in enumerate(ids):
        variant = {
            "type": "choice",
            "prompt": "Pick the right one",
            "options": [{"text": "right", "correct": True}, {"text": "wrong"}],
        }
        module = {
            "id": module_id,
            "title": f"Module {i}",
            "skills": [f"s{i % 10}"],
            "requires": [ids[i - 1]] if i else [],
            "minutes": 5,
            "pass_score": 0.8,
            "lesson": [{"text": "A lesson."}],
            "concepts": [{"id": f"c{j}", "title": f"Concept {j}", "variants": [variant, variant]} for j in range(5)],
        }
        files[f"modules/{module_id}.yaml"] = yaml.safe_dump(module).encode()
    return files


def setup_django(db: str, reuse: bool = False, name: str = "skillpath_bench") -> str:
    if db == "postgres":
        import psycopg

        base = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test")
        with psycopg.connect(base, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not (reuse and exists):
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
                conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + name
    else:
        folder = tempfile.mkdtemp(prefix="skillpath-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["SKILLPATH_VAR"] = tempfile.mkdtemp(prefix="skillpath-bench-var-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillpath.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def seed(people: int, concepts: int) -> list[Any]:
    """Import the package and create people with a memory state for every concept (bulk inserts)."""
    from django.contrib.auth.models import User

    from skillpath.content import models as cm
    from skillpath.content.services import organization_ensure, package_import
    from skillpath.learning import models as lm
    from skillpath.people.models import Person, PersonRole

    package_import("bench", package(concepts), now=NOW - timedelta(days=60))
    org = organization_ensure("bench")
    role = cm.Role.objects.get(organization=org, slug="worker")
    level = role.levels.first()
    concept_ids = list(cm.Concept.objects.filter(organization=org).values_list("pk", flat=True))
    module_ids = list(cm.Module.objects.filter(organization=org).values_list("pk", flat=True))
    rng = random.Random(7)
    batch = 500
    for start in range(0, people, batch):
        n = min(batch, people - start)
        users = User.objects.bulk_create([User(username=f"p{start + i}@bench.test") for i in range(n)])
        persons = Person.objects.bulk_create(
            [Person(user=u, organization=org, name=u.username, started_on=date(2026, 4, 1)) for u in users]
        )
        PersonRole.objects.bulk_create(
            [
                PersonRole(organization=org, person=p, role=role, level=level, assigned_on=date(2026, 4, 1))
                for p in persons
            ]
        )
        memories, progress = [], []
        for p in persons:
            for c in concept_ids:
                learned = NOW - timedelta(days=rng.uniform(1, 50))
                stability = rng.uniform(1, 30)
                memories.append(
                    lm.MemoryState(
                        organization=org,
                        person=p,
                        concept_id=c,
                        stability=stability,
                        difficulty=rng.uniform(3, 7),
                        first_review=learned,
                        last_review=learned,
                        due=learned + timedelta(days=stability),
                        reviews=1,
                        lapses=0,
                        variants_seen=[0],
                    )
                )
            for m in module_ids:
                progress.append(
                    lm.ModuleProgress(
                        organization=org,
                        person=p,
                        module_id=m,
                        started_at=NOW - timedelta(days=55),
                        best_score=1.0,
                        checks=1,
                        passed_at=NOW - timedelta(days=55),
                    )
                )
        lm.MemoryState.objects.bulk_create(memories, batch_size=5000)
        lm.ModuleProgress.objects.bulk_create(progress, batch_size=5000)
        print(f"  seeded {start + n}/{people} people", end="\r", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum would have done after such a load: fresh planner statistics
    return list(Person.objects.filter(organization=org).select_related("organization"))


def reused(people: int) -> list[Any] | None:
    """The people of an earlier run's organization, if it has exactly ``people`` of them."""
    from skillpath.people.models import Person

    found = list(Person.objects.filter(organization__slug="bench").select_related("organization"))
    return found if len(found) == people else None


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def measure(persons: list[Any], queues: int, submits: int) -> dict[str, float]:
    from skillpath.learning.selectors import queue_for_person, reinforcement_variant
    from skillpath.learning.services import attempt_submit

    rng = random.Random(11)
    queue_for_person(persons[0], now=NOW)  # warm the curriculum cache
    queue_times, work = [], []
    for _ in range(queues):
        person = rng.choice(persons)
        started = time.perf_counter()
        today = queue_for_person(person, now=NOW)
        queue_times.append((time.perf_counter() - started) * 1000)
        due = [item.ref for item in today.items if item.kind == "reinforcement"]
        if due:
            work.append((person, due[0]))
    submit_times = []
    wall = time.perf_counter()
    for i in range(submits):
        person, concept = work[i % len(work)] if i < len(work) else (rng.choice(persons), None)
        concept = concept or rng.choice(list(queue_for_person(person, now=NOW).items)).ref
        variant = reinforcement_variant(person, concept)
        if variant is None:
            continue
        started = time.perf_counter()
        attempt_submit(
            person,
            client_id=uuid4(),
            variant_id=variant.pk,
            response={"selected": [0]},
            duration_seconds=rng.uniform(10, 60),
            now=NOW + timedelta(seconds=i),
        )
        submit_times.append((time.perf_counter() - started) * 1000)
    wall = time.perf_counter() - wall
    q50, q99 = percentiles(queue_times)
    s50, s99 = percentiles(submit_times)
    return {
        "queue_p50": q50,
        "queue_p99": q99,
        "submit_p50": s50,
        "submit_p99": s99,
        "submits_per_s": len(submit_times) / (sum(submit_times) / 1000),
        "loop_s": wall,
    }


def check_completions(persons: list[Any], checks: int) -> list[float]:
    """Latency (ms) of answers that complete a module check: each person retakes a passed module's check."""
    from skillpath.learning.selectors import check_items
    from skillpath.learning.services import attempt_submit, module_start

    rng = random.Random(13)
    times = []
    for i in range(checks):
        person = rng.choice(persons)
        at = NOW + timedelta(hours=2, seconds=i)
        check = module_start(person, f"m{rng.randrange(5):03d}", now=at)
        items = check_items(check)
        for n, variant in enumerate(items):
            started = time.perf_counter()
            attempt_submit(
                person,
                client_id=uuid4(),
                variant_id=variant.pk,
                response={"selected": [0]},
                duration_seconds=20.0,
                now=at,
                check_id=check.pk,
            )
            if n == len(items) - 1:
                times.append((time.perf_counter() - started) * 1000)
    return times


def raw_rate(seconds: float = 5.0) -> float:
    """Answers/s of the hand-written answer transaction from one client, through the driver directly
    (psycopg with prepared statements, or sqlite3), on the bench database."""
    from django.conf import settings
    from django.db import connection

    from skillpath.content.models import Variant
    from skillpath.learning import models as lm

    rows = list(lm.MemoryState.objects.values_list("person_id", "concept_id", "concept__module_id")[:20000])
    org = lm.MemoryState.objects.values_list("organization_id", flat=True).first()
    variants = dict(Variant.objects.values_list("concept_id", "pk"))
    statements = (
        "INSERT INTO learning_attempt (organization_id, person_id, client_id, kind, concept_id, variant_id, "
        "response, score, rating, duration_seconds, submitted_at) "
        "VALUES (%s, %s, %s, 'reinforcement', %s, %s, %s, 1.0, 3, 20.0, %s)",
        "SELECT stability FROM learning_memorystate WHERE person_id = %s AND concept_id = %s FOR UPDATE",
        "UPDATE learning_memorystate SET stability = stability * 1.5, last_review = %s, due = %s, "
        "reviews = reviews + 1 WHERE person_id = %s AND concept_id = %s",
        "UPDATE learning_moduleprogress SET best_score = 1.0 WHERE person_id = %s AND module_id = %s",
    )
    at = connection.ops.adapt_datetimefield_value(NOW + timedelta(days=3))
    rng = random.Random(5)
    if connection.vendor == "postgresql":
        import psycopg
        from psycopg.types.json import Jsonb

        conn: Any = psycopg.connect(os.environ["DATABASE_URL"], autocommit=False)
        begin, prepare = None, {"prepare": True}
        response: Any = Jsonb({"selected": [0]})
    else:
        import sqlite3

        conn = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        statements = tuple(q.replace("%s", "?").replace(" FOR UPDATE", "") for q in statements)
        begin, prepare, response = "BEGIN IMMEDIATE", {}, '{"selected": [0]}'
    insert, lock, update, progress = statements
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        person, concept, module = rows[rng.randrange(len(rows))]
        client = uuid4() if connection.vendor == "postgresql" else uuid4().hex
        cursor = conn.cursor()
        if begin:
            cursor.execute(begin)
        cursor.execute(insert, [org, person, client, concept, variants[concept], response, at], **prepare)
        cursor.execute(lock, [person, concept], **prepare)
        cursor.execute(update, [at, at, person, concept], **prepare)
        cursor.execute(progress, [person, module], **prepare)
        conn.commit() if not begin else cursor.execute("COMMIT")
        done += 1
    conn.close()
    return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--concepts", type=int, default=150)
    parser.add_argument("--queues", type=int, default=1000)
    parser.add_argument("--submits", type=int, default=1000)
    parser.add_argument("--checks", type=int, default=200, help="check-completing answers to time")
    parser.add_argument(
        "--reuse", action="store_true", help="PostgreSQL: keep the bench database of an earlier run of the same size"
    )
    args = parser.parse_args()
    url = setup_django(args.db, reuse=args.reuse)
    started = time.perf_counter()
    persons = reused(args.people) if args.reuse else None
    persons = persons or seed(args.people, args.concepts)
    seeded = time.perf_counter() - started
    result = measure(persons, args.queues, args.submits)
    completing = check_completions(persons, args.checks)
    c50, c99 = percentiles(completing)
    raw = raw_rate()
    print(
        f"engine_speed on {args.db} ({url.split('@')[-1]}): {args.people} people × {args.concepts} concepts "
        f"({args.people * args.concepts:,} memory states), seeded in {seeded:.0f} s"
    )
    print(f"{'measure':<36}{'p50 ms':>10}{'p99 ms':>10}")
    print(f"{'queue_for_person':<36}{result['queue_p50']:>10.2f}{result['queue_p99']:>10.2f}")
    print(f"{'attempt_submit (reinforcement)':<36}{result['submit_p50']:>10.2f}{result['submit_p99']:>10.2f}")
    print(f"{'attempt_submit (completes a check)':<36}{c50:>10.2f}{c99:>10.2f}")
    rate = result["submits_per_s"]
    print(f"attempt_submit throughput, one process: {rate:.0f} answers/s")
    print(f"hand-written answer transaction, one client: {raw:.0f} answers/s")
    print(f"attempt_submit as a share of it: {rate / raw:.0%}")


if __name__ == "__main__":
    main()
