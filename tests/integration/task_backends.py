"""Running tests on both task backends: the database (django-tasks-db) and RQ on the local Redis.

RQ tests claim one of Redis's databases 8–15 with a key (so two test runs at once never share one), empty it
before and after each test, and run an in-process ``rq.SimpleWorker`` (``skillpath worker --batch``), so the
jobs see the test database. Without Redis on 127.0.0.1:6379 they are skipped, saying so.

Both workers drop the process's database connections between tasks (right for a long-running process); in a
test that would end the test's transaction, so ``worker_keeps_connections`` turns that off and the tests stay
in a transaction that is rolled back (fast on PostgreSQL, where emptying every table takes seconds).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from redis import Redis
from redis.exceptions import RedisError

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
CLAIM_KEY = "skillpath:test-claim"
BACKENDS = ["database", "rq"]


class RedisDb:
    """A Redis database claimed for this test session."""

    def __init__(self) -> None:
        self.token = uuid4().hex
        self.number: int | None = None
        self.client: Redis | None = None
        self.problem = ""

    def claim(self) -> int | None:
        if self.number is not None or self.problem:
            return self.number
        try:
            Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=0.5).ping()
        except RedisError as exc:
            self.problem = (
                f"Redis is not running on {REDIS_HOST}:{REDIS_PORT} ({exc}); scripts/test-services.sh starts it"
            )
            return None
        for number in range(15, 7, -1):
            client = Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
            if client.set(CLAIM_KEY, self.token, nx=True, ex=3600):
                self.number, self.client = number, client
                return number
        self.problem = "every Redis database 8–15 is claimed by another test run"
        return None

    def empty(self) -> None:
        assert self.client is not None
        self.client.flushdb()
        self.client.set(CLAIM_KEY, self.token, ex=3600)

    def release(self) -> None:
        if self.client is not None:
            self.client.flushdb()


_redis = RedisDb()


@pytest.fixture(scope="session")
def redis_db() -> Iterator[RedisDb]:
    yield _redis
    _redis.release()


@pytest.fixture
def worker_keeps_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    monkeypatch.setattr("django_rq.management.commands.rqworker.reset_db_connections", lambda: None)


@pytest.fixture(params=BACKENDS)
def task_backend(
    request: pytest.FixtureRequest, settings: Any, redis_db: RedisDb, worker_keeps_connections: None
) -> Iterator[str]:
    """Each test runs once per backend; RQ is configured against the claimed Redis database."""
    name: str = request.param
    if name == "rq":
        number = redis_db.claim()
        if number is None:
            pytest.skip(redis_db.problem)
        redis_db.empty()
        settings.RQ_QUEUES = {q: {"URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"} for q in settings.TASK_QUEUES}
        settings.RQ = {"WORKER_CLASS": "rq.SimpleWorker"}  # jobs run in this process, on the test database
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}}
    else:
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}
    yield name
    if name == "rq":
        redis_db.empty()
