"""Lighthouse's accessibility category (npm ``lighthouse``, pinned to 12.2.3: 13 needs Node 22) on Debian's Chromium.

Lighthouse launches its own headless Chromium (``CHROME_PATH``) and opens the page signed in through the session
cookie of a Playwright page. Only the accessibility category runs: it is quick and needs no network.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

ROOT = Path(__file__).parent.parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-sync"


def lighthouse_accessibility(page: Page, url: str, tmp: Path) -> dict[str, Any]:
    """Run the accessibility category on ``url`` as the person signed in on ``page``; returns the category and
    the failed audits (``{"score": 1.0, "failed": [...]}``)."""
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError(f"{LIGHTHOUSE} is missing: run `npm ci` (or `make install`)")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    report = tmp / "lighthouse.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=accessibility",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--chrome-flags={FLAGS}",
        f"--extra-headers={json.dumps({'Cookie': cookies})}",
        "--max-wait-for-load=30000",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180, check=False)
    if done.returncode != 0 or not report.exists():
        raise AssertionError(f"lighthouse failed ({done.returncode}): {done.stderr[-2000:]}")
    data = json.loads(report.read_text())
    category = data["categories"]["accessibility"]
    failed = [
        {"id": ref["id"], "title": data["audits"][ref["id"]]["title"]}
        for ref in category["auditRefs"]
        if ref["weight"] > 0 and data["audits"][ref["id"]]["score"] not in (None, 1)
    ]
    return {"score": category["score"], "failed": failed, "final_url": data.get("finalDisplayedUrl", "")}
