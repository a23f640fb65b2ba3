from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest) -> None:
    """Demo people get real passwords; hashing them with PBKDF2 in every test would dominate the run.

    Skipped when pytest runs without its Django plugin (pure domain tests: ``-p no:django``).
    """
    if request.config.pluginmanager.hasplugin("django"):
        settings: Any = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        from skillpath.learning.services import usual_seconds_forget

        usual_seconds_forget()  # a question's usual time is cached per process: each test starts without it


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request: pytest.FixtureRequest) -> None:
    """Rate limits count per client address in the cache; every test starts with none spent."""
    if request.config.pluginmanager.hasplugin("django"):
        from django.core.cache import cache

        cache.clear()
