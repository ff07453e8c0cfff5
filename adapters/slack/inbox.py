"""The inbox: every Slack request acknowledged before it was handled, kept on disk until
it has been.

Slack never retries a request it got a 200 for. The HTTP front acknowledges slash
commands, clicks and events at once, so the acknowledgement waits for nothing but this:
the raw request (body and the headers Leap reads) is appended as one checked line and
made durable with ``fdatasync`` before Slack hears 200; requests arriving together share
one sync (the store's own journal, ``storage/journal.py``, supplies the line format and
the group commit). Once the worker reports a request handled (the core has stored its
change), a ``done`` line follows, written but not synced: a process that dies keeps it
(the kernel has it), and after a power cut the request is only handled again, never lost.

Opening the inbox reads what is left and hands back every request not yet done, oldest
first, to be handled again. Each log left is synced first (a killed run's last ``done``
lines were not); a damaged one is read up to the damage, what it held is written again in
the new log and synced, and only then is it set aside; the logs after it are still read.
The inbox is a folder of numbered logs; a new one starts at each opening and when the
current one grows past ``rotate_at`` bytes, and the oldest are deleted once every request
in them is done. One process owns the folder (a lock file).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
from dataclasses import dataclass
from typing import IO

from storage.journal import (
    Journal,
    JournalDamaged,
    journal_name,
    journals,
    move_aside,
    read_lines,
)

log = logging.getLogger("leap.slack.inbox")
ROTATE_AT = 4 << 20  # bytes per log before a new one starts


class InboxLocked(RuntimeError):
    """Another process serves Slack from this inbox."""


@dataclass(frozen=True, slots=True)
class Request:
    """One acknowledged Slack request, as it arrived."""

    id: str
    body: str
    headers: dict[str, str]


class Inbox:
    """Acknowledged requests not yet handled, durable before the acknowledgement."""

    def __init__(self, folder: str, rotate_at: int = ROTATE_AT) -> None:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        self.folder = folder
        self.rotate_at = rotate_at
        self._lockfile = _lock(folder)
        self._lock = threading.Lock()
        self._waiting: dict[str, tuple[int, Request]] = {}  # id: (log number, request)
        self._left: dict[int, int] = {}  # log number: requests in it not yet done
        self._seq = 0
        self._rotating = False
        self._closed = False
        number, damaged = self._read()
        self._journal = InboxLog(folder, number, rotate_at)
        self._left.setdefault(number, 0)
        self._keep(damaged)  # written again and synced before the damaged logs move aside
        if damaged:
            move_aside(folder, [os.path.join(folder, journal_name(n)) for n in sorted(damaged)])
            log.error("Part of the Slack inbox could not be read; it was set aside.")
        self._trim()

    def _read(self) -> tuple[int, set[int]]:
        """Load what earlier runs left: every log, each made durable first (a run that was
        killed left its last ``done`` lines unsynced), a damaged one read up to its damage
        and the later ones still read (requests do not depend on each other). The number
        for this run's first log, and the numbers of the damaged logs."""
        found = journals(self.folder)
        for _, path in found:
            _sync(path)
        kept, damaged = _requests(found)
        for request_id, (number, request) in kept.items():
            self._waiting[request_id] = (number, request)
            self._left[number] = self._left.get(number, 0) + 1
        for number, _ in found:
            self._left.setdefault(number, 0)
        return ((found[-1][0] + 1) if found else 1), damaged

    def _keep(self, damaged: set[int]) -> None:
        """The requests read from damaged logs are written again in the new log, and synced:
        the damaged logs go aside for a person, and the next opening must still find them."""
        kept = [request for n, request in self._waiting.values() if n in damaged]
        for number in damaged:
            self._left.pop(number, None)
        if not kept:
            return
        lines = [{"id": r.id, "body": r.body, "headers": r.headers} for r in kept]
        self._journal.sync(self._journal.append_many(lines))
        for request in kept:  # the same place in the order: oldest first still
            self._waiting[request.id] = (self._journal.number, request)
        self._left[self._journal.number] += len(kept)

    def put(self, body: str, headers: dict[str, str]) -> Request:
        """Keep one request; returns once it is on disk."""
        with self._lock:
            self._seq += 1
            number = self._journal.number
            request = Request(f"{number}.{self._seq}", body, headers)
            journal = self._journal
            line = journal.append({"id": request.id, "body": body, "headers": headers})
            self._waiting[request.id] = (number, request)
            self._left[number] += 1
        journal.sync(line)
        return request

    def done(self, *request_ids: str) -> None:
        """These requests were handled: they will not be handed back again. After
        ``close``, nothing is written: they come back at the next opening (at least once)."""
        with self._lock:
            known = [rid for rid in request_ids if rid in self._waiting]
            if not known or self._closed:
                return
            self._journal.append_many([{"done": rid} for rid in known])
            for request_id in known:
                self._forget(request_id)
            full, number = self._journal.full and not self._rotating, self._journal.number
            self._rotating = self._rotating or full
            self._trim()
        if full:  # the next log is laid down outside the lock: acknowledgements go on
            try:
                following = InboxLog(self.folder, number + 1, self.rotate_at)
            except OSError as err:  # the disk is full: this log goes on, tried again later
                log.error("A new Slack inbox log could not be started (%s).", err.strerror)
                if not isinstance(err, FileExistsError):  # the part laid down: zeros only
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(os.path.join(self.folder, journal_name(number + 1)))
                with self._lock:
                    self._rotating = False
                return
            self._rotate(following)

    def _rotate(self, following: InboxLog) -> None:
        with self._lock:
            self._journal.close()
            self._journal = following
            self._left[following.number] = 0
            self._rotating = False
            self._trim()

    def waiting(self) -> list[Request]:
        """Requests not yet done, oldest first."""
        with self._lock:
            return [request for _, request in self._waiting.values()]

    def __len__(self) -> int:
        with self._lock:
            return len(self._waiting)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._journal.close()
            if not self._waiting:  # nothing left: no log needs to stay
                for number in list(self._left):
                    _delete(self.folder, number)
            fcntl.flock(self._lockfile, fcntl.LOCK_UN)
            self._lockfile.close()

    def _forget(self, request_id: str) -> None:
        found = self._waiting.pop(request_id, None)
        if found is not None:
            self._left[found[0]] -= 1

    def _trim(self) -> None:
        """Delete the oldest logs whose requests are all done. Only from the oldest on: a
        later log may hold the ``done`` lines of an earlier one's requests."""
        for number in sorted(self._left):
            if number == self._journal.number or self._left[number] > 0:
                return
            _delete(self.folder, number)
            del self._left[number]


