"""The write-ahead journal: a unit of work is durable once its one line is on disk.

Each committed unit of work appends one line to ``journal-<n>.log``: a CRC-32 of the
JSON, a space, and the JSON of what it changed in every file it touched (records as
saved, ids deleted, "forget"). ``sync`` makes it durable with one ``fdatasync``; several
threads waiting at once share one (group commit), and a line is only ever read back if it
is whole and its checksum holds. The user files themselves are rewritten later, in the
background (``storage/checkpoint.py``); until then the journal holds the change, and
opening the folder replays it. Replaying is idempotent (every line carries whole records,
last one wins), so a line whose change already reached its file does no harm.

Journals are numbered; a checkpoint starts a new one and deletes the older ones only once
every file they changed is written. A line that cannot be read stops the replay of its
journal: a torn last line (a crash mid-append) is expected and dropped; anything else is
reported, and the journal is kept aside for a person to look at.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

log = logging.getLogger("leap.storage.tinydb")
NAME = re.compile(r"^journal-(\d{8})\.log$")


def journal_name(number: int) -> str:
    return f"journal-{number:08d}.log"


def journals(root: str) -> list[tuple[int, str]]:
    """The journals in a data folder, oldest first."""
    found = []
    for name in os.listdir(root):
        match = NAME.match(name)
        if match:
            found.append((int(match.group(1)), os.path.join(root, name)))
    return sorted(found)


def encode_line(entry: dict[str, Any]) -> bytes:
    body = json.dumps(entry, separators=(",", ":")).encode("utf-8")
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def read_lines(path: str) -> Iterator[dict[str, Any]]:
    """The whole, checked entries of a journal, in order; stops at the first bad line."""
    with open(path, "rb") as handle:
        raw = handle.read()
    lines = raw.split(b"\n")
    for number, line in enumerate(lines):
        last = number == len(lines) - 1  # no newline after it: never finished
        entry = None if last else _decode(line)
        if entry is None:
            if not (last or number == len(lines) - 2):  # only the final line may be torn
                log.error(
                    "The journal %s has an unreadable line (%d); the changes after it are "
                    "not replayed. The journal is kept for inspection.",
                    path,
                    number + 1,
                )
                raise JournalDamaged(path)
            return
        yield entry


def move_aside(root: str, paths: list[str]) -> None:
    """Keep journals that cannot be replayed (and those after them) for a person to read."""
    stamp = datetime.now().astimezone().strftime("%Y%m%dT%H%M%S")
    folder = os.path.join(root, "set-aside")
    os.makedirs(folder, exist_ok=True)
    for path in paths:
        kept = os.path.join(folder, f"{os.path.basename(path)}.{stamp}")
        os.rename(path, kept)
        log.error("Kept the journal %s at %s; its later changes were not replayed.", path, kept)


class JournalDamaged(Exception):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def _decode(line: bytes) -> dict[str, Any] | None:
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        entry = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return entry if isinstance(entry, dict) else None


class Journal:
    """The open journal: append under the store's lock, sync outside it."""

    FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT

    def __init__(self, root: str, number: int) -> None:
        self.root = root
        self.number = number
        self.path = os.path.join(root, journal_name(number))
        self._fd = os.open(self.path, self.FLAGS, 0o600)
        self.size = os.fstat(self._fd).st_size
        self._appended = 0  # lines appended by this process
        self._synced = 0
        self._sync_lock = threading.Lock()

    def append(self, entry: dict[str, Any]) -> int:
        """Write one line (not yet durable); its number, for ``sync``. If the write fails,
        the journal is cut back to where it was, so no half line is left behind."""
        return self.append_many([entry])

    def append_many(self, entries: list[dict[str, Any]]) -> int:
        """``append`` for several lines, written at once; the last one's number."""
        line = b"".join(encode_line(entry) for entry in entries)
        start = self.size
        try:
            self.write_at_end(line)
        except BaseException:
            os.ftruncate(self._fd, start)
            raise
        self.size = start + len(line)
        self._appended += len(entries)
        return self._appended

    def write_at_end(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]

    def sync(self, upto: int) -> None:
        """Make every line up to ``upto`` durable; one ``fdatasync`` serves every thread
        waiting at the time (group commit)."""
        if self._synced >= upto:
            return
        with self._sync_lock:
            if self._synced >= upto:
                return
            target = self._appended
            os.fdatasync(self._fd)
            self._synced = max(self._synced, target)

    def close(self) -> None:
        """Make everything durable and close the file."""
        with self._sync_lock:
            if self._fd >= 0:
                os.fdatasync(self._fd)
                os.close(self._fd)
                self._fd = -1
                self._synced = self._appended
