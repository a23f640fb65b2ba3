from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from skillpath.demo.management.commands import demo

pytestmark = pytest.mark.django_db


def test_the_demo_starts_a_worker_and_gives_it_a_round_of_digests(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.delenv("SKILLPATH_PUBLIC_URL", raising=False)
    monkeypatch.setattr(subprocess, "Popen", lambda args, env: started.append({"args": args, "env": env}))
    demo.Command()._start_worker(8123)
    (worker,) = started
    assert worker["args"][-3:] == ["-m", "skillpath.cli", "worker"]
    assert worker["env"]["SKILLPATH_PUBLIC_URL"] == "http://127.0.0.1:8123"  # links in the e-mails reach this demo
    (round_,) = DBTaskResult.objects.all()
    assert (round_.task_name, round_.args_kwargs["kwargs"]) == ("nudges_dispatch", {"any_time": True})


def test_the_demo_stops_its_worker_when_the_server_stops() -> None:
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    demo.Command()._stop_worker(worker)
    assert worker.returncode is not None
