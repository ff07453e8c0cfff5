"""Leap at scale on PostgreSQL, beside TinyDB: prints its figures, asserts nothing.

PostgreSQL: 20,000 users across 20 workspaces, each with 50 contacts and 50 planned nudges
(1,000,000 of each), bulk-loaded with COPY. Timed through the store port: a user's
``contacts``; ``show`` (``contacts`` + one ``contact``); finding due nudges. Then 100,000
nudges fall due at once (5 per user) and 4 processes, woken together, deliver them with the
adapters' ``NudgeRunner`` through a messenger that logs every message: deliveries per
second, duplicates and lost ones (both must be 0).

TinyDB: the same shapes at a size it handles (one process, everything in memory; its
folder lock forbids a second process), delivered by one process. Its start-up is timed in
a fresh process (open the folder, find what is due) with its peak RSS, beside a bare
Python start.

    source .ci/postgres.sh && python bench/scale.py [--small] [--url postgresql://...]

``--small``: 2,000 users (100,000 contacts and nudges, 10,000 due), TinyDB the same size.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.scheduler import NudgeRunner
from bench.startup_scale import REPORT_HWM, run_once
from bot.clock import FakeClock, SequentialIds
from bot.core import Leap
from bot.models import Contact, Nudge, Profile, Record, UserKey
from bot.replies import DirectMessage
from bot.store import Store
from storage.postgres.tables import copy_records
from storage.postgres_store import PostgresStore
from storage.tinydb_store import TinyDBStore

DUE = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # a Wednesday noon, outside quiet hours
CREATED = DUE - timedelta(days=30)
FIRST = ("Maria", "Sam", "Lee", "Ana", "Tom", "Noor", "Kai", "Ines", "Olu", "Mei", "Raj", "Eva")
LAST = ("Lopez", "Lee", "Okafor", "Chen", "Novak", "Haddad", "Silva", "Berg", "Kim", "Rossi")
Row = tuple[UserKey, Record]


# -- the data -----------------------------------------------------------------------------
def user_key(u: int) -> UserKey:
    return UserKey("slack", f"T{u % 20:02d}", f"U{u:06d}")


def records(
    u: int, per_user: int, due_per_user: int, spread: bool = False
) -> tuple[list[Contact], list[Nudge]]:
    """One user's contacts (the first ``due_per_user`` asked, with a follow-up due at
    ``DUE``, or during the hour before with ``spread``) and nudges (the others planned over
    the next 90 days)."""
    rng = random.Random(u)
    contacts, nudges = [], []
    for c in range(per_user):
        asked = c < due_per_user
        contacts.append(
            Contact(
                f"c_{c}",
                f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                CREATED + timedelta(minutes=c),
                org=f"Org {rng.randrange(500)}",
                role="Researcher",
                field="UX research",
                stage="asked" if asked else "to-ask",
                asked_at=CREATED if asked else None,
            )
        )
        if asked:
            when = DUE - timedelta(seconds=rng.randrange(3540)) if spread else DUE
            nudges.append(Nudge(f"n_c_{c}_f3", "follow-up-3", when, CREATED, contact_id=f"c_{c}"))
        else:
            due = DUE + timedelta(days=1 + rng.randrange(90), minutes=rng.randrange(1440))
            nudges.append(Nudge(f"n_c_{c}_later", "keep-chain", due, CREATED, contact_id=f"c_{c}"))
    return contacts, nudges


def all_rows(users: int, per_user: int, due: int, kind: str, spread: bool) -> Iterator[Row]:
    for u in range(users):
        contacts, nudges = records(u, per_user, due, spread)
        yield from ((user_key(u), r) for r in (contacts if kind == "contacts" else nudges))


def profile() -> Profile:
    return Profile(created_at=CREATED, tz="UTC", tz_confirmed=True)


# -- timing -------------------------------------------------------------------------------
def timed(fn: Callable[[], object], samples: int) -> tuple[float, float]:
    """Median and p99 of ``fn`` in milliseconds."""
    took = []
    for _ in range(samples):
        start = time.perf_counter()
        fn()
        took.append(time.perf_counter() - start)
    took.sort()
    return statistics.median(took) * 1000, took[min(len(took) - 1, int(len(took) * 0.99))] * 1000


def read_figures(store: Store, users: int, samples: int) -> dict[str, tuple[float, float]]:
    rng = random.Random(7)
    picks = [user_key(rng.randrange(users)) for _ in range(samples)]
    it = iter(picks * 3)

    def show() -> None:
        user = next(it)
        found = store.contacts(user)
        store.contact(user, found[len(found) // 2].id)

    return {
        "contacts (one user's 50)": timed(lambda: store.contacts(next(it)), samples),
        "show (contacts + contact)": timed(show, samples),
        "find due: 500 of the due": timed(lambda: store.due_nudges(DUE, 500), 50),
        "find due: nothing due yet": timed(lambda: store.due_nudges(DUE - timedelta(1), 500), 50),
    }


# -- delivery -----------------------------------------------------------------------------
class Recording:
    """Appends ``user|nudge`` per delivered nudge to a log: one write, whole lines."""

    def __init__(self, log: str) -> None:
        self.fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def send(self, message: DirectMessage) -> None:
        ids = message.nudge_ids
        os.write(self.fd, "".join(f"{message.to.user}|{i}\n" for i in ids).encode())


def worker(url: str, schema: str, log: str) -> int:
    store = PostgresStore(url, schema, pool_size=2)
    runner = NudgeRunner(Leap(store, FakeClock(DUE), SequentialIds()), Recording(log))
    print("ready", flush=True)
    sys.stdin.readline()
    runner.deliver_due(DUE)
    print("done", flush=True)
    store.close()
    return 0


def tally(logs: list[str], expected: int) -> tuple[int, int, int]:
    """(delivered messages, duplicates, lost) over every worker's log."""
    seen: Counter[str] = Counter()
    for log in logs:
        if os.path.exists(log):
            seen.update(Path(log).read_text().splitlines())
    duplicates = sum(n - 1 for n in seen.values() if n > 1)
    return sum(seen.values()), duplicates, expected - len(seen)


