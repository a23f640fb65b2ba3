"""Ralph's LRS server for tests: its own virtual environment (cached under var/), started and stopped at will.

``ralph_python()`` creates ``var/ralph-venv`` from PyPI the first time (about a minute) and reuses it
after; it raises ``RalphUnavailable`` only when that environment cannot be created (no network).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[3]
VENV = ROOT / "var" / "ralph-venv"
REQUIREMENTS = ["ralph-malph[cli,lrs]==5.1.0", "requests==2.34.2"]
LAUNCHER = Path(__file__).with_name("ralph_launcher.py")
XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3"}


class RalphUnavailable(RuntimeError):
    """Ralph's environment could not be created (PyPI unreachable)."""


def _run(command: list[str], timeout: float) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RalphUnavailable(f"{' '.join(command[:4])}… failed: {(done.stderr or done.stdout)[-800:]}")


def ralph_python() -> Path:
    """The Python of Ralph's environment, created (or re-created) when missing or outdated.

    A lock file keeps two test runs (SQLite and PostgreSQL side by side) from building it at once.
    """
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with (VENV.parent / "ralph-venv.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _ralph_python()


def _ralph_python() -> Path:
    stamp = VENV / "skillpath-requirements.txt"
    python = VENV / "bin" / "python"
    if stamp.exists() and python.exists() and stamp.read_text() == "\n".join(REQUIREMENTS):
        return python
    shutil.rmtree(VENV, ignore_errors=True)
    try:
        _run([sys.executable, "-m", "venv", str(VENV)], timeout=120)
        _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *REQUIREMENTS], 900)
    except (RalphUnavailable, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(VENV, ignore_errors=True)
        raise RalphUnavailable(str(exc)) from exc
    stamp.write_text("\n".join(REQUIREMENTS))
    return python


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RalphLrs:
    """One LRS: a data directory and an auth file that survive restarts, on one loopback port."""

    def __init__(self, python: Path, workdir: Path, username: str, password: str) -> None:
        self.python, self.port = python, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.auth = (username, password)
        self.log = workdir / "ralph.log"
        (workdir / "data").mkdir(parents=True, exist_ok=True)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("RALPH_", "DJANGO_", "PYTHON"))},
            "RALPH_APP_DIR": str(workdir / "app"),
            "RALPH_AUTH_FILE": str(workdir / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(workdir / "data"),
            "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "100",
        }
        self.process: subprocess.Popen[bytes] | None = None
        ralph = [str(python.parent / "ralph"), "auth", "-u", username, "-p", password, "-s", "all"]
        done = subprocess.run(
            [*ralph, "-M", f"mailto:{username}@acme.example.com", "-w"], env=self.env, capture_output=True, check=False
        )
        assert done.returncode == 0, done.stderr.decode()[-800:]

    def start(self, timeout: float = 60) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(self.python), "-P", str(LAUNCHER), str(self.port)], env=self.env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"Ralph's LRS exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/__heartbeat__", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError(f"Ralph's LRS did not start in {timeout}s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def _get(self, path: str, **params: Any) -> dict[str, Any]:
        response = httpx.get(f"{self.url}{path}", params=params, auth=self.auth, headers=XAPI_HEADERS, timeout=30)
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data

    def all_statements(self, since: str) -> list[dict[str, Any]]:
        """Every statement stored since ``since``, following the ``more`` links page by page."""
        page = self._get("/xAPI/statements", since=since, limit=100)
        found = list(page["statements"])
        while page.get("more") and page["statements"]:
            page = httpx.get(f"{self.url}{page['more']}", auth=self.auth, headers=XAPI_HEADERS, timeout=30).json()
            found += page["statements"]
        return found

    def statement(self, statement_id: str) -> list[dict[str, Any]]:
        """The statements Ralph returns for one id (its answer is a list, where the spec has one object)."""
        data = self._get("/xAPI/statements", statementId=statement_id)
        return list(data.get("statements", [data] if "id" in data else []))
