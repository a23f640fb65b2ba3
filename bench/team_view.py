"""How long the manager's team view takes to build for a large organization.

Seeds one organization of N people (default 500) holding a role whose levels require 20 skills, each
person with a level for every skill and a memory state for every concept (150), all reporting to one
manager; then builds the team view (the selector, and the whole page through Django's test client)
repeatedly and prints the server time.

Run: ``.venv/bin/python -m bench.team_view --db postgres`` (or ``--db sqlite``); part of ``make bench``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from typing import Any

import yaml

from bench.engine_speed import NOW, percentiles, setup_django

SKILLS = 20


def package(concepts: int) -> dict[str, bytes]:
    """One role; 30 modules of 5 concepts; module i teaches skill i mod 20; both levels require all 20 skills."""
    modules = concepts // 5
    ids = [f"m{i:03d}" for i in range(modules)]
    third = modules // 3
    skills = [{"id": f"s{i:02d}", "title": f"Skill {i:02d}"} for i in range(SKILLS)]
    header = {
        "format": "skillpath/1",
        "id": "team-bench",
        "title": "Team bench",
        "version": "1.0.0",
        "skills": skills,
        "roles": [
            {
                "id": "agent",
                "title": "Agent",
                "levels": [
                    {"id": "agent", "title": "Agent", "requires": {s["id"]: 2 for s in skills}},
                    {"id": "senior", "title": "Senior agent", "requires": {s["id"]: 3 for s in skills}},
                ],
                "stages": {
                    "foundation": ids[:third],
                    "application": ids[third : 2 * third],
                    "mastery": ids[2 * third :],
                },
            }
        ],
    }
    files = {"package.yaml": yaml.safe_dump(header).encode()}
    variant = {"type": "choice", "prompt": "Pick", "options": [{"text": "right", "correct": True}, {"text": "wrong"}]}
    for i, module_id in enumerate(ids):
        module = {
            "id": module_id,
            "title": f"Module {i}",
            "skills": [f"s{i % SKILLS:02d}"],
            "minutes": 5,
            "pass_score": 0.8,
            "lesson": [{"text": "A lesson."}],
            "concepts": [{"id": f"c{j}", "title": f"Concept {j}", "variants": [variant, variant]} for j in range(5)],
        }
        files[f"modules/{module_id}.yaml"] = yaml.safe_dump(module).encode()
    return files


def seed(people: int) -> Any:
    from django.contrib.auth.models import User

    from skillpath.content import models as cm
    from skillpath.content.services import organization_ensure, package_import
    from skillpath.learning import models as lm
    from skillpath.people.models import Person, PersonRole, Team

    package_import("team-bench", package(150), now=NOW - timedelta(days=90))
    org = organization_ensure("team-bench")
    role = cm.Role.objects.get(organization=org, slug="agent")
    level = role.levels.get(slug="agent")
    skills = list(cm.Skill.objects.filter(organization=org))
    concepts = list(cm.Concept.objects.filter(organization=org).values_list("pk", flat=True))
    teams = [Team.objects.create(organization=org, name=f"Team {i}") for i in range(10)]
    boss_user = User.objects.create(username="boss@bench.test")
    boss = Person.objects.create(
        user=boss_user, organization=org, name="Boss", started_on=date(2026, 1, 1), is_manager=True
    )
    rng = random.Random(5)
    users = User.objects.bulk_create([User(username=f"agent{i}@bench.test") for i in range(people)])
    persons = Person.objects.bulk_create(
        [
            Person(
                user=u,
                organization=org,
                name=f"Agent {i:03d}",
                started_on=date(2026, 3, 1),
                manager=boss,
                team=teams[i % len(teams)],
            )
            for i, u in enumerate(users)
        ]
    )
    PersonRole.objects.bulk_create(
        [PersonRole(organization=org, person=p, role=role, level=level, assigned_on=date(2026, 3, 1)) for p in persons]
    )
    states = []
    for p in persons:
        for s in skills:
            fades = NOW + timedelta(days=rng.uniform(-20, 60))  # some fading already, some soon, most later
            states.append(
                lm.SkillState(
                    organization=org, person=p, skill=s, level=rng.randint(0, 4), reached_at=NOW, fading_on=fades
                )
            )
    lm.SkillState.objects.bulk_create(states, batch_size=5000)
    memories = []
    for p in persons:
        for c in concepts:
            last = NOW - timedelta(days=rng.uniform(1, 40))
            stability = rng.uniform(2, 60)
            memories.append(
                lm.MemoryState(
                    organization=org,
                    person=p,
                    concept_id=c,
                    stability=stability,
                    difficulty=5,
                    first_review=last,
                    last_review=last,
                    due=last + timedelta(days=stability),
                    reviews=2,
                    lapses=0,
                    variants_seen=[0],
                )
            )
    lm.MemoryState.objects.bulk_create(memories, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return boss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup_django(args.db)
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from skillpath import clock
    from skillpath.insights.team import team_view

    started = time.perf_counter()
    boss = seed(args.people)
    print(f"seeded {args.people} people × {SKILLS} skills in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    clock.travel(NOW - clock.now())
    selector, page = [], []
    client = Client()
    client.force_login(boss.user)
    team_view(boss, now=NOW)
    from django.db import connection

    for _ in range(args.runs):
        t = time.perf_counter()
        view = team_view(boss, now=NOW)
        selector.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/team/")
        page.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    s50, _ = percentiles(selector)
    p50, _ = percentiles(page)
    print(
        f"team_view on {args.db}: {len(view.rows)} people × {len(view.skills)} skills, {len(view.drops)} coming drops"
    )
    print(f"{'measure':<34}{'p50 ms':>10}{'max ms':>10}")
    print(f"{'team_view selector':<34}{s50:>10.1f}{max(selector):>10.1f}")
    print(f"{'GET /team/ (selector + page)':<34}{p50:>10.1f}{max(page):>10.1f}")
    print(f"queries per page: {len(queries.captured_queries)}; mean page {statistics.mean(page):.1f} ms")


if __name__ == "__main__":
    main()
