"""Things that happened, announced inside the transaction that made them happen.

Apps that must keep a durable record of them in the SAME transaction (the xAPI and webhook outboxes)
subscribe here; if the transaction rolls back, so does their record. Handlers must be quick database
writes: delivery happens later, in tasks. Work that should wait for the commit uses
``transaction.on_commit`` itself.

Events and their payload (keyword arguments):
- ``organization.created``: organization
- ``module.launched``: person, check (ModuleCheck)
- ``attempt.recorded``: person, attempt (Attempt), result (SubmitResult: grade, rating, memory, events)
- ``certificate.issued``: person, certificate
- ``certificate.revoked``: person, certificate
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def emit(event: str, **payload: Any) -> None:
    """Call every handler of ``event`` now, inside the caller's transaction (an error rolls it back)."""
    for handler in list(_handlers[event]):
        handler(**payload)
