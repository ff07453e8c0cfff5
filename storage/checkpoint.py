"""Writing the journal's changes into the user files, in the background.

A commit appends one line to the journal; the files it changed are rewritten later, by
one background thread, when the journal has grown past a size or a change has waited
long enough, and always when the store closes. The store decides *what* to write (a
snapshot taken under its lock); this thread only decides *when*, so a burst of commands
costs one file write per user, and a write never delays an answer.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable

log = logging.getLogger("leap.storage.tinydb")


class Checkpointer:
    """Runs ``write`` every ``every`` seconds while there is something to write, or at once
    when asked; one run at a time."""

    def __init__(self, write: Callable[[], bool], every: float) -> None:
        # A weak reference: a store dropped without ``close()`` ends its thread, instead of
        # being kept alive (and written to) by it.
        self._write = weakref.WeakMethod(write)
        self._every = every
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="leap-checkpoint", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Write soon (the journal has grown)."""
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if threading.current_thread() is not self._thread:
            self._thread.join()

    def _run(self) -> None:
        while not self._stopping:
            self._wake.wait(self._every)
            self._wake.clear()
            if self._stopping:
                return
            write = self._write()
            if write is None:
                return
            try:
                write()
            except Exception:  # the journal keeps every change: retry later
                log.exception(
                    "Could not write changed records to their files; they are safe in the "
                    "journal and will be written at the next try or the next start."
                )
            del write
