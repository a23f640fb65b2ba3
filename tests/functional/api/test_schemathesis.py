"""Schemathesis fuzzes the API from its own OpenAPI document, against a live server with the demo's people and
content and their API tokens: no server error and no answer that breaks the document (status code, media
type, headers, body schema). Bounded: a few examples per operation and a time budget per run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from skillpath.api.services import token_create
from skillpath.demo.services import demo_setup
from skillpath.people.models import Person
from skillpath.ratelimits import RATES
from tests.integration.learning_helpers import do_check

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
MAX_EXAMPLES = 15
MAX_SECONDS = 30


def _schemathesis(base: str, token: str, report: Path) -> subprocess.CompletedProcess[str]:
    st = shutil.which("st", path=str(Path(sys.executable).parent)) or "st"
    command = [
        st,
        "run",
        f"{base}/api/v1/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--max-time",
        str(MAX_SECONDS),
        "--seed",
        "17",
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--generation-deterministic",
        "--continue-on-failure",
        "-H",
        f"Authorization: Bearer {token}",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
        "--warnings",
        "off",
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=MAX_SECONDS * 4, check=False)


def _requests(report: Path) -> dict[int, int]:
    """How many answers of each status code the run got."""
    counts: dict[int, int] = {}
    for line in report.read_text().splitlines():
        event: Any = json.loads(line)
        for step in _find(event, "response"):
            if isinstance(step, dict) and isinstance(step.get("status_code"), int):
                counts[step["status_code"]] = counts.get(step["status_code"], 0) + 1
    return counts


def _find(node: Any, key: str) -> list[Any]:
    if isinstance(node, dict):
        found = [node[key]] if key in node else []
        return found + [x for v in node.values() for x in _find(v, key)]
    if isinstance(node, list):
        return [x for v in node for x in _find(v, key)]
    return []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who,scope", [("ada", "admin"), ("leo", "learner")])
def test_schemathesis_finds_no_server_error_and_no_answer_off_the_schema(
    live_server: Any, who: str, scope: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, now: datetime
) -> None:
    monkeypatch.setitem(RATES, "api", "100000/m")  # the 429 path has its own test; here every operation is reached
    demo_setup(now=now, history=False)
    person = Person.objects.get(user__username__startswith=f"{who}@")
    first_module = next(iter(person.roles.first().role.stages.get("foundation", [])), None)  # type: ignore[union-attr]
    if first_module:
        do_check(person, first_module, now)  # some memory, progress and a finished check to read
    token = token_create(person, "schemathesis", scope, now=now).secret
    report = tmp_path / "events.ndjson"
    run = _schemathesis(live_server.url, token, report)
    print(run.stdout[-3000:])  # the run's summary, for the record
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    statuses = _requests(report)
    print(f"schemathesis as {who} ({scope}): answers by status {sorted(statuses.items())}")
    assert sum(statuses.values()) >= 50, statuses  # it did fuzz
    assert not any(code >= 500 for code in statuses), statuses
    assert any(200 <= code < 300 for code in statuses), statuses  # and reached past authentication
