"""Atomic file replacement: old or new content survives any crash, never a mix.

TinyDB's stock ``JSONStorage`` rewrites its file in place, so a crash mid-write can leave
a torn file. Here every write goes to a temporary file beside the target, is flushed and
fsynced, then ``os.replace``d over it (and the folder fsynced), so a ``kill -9`` at any
moment leaves either the old or the new file.

Temporary files are named ``.tmp-*.tmp``: they never end in ``.json``, so they are never
taken for data, and a store that holds its folder lock may delete any it finds.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from bot.store import StoreError

TEMP_PREFIX = ".tmp-"
TEMP_SUFFIX = ".tmp"


def write_atomically(path: str, text: str) -> None:
    """Replace ``path`` with ``text``: old or new content survives any crash, never a mix."""
    publish(stage(path, text), path)


def stage(path: str, text: str) -> str:
    """Write ``text`` to a temporary file beside ``path`` (flushed, fsynced); return its
    name. ``publish`` then puts it in place. Nothing is left behind if this fails."""
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        drop(tmp)
        raise
    return tmp


def publish(tmp: str, path: str) -> None:
    """Rename a staged file over ``path`` and make the rename durable."""
    try:
        os.replace(tmp, path)
    except BaseException:
        drop(tmp)
        raise
    fsync_folder(os.path.dirname(path) or ".")


def write_files(files: list[tuple[str, str | None]]) -> None:
    """Replace each file atomically with its text, or delete it (``None``)."""
    for path, text in files:
        if text is None:
            if os.path.exists(path):
                os.unlink(path)
                fsync_folder(os.path.dirname(path))
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            write_atomically(path, text)


def drop(tmp: str) -> None:
    """Remove a staged file that will not be published."""
    if os.path.exists(tmp):
        os.unlink(tmp)


def fsync_folder(folder: str) -> None:
    """Make a rename or unlink in ``folder`` durable."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def is_temporary(name: str) -> bool:
    """A file name ``write_atomically`` uses for its temporary files."""
    return name.startswith(TEMP_PREFIX)


def read_json(path: str) -> dict[str, Any] | None:
    """The file's JSON object, ``None`` if there is no file; ``StoreError`` if unreadable."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise StoreError(f"Cannot read {path}: {err}") from err
    try:
        data = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as err:
        raise StoreError(f"The data file {path} is not readable JSON ({err}).") from err
    if not isinstance(data, dict):
        raise StoreError(f"The data file {path} does not hold a Leap record set (a JSON object).")
    return data
