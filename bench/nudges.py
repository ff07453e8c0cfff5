"""Nudge delivery at scale on the TinyDB store: prints its figures, asserts nothing.

Plans 100,000 nudges across 5,000 users (20 each), makes 10,000 fall due in the same
minute, and delivers them through a recording messenger with the same runner the
adapters use. Reports the time to find the due nudges, the overhead per delivered nudge
(excluding the messenger) and peak memory. Users are in Paris with French public holidays
on, and each user's two reminders due together are folded into one message.
Targets: finding due nudges < 50 ms with 100,000 planned; overhead < 1 ms per delivery.

    python bench/nudges.py [--users 5000] [--per-user 20] [--due-per-user 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.scheduler import NudgeRunner
from bot.clock import FakeClock, SequentialIds
from bot.core import Leap
from bot.models import Contact, Nudge, Profile, UserKey
from bot.replies import DirectMessage
from bot.workdays import holiday
from storage.tinydb_store import TinyDBStore

DUE = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


class Recording:
    def __init__(self) -> None:
        self.sent = 0  # nudges delivered
        self.messages = 0
        self.seconds = 0.0

    def send(self, message: DirectMessage) -> None:
        start = time.perf_counter()
        self.sent += len(message.nudge_ids)
        self.messages += 1
        self.seconds += time.perf_counter() - start


def populate(store: TinyDBStore, users: int, per_user: int, due_per_user: int) -> None:
    created = DUE - timedelta(days=3)
    for u in range(users):
        user = UserKey("bench", "W1", f"U{u:05d}")
        with store.transaction(user):
            store.save_profile(
                user,
                Profile(created_at=created, tz="Europe/Paris", tz_confirmed=True, country="FR"),
            )
            for c in range(due_per_user):
                store.save_contact(
                    user,
                    Contact(
                        id=f"c{c}",
                        name=f"Person {c}",
                        created_at=created,
                        stage="asked",
                        asked_at=created,
                    ),
                )
            for n in range(per_user):
                due = DUE if n < due_per_user else DUE + timedelta(days=1 + n)
                contact = f"c{n}" if n < due_per_user else ""
                kind = "follow-up-3" if n < due_per_user else "idle-summary"
                store.save_nudge(user, Nudge(f"n{n}", kind, due, created, contact_id=contact))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--per-user", type=int, default=20)
    parser.add_argument("--due-per-user", type=int, default=2)
    args = parser.parse_args()
    planned = args.users * args.per_user
    with tempfile.TemporaryDirectory() as folder:
        store = TinyDBStore(folder)
        t0 = time.perf_counter()
        populate(store, args.users, args.per_user, args.due_per_user)
        print(
            f"planned {planned:,} nudges for {args.users:,} users in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        store.close()
        t0 = time.perf_counter()
        store = TinyDBStore(folder)
        print(f"reopen (rebuilds the due index): {time.perf_counter() - t0:.2f} s")
        finds = []
        for _ in range(50):
            start = time.perf_counter()
            found = store.due_nudges(DUE, limit=500)
            finds.append(time.perf_counter() - start)
        quiet = []
        for _ in range(50):
            start = time.perf_counter()
            store.due_nudges(DUE - timedelta(minutes=1), limit=500)
            quiet.append(time.perf_counter() - start)
        holiday(DUE.date(), "FR")  # a running bot loads a country's calendar once (~0.6 s)
        clock = FakeClock(DUE)
        messenger = Recording()
        runner = NudgeRunner(Leap(store, clock, SequentialIds()), messenger)
        start, cpu = time.perf_counter(), time.process_time()
        runner.deliver_due(DUE)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu
        delivered, messages = messenger.sent, messenger.messages
        later = DUE + timedelta(days=3)  # the next 5,000: measured for memory only
        tracemalloc.start()
        runner.deliver_due(later)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        store.close()
    overhead_ms = (total - messenger.seconds) / max(delivered, 1) * 1000
    cpu_ms = (cpu - messenger.seconds) / max(delivered, 1) * 1000
    find_ms = statistics.median(finds) * 1000
    rows = [
        ("planned nudges", f"{planned:,}", ""),
        ("due in the same minute", f"{args.users * args.due_per_user:,}", ""),
        (
            "find due (first 500), median",
            f"{find_ms:.3f} ms",
            "target < 50 ms: " + ("PASS" if find_ms < 50 else "MISS"),
        ),
        ("find due, nothing due, median", f"{statistics.median(quiet) * 1000:.3f} ms", ""),
        ("found per call", f"{len(found)}", ""),
        ("delivered", f"{delivered:,}", f"in {messages:,} messages (folded per user)"),
        (
            "overhead per delivery",
            f"{overhead_ms:.3f} ms",
            "target < 1 ms: " + ("PASS" if overhead_ms < 1 else "MISS"),
        ),
        (
            "  of which CPU (no disk waits)",
            f"{cpu_ms:.3f} ms",
            "on a shared machine, fsync waits vary; this does not",
        ),
        (
            f"peak memory delivering {messenger.sent - delivered:,} more",
            f"{peak / 2**20:.1f} MiB",
            "",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>12}  {note}")


if __name__ == "__main__":
    main()
