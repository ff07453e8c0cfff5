"""The processes ``bench/slack.py`` measures: the floor (a bare bolt app), Leap as
``leap slack --http`` runs it (the front and its worker), and the fake Slack Web API.

Each runs in a spawned process of its own and answers orders through a pipe (``Child``):
``settle`` waits until the app's work is done and returns its CPU seconds so far (with
those spent in the core, and those of the acknowledging process), ``stop`` ends it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

from slack_bolt import App, BoltRequest
from slack_sdk import WebClient

from adapters.slack.app import create_app
from adapters.slack.deliver import retry_handlers
from adapters.slack.flows import home_refreshes
from adapters.slack.front import SlackFront
from adapters.slack.handoff import ProxyTarget, WorkerLink
from adapters.slack.inbox import Inbox
from adapters.slack.main import tune_runtime
from adapters.slack.pool import WorkPool
from adapters.slack.server import HttpServer
from adapters.slack.worker import WorkerParts, lower_priority
from bench.core import START
from bot.clock import FakeClock, RandomIds
from bot.context import Config
from bot.core import Leap
from bot.events import Event
from bot.replies import Outbound
from storage.tinydb_store import TinyDBStore
from tests.fakes.slack_api import FakeSlackAPI

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"


def floor_app(api_url: str, keep: Callable[[str], None] | None = None) -> App:
    """The floor: a bare bolt app whose ``/leap`` listener only acknowledges (with
    ``keep``: keeps the request's raw body first)."""
    app = App(
        client=WebClient(token=TOKEN, base_url=api_url),
        signing_secret=SECRET,
        process_before_response=True,  # as Leap's: the ack leaves when the listener returns
    )

    if keep is None:

        @app.command("/leap")
        def ack_only(ack: Callable[[], None]) -> None:
            ack()

    else:

        @app.command("/leap")
        def keep_then_ack(ack: Callable[[], None], request: BoltRequest) -> None:
            keep(request.raw_body)
            ack()

    return app


class SyncedFile:
    """The least a durable acknowledgement costs: one write and one ``fdatasync`` per
    request, at an offset in a file laid over zeros beforehand (as a database prepares its
    write-ahead log, so the sync flushes the line alone), one request at a time."""

    def __init__(self, path: str, size: int = 64 << 20) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        zeros = bytes(1 << 20)
        for _ in range(size >> 20):
            os.write(self._fd, zeros)
        os.fsync(self._fd)
        self._at = 0
        self._lock = threading.Lock()

    def keep(self, text: str) -> None:
        line = text.encode() + b"\n"
        with self._lock:
            os.pwrite(self._fd, line, self._at)
            os.fdatasync(self._fd)
            self._at += len(line)

    def close(self) -> None:
        os.close(self._fd)


def serve_floor(api_url: str, conn: Connection, synced: str = "") -> None:
    """The floor in its own process, on the same server class and runtime settings; with
    ``synced`` (a file's path), the floor that also makes each request durable."""
    tune_runtime()
    kept = SyncedFile(synced) if synced else None
    app = floor_app(api_url, kept.keep if kept is not None else None)
    try:
        with HttpServer(app, "127.0.0.1", 0) as server:
            conn.send(server.url)
            while conn.recv() != "stop":
                conn.send((time.process_time(), 0.0, time.process_time()))
    finally:
        if kept is not None:
            kept.close()
    conn.send("stopped")


def serve_synced_floor(api_url: str, path: str, conn: Connection) -> None:
    serve_floor(api_url, conn, path)


class TimedLeap(Leap):
    """Leap, counting the CPU time its threads spend in ``handle`` (the core and the store)."""

    cpu_s = 0.0
    _lock = threading.Lock()

    def handle(self, event: Event) -> list[Outbound]:
        started = time.thread_time()
        try:
            return super().handle(event)
        finally:
            spent = time.thread_time() - started
            with self._lock:
                self.cpu_s += spent


def store_threads_cpu() -> float:
    """CPU seconds of the store's own threads (the TinyDB journal's checkpoint, which
    rewrites users' files in the background)."""
    total = 0.0
    for thread in threading.enumerate():
        if thread.name.startswith("leap-checkpoint") and thread.ident is not None:
            with contextlib.suppress(OSError):  # ended meanwhile
                total += time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
    return total


def bench_worker(folder: str, api_url: str) -> WorkerParts:
    """Leap's worker as ``leap slack --http`` builds it (``adapters.slack.main.worker_parts``),
    on the bench's store and clock, counting the core's CPU time."""
    tune_runtime()
    store = TinyDBStore(folder)
    pool = WorkPool()
    # random ids: a worker started again after a crash must not reuse its predecessor's
    leap = TimedLeap(store, FakeClock(START), RandomIds(), Config(default_tz="UTC"))
    client = WebClient(base_url=api_url, retry_handlers=retry_handlers())
    home = home_refreshes()
    app = create_app(leap, token=TOKEN, signing_secret=SECRET, client=client, pool=pool, home=home)

    def idle() -> None:
        pool.wait_idle(timeout=600)
        home.wait_idle(timeout=600)  # the App Home refreshes, once each user pauses
        pool.wait_idle(timeout=600)

    def close() -> None:
        pool.shutdown()
        store.close()

    return WorkerParts(
        app,
        SECRET,
        close,
        gate=pool.request,
        idle=idle,
        figures=lambda: {"core_s": leap.cpu_s + store_threads_cpu()},
    )


def serve_app(folder: str, api_url: str, conn: Connection) -> None:
    """Leap as ``leap slack --http`` runs it: this process is the front (the inbox, the
    acknowledgements), and it starts the worker process (the store, the core, bolt)."""
    tune_runtime()
    inbox = Inbox(folder + "-inbox")
    link = WorkerLink(inbox, bench_worker, (folder, api_url))
    try:
        front = SlackFront(ProxyTarget(link), SECRET, handoff=link.take)
        with HttpServer(front, "127.0.0.1", 0) as server:
            conn.send((server.url, link.pid))
            while conn.recv() != "stop":
                figures = link.settle()
                front = time.process_time()
                conn.send((front + figures.get("cpu_s", 0.0), figures.get("core_s", 0.0), front))
    finally:
        link.stop()
        inbox.close()
        conn.send("stopped")


def serve_fake_api(conn: Connection) -> None:
    """The fake Slack Web API, in its own process: Slack's servers are not on our CPU's
    interpreter lock either. ``arrivals``: when each response URL was first posted to."""
    lower_priority()
    with FakeSlackAPI() as api:
        conn.send(api.base_url)
        while (order := conn.recv()) != "stop":
            if isinstance(order, tuple):  # ("wait", name): when that response URL is posted to
                api.wait_for(f"response_url:{order[1]}", count=1, timeout=30)
                conn.send(api.first_called.get(f"response_url:{order[1]}"))
            elif order == "arrivals":
                conn.send(
                    {
                        m.partition(":")[2]: t
                        for m, t in list(api.first_called.items())
                        if m.startswith("response_url:")
                    }
                )
            else:
                conn.send(sum(1 for c in api.calls if c.method.startswith("response_url:")))
    conn.send("stopped")


class Child:
    """A spawned process answering orders through a pipe; its first message is a URL
    (with, for Leap, the worker's process id)."""

    def __init__(self, target: Callable[..., None], *args: str) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=target, args=(*args, child))
        self.process.start()
        first = self.conn.recv()
        self.url, self.worker_pid = first if isinstance(first, tuple) else (first, 0)
        self.url = str(self.url)

    def ask(self, order: object) -> object:
        self.conn.send(order)
        return self.conn.recv()

    def settle(self) -> tuple[float, float, float]:
        """Wait until the app's work is done; its processes' CPU seconds so far, those
        spent in the core, and those of the process that acknowledges (Leap's front)."""
        cpu, core, front = self.ask("settle")  # type: ignore[misc]
        return float(cpu), float(core), float(front)

    def kill(self) -> None:
        """SIGKILL to the app and its worker: no shutdown, no draining."""
        self.process.kill()
        if self.worker_pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.worker_pid, signal.SIGKILL)
        self.process.join(30)

    def stop(self) -> None:
        self.ask("stop")
        self.process.join(30)