def deliver_with_processes(url: str, schema: str, count: int, folder: str) -> dict[str, str]:
    logs = [os.path.join(folder, f"worker-{i}.log") for i in range(count)]
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", url, schema, log],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for log in logs
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        proc.wait()
    seconds = time.perf_counter() - start
    return {"seconds": f"{seconds:.1f}", "logs": "\n".join(logs)}


# -- the two stores -----------------------------------------------------------------------
def postgres(args: argparse.Namespace) -> list[tuple[str, str]]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    users, per, due = args.users, args.per_user, args.due_per_user
    out: list[tuple[str, str]] = []
    store = PostgresStore(args.url, schema)
    try:
        start = time.perf_counter()
        with store.transaction(user_key(0)):
            conn = store._current().conn  # type: ignore[union-attr]
            copy_records(conn, "profile", ((user_key(u), profile()) for u in range(users)))
            n_contacts = copy_records(
                conn, "contacts", all_rows(users, per, due, "contacts", args.spread)
            )
            n_nudges = copy_records(
                conn, "nudges", all_rows(users, per, due, "nudges", args.spread)
            )
        with store.transaction(user_key(0)):
            conn = store._current().conn  # type: ignore[union-attr]
            conn.execute("ANALYZE")
        out.append(("users / workspaces", f"{users:,} / 20"))
        out.append(("contacts / planned nudges", f"{n_contacts:,} / {n_nudges:,}"))
        out.append(("bulk load (COPY) + ANALYZE", f"{time.perf_counter() - start:.1f} s"))
        for name, (median, p99) in read_figures(store, users, args.samples).items():
            out.append((name, f"{median:.2f} ms median, {p99:.2f} ms p99"))
    finally:
        store.close()
    with tempfile.TemporaryDirectory() as folder:
        run = deliver_with_processes(args.url, schema, args.workers, folder)
        sent, dups, lost = tally(run["logs"].split("\n"), users * due)
    seconds = float(run["seconds"])
    out.append((f"{args.workers} processes deliver {users * due:,} due", f"{seconds:.1f} s"))
    out.append(("  deliveries per second", f"{sent / seconds:,.0f}"))
    out.append(("  duplicates / lost", f"{dups} / {lost}"))
    check = PostgresStore(args.url, schema)
    left = check.due_nudges(DUE, 10)
    check.close()
    out.append(("  still due afterwards", f"{len(left)}"))
    if not args.keep:
        import psycopg

        with psycopg.connect(args.url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')  # type: ignore[arg-type]
    return out


def tinydb(args: argparse.Namespace) -> list[tuple[str, str]]:
    users, per, due = args.tinydb_users, args.per_user, args.due_per_user
    out: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        store = TinyDBStore(folder)
        start = time.perf_counter()
        for u in range(users):
            contacts, nudges = records(u, per, due, args.spread)
            key = user_key(u)
            with store.transaction(key):
                store.save_profile(key, profile())
                for c in contacts:
                    store.save_contact(key, c)
                for n in nudges:
                    store.save_nudge(key, n)
        out.append(("users / workspaces", f"{users:,} / 20"))
        out.append(("contacts / planned nudges", f"{users * per:,} / {users * per:,}"))
        out.append(("load (one transaction per user)", f"{time.perf_counter() - start:.1f} s"))
        store.close()
        out.append(("start-up, fresh process (open + find due)", fresh_start(folder)))
        start = time.perf_counter()
        store = TinyDBStore(folder)
        out.append(("reopen in this process", f"{time.perf_counter() - start:.1f} s"))
        for name, (median, p99) in read_figures(store, users, args.samples).items():
            out.append((name, f"{median:.2f} ms median, {p99:.2f} ms p99"))
        log = os.path.join(folder, "deliveries.log")
        runner = NudgeRunner(Leap(store, FakeClock(DUE), SequentialIds()), Recording(log))
        start = time.perf_counter()
        runner.deliver_due(DUE)
        seconds = time.perf_counter() - start
        sent, dups, lost = tally([log], users * due)
        store.close()
    out.append((f"1 process delivers {users * due:,} due", f"{seconds:.1f} s"))
    out.append(("  deliveries per second", f"{sent / seconds:,.0f}"))
    out.append(("  duplicates / lost", f"{dups} / {lost}"))
    return out


FRESH_START = REPORT_HWM + (
    "from datetime import datetime\n"
    "from storage.tinydb_store import TinyDBStore\n"
    "store = TinyDBStore(sys.argv[1])\n"
    "print(len(store.due_nudges(datetime.fromisoformat(sys.argv[2]), 500)), flush=True)\n"
    "store.close()\n"
)


def fresh_start(folder: str) -> str:
    """A new process opens the store and finds what is due: seconds to that answer (from
    spawn), its CPU time and its peak RSS. Floor: a bare Python start."""
    try:
        bare = run_once([sys.executable, "-c", REPORT_HWM + "print(1)"])
        got = run_once([sys.executable, "-c", FRESH_START, folder, DUE.isoformat()])
    except RuntimeError as err:
        return f"failed: {err}"
    return (
        f"{got.seconds:.2f} s ({got.seconds / bare.seconds:.0f}× a bare Python start), "
        f"CPU {got.cpu:.1f} s, peak RSS {got.rss_mib:.0f} MiB (bare: {bare.rss_mib:.0f} MiB)"
    )


def table(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in rows)
    print(f"\n{title}")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        return worker(*sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("LEAP_TEST_POSTGRES", ""))
    parser.add_argument("--small", action="store_true", help="2,000 users: a quick run")
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--tinydb-users", type=int, default=5_000)
    parser.add_argument("--per-user", type=int, default=50)
    parser.add_argument("--due-per-user", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument(
        "--spread", action="store_true", help="due times spread over the hour before, no ties"
    )
    parser.add_argument("--skip-tinydb", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema")
    args = parser.parse_args()
    if args.small:
        args.users = args.tinydb_users = 2_000
    if not args.url:
        parser.error("no PostgreSQL: run `source .ci/postgres.sh` first, or pass --url")
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    table("PostgreSQL", postgres(args))
    if not args.skip_tinydb:
        table("TinyDB", tinydb(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
