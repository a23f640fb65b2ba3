"""A screen reader in the browser: Guidepup's Virtual Screen Reader, driven through Playwright.

The reader (npm ``@guidepup/virtual-screen-reader``) is bundled for the browser by ``make install`` (esbuild, into
``tests/e2e/assets/build/``) and injected into each page the test opens; nothing is fetched at run time. It reads
the page's accessibility tree the way a screen reader does: ``next()`` and ``previous()`` move its cursor, named
commands jump by heading, landmark or form control, and it follows the browser's focus and live regions. Keys are
pressed with Playwright's real keyboard (trusted events, the browser's own Tab order and form submission), so a
test uses only what a screen-reader user has: reading commands and the keyboard.

Everything spoken is kept here in ``log`` across page loads (a load replaces the page's reader).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

BUNDLE = Path(__file__).parent / "assets" / "build" / "virtual-screen-reader.js"
# Starting again on the same page (to read it from the top) stops the running reader first: two would say
# everything twice.
START = """async () => {
  const reader = window.skillpathScreenReader;
  if (window.skillpathReading) await reader.stop();
  await reader.start({container: document.body});
  window.skillpathReading = true;
}"""
DRAIN = """async () => {
  const reader = window.skillpathScreenReader;
  const said = await reader.spokenPhraseLog();
  await reader.clearSpokenPhraseLog();
  return said;
}"""

# htmx requests in flight, from the request to the end of the swap's settling (its class comes off earlier).
IN_FLIGHT = """() => {
  if (window.skillpathInFlight !== undefined) return;
  window.skillpathInFlight = 0;
  window.skillpathEvents = [];  // what happened lately, to explain a test failure
  const note = (e) => {
    const t = e.target;
    const where = t && t.tagName ? t.tagName.toLowerCase() + (t.id ? "#" + t.id : "") : "";
    window.skillpathEvents.push(e.type + " " + where);
    window.skillpathEvents = window.skillpathEvents.slice(-20);
  };
  for (const type of ["submit", "focusin", "htmx:beforeRequest", "htmx:afterSettle", "htmx:responseError"]) {
    document.addEventListener(type, note, true);
  }
  document.addEventListener("htmx:beforeRequest", () => { window.skillpathInFlight += 1; });
  for (const done of ["htmx:afterSettle", "htmx:responseError", "htmx:sendError", "htmx:swapError"]) {
    document.addEventListener(done, () => { window.skillpathInFlight = Math.max(0, window.skillpathInFlight - 1); });
  }
}"""
BUSY = "() => (window.skillpathInFlight || 0) > 0 || document.querySelector('.htmx-request') !== null"

# Where focus is and whether a sighted keyboard user can see it: a box of at least 2 x 2 px that no `clip`,
# zero-size or hidden ancestor cuts away (the visually hidden pattern leaves a clipped 1 x 1 px box).
FOCUS_BOX = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  let clipped = false;
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.visibility === "hidden" || style.display === "none") clipped = true;
    if (style.clip && style.clip.startsWith("rect(0px")) clipped = true;
    if (node !== el && style.overflow !== "visible") {
      const outer = node.getBoundingClientRect();
      if (outer.width < 2 || outer.height < 2) clipped = true;
    }
  }
  const name = el.getAttribute("aria-label") || (el.textContent || "").trim().slice(0, 60);
  return {tag: el.tagName.toLowerCase(), name: name, width: box.width, height: box.height, clipped: clipped};
}"""


# The focused element, kept in a variable (not marked in the DOM: a mutation would move the reader's cursor), to
# tell after a key press whether focus moved.
MARK_FOCUS = "() => { window.skillpathFocusBefore = document.activeElement; }"
SAME_FOCUS = "() => document.activeElement === window.skillpathFocusBefore"


@cache
def _bundle() -> str:
    if not BUNDLE.exists():
        raise FileNotFoundError(f"{BUNDLE} is missing: run `make install` (it bundles the screen reader)")
    return BUNDLE.read_text()


def _navigated(exc: Exception) -> bool:
    return "Execution context was destroyed" in str(exc) or "navigat" in str(exc)


@dataclass
class Focus:
    tag: str
    name: str
    width: float
    height: float
    clipped: bool

    @property
    def visible(self) -> bool:
        return self.width >= 2 and self.height >= 2 and not self.clipped


