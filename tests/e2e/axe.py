"""Accessibility scans with axe-core (from npm: ``node_modules/axe-core/axe.min.js``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).parent.parent.parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


@cache
def _axe_source() -> str:
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: run `npm ci` (or `make install`)")
    return AXE.read_text()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Every axe-core violation on the page as it settles (rules of WCAG 2.x A/AA and best practice).

    The scan runs with reduced motion: a fade-in (a result's score, a timeline's stage) is then already at its
    end, as every reader sees it a moment later, instead of half transparent on a loaded machine."""
    reduced = page.evaluate("() => matchMedia('(prefers-reduced-motion: reduce)').matches")
    page.emulate_media(reduced_motion="reduce")
    try:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the browser's debugging protocol, which the page's Content-Security-Policy (no
            # inline scripts) does not govern; a <script> tag with the source inline would be refused.
            page.evaluate(_axe_source() + "\n;undefined")
        result: dict[str, Any] = page.evaluate(
            "async () => await window.axe.run(document, {resultTypes: ['violations']})"
        )
    finally:
        if not reduced:
            page.emulate_media(reduced_motion="null")
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}×: {targets})")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str) -> None:
    """No axe violation of impact serious or critical on the page."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, f"accessibility problems on {where}:\n{describe(blocking)}"
