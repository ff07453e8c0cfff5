"""The work after an acknowledgement, kept from delaying the next acknowledgement.

Slack waits at most three seconds for an acknowledgement; a reply may follow a moment
later. ``WorkPool`` runs the replies' work on a few threads, one user's work in arrival
order (answers typed quickly stay in sequence), and lets incoming requests go first: the
HTTP transport wraps each request in ``pool.request()``, and while requests are in flight
a task starts only when no other task runs (or after waiting ``yield_s``). CPython threads
share one interpreter lock: without this, a burst of requests would wait behind the work
of the requests before them. Outside bursts the workers run side by side.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

log = logging.getLogger("leap.slack")
Task = tuple[Callable[..., None], tuple[Any, ...]]


class WorkPool:
    """Per-user ordered background work that yields to incoming requests."""

    def __init__(self, workers: int = 8, yield_s: float = 0.25) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="leap-slack")
        self._queues: dict[str, deque[Task]] = {}
        self._pending = 0
        self._in_flight = 0
        self._running = 0
        self._yield_s = yield_s
        self._cond = threading.Condition()

    @contextmanager
    def request(self) -> Iterator[None]:
        """Mark a request in flight: workers hold back new tasks until it is answered."""
        with self._cond:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._cond:
                self._in_flight -= 1
                if not self._in_flight:
                    self._cond.notify_all()

    def submit(self, key: str, fn: Callable[..., None], *args: Any) -> None:
        with self._cond:
            self._pending += 1
            queue = self._queues.get(key)
            if queue is not None:  # that user's work is running: this waits its turn
                queue.append((fn, args))
                return
            self._queues[key] = deque([(fn, args)])
        self._executor.submit(self._drain, key)

    def _drain(self, key: str) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(
                    lambda: not self._in_flight or not self._running, timeout=self._yield_s
                )
                self._running += 1
                fn, args = self._queues[key][0]
            try:
                fn(*args)
            except Exception:
                log.exception("Slack work failed")
            with self._cond:
                self._running -= 1
                queue = self._queues[key]
                queue.popleft()
                self._pending -= 1
                self._cond.notify_all()
                if not queue:
                    del self._queues[key]
                    return

    def busy(self, key: str) -> bool:
        """Whether work of ``key`` is running or waiting."""
        with self._cond:
            return key in self._queues

    def queued(self, key: str) -> int:
        """How many tasks of ``key`` wait behind the one running (from inside a task)."""
        with self._cond:
            return max(len(self._queues.get(key, ())) - 1, 0)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self._pending == 0, timeout=timeout)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
