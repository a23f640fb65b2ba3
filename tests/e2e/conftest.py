"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

The live server runs in this process, in a thread, so tests can move the app's clock
(``skillpath.clock``) and create people directly; Playwright's sync API runs an event loop
in the test thread, hence ``DJANGO_ALLOW_ASYNC_UNSAFE``.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from skillpath import clock
from tests.e2e.browser import Learner, create_learner

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium (``playwright install`` cannot download browsers here), headless."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make services` (it installs Debian's chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": browser_type_launch_args.get("headless", True),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    """Pages open relative to the live server (``page.goto("/path/")``)."""
    return str(live_server.url)


@pytest.fixture(autouse=True)
def _expect_timeout() -> None:
    expect.set_options(timeout=10_000)


@pytest.fixture(autouse=True)
def _clock_back_home() -> Iterator[None]:
    """Tests may move the app's clock; the next test starts at the real time again."""
    clock.travel(timedelta(0))
    yield
    clock.travel(timedelta(0))


@pytest.fixture
def learner(live_server: Any) -> Learner:
    """A new Support Agent of the e2e academy with a known password (the database is the live server's)."""
    return create_learner()


@pytest.fixture
def signed_in(page: Page, learner: Learner) -> Page:
    """``page`` signed in as ``learner`` through the login form, on Today."""
    learner.sign_in(page)
    return page
