"""Several Leap processes deliver one backlog of due nudges from one database.

Each worker (``python -m tests.contract.postgres_support``) is a whole Leap: the store, the
core and the ``NudgeRunner`` the adapters use, with a messenger that appends every message
it is handed to a log file. All workers wake at the same moment. The log files are what a
user would have received.

What the system guarantees, and what these tests hold it to:

* processes never send the same nudge twice: a nudge is claimed in the database by
  exactly one of them;
* a process killed mid-delivery loses nothing: its claims go stale after the claim
  timeout and another process delivers those nudges;
* the only messages sent twice are those the killed process had already handed to the
  platform but not yet recorded as delivered (the runner records a batch's deliveries
  after sending it). A platform send and a database commit cannot be one atomic step, so
  that window can be narrowed but not closed; the tests check that duplicates are exactly
  the messages in that window, and zero when the kill lands outside it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from bot.models import Contact, Nudge, Profile, UserKey
from storage.postgres.tables import copy_records
from storage.postgres_store import PostgresStore
from tests.contract.postgres_support import new_schema, require_url

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # a Wednesday noon: outside quiet hours
AFTER_TIMEOUT = NOW + timedelta(minutes=6)  # the claim timeout is 5 minutes
BACKLOG = 1500  # one due nudge for each of 1,500 users: three runner batches
WORKERS = 4
WAIT = 120.0

Sent = tuple[str, str]  # (user, nudge id) as a worker logs it


@dataclass
class Worker:
    proc: subprocess.Popen[str]
    log: Path

    def expect(self, word: str) -> str:
        """The next line the worker prints, which must start with ``word``."""
        assert self.proc.stdout is not None
        watchdog = threading.Timer(WAIT, self.proc.kill)
        watchdog.start()
        try:
            line = self.proc.stdout.readline().strip()
        finally:
            watchdog.cancel()
        if not line.startswith(word):
            stderr = self.proc.stderr.read() if self.proc.stderr else ""
            raise AssertionError(f"worker said {line!r}, not {word!r}: {stderr[-3000:]}")
        return line

    def go(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def finish(self) -> None:
        self.expect("done")
        assert self.proc.wait(WAIT) == 0

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(WAIT)

    def sent(self) -> list[Sent]:
        if not self.log.exists():
            return []
        lines = self.log.read_text().splitlines()
        return [(u, n) for u, _, n in (line.partition("|") for line in lines)]


class Backlog:
    """A schema holding ``BACKLOG`` users, each with one follow-up due before ``NOW``."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder, self.schema = url, folder, new_schema()
        self.expected: set[Sent] = set()
        store = PostgresStore(url, self.schema)
        created = NOW - timedelta(days=5)
        users = [UserKey("slack", "T1", f"U{i:05d}") for i in range(BACKLOG)]
        with store.transaction(users[0]):
            conn = store._current().conn  # type: ignore[union-attr]
            profile = Profile(created_at=created, tz="UTC", tz_confirmed=True)
            contact = Contact("c_1", "Sam Lee", created, stage="asked", asked_at=created)
            copy_records(conn, "profile", ((u, profile) for u in users))
            copy_records(conn, "contacts", ((u, contact) for u in users))
            due = NOW - timedelta(minutes=10)
            follow_up = Nudge("n_c_1_f3", "follow-up-3", due, created, contact_id="c_1")
            copy_records(conn, "nudges", ((u, follow_up) for u in users))
        store.close()
        self.expected = {(u.user, "n_c_1_f3") for u in users}
        self.started = 0

    def start(self, now: datetime = NOW, *stall: str) -> Worker:
        self.started += 1
        log = self.folder / f"worker-{self.started}.log"
        args = [self.url, self.schema, now.isoformat(), str(log), *stall]
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.contract.postgres_support", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=str(REPO),
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        worker = Worker(proc, log)
        worker.expect("ready")
        return worker

    def states(self) -> Counter[str]:
        with psycopg.connect(self.url, autocommit=True) as conn:
            rows = conn.execute(
                f'SELECT state, count(*) FROM "{self.schema}".nudges GROUP BY state'  # type: ignore[arg-type]
            ).fetchall()
        return Counter({state: n for state, n in rows})

    def marked_sent(self) -> set[Sent]:
        with psycopg.connect(self.url, autocommit=True) as conn:
            rows = conn.execute(
                f"SELECT user_id, id FROM \"{self.schema}\".nudges WHERE state = 'sent'"  # type: ignore[arg-type]
            ).fetchall()
        return {(u, n) for u, n in rows}


