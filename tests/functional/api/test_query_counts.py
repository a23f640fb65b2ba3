"""API reads take a fixed number of queries, like their pages (tests/functional/test_query_counts.py): the
page's count plus the token's own (find it; its last use is written at most once a minute)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from skillpath import clock
from tests.functional.api.conftest import api_for
from tests.functional.test_query_counts import _team, history
from tests.integration.learning_helpers import learner

pytestmark = pytest.mark.django_db

ENDPOINTS = {"/today": 6, "/path": 7, "/skills": 6, "/growth": 10, "/certificates": 8}  # growth +1: goals
TEAM = 9
REPORT = 14  # +1 since coaching (the report shows goals, notes and observations)


@pytest.fixture(autouse=True)
def _clock(now: datetime) -> Any:
    clock.travel_to(now + timedelta(days=3))
    yield
    clock.travel(timedelta(0))


@pytest.mark.parametrize("modules", [1, 3])
@pytest.mark.parametrize(("path", "queries"), list(ENDPOINTS.items()))
def test_learner_endpoints_take_a_fixed_number_of_queries(
    now: datetime, path: str, queries: int, modules: int, django_assert_num_queries: Any
) -> None:
    lee = learner(now)
    history(lee, now, modules)
    api = api_for(lee, "read", now)
    api.get(path)  # warm the curriculum cache; the token's last use is written now
    with django_assert_num_queries(queries):
        assert api.get(path).status_code == 200


@pytest.mark.parametrize("size", [2, 6])
def test_manager_endpoints_take_a_fixed_number_of_queries(
    now: datetime, size: int, django_assert_num_queries: Any
) -> None:
    boss, reports = _team(now, size)
    api = api_for(boss, "read", now)
    api.get("/team")
    with django_assert_num_queries(TEAM):
        assert api.get("/team").status_code == 200
    api.get(f"/team/{reports[0].pk}")
    with django_assert_num_queries(REPORT):
        assert api.get(f"/team/{reports[0].pk}").status_code == 200
