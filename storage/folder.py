"""The TinyDB data folder: where each key's file lives, the lock, files set aside.

Layout::

    leap.lock                                  held while a process uses the folder
    journal-<n>.log                            changes not yet written to their files
    due-index.json                             when each user next has a nudge due
    users/<platform>/<workspace>/<user>.json   one TinyDB database per key
    set-aside/...                              unreadable files, kept byte for byte

A user file that cannot be read (torn, garbage, empty, not a record set, records of an
unknown shape, in the wrong place) is moved to ``set-aside/`` under the same relative
path with a time stamp, never overwritten, and logged with its path and the fix.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import suppress
from datetime import datetime
from typing import IO, Any
from urllib.parse import quote, unquote

from bot.models import UserKey
from bot.store import SetAside, StoreError
from storage.atomic import is_temporary, read_json
from storage.tinydb_file import META, SCHEMA_VERSION

log = logging.getLogger("leap.storage.tinydb")
SET_ASIDE = "set-aside"  # unreadable files are moved here, under their relative path
MAX_PART = 120  # longest encoded path part kept readable; longer ones end in a hash


class NewerSchema(StoreError):
    """A file written by a newer Leap: upgrade Leap (no file is set aside for this)."""


def encode_part(part: str) -> str:
    """A safe, distinct file-name part for any string: never empty, never starting with a
    dot (so never ``.``, ``..`` or a temporary file's name), never too long."""
    encoded = quote(part, safe="")
    if set(encoded) <= {"."}:
        encoded = encoded.replace(".", "%2E")
    elif encoded.startswith("."):
        encoded = "%2E" + encoded[1:]
    if not encoded:
        return "="  # ``quote`` never outputs "=", so this cannot collide
    if len(encoded) > MAX_PART:
        digest = hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()[:40]
        encoded = f"{encoded[:60]}={digest}"
    return encoded


def decode_part(part: str) -> str:
    return "" if part == "=" else unquote(part)


class Folder:
    """Paths, the folder lock and the set-aside files of one data folder."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self.users_dir = os.path.join(self.root, "users")
        self.aside: list[SetAside] = []
        self._lockfile: IO[str] | None = None

    # -- the lock ----------------------------------------------------------------------
    def lock(self) -> None:
        try:
            os.makedirs(self.root, exist_ok=True)
            self._lockfile = self._acquire()
        except OSError as err:
            raise StoreError(
                f"Cannot use the data folder {self.root}: {err.strerror or err}. Make it "
                "writable by this user, or point Leap at another folder with --data."
            ) from err

    def _acquire(self) -> IO[str]:
        path = os.path.join(self.root, "leap.lock")
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until unlock()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise StoreError(
                f"Another Leap process{who} is already using the data in {self.root}. "
                "Stop it first, or point this one at another folder with --data."
            ) from err
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        return handle

    def locked(self) -> bool:
        return self._lockfile is not None and not self._lockfile.closed

    def unlock(self) -> None:
        if self._lockfile is not None and not self._lockfile.closed:
            fcntl.flock(self._lockfile, fcntl.LOCK_UN)
            self._lockfile.close()

    # -- where things are ----------------------------------------------------------------
    def path(self, user: UserKey) -> str:
        parts = [encode_part(p) for p in user.as_tuple()]
        return os.path.join(self.users_dir, parts[0], parts[1], parts[2] + ".json")

    def key_of(self, rel: str) -> UserKey | None:
        """The key a file under ``users/`` (or ``set-aside/``) belongs to, by its place."""
        parts = rel.split(os.sep)
        if len(parts) != 3 or ".json" not in parts[2]:
            return None
        name = parts[2].rpartition(".json")[0]
        return UserKey(*(decode_part(p) for p in (parts[0], parts[1], name)))

    def keys_on_disk(self) -> Iterator[UserKey]:
        """Every key with a file (names only: nothing is read), sorted by place."""
        for platform in _sorted_dirs(self.users_dir):
            for workspace in _sorted_dirs(os.path.join(self.users_dir, platform)):
                folder = os.path.join(self.users_dir, platform, workspace)
                for name in sorted(os.listdir(folder)):
                    if name.endswith(".json") and not is_temporary(name):
                        rel = os.path.join(platform, workspace, name)
                        key = self.key_of(rel)
                        if key is not None and "=" in rel.replace(os.sep + "=" + os.sep, ""):
                            key = self._stored_key(os.path.join(self.users_dir, rel)) or key
                        if key is not None:
                            yield key

    def _stored_key(self, path: str) -> UserKey | None:
        """The key written inside a file (a long name is cut and hashed in its path)."""
        try:
            data = read_json(path) or {}
            return self.owner(path, data)
        except StoreError:
            return None

    def set_strays_aside(self) -> None:
        """Set aside ``.json`` files under ``users/`` that are not at a key's place."""
        for folder, _dirs, names in os.walk(self.users_dir):
            depth = len(os.path.relpath(folder, self.users_dir).split(os.sep))
            for name in sorted(names):
                if name.endswith(".json") and not is_temporary(name) and depth != 2:
                    path = os.path.join(folder, name)
                    self.set_aside(path, _misplaced(path))

    def sweep_temporary(self) -> None:
        """Delete what a write that died left behind (harmless if it stays: never read)."""
        for folder, _dirs, names in os.walk(self.users_dir):
            for name in names:
                if is_temporary(name):
                    with suppress(OSError):
                        os.unlink(os.path.join(folder, name))

    def owner(self, path: str, data: dict[str, Any]) -> UserKey:
        """The key a file's records belong to; ``StoreError`` if it is not where they
        belong or has an unknown schema, ``NewerSchema`` if a newer Leap wrote it."""
        meta = data.get(META) or {}
        docs = list(meta.values()) if isinstance(meta, dict) else []
        doc = docs[0] if docs and isinstance(docs[0], dict) else {}
        schema = doc.get("schema", SCHEMA_VERSION)
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
            raise StoreError(f"The data file {path} has an unknown schema version ({schema!r}).")
        if schema > SCHEMA_VERSION:
            raise NewerSchema(
                f"The data file {path} was written by a newer Leap (schema {schema}); "
                f"this one reads schema {SCHEMA_VERSION}. Upgrade Leap."
            )
        stored = doc.get("user")
        if isinstance(stored, list) and len(stored) == 3:
            user = UserKey(*[str(p) for p in stored])
        else:
            key = self.key_of(os.path.relpath(path, self.users_dir))
            if key is None:
                raise _misplaced(path)
            user = key
        expected = self.path(user)
        if os.path.normpath(path) != expected:
            raise StoreError(
                f"The data file {path} holds the records of {'/'.join(user.as_tuple())}, "
                f"which belong in {expected}; Leap will not guess which is right."
            )
        return user

    # -- unreadable files ------------------------------------------------------------------
    def set_aside(self, path: str, err: BaseException) -> SetAside:
        """Move an unreadable file out of the way, keep it, and refuse only its user."""
        reason = str(err) if isinstance(err, StoreError) else f"{type(err).__name__}: {err}"
        rel = os.path.relpath(path, self.users_dir)
        stamp = datetime.now().astimezone().strftime("%Y%m%dT%H%M%S")
        kept = os.path.join(self.root, SET_ASIDE, f"{rel}.{stamp}")
        n = 1
        while os.path.exists(kept):
            n += 1
            kept = os.path.join(self.root, SET_ASIDE, f"{rel}.{stamp}-{n}")
        try:
            os.makedirs(os.path.dirname(kept), exist_ok=True)
            os.rename(path, kept)  # never copied or rewritten: the bytes stay as they were
        except OSError as move_err:
            log.error("could not move %s aside (%s); leaving it in place", path, move_err)
            kept = path
        key = self.key_of(rel)
        entry = SetAside(path, kept, reason, key, key is not None)
        self.aside.append(entry)
        whose = "/".join(key.as_tuple()) if key else "no user (not a user file)"
        log.error(
            "Set aside an unreadable data file: %s (%s). It is kept, unchanged, at %s. "
            "Records of %s are refused until it is fixed: repair it (or restore it from a "
            "backup) and move it back to %s, or delete it to let them start afresh; then "
            "restart Leap.",
            path,
            reason,
            kept,
            whose,
            path,
        )
        return entry

    def find_kept_aside(self) -> None:
        """Files set aside by an earlier run still refuse their user until fixed (a file
        back in its place is the fix)."""
        aside_dir = os.path.join(self.root, SET_ASIDE)
        seen = {entry.kept_at for entry in self.aside}
        for folder, _dirs, names in os.walk(aside_dir):
            for name in sorted(names):
                kept = os.path.join(folder, name)
                if kept in seen:
                    continue
                rel = os.path.relpath(kept, aside_dir)
                key = self.key_of(rel)
                original = (
                    self.path(key) if key else os.path.join(self.users_dir, rel.rpartition(".")[0])
                )
                blocking = key is not None and not os.path.exists(original)
                reason = "set aside by an earlier run: unreadable"
                self.aside.append(SetAside(original, kept, reason, key, blocking))
                if blocking:
                    log.error(
                        "The records of %s are still set aside at %s: repair that file and "
                        "move it back to %s, or delete it; then restart Leap.",
                        "/".join(key.as_tuple()) if key else "?",
                        kept,
                        original,
                    )

    def refused(self, user: UserKey) -> SetAside | None:
        return next((a for a in self.aside if a.blocking and a.key == user), None)


def _misplaced(path: str) -> StoreError:
    return StoreError(
        f"The file {path} is not where Leap keeps a user's records "
        "(users/PLATFORM/WORKSPACE/USER.json)."
    )


def _sorted_dirs(path: str) -> list[str]:
    try:
        return sorted(e.name for e in os.scandir(path) if e.is_dir())
    except FileNotFoundError:
        return []
