"""Create and upgrade the schema from the numbered SQL files in ``storage/migrations/``.

Every Leap process runs this at start-up. It takes a transaction-level advisory lock
first, so processes starting together take turns: the first applies what is missing, the
others find it done. All missing migrations apply in one transaction: a failure leaves
the schema as it was. A database already upgraded by a newer Leap is refused.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import psycopg
from psycopg import sql

from bot.store import StoreError

LOCK_CLASS = 0x1EA9  # first key of pg_advisory_xact_lock(int, int): "Leap migrations"
FILE = re.compile(r"(\d{3,})_([a-z0-9_]+)\.sql")


def available() -> list[tuple[int, str, str]]:
    """(version, name, SQL) of every migration shipped with this Leap, in order."""
    found: list[tuple[int, str, str]] = []
    for entry in resources.files("storage.migrations").iterdir():
        match = FILE.fullmatch(entry.name)
        if match:
            found.append((int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort()
    if [v for v, _n, _s in found] != list(range(1, len(found) + 1)):
        raise StoreError(
            "The PostgreSQL migrations shipped with Leap are missing or misnumbered "
            f"({[f'{v:03d}_{n}' for v, n, _s in found]}); reinstall Leap so that "
            "storage/migrations/*.sql is included."
        )
    return found


def upgrade(conn: psycopg.Connection[Any], schema: str | None) -> list[int]:
    """Apply what is missing; returns the versions applied now (empty when up to date)."""
    shipped = available()
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_CLASS, schema or ""))
        if schema:
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        newest = max(done, default=0)
        if newest > len(shipped):
            raise StoreError(
                f"The database was upgraded by a newer Leap (schema {newest}); this one "
                f"knows schema {len(shipped)}. Upgrade Leap."
            )
        applied: list[int] = []
        for version, name, text in shipped:
            if version in done:
                continue
            conn.execute(text.encode("utf-8"))
            conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name)
            )
            applied.append(version)
        return applied
