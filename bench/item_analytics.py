"""How long the item analytics take for an organization of 1,000 people with a year of answers.

Seeds one organization (default 1,000 people) and a package of 30 modules × 5 concepts × 2 choice variants;
each person takes 12 module checks spread over the year and then reviews each concept at growing spacings
(3 days to 8 months), answering right with a probability that falls with the spacing and differs by person
and by variant (about 420,000 answers). The rows are written with one prepared INSERT per table
(``executemany``), not object by object. Then it times the refresh (``analytics_refresh``: every answer
streamed once) and the analytics pages through Django's test client.

Run: ``.venv/bin/python -m bench.item_analytics --db sqlite`` (or ``--db postgres``).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
import uuid
from datetime import date, timedelta
from typing import Any

from bench.engine_speed import NOW, percentiles, setup_django
from bench.team_view import package

START = NOW - timedelta(days=365)
SPACINGS = (3, 10, 25, 60, 120, 240)
CHECKS = 12


def seed(people: int) -> tuple[Any, int]:
    from django.contrib.auth.models import User

    from skillpath.content import models as cm
    from skillpath.content.services import organization_ensure, package_import
    from skillpath.learning import models as lm
    from skillpath.people.import_writing import insert_rows
    from skillpath.people.models import Person

    package_import("item-bench", package(150), now=START)
    org = organization_ensure("item-bench")
    author = Person.objects.create(
        user=User.objects.create(username="author@bench.test"),
        organization=org,
        name="Author",
        started_on=date(2025, 1, 1),
        is_author=True,
    )
    users = User.objects.bulk_create([User(username=f"p{i}@bench.test") for i in range(people)])
    persons = Person.objects.bulk_create(
        [Person(user=u, organization=org, name=f"P {i:04d}", started_on=START.date()) for i, u in enumerate(users)]
    )
    modules = list(cm.Module.objects.filter(organization=org).order_by("slug").values_list("pk", flat=True))
    concepts: dict[int, list[tuple[int, list[int]]]] = {}
    rows = cm.Variant.objects.filter(organization=org).order_by("concept", "position")
    for variant, concept, module in rows.values_list("pk", "concept_id", "concept__module_id"):
        found = next((c for c in concepts.setdefault(module, []) if c[0] == concept), None)
        if found is None:
            concepts[module].append((concept, [variant]))
        else:
            found[1].append(variant)
    rng = random.Random(7)
    easy = {v: rng.uniform(-1.0, 1.5) for vs in concepts.values() for _, variants in vs for v in variants}
    checks, attempts = [], []
    for person in persons:
        ability = rng.gauss(0, 0.8)
        for module in rng.sample(modules, CHECKS):
            day = rng.uniform(0, 300)
            at = START + timedelta(days=day)
            check = uuid.uuid4()
            scores = []
            for concept, variants in concepts[module]:
                right = rng.random() < 1 / (1 + math.exp(-(ability + easy[variants[0]] + 0.5)))
                scores.append(1.0 if right else 0.0)
                attempts.append(_row(org.pk, person.pk, "check", check, concept, variants[0], right, at, rng))
                for k, spacing in enumerate(SPACINGS):
                    when = at + timedelta(days=spacing + rng.uniform(0, 2))
                    if when > NOW:
                        break
                    variant = variants[(k + 1) % len(variants)]
                    p = 1 / (1 + math.exp(-(ability + easy[variant] + 2.2 - 0.4 * math.log(spacing))))
                    attempts.append(
                        _row(org.pk, person.pk, "reinforcement", None, concept, variant, rng.random() < p, when, rng)
                    )
            score = sum(scores) / len(scores)
            checks.append(
                (check.hex, org.pk, person.pk, module, "{}", at, at + timedelta(minutes=5), score, score >= 0.8)
            )
    insert_rows(
        lm.ModuleCheck,
        ["id", "organization", "person", "module", "variants", "started_at", "completed_at", "score", "passed"],
        checks,
    )
    names = [
        "organization",
        "person",
        "client_id",
        "kind",
        "module_check",
        "concept",
        "variant",
        "response",
        "score",
        "rating",
        "duration_seconds",
        "submitted_at",
    ]
    for start in range(0, len(attempts), 50_000):
        insert_rows(lm.Attempt, names, attempts[start : start + 50_000])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return author, len(attempts)


def _row(
    org: int, person: int, kind: str, check: Any, concept: int, variant: int, right: bool, at: Any, rng: Any
) -> tuple:
    check_id = check.hex if check is not None else None
    response = '{"selected": [0]}' if right else '{"selected": [1]}'
    seconds = rng.lognormvariate(3, 0.5)
    return (
        org,
        person,
        uuid.uuid4().hex,
        kind,
        check_id,
        concept,
        variant,
        response,
        1.0 if right else 0.0,
        3 if right else 1,
        seconds,
        at,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup_django(args.db)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from skillpath.analytics.services import analytics_refresh

    started = time.perf_counter()
    author, answers = seed(args.people)
    print(f"seeded {args.people} people, {answers} answers in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    result = analytics_refresh(author.organization, now=NOW)
    print(
        f"item analytics on {args.db}: {result.answers} answers, {result.variants} variants, {result.concepts} concepts"
    )
    print(f"refresh (every answer streamed once): {result.seconds:.1f} s")
    client = Client()
    client.force_login(author.user)
    pages = {
        "GET /analytics/": "/analytics/",
        "GET /analytics/<package>/": "/analytics/team-bench/",
        "GET /analytics/<package>/<module>/": "/analytics/team-bench/m000/",
        "GET …/<concept>/<variant>/": "/analytics/team-bench/m000/c0/0/",
    }
    print(f"{'page':<38}{'p50 ms':>10}{'max ms':>10}{'queries':>9}")
    for name, url in pages.items():
        client.get(url)
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p50, _ = percentiles(times)
        print(f"{name:<38}{p50:>10.1f}{max(times):>10.1f}{len(queries.captured_queries):>9}")


if __name__ == "__main__":
    main()
