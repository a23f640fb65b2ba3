from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).parent.parent.parent


@pytest.mark.django_db
def test_an_8000_person_import_never_makes_a_concurrent_answer_fail(tmp_path: Path) -> None:
    """On one SQLite file, as in a small production: the import's final transaction is short and answers wait
    for it (busy timeout) instead of failing with "database is locked"."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single writer is the subject; PostgreSQL locks rows, not the database")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKILLPATH_")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "SKILLPATH_VAR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.concurrency_scenario", "8000", "4"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    print(outcome)  # the figures, for the record (pytest -s)
    assert outcome["import"] == "8000 created, 0 updated, 0 unchanged"
    assert outcome["file_bytes"] < 2 * 1024 * 1024
    assert outcome["answers_failed"] == 0, outcome["errors"][:5]
    assert outcome["answers_ok"] > 0
    assert outcome["final_transaction_seconds"] < 5  # well inside the 10 s busy timeout
