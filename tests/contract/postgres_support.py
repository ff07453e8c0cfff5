"""Finding a PostgreSQL server for the tests, and a delivery worker for the process tests.

``server_url()`` is ``$LEAP_TEST_POSTGRES`` when set (CI sets it with ``source
.ci/postgres.sh``). Otherwise, when the server binaries are installed, it starts one
throwaway cluster for this test run (stopped at exit). With neither, the tests that need
PostgreSQL skip and say how to run them. Each store under test gets its own schema.

Run as a module it is the worker of ``test_postgres_processes.py``: one Leap process that
delivers what is due through a messenger recording every message to a file, starting when
a line arrives on its stdin::

    python -m tests.contract.postgres_support URL SCHEMA NOW LOG [--stall N before|after]
"""

from __future__ import annotations

import atexit
import functools
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from storage.postgres_store import PostgresStore

CLAIM_TIMEOUT = timedelta(minutes=5)
HOW_TO_RUN = (
    "no PostgreSQL server for the tests that need one: run them with "
    "`source .ci/postgres.sh && python -m pytest tests/contract` (sets LEAP_TEST_POSTGRES), "
    "or install the server (apt-get install postgresql) and the tests start their own"
)


@dataclass
class PostgresKind:
    """Duck-types ``StoreKind`` of the contract suite: opens the store on one schema."""

    open: Callable[[], PostgresStore]
    claim_timeout: timedelta = CLAIM_TIMEOUT


def server_url() -> str | None:
    return os.environ.get("LEAP_TEST_POSTGRES") or _throwaway_server()


def require_url() -> str:
    url = server_url()
    if not url:
        pytest.skip(HOW_TO_RUN)
    return url


def new_schema() -> str:
    """A fresh schema name; every schema handed out is dropped when the run ends."""
    name = f"leap_test_{uuid.uuid4().hex[:12]}"
    _schemas().append(name)
    return name


def make_postgres(tmp_path: Path) -> PostgresKind:
    url, schema = require_url(), new_schema()
    return PostgresKind(lambda: PostgresStore(url, schema, claim_timeout=CLAIM_TIMEOUT))


def schema_url(url: str, schema: str) -> str:
    """The URL of ``schema`` (created now): what a user would put in DATABASE_URL to keep
    Leap's tables in a schema of their own."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')  # type: ignore[arg-type]
    return f"{url}?options=-c%20search_path%3D{schema}"


@functools.cache
def _schemas() -> list[str]:
    made: list[str] = []
    atexit.register(_drop_schemas, made)
    return made


def _drop_schemas(names: list[str]) -> None:
    url = server_url()
    if not url or not names:
        return
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')  # type: ignore[arg-type]
    except psycopg.Error:
        pass  # a server already gone took its schemas with it


@functools.cache
def _throwaway_server() -> str | None:
    """Start a cluster from the installed binaries; None when there are none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = found[-1] if found else shutil.which("initdb")
    if not initdb:
        return None
    bindir = os.path.dirname(initdb)
    run_as: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        run_as = ["runuser", "-u", "postgres", "--"]
    folder = tempfile.mkdtemp(prefix="leap-pg-")
    os.chmod(folder, 0o755)
    if run_as:
        shutil.chown(folder, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = os.path.join(folder, "data")
    settings = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} "
        "-c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    steps = [
        [initdb, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "-N"],
        [
            f"{bindir}/pg_ctl",
            "-D",
            data,
            "-l",
            f"{folder}/server.log",
            "-w",
            "-o",
            settings,
            "start",
        ],
        [f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "leap_test"],
    ]
    for step in steps:
        done = subprocess.run([*run_as, *step], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"could not start PostgreSQL: {done.stderr.strip()}", file=sys.stderr)
            shutil.rmtree(folder, ignore_errors=True)
            return None
    stop = [*run_as, f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]
    atexit.register(_stop_server, stop, folder)
    return f"postgresql://postgres@127.0.0.1:{port}/leap_test"


def _stop_server(stop: list[str], folder: str) -> None:
    subprocess.run(stop, capture_output=True, check=False)
    shutil.rmtree(folder, ignore_errors=True)


# -- the delivery worker ------------------------------------------------------------------


class RecordingMessenger:
    """Appends one line per delivered nudge id (``user|nudge``) to a log file. The write
    is one ``write`` on an O_APPEND file: a SIGKILL never leaves half a line. With
    ``stall``, it stops for good at that message (before or after recording it) and says
    ``stalled`` on stdout, so a test can kill the process at a known point."""

    def __init__(self, log: str, stall: int = 0, when: str = "before") -> None:
        self.fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.count = 0
        self.stall = stall
        self.when = when

    def send(self, message: object) -> None:
        from bot.replies import DirectMessage

        assert isinstance(message, DirectMessage)
        self.count += 1
        if self.count == self.stall and self.when == "before":
            self._hang()
        lines = "".join(f"{message.to.user}|{nid}\n" for nid in message.nudge_ids)
        os.write(self.fd, lines.encode())
        if self.count == self.stall and self.when == "after":
            self._hang()

    def _hang(self) -> None:
        print("stalled", flush=True)
        while True:
            time.sleep(3600)


def deliver(argv: list[str]) -> int:
    from adapters.scheduler import NudgeRunner
    from bot.clock import FakeClock, SequentialIds
    from bot.core import Leap

    url, schema, now_text, log = argv[:4]
    stall, when = (int(argv[5]), argv[6]) if len(argv) > 4 and argv[4] == "--stall" else (0, "")
    now = datetime.fromisoformat(now_text)
    store = PostgresStore(url, schema, pool_size=4)
    try:
        messenger = RecordingMessenger(log, stall, when)
        runner = NudgeRunner(Leap(store, FakeClock(now), SequentialIds()), messenger)
        print("ready", flush=True)
        sys.stdin.readline()  # "go": every worker wakes at the same moment
        runner.deliver_due(now)
        print(f"done {messenger.count}", flush=True)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    sys.exit(deliver(sys.argv[1:]))
