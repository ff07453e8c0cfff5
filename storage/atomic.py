"""A TinyDB storage that keeps the data in memory and replaces its file atomically.

TinyDB's stock ``JSONStorage`` rewrites its file in place, so a crash mid-write can leave
a torn file. Here every write goes to a temporary file beside the target, is flushed and
fsynced, then ``os.replace``d over it (and the folder fsynced), so a ``kill -9`` at any
moment leaves either the old or the new file. Reads are served from memory.

Writes can be deferred (``hold``) and flushed once (``release``), which is how a store
transaction groups several TinyDB writes into one file replacement; ``discard`` forgets
unflushed changes so the next read reloads what is on disk.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from tinydb.storages import Storage

from bot.store import StoreError


def write_atomically(path: str, text: str) -> None:
    """Replace ``path`` with ``text``: old or new content survives any crash, never a mix."""
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_json(path: str) -> dict[str, Any] | None:
    """The file's JSON object, ``None`` if there is no file; ``StoreError`` if unreadable."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise StoreError(f"Cannot read {path}: {err}. Leap will not overwrite it.") from err
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise StoreError(
            f"The data file {path} cannot be read ({err}). Leap will not overwrite it: "
            "restore it from a backup or move it aside, then start Leap again."
        ) from err
    if not isinstance(data, dict):
        raise StoreError(f"The data file {path} does not hold a Leap record set.")
    return data


class AtomicJSONStorage(Storage):
    """TinyDB storage: in-memory reads, atomic file replacement on write."""

    def __init__(self, path: str, initial: dict[str, Any] | None = None) -> None:
        self.path = path
        self._data: dict[str, Any] | None = initial
        self._held = 0
        self._dirty = False

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            self._data = read_json(self.path)
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        if self._held:
            self._dirty = True
        else:
            self._flush()

    def hold(self) -> None:
        self._held += 1

    def release(self) -> None:
        self._held -= 1
        if self._held == 0 and self._dirty:
            self._flush()

    def discard(self) -> None:
        """Forget changes not yet written; the next read reloads the file."""
        self._held = 0
        self._dirty = False
        self._data = None

    def _flush(self) -> None:
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            write_atomically(self.path, json.dumps(self._data, ensure_ascii=False))
        except BaseException:
            self.discard()
            raise
        self._dirty = False

    def close(self) -> None:
        pass
