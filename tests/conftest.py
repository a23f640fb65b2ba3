from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# A property test is judged on its examples, not on how fast a shared, loaded machine generated them.
hypothesis_settings.register_profile("skillpath", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("skillpath")

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def pytest_configure(config: pytest.Config) -> None:
    """The translation catalogues are build output: compile any that are missing or older than their .po."""
    from skillpath.config.catalogues import compile_catalogues

    compile_catalogues()


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
