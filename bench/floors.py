"""Floors for one write: what adding one contact costs in the embedded alternatives.

Used by ``bench/core.py`` to print Leap's ``add`` beside them. Each floor holds the same
1,000 contacts (the same ``to_dict()`` documents Leap stores) and times one insert of a
new contact per call:

* SQLite in WAL mode (stdlib ``sqlite3``), one row per contact with its JSON text, one
  transaction per insert, with ``synchronous=FULL`` (durable at commit, like Leap's fsync)
  and ``synchronous=NORMAL`` (WAL's usual setting: durable at the next checkpoint).
* Stock TinyDB: ``TinyDB(path)`` with its default ``JSONStorage``, ``table.insert(doc)``
  (rewrites the whole file, and never fsyncs: cheaper than durable).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tinydb import TinyDB

Doc = dict[str, Any]


@dataclass
class Timings:
    label: str
    wall_ms: list[float]
    cpu_ms: list[float]


def timed(label: str, calls: Sequence[Callable[[], object]]) -> Timings:
    wall, cpu = [], []
    for call in calls:
        c0, t0 = time.process_time_ns(), time.perf_counter_ns()
        call()
        wall.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((time.process_time_ns() - c0) / 1e6)
    return Timings(label, wall, cpu)


def sqlite_wal(existing: Sequence[Doc], new: Sequence[Doc], synchronous: str) -> Timings:
    with tempfile.TemporaryDirectory(prefix="leap-floor-") as folder:
        conn = sqlite3.connect(os.path.join(folder, "floor.db"), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={synchronous}")
            conn.execute(
                "CREATE TABLE contacts (user TEXT, id TEXT, doc TEXT, PRIMARY KEY (user, id))"
            )
            with conn:
                conn.execute("BEGIN")
                conn.executemany(
                    "INSERT INTO contacts VALUES ('U1', ?, ?)",
                    [(d["id"], json.dumps(d)) for d in existing],
                )

            def insert(doc: Doc) -> Callable[[], None]:
                def call() -> None:
                    conn.execute("BEGIN")
                    conn.execute(
                        "INSERT INTO contacts VALUES ('U1', ?, ?)", (doc["id"], json.dumps(doc))
                    )
                    conn.execute("COMMIT")

                return call

            return timed(f"SQLite WAL, synchronous={synchronous}", [insert(d) for d in new])
        finally:
            conn.close()


def stock_tinydb(existing: Sequence[Doc], new: Sequence[Doc]) -> Timings:
    with tempfile.TemporaryDirectory(prefix="leap-floor-") as folder:
        db = TinyDB(os.path.join(folder, "floor.json"))
        try:
            table = db.table("contacts")
            table.insert_multiple(existing)
            return timed(
                "stock TinyDB insert (JSONStorage, no fsync)",
                [lambda d=d: table.insert(d) for d in new],
            )
        finally:
            db.close()


def add_floors(existing: Sequence[Doc], new: Sequence[Doc]) -> list[Timings]:
    return [
        sqlite_wal(existing, new, "FULL"),
        sqlite_wal(existing, new, "NORMAL"),
        stock_tinydb(existing, new),
    ]
