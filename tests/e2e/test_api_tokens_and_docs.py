"""In the browser: a learner makes an API token under Settings (accessible, shown once), calls the API with it,
and reads the interactive API docs, served by the app itself under its strict CSP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import Learner


@pytest.mark.e2e
def test_a_token_made_under_settings_calls_the_api_and_the_docs_run_under_the_csp(
    page: Page, learner: Learner, live_server: Any
) -> None:
    learner.sign_in(page)
    page.goto("/settings/")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
    assert_accessible(page, "API tokens")
    page.get_by_label("Name").fill("My script")
    page.get_by_label("Scope").select_option("read")
    page.get_by_role("button", name="Make token").click()
    secret = page.get_by_label("Your new token").input_value()
    assert secret.startswith("sp_")
    assert_accessible(page, "a token just made")
    me = httpx.get(f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200 and me.json()["scope"] == "read"
    page.goto("/settings/api-tokens/")
    expect(page.get_by_role("cell", name="My script", exact=True)).to_have_count(1)
    assert secret not in page.content()

    violations: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: _csp(m, violations))
    page.on("request", lambda r: _outside(r, live_server.url, outside))
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("SkillPath API")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    assert outside == [] and violations == []


def _csp(message: ConsoleMessage, violations: list[str]) -> None:
    if "Content Security Policy" in message.text:
        violations.append(message.text)


def _outside(request: Request, base: str, outside: list[str]) -> None:
    if not request.url.startswith((base, "data:")):
        outside.append(request.url)
