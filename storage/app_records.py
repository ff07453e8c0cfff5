"""Records the platforms need beside Leap's own: installations, OAuth states, seen events.

They belong to no user, so they stay out of the core's port (``bot.store.Store``): each
store mixes in one of the implementations below, and adapters use them through
``AppRecords``. A record is a JSON object under (``kind``, ``key``), optionally with an
expiry; an expired record reads as missing and is swept away later.

- TinyDB folder: one file per kind, ``app/<kind>.json``, mode 0600 in a 0700 folder
  (installations hold tokens), replaced atomically like every other file.
- PostgreSQL: the ``app_records`` table (migration 002). ``remember_once`` is a single
  ``INSERT ... ON CONFLICT``, so two processes on one database agree which saw a key first.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from bot.store import StoreError
from storage.atomic import TEMP_PREFIX, TEMP_SUFFIX, read_json, write_atomically

SWEEP_EVERY = 200  # PostgreSQL: writes between sweeps of expired records
MAX_REMEMBERED = 5000  # folder: seen keys kept per kind (Slack retries within the hour)
COPIED_KINDS = ("slack-installations", "slack-paused")  # what ``leap migrate`` copies
KIND_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


@runtime_checkable
class AppRecords(Protocol):
    def save_app_record(
        self, kind: str, key: str, value: dict[str, Any], expires_at: datetime | None = None
    ) -> None:
        """Create or replace the record."""
        ...

    def app_record(self, kind: str, key: str, now: datetime | None = None) -> dict[str, Any] | None:
        """The record, or None (also when it expired by ``now``)."""
        ...

    def app_records(self, kind: str, prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
        """Unexpired-or-not records whose key starts with ``prefix``, by key."""
        ...

    def delete_app_records(self, kind: str, prefix: str) -> int:
        """Delete the records whose key starts with ``prefix``; returns how many."""
        ...

    def take_app_record(self, kind: str, key: str, now: datetime) -> dict[str, Any] | None:
        """Delete the record and return it, unless it is missing or expired (None): at
        most one caller ever gets it."""
        ...

    def remember_once(self, kind: str, key: str, now: datetime, keep: timedelta) -> bool:
        """Record ``key`` until ``now + keep``. True the first time; False while it is kept
        (for every process using the store)."""
        ...


def _check_kind(kind: str) -> str:
    if not kind or not set(kind) <= KIND_CHARS:
        raise StoreError(f"{kind!r} is not a record kind (a-z, 0-9, -).")
    return kind


def _expired(expires_at: str | None, now: datetime | None) -> bool:
    return expires_at is not None and now is not None and datetime.fromisoformat(expires_at) <= now


def _write_quickly(path: str, text: str) -> None:
    """``write_atomically`` without the fsyncs: old or new content, never a mix."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class FolderAppRecords:
    """``AppRecords`` for a store on a folder (``root``), held by one process at a time."""

    root: str
    _app_lock = threading.Lock()  # class-wide: cheap, and writes here are rare and small
    _app_cache: dict[str, dict[str, dict[str, Any]]]
    _app_writes = 0

    def _app_path(self, kind: str) -> str:
        return os.path.join(self.root, "app", _check_kind(kind) + ".json")

    def _app_kind(self, kind: str) -> dict[str, dict[str, Any]]:
        cache: dict[str, dict[str, dict[str, Any]]] = self.__dict__.setdefault("_app_cache", {})
        if kind not in cache:
            data = read_json(self._app_path(kind)) or {}
            records = data.get("records", {})
            cache[kind] = records if isinstance(records, dict) else {}
        return cache[kind]

    def _app_write(self, kind: str, now: datetime | None = None) -> None:
        """Replace the kind's file (a mkstemp file: created 0600). With ``now`` (seen
        events), expired records are dropped first, at most ``MAX_REMEMBERED`` are kept, and
        the write is not fsynced: losing the last few costs at most a repeated event."""
        folder = os.path.join(self.root, "app")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
        records = self._app_kind(kind)
        if now is not None:
            for key in [k for k, r in records.items() if _expired(r.get("expires_at"), now)]:
                del records[key]
            for key in sorted(records, key=lambda k: str(records[k]["expires_at"]))[
                : max(0, len(records) - MAX_REMEMBERED)
            ]:
                del records[key]
        text = json.dumps({"version": 1, "kind": kind, "records": records}, sort_keys=True)
        if now is None:
            write_atomically(self._app_path(kind), text)
        else:
            _write_quickly(self._app_path(kind), text)

    def save_app_record(
        self, kind: str, key: str, value: dict[str, Any], expires_at: datetime | None = None
    ) -> None:
        with self._app_lock:
            self._app_kind(kind)[key] = {
                "value": value,
                "expires_at": expires_at.isoformat() if expires_at else None,
            }
            self._app_write(kind)

    def app_record(self, kind: str, key: str, now: datetime | None = None) -> dict[str, Any] | None:
        with self._app_lock:
            found = self._app_kind(kind).get(key)
            if found is None or _expired(found.get("expires_at"), now):
                return None
            return dict(found["value"])

    def app_records(self, kind: str, prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
        with self._app_lock:
            records = self._app_kind(kind)
            return [(k, dict(records[k]["value"])) for k in sorted(records) if k.startswith(prefix)]

    def delete_app_records(self, kind: str, prefix: str) -> int:
        with self._app_lock:
            records = self._app_kind(kind)
            gone = [k for k in records if k.startswith(prefix)]
            for key in gone:
                del records[key]
            if gone:
                self._app_write(kind)
            return len(gone)

    def take_app_record(self, kind: str, key: str, now: datetime) -> dict[str, Any] | None:
        with self._app_lock:
            records = self._app_kind(kind)
            found = records.pop(key, None)
            if found is None:
                return None
            self._app_write(kind)
            return None if _expired(found.get("expires_at"), now) else dict(found["value"])

    def remember_once(self, kind: str, key: str, now: datetime, keep: timedelta) -> bool:
        with self._app_lock:
            records = self._app_kind(kind)
            found = records.get(key)
            if found is not None and not _expired(found.get("expires_at"), now):
                return False
            records[key] = {"value": {}, "expires_at": (now + keep).isoformat()}
            self._app_write(kind, now)
            return True


class PostgresAppRecords:
    """``AppRecords`` on the ``app_records`` table; each call is its own transaction."""

    def _app_conn(self) -> AbstractContextManager[Any]:
        raise NotImplementedError  # the store gives a pooled autocommit connection

    _app_writes = 0

    def _app_rows(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._app_conn() as conn:
            cursor = conn.execute(sql, params)
            return list(cursor.fetchall()) if cursor.description else []

    def save_app_record(
        self, kind: str, key: str, value: dict[str, Any], expires_at: datetime | None = None
    ) -> None:
        self._app_rows(
            "INSERT INTO app_records (kind, key, value, expires_at) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (kind, key) DO UPDATE SET value = EXCLUDED.value, "
            "expires_at = EXCLUDED.expires_at, saved_at = now()",
            (_check_kind(kind), key, json.dumps(value), expires_at),
        )
        self._app_sweep(kind)

    def app_record(self, kind: str, key: str, now: datetime | None = None) -> dict[str, Any] | None:
        rows = self._app_rows(
            "SELECT value FROM app_records WHERE kind = %s AND key = %s "
            "AND (expires_at IS NULL OR %s::timestamptz IS NULL OR expires_at > %s)",
            (kind, key, now, now),
        )
        return _loads(rows[0][0]) if rows else None

    def app_records(self, kind: str, prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
        rows = self._app_rows(
            "SELECT key, value FROM app_records WHERE kind = %s AND starts_with(key, %s) "
            "ORDER BY key",
            (kind, prefix),
        )
        return [(str(k), _loads(v)) for k, v in rows]

    def delete_app_records(self, kind: str, prefix: str) -> int:
        rows = self._app_rows(
            "DELETE FROM app_records WHERE kind = %s AND starts_with(key, %s) RETURNING key",
            (kind, prefix),
        )
        return len(rows)

    def take_app_record(self, kind: str, key: str, now: datetime) -> dict[str, Any] | None:
        rows = self._app_rows(
            "DELETE FROM app_records WHERE kind = %s AND key = %s RETURNING value, expires_at",
            (kind, key),
        )
        if not rows or (rows[0][1] is not None and rows[0][1] <= now):
            return None
        return _loads(rows[0][0])

    def remember_once(self, kind: str, key: str, now: datetime, keep: timedelta) -> bool:
        rows = self._app_rows(
            "INSERT INTO app_records (kind, key, value, expires_at) VALUES (%s, %s, '{}', %s) "
            "ON CONFLICT (kind, key) DO UPDATE SET expires_at = EXCLUDED.expires_at, "
            "saved_at = now() WHERE app_records.expires_at <= %s RETURNING 1",
            (_check_kind(kind), key, now + keep, now),
        )
        self._app_sweep(kind, now)
        return bool(rows)

    def _app_sweep(self, kind: str, now: datetime | None = None) -> None:
        self._app_writes += 1
        if self._app_writes % SWEEP_EVERY == 0:
            self._app_rows(
                "DELETE FROM app_records WHERE kind = %s AND expires_at <= %s",
                (kind, now or datetime.now(UTC)),
            )


def _loads(text: Any) -> dict[str, Any]:
    value = json.loads(text) if isinstance(text, str | bytes) else text
    return dict(value) if isinstance(value, dict) else {}


def copy_app_records(source: object, target: object, kinds: tuple[str, ...]) -> int:
    """For ``leap migrate``: copy every record of ``kinds``; returns how many."""
    if not isinstance(source, AppRecords) or not isinstance(target, AppRecords):
        return 0
    copied = 0
    for kind in kinds:
        for key, value in source.app_records(kind):
            target.save_app_record(kind, key, value)
            copied += 1
    return copied
