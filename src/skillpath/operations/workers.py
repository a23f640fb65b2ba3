"""Running the configured backend's worker, with the scheduler beside it (a thread that ticks)."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections

from skillpath import clock
from skillpath.operations.leases import HEARTBEAT_SECONDS, heartbeat, heartbeat_stop, tasks_reclaim
from skillpath.operations.scheduling import TICK_SECONDS, schedule_tick

logger = logging.getLogger("skillpath.tasks")


def tick() -> list[str]:
    """One scheduler tick that never raises (a failing tick is logged; the next one tries again)."""
    try:
        return schedule_tick(clock.now())
    except Exception:
        logger.exception("scheduler tick failed")
        return []


class SchedulerThread(threading.Thread):
    """Ticks the scheduler every ``every`` seconds until stopped. A daemon: it never keeps a process alive."""

    def __init__(self, every: float = TICK_SECONDS) -> None:
        super().__init__(name="skillpath-scheduler", daemon=True)
        self.every = every
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            tick()
            connections.close_all()  # this thread's connections only; a fresh one next tick
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=10)


class HeartbeatThread(threading.Thread):
    """Says every ``every`` seconds that this worker is alive, and reclaims the tasks of workers that are not
    (``skillpath.operations.leases``). A daemon: a killed worker simply stops beating."""

    def __init__(self, worker_id: str, every: float = HEARTBEAT_SECONDS) -> None:
        super().__init__(name="skillpath-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self._halt = threading.Event()

    def beat(self) -> None:
        try:
            now = clock.now()
            heartbeat(self.worker_id, now)
            tasks_reclaim(now)
        except Exception:
            logger.exception("heartbeat failed")
        finally:
            connections.close_all()

    def run(self) -> None:
        while not self._halt.is_set():
            self.beat()
            self._halt.wait(self.every)

    def stop(self) -> None:
        """Stop beating and say so (from the worker's own thread, whose connections stay open)."""
        self._halt.set()
        self.join(timeout=10)
        heartbeat_stop(self.worker_id)


@contextmanager
def signals_restored() -> Iterator[None]:
    """Workers install their own SIGINT/SIGTERM handlers; put the previous ones back when they return."""
    names = [s for s in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, s)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    try:
        yield
    finally:
        for name, handler in saved.items():
            signal.signal(getattr(signal, name), handler)
