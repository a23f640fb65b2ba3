"""The one place that makes outgoing HTTP requests (xAPI statements, webhooks), and how tests replace it.

A sender takes an ``OutgoingRequest`` and returns an ``OutgoingResponse``, or raises ``Unreachable``
when no answer came (connection refused, timeout, broken connection). Delivery code asks
``current_sender()``; tests swap it with ``use_sender(fake)`` (a context manager) or pass ``send=``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

TIMEOUT_SECONDS = 10.0
USER_AGENT = "SkillPath-Delivery/1"


@dataclass(frozen=True)
class OutgoingRequest:
    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    auth: tuple[str, str] | None = None  # HTTP basic


@dataclass(frozen=True)
class OutgoingResponse:
    status: int
    text: str = ""


class Unreachable(Exception):
    """No HTTP answer: the receiver is down, unreachable or too slow."""


Sender = Callable[[OutgoingRequest], OutgoingResponse]


def http_send(request: OutgoingRequest, *, timeout: float = TIMEOUT_SECONDS) -> OutgoingResponse:
    """POST the request with httpx (no redirects followed); transport errors become ``Unreachable``."""
    headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json", **request.headers}
    try:
        response = httpx.post(request.url, content=request.body, headers=headers, auth=request.auth, timeout=timeout)
    except httpx.TransportError as exc:  # timeouts, refused and reset connections, protocol errors
        raise Unreachable(f"{type(exc).__name__}: {exc}".rstrip(": ")) from exc
    return OutgoingResponse(response.status_code, response.text[:2000])


_sender: Sender = http_send


def current_sender() -> Sender:
    return _sender


@contextmanager
def use_sender(sender: Sender) -> Iterator[Sender]:
    """Send through ``sender`` inside the block (tests: a fake, or ``http_send`` with a short timeout)."""
    global _sender
    previous, _sender = _sender, sender
    try:
        yield sender
    finally:
        _sender = previous