def _requests(found: list[tuple[int, str]]) -> tuple[dict[str, tuple[int, Request]], set[int]]:
    """The requests in these logs that no ``done`` line follows, oldest first, with the
    number of the log each is in; and the numbers of the logs that are damaged (read up to
    the damage: what follows it in that log is lost to Leap, kept aside for a person)."""
    kept: dict[str, tuple[int, Request]] = {}
    damaged: set[int] = set()
    for number, path in found:
        try:
            for line in read_lines(path):
                if isinstance(line.get("done"), str):
                    kept.pop(line["done"], None)
                elif isinstance(line.get("id"), str) and isinstance(line.get("body"), str):
                    headers = line.get("headers") or {}
                    request = Request(
                        line["id"], line["body"], {str(k): str(v) for k, v in headers.items()}
                    )
                    kept[request.id] = (number, request)
        except JournalDamaged:
            damaged.add(number)
    return kept, damaged


def _sync(path: str) -> None:
    """Make a log left by an earlier run durable as it is."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fdatasync(fd)
    finally:
        os.close(fd)


def waiting_in(folder: str) -> int | None:
    """How many acknowledged requests wait in the inbox at ``folder`` (``leap doctor``),
    without changing it; None while a running Leap holds it."""
    if not os.path.isdir(folder):
        return 0
    try:
        handle = _lock(folder)
    except InboxLocked:
        return None
    try:
        return len(_requests(journals(folder))[0])
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _delete(folder: str, number: int) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(os.path.join(folder, journal_name(number)))


def _lock(folder: str) -> IO[str]:
    handle = open(os.path.join(folder, "inbox.lock"), "a", encoding="utf-8")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as err:
        handle.close()
        raise InboxLocked(f"another Leap process serves Slack from {folder}") from err
    return handle


class InboxLog(Journal):
    """A journal written over zeros laid down when it is created (as databases prepare
    their write-ahead logs): appending then changes no file size, so ``fdatasync`` flushes
    the line alone, without an ext4 journal commit that waits for other files' data (the
    worker's store writes meanwhile; measured: p99 of the sync 5.1 ms -> 0.6-0.8 ms).
    What follows the last line reads as a torn line and is ignored (``read_lines``)."""

    FLAGS = os.O_WRONLY  # written at an offset: no O_APPEND

    def __init__(self, root: str, number: int, size: int) -> None:
        path = os.path.join(root, journal_name(number))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            zeros = bytes(1 << 20)
            for _ in range(max(1, size >> 20) + 1):
                os.write(fd, zeros)
            os.fsync(fd)
        finally:
            os.close(fd)
        super().__init__(root, number)
        self.limit = size
        self.size = 0  # where the next line goes

    @property
    def full(self) -> bool:
        return self.size > self.limit

    def write_at_end(self, data: bytes) -> None:
        view = memoryview(data)
        while view:  # after the last line, over the zeros
            view = view[os.pwrite(self._fd, view, self.size + len(data) - len(view)) :]
