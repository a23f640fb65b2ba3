"""Answers over HTTP: learners answer spaced reinforcement through the real pages, served by gunicorn.

Seeds an organization (default 1,000 people × 150 concepts, every concept learned and due), starts gunicorn
(4 sync workers, loopback only) on it, signs ``--learners`` of those people in through the sign-in page, then
has them answer reinforcement the way the browser does: load ``/reinforcement/<module>/<concept>/`` and post the
answer with htmx, at an offered rate of ``--rate`` answers/s in all (open loop: each learner waits for its
next slot, so a slow server shows as latency, not as a lower offered load) for ``--seconds``. It prints the
answers/s achieved, the latency of the answer posts (p50/p99) and of the page loads, the errors, the same
hand-written answer transaction as ``bench.engine_speed`` from 4 clients at once (the ceiling, measured in
the same run) and the share of it reached, and each worker's resident memory (RSS) at the end with the
number of requests served.

Run: ``PG_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python -m bench.http_load``
(database ``skillpath_http``, dropped and created; ``--reuse`` keeps an earlier run's of the same size).
Bounded: everything stops after ``--seconds``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httptools
import httpx
import redis

from bench.engine_speed import percentiles, raw_rate, reused, seed, setup_django

BENCH_CACHE = "redis://127.0.0.1:6379/5"  # the bench's own Redis database, emptied at each start
PASSWORD = "load-test-password"  # noqa: S105 (the seeded learners' password, loopback only)
FIELD = re.compile(r'name="(attempt_id|stamp|variant|csrfmiddlewaretoken)" value="([^"]*)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(port: int, workers: int, threads: int = 0) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SKILLPATH_DEBUG": "0", "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": ""}
    # As docs/operations.md deploys several server processes: one shared Redis cache (rate limits, sessions).
    if "SKILLPATH_CACHE_URL" not in env:
        env["SKILLPATH_CACHE_URL"] = BENCH_CACHE
        redis.Redis.from_url(BENCH_CACHE).flushdb()  # no session or rate-limit count of an earlier run
    env.pop("DJANGO_SETTINGS_MODULE")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "skillpath.config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--max-requests",
        "0",
        *(["--worker-class", "gthread", "--threads", str(threads)] if threads else []),
    ]
    server = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603 (our own command line)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def worker_rss_mb(master: int) -> list[float]:
    """Resident memory of each worker of the gunicorn master ``master`` (from /proc)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


class _Connection(asyncio.Protocol):
    """One connection to the server: HTTP/1.1 requests one at a time, responses parsed by httptools (C).

    The load generator shares the two cores with the server, so it must cost as little as it can: httpx's parser is
    pure Python, and aiohttp's client (C parser, but cookie jar, URL and header objects in Python) cost 2.3–3 ms of
    CPU per answer, about a fifth of the server's own; this costs 1–1.8 ms. Gunicorn's sync workers close the
    connection after each response; a server that keeps it open gets the next request on it.
    """

    def __init__(self) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self.transport: asyncio.Transport | None = None
        self.waiter: asyncio.Future[tuple[int, bytes, list[bytes]]] | None = None
        self.body: list[bytes] = []
        self.cookies: list[bytes] = []
        self.open = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport, self.open = transport, True

    def send(self, request: bytes) -> asyncio.Future[tuple[int, bytes, list[bytes]]]:
        assert self.transport is not None
        self.waiter = asyncio.get_running_loop().create_future()
        self.body, self.cookies = [], []
        self.transport.write(request)
        return self.waiter

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(ConnectionError(f"unreadable response: {exc}"))

    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() == b"set-cookie":
            self.cookies.append(value)

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        if not self.parser.should_keep_alive():
            self.open = False
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result((self.parser.get_status_code(), b"".join(self.body), self.cookies))

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        self._fail(ConnectionError("the server closed the connection before answering"))

    def _fail(self, error: Exception) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(error)


