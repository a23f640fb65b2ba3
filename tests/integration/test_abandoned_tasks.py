"""A task whose worker is killed is found (heartbeats and leases), retried a bounded number of times, then
failed and listed (skillpath.operations.leases)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from skillpath.operations.leases import LEASE, LEASE_WITHOUT_HEARTBEAT, MAX_TRIES, heartbeat, tasks_reclaim
from skillpath.operations.selectors import tasks_failed
from tests.integration.test_tasks import add

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).parent.parent.parent


@pytest.fixture(autouse=True)
def _database_backend(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}


def claim(result_id: str, worker: str, at: datetime) -> None:
    row = DBTaskResult.objects.get(pk=result_id)
    row.claim(worker)
    DBTaskResult.objects.filter(pk=result_id).update(started_at=at)
    heartbeat(worker, at)


def test_a_task_whose_worker_is_alive_is_left_alone(now: datetime) -> None:
    result = add.enqueue(1, 2)
    claim(result.id, "alive", now)
    heartbeat("alive", now + timedelta(minutes=9))
    assert tasks_reclaim(now + timedelta(minutes=9, seconds=30)).retried == []
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


def test_an_abandoned_task_is_retried_then_failed_after_the_bounded_tries_and_listed(now: datetime) -> None:
    result = add.enqueue(1, 2)
    at = now
    for attempt in range(1, MAX_TRIES + 1):
        claim(result.id, f"worker-{attempt}", at)
        at += LEASE + timedelta(seconds=1)  # the worker went silent
        reclaimed = tasks_reclaim(at)
        if attempt < MAX_TRIES:
            assert reclaimed.retried == [result.id]
            assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY
    assert reclaimed.failed == [result.id]
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED and len(row.worker_ids) == MAX_TRIES
    (failed,) = tasks_failed()
    assert failed.id == result.id and failed.error.startswith("TaskAbandoned: the worker running this task stopped")
    out = StringIO()
    call_command("tasks", "failed", stdout=out)
    assert "TaskAbandoned" in out.getvalue() and "1 failed task(s)" in out.getvalue()


def test_a_worker_that_never_beats_gets_a_long_lease(now: datetime) -> None:
    result = add.enqueue(1, 2)
    DBTaskResult.objects.get(pk=result.id).claim("bare-db-worker")
    DBTaskResult.objects.filter(pk=result.id).update(started_at=now)
    assert tasks_reclaim(now + LEASE * 5).retried == []
    assert tasks_reclaim(now + LEASE_WITHOUT_HEARTBEAT + timedelta(seconds=1)).retried == [result.id]


def test_abandoned_tasks_have_a_filter_in_the_admin(admin_client: Any, now: datetime) -> None:
    result = add.enqueue(1, 2)
    at = now
    for attempt in range(MAX_TRIES):
        claim(result.id, f"w{attempt}", at)
        at += LEASE * 2
        tasks_reclaim(at)
    page = admin_client.get("/admin/django_tasks_database/dbtaskresult/?abandoned=yes").content.decode()
    assert "TaskAbandoned" in page and "Abandoned (failed after every try)" in page


def skillpath(env: dict[str, str], *args: str, **kwargs: Any) -> Any:
    return subprocess.Popen([sys.executable, "-m", "skillpath.cli", *args], cwd=ROOT, env=env, **kwargs)


@pytest.mark.django_db(transaction=False)
def test_a_killed_worker_s_task_is_run_again_by_another_worker(tmp_path: Path) -> None:
    """The real thing: a worker process killed (SIGKILL) in the middle of a task."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKILLPATH_")}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SKILLPATH_VAR": str(tmp_path),
        "SKILLPATH_TASKS": "database",
    }
    assert skillpath(env, "migrate", "-v", "0").wait(timeout=300) == 0
    mark = str(tmp_path / "task")
    enqueue = f"from tests.tasks_for_tests import sleep_then_touch as t; print(t.enqueue({mark!r}, 30).id)"
    assert skillpath(env, "shell", "-c", enqueue).wait(timeout=120) == 0
    worker = skillpath(
        env, "worker", "--no-scheduler", "--interval", "0.2", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while not Path(mark + ".started").exists():
        assert time.monotonic() < deadline, "the worker never started the task"
        time.sleep(0.2)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    later = (timezone.now() + LEASE + timedelta(seconds=5)).isoformat()
    reclaim = (
        "from datetime import datetime; from skillpath.operations.leases import tasks_reclaim; "
        f"print(tasks_reclaim(datetime.fromisoformat({later!r})))"
    )
    found = skillpath(env, "shell", "-c", reclaim, stdout=subprocess.PIPE, text=True)
    out, _ = found.communicate(timeout=120)
    assert "retried=['" in out, out
    Path(mark + ".started").unlink()
    finish = (
        "from tests.tasks_for_tests import sleep_then_touch as t; from skillpath.operations.leases import *; "
        "from django_tasks_db.models import DBTaskResult as R; r = R.objects.get(); "
        "print(r.status, len(r.worker_ids))"
    )
    assert skillpath(env, "worker", "--batch", "--no-scheduler").wait(timeout=180) == 0
    assert Path(mark + ".finished").exists()
    shown = skillpath(env, "shell", "-c", finish, stdout=subprocess.PIPE, text=True).communicate(timeout=120)[0]
    assert shown.strip().splitlines()[-1] == "SUCCESSFUL 2"
