"""A gunicorn worker's resident memory (RSS) over 10,000 requests of signed-in learners.

Seeds an organization (default 200 people × 150 concepts, as ``bench.http_load``), starts gunicorn with one sync
worker (loopback only), signs ``--learners`` people in, then sends ``--requests`` requests one after another,
the pages a learner uses in turn: Today, a reinforcement page, its answer (htmx), My path and Skills. It prints
the worker's RSS before the first request, then every ``--every`` requests, and the growth over the last
half (a leak grows steadily; a warm cache stops growing).

Run: ``PG_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python -m bench.worker_memory``
(database ``skillpath_bench``, dropped and created).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import signal
from datetime import UTC, datetime

import httpx

from bench.engine_speed import seed, setup_django
from bench.http_load import FIELD, PASSWORD, free_port, start_gunicorn, worker_rss_mb


def sign_in(base: str, email: str, address: str) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=address)  # a loopback address a learner (see bench.http_load)
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=False, transport=transport)
    page = client.get("/accounts/login/")
    token = dict(FIELD.findall(page.text))["csrfmiddlewaretoken"]
    data = {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    answer = client.post("/accounts/login/", data=data)
    if answer.status_code != 302:
        raise SystemExit(f"signing in {email} failed: HTTP {answer.status_code}")
    return client


def visit(client: httpx.Client, step: int, concept: str, form: dict[str, str]) -> dict[str, str]:
    """One request of the learner's round; the reinforcement page's form is kept for the answer after it."""
    kind = step % 5
    if kind == 0:
        response = client.get("/")
    elif kind == 1:
        response = client.get(f"/reinforcement/{concept}/")
        form = {**dict(FIELD.findall(response.text)), "selected": "0"}
    elif kind == 2:
        headers = {"HX-Request": "true", "X-CSRFToken": client.cookies.get("csrftoken") or ""}
        response = client.post(f"/reinforcement/{concept}/", data=form, headers=headers)
    elif kind == 3:
        response = client.get("/path/")
    else:
        response = client.get("/skills/")
    if response.status_code != 200:
        raise SystemExit(f"request {step}: HTTP {response.status_code} for {response.request.url}")
    return form


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--concepts", type=int, default=150)
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=2_000)
    args = parser.parse_args()
    setup_django(args.db)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import connections

    from skillpath.people.models import Person

    persons = seed(args.people, args.concepts)[: args.learners]
    User.objects.filter(pk__in=[p.user_id for p in persons]).update(password=make_password(PASSWORD))
    Person.objects.filter(pk__in=[p.pk for p in persons]).update(welcomed_at=datetime.now(UTC))
    emails = [p.user.username for p in persons]
    concepts = [f"m{m:03d}/c{c}" for m in range(args.concepts // 5) for c in range(5)]
    connections.close_all()
    port = free_port()
    server = start_gunicorn(port, 1)
    rng = random.Random(23)
    readings: list[tuple[int, float]] = []
    try:
        readings.append((0, worker_rss_mb(server.pid)[0]))
        clients = [sign_in(f"http://127.0.0.1:{port}", email, f"127.0.1.{1 + i}") for i, email in enumerate(emails)]
        form: dict[str, str] = {}
        concept = concepts[0]
        for step in range(args.requests):
            client = clients[(step // 5) % len(clients)]
            if step % 5 == 1:
                concept = rng.choice(concepts)
            form = visit(client, step, concept, form)
            if (step + 1) % args.every == 0:
                readings.append((step + 1, worker_rss_mb(server.pid)[0]))
        for client in clients:
            client.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(
        f"worker_memory on {args.db}: 1 gunicorn worker, {len(emails)} learners, {args.requests:,} requests "
        "(Today, a reinforcement, its answer, My path, Skills in turn)"
    )
    print(f"{'requests':>10}{'RSS MB':>10}")
    for count, mb in readings:
        print(f"{count:>10,}{mb:>10.1f}")
    half = next((mb for count, mb in readings if count >= args.requests // 2), readings[0][1])
    largest = max(mb for _, mb in readings)
    print(f"largest: {largest:.0f} MB; growth over the last half: {readings[-1][1] - half:+.1f} MB")


if __name__ == "__main__":
    main()