@dataclass
class ScreenReader:
    """The reader on ``page``. Call ``start()`` on each new page; every command returns what it made the reader say."""

    page: Page
    log: list[str] = field(default_factory=list)
    focus_stops: list[Focus] = field(default_factory=list)
    strict_focus: bool = True  # False only to record a page's defects instead of failing on the first
    trouble: list[str] = field(default_factory=list)  # failed responses and page errors, to explain a failure
    _url: str = ""

    def __post_init__(self) -> None:
        self.page.on("response", lambda r: self.trouble.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
        self.page.on("pageerror", lambda e: self.trouble.append(f"page error: {e}"))

    def start(self) -> list[str]:
        """Start reading the page that is open (again after a page load); returns what was said."""
        if not self.page.evaluate("() => typeof window.skillpathScreenReader !== 'undefined'"):
            # Evaluated through the browser's debugging protocol, which the page's Content-Security-Policy (no
            # inline scripts) does not govern; a <script> tag with the bundle inline would be refused.
            self.page.evaluate(_bundle() + "\n;undefined")
        elif self.page.evaluate("() => window.skillpathReading === true"):
            self._drain()  # what the running reader said, before stopping it clears its log
        self.page.evaluate(IN_FLIGHT)
        self.page.evaluate(START)
        self._url = self.page.url
        return self._drain()

    def _ensure(self) -> None:
        """A page load (a link, a form posted without htmx) replaces the reader: start it on the new page."""
        self.page.wait_for_load_state()
        loaded = self.page.evaluate("() => window.skillpathReading === true")
        if not loaded or self.page.url != self._url:
            self.start()

    def _drain(self) -> list[str]:
        said: list[str] = self.page.evaluate(DRAIN)
        self.log.extend(said)
        return said

    def _command(self, script: str, arg: Any = None, *, settle: bool = True) -> list[str]:
        """Run a reader command; ``settle=False`` for pure reading, which says its phrase before it returns."""
        self._ensure()
        try:
            self.page.evaluate(script, arg)
        except Exception as exc:  # the command followed a link: the page it was on is gone
            if not _navigated(exc):
                raise
        return self._settle() if settle else self._drain()

    def _settle(self, quiet_ms: int = 100, limit_ms: int = 20000) -> list[str]:
        """Collect what is said until the page has been quiet for ``quiet_ms`` (swaps and live regions are async)."""
        said: list[str] = []
        deadline = time.monotonic() + limit_ms / 1000
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
            try:
                self._ensure()
                new = self._drain()
            except Exception as exc:  # the page navigated between two calls: read the new one
                if not _navigated(exc):
                    raise
                continue
            busy = self.page.evaluate(BUSY)
            if new or busy:
                said.extend(new)
                quiet_since = time.monotonic()
            elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                break
        return said

    # --- screen-reader commands ---------------------------------------------------------------------------

    def next(self) -> list[str]:
        """Read the next item (a screen reader's "next item" key)."""
        return self._command("async () => { await window.skillpathScreenReader.next(); }", settle=False)

    def previous(self) -> list[str]:
        return self._command("async () => { await window.skillpathScreenReader.previous(); }", settle=False)

    def perform(self, command: str) -> list[str]:
        """A named reader command: ``moveToNextHeading``, ``moveToNextLandmark``, ``moveToNextForm``, ..."""
        return self._command(
            "async (c) => { const r = window.skillpathScreenReader; await r.perform(r.commands[c]); }", command
        )

    def act(self) -> list[str]:
        """The reader's "activate" command on the item under its cursor (follows links, presses buttons)."""
        return self._command("async () => { await window.skillpathScreenReader.act(); }")

    def interact(self) -> list[str]:
        """Move the browser's focus to the item under the reader's cursor (what screen readers do before keys)."""
        return self._command(
            """() => {
              const node = window.skillpathScreenReader.activeNode;
              const el = node && (node.nodeType === 1 ? node : node.parentElement);
              const target = el && el.closest("a[href], button, input, select, textarea, [tabindex]");
              if (target) target.focus();
            }"""
        )

    def read_until(self, pattern: str, limit: int = 200) -> list[str]:
        """``next()`` until a phrase matches ``pattern`` (a regular expression); returns everything read."""
        said: list[str] = []
        for _ in range(limit):
            said += self.next()
            if said and re.search(pattern, said[-1]):
                return said
        raise AssertionError(f"never heard /{pattern}/ reading on; heard:\n" + "\n".join(said[-150:]))

    def item_text(self) -> str:
        self._ensure()
        return str(self.page.evaluate("async () => await window.skillpathScreenReader.itemText()"))

    # --- the keyboard -------------------------------------------------------------------------------------

    def press(self, key: str) -> list[str]:
        """Press a real key. Wherever focus lands (a Tab stop, or what a script focused after Enter or Space)
        must have a visible box; past the last Tab stop focus leaves the page, which is fine."""
        self._ensure()
        self.page.evaluate(MARK_FOCUS)
        self.page.keyboard.press(key)
        said = self._settle()
        moved = key in ("Tab", "Shift+Tab") or not self.page.evaluate(SAME_FOCUS)
        if moved and self.focus() is not None:
            self.focus_stops.append(self.focus_must_be_visible(key))
        return said

    def type(self, text: str) -> list[str]:
        self._ensure()
        self.page.keyboard.type(text)
        return self._settle()

    def tab_to(self, pattern: str, limit: int = 60, backwards: bool = False) -> list[str]:
        """Tab until what the reader says for the focused element matches ``pattern``."""
        said: list[str] = []
        for _ in range(limit):
            new = self.press("Shift+Tab" if backwards else "Tab")
            said += new
            if any(re.search(pattern, phrase) for phrase in new):
                return said
        raise AssertionError(f"no Tab stop announced as /{pattern}/; heard:\n" + "\n".join(said[-150:]))

    def focus(self) -> Focus | None:
        box = self.page.evaluate(FOCUS_BOX)
        return Focus(**box) if box else None

    def recent_events(self) -> list[str]:
        """The page's last submits, focus moves and htmx requests (for failure messages)."""
        try:
            return list(self.page.evaluate("() => window.skillpathEvents || []"))
        except Exception:  # only an explanation: the page may be gone
            return []

    def focus_name(self) -> str | None:
        focus = self.focus()
        return focus.name if focus else None

    def focus_must_be_visible(self, after: str) -> Focus:
        focus = self.focus()
        assert focus is not None, f"after {after} nothing has focus"
        if not self.strict_focus:
            return focus
        assert focus.visible, f"after {after} focus is on an element a sighted user cannot see: {focus}"
        return focus

    # --- what was said ------------------------------------------------------------------------------------

    def heard(self, pattern: str, since: int = 0) -> bool:
        return any(re.search(pattern, phrase) for phrase in self.log[since:])

    def mark(self) -> int:
        """A position in ``log``: pass it as ``since`` to look only at what was said after it."""
        self._settle(quiet_ms=100)
        return len(self.log)
