"""Posting a message to an incoming webhook (Slack, Microsoft Teams: both accept ``{"text": …}``).

``Poster`` is the seam: services take one, so tests pass a fake or point at a server on 127.0.0.1.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

Poster = Callable[[str, dict[str, Any]], None]
TIMEOUT_SECONDS = 5.0


class WebhookFailed(RuntimeError):
    """The webhook did not accept the message (unreachable, or not a 2xx answer)."""


def post_json(url: str, payload: dict[str, Any]) -> None:
    """POST ``payload`` as JSON to ``url``; raises ``WebhookFailed`` unless the answer is 2xx."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise WebhookFailed(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "User-Agent": "SkillPath reminders"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - checked above
            status = response.status
    except OSError as exc:  # URLError and HTTPError (non-2xx) are OSErrors
        raise WebhookFailed(f"webhook {urlsplit(url).netloc} failed: {exc}") from exc
    if not 200 <= status < 300:
        raise WebhookFailed(f"webhook {urlsplit(url).netloc} answered {status}")
