"""A scriptable HTTP receiver on 127.0.0.1 (an ``http.server`` thread): a fake LRS, or a webhook receiver.

As an LRS it stores statements by id (a resent id is not stored twice) and answers like Ralph: 200 with
the new ids, or 204 when every statement was already there. ``script`` holds the next answers to force,
one per request: a status code, ``"timeout"`` (answer too late, having stored nothing) or
``"store-then-timeout"`` (store, then answer too late: the client never learns it worked).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SLOW_SECONDS = 1.5  # longer than the short timeout the tests give the sender


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeReceiver:
    url: str = ""
    script: list[int | str] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)  # statement id -> statement, in arrival order
    reject: Callable[[dict[str, Any]], bool] = lambda _: False  # a statement the fake LRS refuses with 400
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_action(self) -> int | str:
        with self.lock:
            return self.script.pop(0) if self.script else "ok"

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        with self.lock:
            self.received.append(Received(path, headers, body))
        action = self.next_action()
        if isinstance(action, int):
            return action, b'{"detail": "forced"}'
        if action == "timeout":
            time.sleep(SLOW_SECONDS)
            return 503, b""
        if not path.endswith("/statements"):  # a webhook receiver
            if action == "store-then-timeout":
                time.sleep(SLOW_SECONDS)
            return 200, b"ok"
        statements = json.loads(body)
        statements = statements if isinstance(statements, list) else [statements]
        if any(self.reject(s) for s in statements):
            return 400, b'{"detail": "invalid statement"}'
        with self.lock:
            new = [s["id"] for s in statements if s["id"] not in self.stored]
            for s in statements:
                self.stored.setdefault(s["id"], s)
        if action == "store-then-timeout":
            time.sleep(SLOW_SECONDS)
        return (200, json.dumps(new).encode()) if new else (204, b"")

    def statement_ids(self) -> list[str]:
        """Every statement id the receiver got, in order, with repeats (for exactly-once checks)."""
        ids: list[str] = []
        for r in self.received:
            if r.path.endswith("/statements"):
                body = json.loads(r.body)
                ids += [s["id"] for s in (body if isinstance(body, list) else [body])]
        return ids


def _handler(receiver: FakeReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status, answer = receiver.handle(self.path, dict(self.headers.items()), body)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:  # the client gave up waiting
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def fake_receiver() -> Iterator[FakeReceiver]:
    receiver = FakeReceiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