class Learner:
    def __init__(self, base: str, email: str, concepts: list[str], rng: random.Random, address: str) -> None:
        # Each learner comes from an address of its own (all of 127.0.0.0/8 is loopback), as people do: the
        # sign-in page's limit per address is shared by the server processes through the cache.
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port, self.address = host, int(port), address
        self.connection: _Connection | None = None
        self.cookies: dict[str, str] = {}
        self.email = email
        self.concepts = concepts
        self.rng = rng

    def cookie(self, name: str) -> str:
        return self.cookies.get(name, "")

    async def request(
        self, method: str, path: str, form: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """Send one request (redirects are not followed) and return the status and the body."""
        if self.connection is None or not self.connection.open:
            if self.connection is not None and self.connection.transport is not None:
                self.connection.transport.close()
            _, self.connection = await asyncio.get_running_loop().create_connection(
                _Connection, self.host, self.port, local_addr=(self.address, 0)
            )
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        lines.extend(f"{name}: {value}" for name, value in (headers or {}).items())
        body = urlencode(form).encode() if form is not None else b""
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        status, content, cookies = await asyncio.wait_for(
            self.connection.send(("\r\n".join(lines) + "\r\n\r\n").encode() + body), timeout=30
        )
        for cookie in cookies:
            name, _, value = cookie.split(b";", 1)[0].decode().partition("=")
            self.cookies[name.strip()] = value.strip()
        return status, content.decode()

    async def close(self) -> None:
        if self.connection is not None and self.connection.transport is not None:
            self.connection.transport.close()

    async def sign_in(self) -> None:
        _, page = await self.request("GET", "/accounts/login/")
        token = dict(FIELD.findall(page))["csrfmiddlewaretoken"]
        form = {"username": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
        status, _ = await self.request("POST", "/accounts/login/", form)
        if status != 302:
            raise SystemExit(f"signing in {self.email} failed: HTTP {status}")

    async def answer_one(self, stats: Stats) -> None:
        concept = self.rng.choice(self.concepts)
        started = time.perf_counter()
        status, text = await self.request("GET", f"/reinforcement/{concept}/")
        stats.pages.append((time.perf_counter() - started) * 1000)
        if status != 200:
            stats.errors.append(f"GET /reinforcement/{concept}/: HTTP {status}")
            return
        form = {**dict(FIELD.findall(text)), "selected": "0"}
        headers = {"HX-Request": "true", "X-CSRFToken": self.cookie("csrftoken")}
        started = time.perf_counter()
        status, body = await self.request("POST", f"/reinforcement/{concept}/", form, headers)
        stats.answers.append((time.perf_counter() - started) * 1000)
        if status != 200 or "feedback" not in body:
            stats.errors.append(f"POST /reinforcement/{concept}/: HTTP {status}")


class Stats:
    def __init__(self) -> None:
        self.pages: list[float] = []
        self.answers: list[float] = []
        self.errors: list[str] = []


async def load(base: str, emails: list[str], concepts: list[str], rate: float, seconds: float) -> tuple[Stats, float]:
    rng = random.Random(17)
    learners = [
        Learner(base, email, concepts, random.Random(rng.random()), f"127.0.{1 + i // 250}.{1 + i % 250}")
        for i, email in enumerate(emails)
    ]
    for learner in learners:  # one after another, as people arrive (the sign-in page is throttled per address)
        await learner.sign_in()
    stats = Stats()
    interval = len(learners) / rate  # each learner's time between answers
    started = time.perf_counter()

    async def run(learner: Learner, offset: float) -> None:
        slot = started + offset
        while slot < started + seconds:
            await asyncio.sleep(max(0.0, slot - time.perf_counter()))
            await learner.answer_one(stats)
            slot += interval

    await asyncio.gather(*(run(learner, i * interval / len(learners)) for i, learner in enumerate(learners)))
    wall = time.perf_counter() - started
    for learner in learners:
        await learner.close()
    return stats, wall


def raw_rate_clients(clients: int, seconds: float = 5.0) -> float:
    """The hand-written answer transaction from ``clients`` threads at once (each its own connection)."""
    rates: list[float] = []
    threads = [threading.Thread(target=lambda: rates.append(raw_rate(seconds))) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--concepts", type=int, default=150)
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--rate", type=float, default=200.0, help="answers/s offered in all")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--threads", type=int, default=0, help="gthread workers with this many threads each (0: sync workers)"
    )
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run of the same size")
    args = parser.parse_args()
    url = setup_django(args.db, reuse=args.reuse, name="skillpath_http")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line a request would time the printing
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import connections

    persons = (reused(args.people) if args.reuse else None) or seed(args.people, args.concepts)
    learners = persons[: args.learners]
    User.objects.filter(pk__in=[p.user_id for p in learners]).update(password=make_password(PASSWORD))
    from skillpath.people.models import Person

    # Weeks into their path: not new people, so signing in goes to Today, not to the first-run welcome.
    Person.objects.filter(pk__in=[p.pk for p in learners]).update(welcomed_at=datetime.now(UTC))
    emails = [p.user.username for p in learners]
    concepts = [f"m{m:03d}/c{c}" for m in range(args.concepts // 5) for c in range(5)]
    connections.close_all()
    raw = raw_rate_clients(4)
    connections.close_all()
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    try:
        client_cpu = time.process_time()
        stats, wall = asyncio.run(load(f"http://127.0.0.1:{port}", emails, concepts, args.rate, args.seconds))
        client_cpu = time.process_time() - client_cpu
        rss = worker_rss_mb(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    if not stats.answers:
        raise SystemExit("no answer went through: " + "; ".join(sorted(set(stats.errors))[:5]))
    a50, a99 = percentiles(stats.answers)
    p50, p99 = percentiles(stats.pages)
    achieved = len(stats.answers) / wall
    requests = len(stats.answers) + len(stats.pages) + 2 * len(learners) + 1
    kind = f"gthread, {args.threads} threads each" if args.threads else "sync"
    print(
        f"http_load on {args.db} ({url.split('@')[-1]}): {args.people} people × {args.concepts} concepts, "
        f"{len(learners)} learners signed in, {args.workers} gunicorn workers ({kind}), "
        f"{args.rate:.0f} answers/s offered for {args.seconds:.0f} s"
    )
    print(f"{'measure':<40}{'p50 ms':>10}{'p99 ms':>10}{'count':>10}")
    print(f"{'POST answer (htmx, feedback)':<40}{a50:>10.1f}{a99:>10.1f}{len(stats.answers):>10}")
    print(f"{'GET /reinforcement/… (whole page)':<40}{p50:>10.1f}{p99:>10.1f}{len(stats.pages):>10}")
    print(f"answers/s achieved: {achieved:.0f} (errors: {len(stats.errors)})")
    for error in sorted(set(stats.errors))[:5]:
        print(f"  error: {error}")
    print(f"hand-written answer transaction, 4 clients: {raw:.0f} answers/s; achieved: {achieved / raw:.0%} of it")
    print(
        f"gunicorn worker RSS after {requests:,} requests in all (about {requests // max(len(rss), 1):,} each): "
        + ", ".join(f"{mb:.0f} MB" for mb in rss)
    )
    print(f"mean answer {statistics.fmean(stats.answers):.1f} ms")
    print(
        f"the load generator itself (this process) used {client_cpu:.1f} s of CPU in {wall:.1f} s: "
        f"{client_cpu / wall:.2f} of a core, taken from the server on this machine"
    )


if __name__ == "__main__":
    main()
