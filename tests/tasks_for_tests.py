"""Tasks that tests run in a real worker process (importable there by their module path)."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def sleep_then_touch(path: str, seconds: float) -> str:
    """Marks that it started, sleeps, then marks that it finished."""
    Path(path + ".started").touch()
    time.sleep(seconds)
    Path(path + ".finished").touch()
    return path
