"""``Debouncer``: one run per key for a burst of requests, when the burst pauses.

The App Home shows a user's whole pipeline, and the core renders all of it for each
refresh (milliseconds for a thousand contacts). Refreshing after every command would put
that work between a user's quick commands, where it competes with their next
acknowledgement for the interpreter lock. Instead a change asks for a refresh ``quiet``
seconds later; each further change in that time pushes it back, up to ``longest`` after
the first, so someone typing command after command gets one refresh when they pause. One
daemon thread waits for the due times and hands each run on (to the work pool): no thread
per refresh, and what waits is one entry per user.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable

log = logging.getLogger("leap.slack")
Run = Callable[[], None]


class Debouncer:
    """Runs the latest ``run`` given for a key once its requests pause."""

    def __init__(
        self,
        quiet: float,
        longest: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.quiet = quiet
        self.longest = max(longest, quiet)
        self.clock = clock
        self._due: dict[Hashable, tuple[float, float, Run]] = {}  # key: (due, deadline, run)
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._running = 0

    def request(self, key: Hashable, run: Run) -> None:
        """Run ``run`` once ``key``'s requests pause (at once when ``quiet`` is 0)."""
        if self.quiet <= 0:
            _call(run)
            return
        now = self.clock()
        with self._cond:
            if self._stopped:
                return
            found = self._due.get(key)
            deadline = found[1] if found else now + self.longest
            self._due[key] = (min(now + self.quiet, deadline), deadline, run)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="leap-slack-debounce", daemon=True
                )
                self._thread.start()
            elif found is None:  # a later due time needs no wake-up: the thread finds it
                self._cond.notify_all()  # when it wakes for the earlier one

    def pending(self) -> int:
        """How many keys wait for their run."""
        with self._cond:
            return len(self._due)

    def flush(self) -> None:
        """Run everything waiting now, in this thread (tests; shutting down)."""
        with self._cond:
            runs = [run for _, _, run in self._due.values()]
            self._due.clear()
            self._cond.notify_all()
        for run in runs:
            _call(run)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until nothing waits or runs (benchmarks; shutting down)."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._due and not self._running, timeout=timeout)

    def stop(self) -> None:
        """Drop what waits and end the thread."""
        with self._cond:
            self._stopped = True
            self._due.clear()
            self._cond.notify_all()

    def _serve(self) -> None:
        while True:
            with self._cond:
                runs = self._take_due()
                while not runs and not self._stopped:
                    soonest = min((due for due, _, _ in self._due.values()), default=None)
                    wait = None if soonest is None else max(soonest - self.clock(), 0.0)
                    self._cond.wait(wait)
                    runs = self._take_due()
                if self._stopped:
                    return
                self._running = len(runs)
            for run in runs:
                _call(run)
            with self._cond:
                self._running = 0
                self._cond.notify_all()  # wait_idle

    def _take_due(self) -> list[Run]:
        now = self.clock()
        keys = [key for key, (due, _, _) in self._due.items() if due <= now]
        return [self._due.pop(key)[2] for key in keys]


def _call(run: Run) -> None:
    try:
        run()
    except Exception:
        log.exception("a debounced run failed")
