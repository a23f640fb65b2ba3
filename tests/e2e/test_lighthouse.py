"""Lighthouse's accessibility category on the learner's pages: 100 on each (it runs axe-core too, with its own
weighting, plus checks of its own such as tap targets and the viewport)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import Learner, answer_shown
from tests.e2e.lighthouse import lighthouse_accessibility

pytestmark = pytest.mark.e2e


def test_lighthouse_scores_accessibility_100_on_the_learner_pages(
    page: Page, learner: Learner, live_server: Any, tmp_path: Path
) -> None:
    learner.sign_in(page)
    page.goto("/path/")
    page.get_by_role("link", name="Service desk basics").click()
    page.get_by_role("button", name="Start practice").click()
    answer_shown(page)  # the choice; the check now shows its order activity
    page.get_by_role("link", name="Continue").click()
    expect(page.locator(".sortable")).to_be_visible()
    pages = {"Today": "/", "My path": "/path/", "Skills": "/skills/", "an order activity": page.url}
    for name, url in pages.items():
        full = url if url.startswith("http") else f"{live_server.url}{url}"
        result = lighthouse_accessibility(page, full, tmp_path)
        assert result["final_url"] == full, f"Lighthouse did not open {name} signed in: {result['final_url']}"
        assert result["score"] == 1, f"Lighthouse accessibility on {name}: {result['score']}, {result['failed']}"
