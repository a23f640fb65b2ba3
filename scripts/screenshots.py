"""Screenshots of the learner web, desktop (1280 px) and phone (360 px), for the README and the docs.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Starts from a fresh SQLite database in a temporary folder (the real one is never touched), sets up the
demo academy with Sam's learning history, serves the app on a free loopback port, signs in as Sam with
Debian's Chromium (/usr/bin/chromium) and saves full-page PNGs: today, path, lesson, activity, feedback,
skills and settings, each as ``NAME-desktop.png`` and ``NAME-phone.png``; then, on the desktop, Jo's pages in
German (she learns Customer Support from its German translation: ``today-de``, ``lesson-de``, ``activity-de``)
and the API's interactive docs (``api-docs``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
SAM = "sam@northwind.example.com"
JO = "jo@northwind.example.com"  # Customer Support, in German
LESSON = "product-fundamentals"  # text, an image and a step-by-step reveal
LESSON_DE = "support-clear-replies"  # a timeline and a reveal, in German
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}


def prepare_django(var: Path) -> None:
    """A fresh SQLite database under ``var``: must run before anything imports Django's settings."""
    os.environ["SKILLPATH_VAR"] = str(var)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("SECRET_KEY", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "skillpath.config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def demo_with_history() -> tuple[str, str]:
    """Migrate, set up the demo academy and give Sam and Jo weeks of history; returns the concept each practises.

    Only their histories are simulated (everyone's takes about a minute; only they are photographed).
    """
    from django.core.management import call_command
    from django.utils import timezone

    from skillpath.demo.history import simulate_history
    from skillpath.demo.services import demo_setup
    from skillpath.learning.models import MemoryState
    from skillpath.learning.selectors import queue_for_person, reinforcement_variant
    from skillpath.learning.services import activity_of

    call_command("migrate", interactive=False, verbosity=0)
    now = timezone.now()
    result = demo_setup(now=now, history=False)
    sam = next(p for p in result.people if p.user.username == SAM)
    simulate_history(sam, today=now.date())
    jo = next(p for p in result.people if p.user.username == JO)
    simulate_history(jo, today=now.date())
    jo_concept = next(
        f"{module}/{concept}"
        for module, concept in MemoryState.objects.filter(person=jo, concept__module__slug__startswith="support-")
        .order_by("due")
        .values_list("concept__module__slug", "concept__slug")
        if reinforcement_variant(jo, f"{module}/{concept}") is not None
    )
    due = [item.ref for item in queue_for_person(sam, now=now).items if item.kind == "reinforcement"]
    learned = [  # any concept Sam has learned can be practised; due ones first
        f"{module}/{concept}"
        for module, concept in MemoryState.objects.filter(person=sam)
        .order_by("due")
        .values_list("concept__module__slug", "concept__slug")
    ]
    for concept in [*due, *learned]:
        variant = reinforcement_variant(sam, concept)
        if variant is not None and activity_of(variant).type in ("order", "categorize"):
            return concept, jo_concept
    if not due:
        raise SystemExit("Sam has no reinforcement due: the demo history changed?")
    return due[0], jo_concept


@contextmanager
def serving() -> Iterator[str]:
    """The app on a free loopback port, in a thread of this process; yields its base URL."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def shoot(page: Any, out: Path, name: str, device: str) -> Path:
    path = out / f"{name}-{device}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    return path


def sign_in(page: Any, email: str = SAM) -> None:
    from playwright.sync_api import expect

    from skillpath.demo.people import PASSWORD

    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").first.click()  # "Sign in", in the browser's language
    page.wait_for_load_state()
    if "/welcome/" in page.url:  # the first sign-in on this fresh database: the first-run welcome, kept as it is
        page.locator("main form button[type=submit]").last.click()  # "Start learning"
        page.wait_for_load_state()
    expect(page.locator("h1").first).to_be_visible()
    if urlparse(page.url).path != "/":
        raise SystemExit(f"signing in {email} ended on {page.url}, not Today")


def half_answer(page: Any) -> None:
    """Put two categorize items in boxes (any box), so the picture shows the boxes in use."""
    lists = page.locator("[data-unsorted] .cat-item select")
    for index in range(min(2, lists.count())):
        lists.first.select_option(index=index + 1)  # a placed item leaves the unsorted list: the next is first
    page.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring in the picture


def signed_in_pages(browser: Any, base_url: str) -> dict[str, Any]:
    """One page per device (its own context and viewport), signed in as Sam."""
    pages = {}
    for device, viewport in SIZES.items():
        phone = device == "phone"
        context = browser.new_context(
            base_url=base_url,
            viewport=viewport,
            device_scale_factor=1,
            is_mobile=phone,
            has_touch=phone,
            color_scheme="light",
            locale="en-GB",
            timezone_id="Europe/Lisbon",
        )
        pages[device] = context.new_page()
        sign_in(pages[device])
    return pages


def german_and_api(browser: Any, base_url: str, concept: str, out: Path) -> list[Path]:
    """Jo's Today, a lesson and an activity in German (her language setting), then the API's docs."""
    from playwright.sync_api import expect

    context = browser.new_context(
        base_url=base_url, viewport=SIZES["desktop"], device_scale_factor=1, locale="de-DE", timezone_id="Europe/Berlin"
    )
    page = context.new_page()
    sign_in(page, JO)
    saved = [shoot(page, out, "today", "de")]
    page.goto(f"/modules/{LESSON_DE}/")
    saved.append(shoot(page, out, "lesson", "de"))
    page.goto(f"/reinforcement/{concept}/")
    expect(page.locator("main form").first).to_be_visible()
    saved.append(shoot(page, out, "activity", "de"))
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()  # rendered from the app's own files
    page.screenshot(path=str(out / "api-docs-desktop.png"), animations="disabled", caret="hide")  # the first screen
    saved.append(out / "api-docs-desktop.png")
    context.close()
    return saved


def take_all(base_url: str, concept: str, concept_de: str, out: Path) -> list[Path]:
    """Every picture, each page on both devices before moving on (an answer changes what comes next)."""
    from playwright.sync_api import expect, sync_playwright

    saved: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        pages = signed_in_pages(browser, base_url)
        for name, url in [("today", "/"), ("path", "/path/"), ("lesson", f"/modules/{LESSON}/")]:
            for device, page in pages.items():
                page.goto(url)
                saved.append(shoot(page, out, name, device))
        for device, page in pages.items():
            page.goto(f"/reinforcement/{concept}/")
            expect(page.locator(".is-enhanced").first).to_be_visible()  # the scripts have added drag and boxes
            half_answer(page)
            saved.append(shoot(page, out, "activity", device))
        for device, page in pages.items():  # the answer as it stands: feedback shows the right one
            page.get_by_role("button", name="Check answer").click()
            expect(page.locator("#feedback-h")).to_be_visible()
            saved.append(shoot(page, out, "feedback", device))
        for name, url in [("skills", "/skills/"), ("settings", "/settings/")]:
            for device, page in pages.items():
                page.goto(url)
                saved.append(shoot(page, out, name, device))
        saved += german_and_api(browser, base_url, concept_de, out)
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: `make services` installs Debian's chromium", file=sys.stderr)
        return 1
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    var = Path(tempfile.mkdtemp(prefix="skillpath-screenshots-"))
    try:
        prepare_django(var)
        print("Setting up the demo academy in a fresh database…")
        concept, concept_de = demo_with_history()
        with serving() as base_url:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread
            saved = take_all(base_url, concept, concept_de, out)
    finally:
        shutil.rmtree(var, ignore_errors=True)
    for path in saved:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