@pytest.fixture
def backlog(tmp_path: Path) -> Backlog:
    return Backlog(require_url(), tmp_path)


def wake_together(backlog: Backlog, victim_stall: tuple[str, ...] | None = None) -> list[Worker]:
    """Start the workers (the first one the victim, if any), then wake them at once."""
    workers = [backlog.start(NOW, *victim_stall)] if victim_stall is not None else []
    workers += [backlog.start(NOW) for _ in range(WORKERS - len(workers))]
    for worker in workers:
        worker.go()
    return workers


def deliveries(workers: list[Worker]) -> Counter[Sent]:
    return Counter(sent for worker in workers for sent in worker.sent())


def recover(backlog: Backlog) -> Worker:
    """A process waking after the claim timeout: it takes over the stale claims."""
    worker = backlog.start(AFTER_TIMEOUT)
    worker.go()
    worker.finish()
    return worker


def test_processes_waking_together_deliver_each_nudge_exactly_once(backlog: Backlog) -> None:
    workers = wake_together(backlog)
    for worker in workers:
        worker.finish()
    delivered = deliveries(workers)
    assert set(delivered) == backlog.expected  # nothing lost
    assert [s for s, n in delivered.items() if n > 1] == []  # nothing twice
    assert backlog.states() == Counter({"sent": BACKLOG})
    print("deliveries per worker:", [len(w.sent()) for w in workers])


def killed_run(
    backlog: Backlog, stall: tuple[str, ...] | None, delay: float = 0.0
) -> dict[str, int]:
    """Kill the first worker (stalled at a known point, or after ``delay``), let the others
    finish, then recover after the claim timeout. Checks the guarantees; returns figures."""
    workers = wake_together(backlog, stall or ())
    victim = workers[0]
    if stall:
        victim.expect("stalled")
    else:
        threading.Event().wait(delay)  # a random moment of the victim's delivery
    victim.kill()
    for worker in workers[1:]:
        worker.finish()
    stuck = backlog.states()["claimed"]  # the victim's claims, until they go stale
    in_flight = set(victim.sent()) - backlog.marked_sent()  # sent, not yet recorded
    rescuer = recover(backlog)
    delivered = deliveries([*workers, rescuer])
    assert set(delivered) == backlog.expected  # nothing lost, also with a SIGKILL
    assert backlog.states() == Counter({"sent": BACKLOG})
    twice = {s for s, n in delivered.items() if n > 1}
    assert twice == in_flight  # duplicates: exactly the victim's unrecorded sends
    assert max(delivered.values()) <= 2
    assert set(rescuer.sent()) >= in_flight
    return {"stuck claims": stuck, "in flight": len(in_flight), "duplicates": len(twice)}


def test_a_process_killed_before_it_sends_loses_nothing_and_doubles_nothing(
    backlog: Backlog,
) -> None:
    figures = killed_run(backlog, ("--stall", "1", "before"))
    assert figures["stuck claims"] > 0  # it had claimed work, which the rescuer delivered
    assert figures["duplicates"] == 0


def test_a_process_killed_after_sending_doubles_only_the_messages_in_flight(
    backlog: Backlog,
) -> None:
    figures = killed_run(backlog, ("--stall", "5", "after"))
    # Deliveries are recorded user by user as soon as that user's messages are sent, so
    # of its five sends only those to the user being served were still unrecorded.
    assert 1 <= figures["in flight"] < 5
    assert figures["duplicates"] == figures["in flight"]
    assert figures["stuck claims"] >= figures["in flight"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_process_killed_at_a_random_moment_loses_nothing(backlog: Backlog, seed: int) -> None:
    figures = killed_run(backlog, None, delay=random.Random(seed).uniform(0.0, 0.6))
    print("killed at random:", figures)
