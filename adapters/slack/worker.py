"""The worker process of ``leap slack --http``: the core, the store and bolt, behind the front.

The HTTP front (``handoff.WorkerLink``) acknowledges slash commands, clicks and events as
soon as they are in its inbox, and hands each one here over a pipe. ``Consumer`` runs it
through the same bolt app as ever (``app.dispatch``), one user's requests in arrival order,
marked as acknowledged already (``answering.ACKED``) so the answer goes out through the
response URL or a DM; when the core has stored the change, the front hears ``done``.
Requests whose acknowledgement is the answer (a form submitted) come from the front over
loopback HTTP, to this process's own server.

The worker runs at the lowest scheduling priority (SCHED_IDLE; a high nice elsewhere): when the
machine is busy, Slack's acknowledgements go first and answers follow a moment later.

Messages on the pipe, front to worker: ``("take", id, body, headers)`` (with ``"alone"``
after them for a request suspected of killing a worker before), ``("settle",)``,
``("stop",)``; worker to front: ``("ready", url)`` or ``("failed", reason)`` once,
then ``("done", id, ...)`` (several at once, ``Reports``) and ``("settled", figures)``.
The worker stops when told, or when the front is gone (the pipe closes); either way it
finishes what it took first.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from slack_bolt import App
from slack_sdk.signature import SignatureVerifier

from adapters.config import ConfigError
from adapters.slack.answering import ACKED
from adapters.slack.front import Gate, bolt_request
from adapters.slack.inbox import Request
from adapters.slack.people import Bounded
from adapters.slack.pool import WorkPool
from adapters.slack.server import HttpServer

log = logging.getLogger("leap.slack.worker")
WORKER_NICE = 10  # below the front (0): acknowledgements first when the CPU is short
DONE_EVERY = 0.02  # seconds over which "done" reports gather before going to the front
CONSUMERS = 4  # requests handled at once (different users; one user's in order)
ID_BYTES = 32  # room for a request id ("<log>.<n>") in the shared ``Busy`` slots


@dataclass(slots=True)
class WorkerParts:
    """What a worker serves, built in the worker process by a factory."""

    app: App
    signing_secret: str
    close: Callable[[], None]
    gate: Gate | None = None  # ``WorkPool.request`` of the app's delivery pool
    idle: Callable[[], object] = lambda: None  # waits until answers are delivered
    figures: Callable[[], dict[str, float]] = field(default=lambda: {})


Factory = Callable[..., WorkerParts]


class Busy:
    """Which requests the worker is handling right now, in memory the front shares
    (``multiprocessing`` shared memory: no message, no system call). If the worker dies,
    the front reads it to know which requests were in hand: only those are suspected of
    killing it."""

    def __init__(self, memory: Any, slots: int = CONSUMERS) -> None:
        self.memory = memory
        self.slots = slots
        self._local = threading.local()
        self._lock = threading.Lock()
        self._next = 0

    @staticmethod
    def shared(context: Any, slots: int = CONSUMERS) -> Any:
        return context.Array("c", slots * ID_BYTES, lock=False)

    def hold(self, request_id: str) -> None:
        slot = getattr(self._local, "slot", None)
        if slot is None:
            with self._lock:
                slot, self._next = self._next % self.slots, self._next + 1
            self._local.slot = slot
        start = slot * ID_BYTES
        self.memory[start : start + ID_BYTES] = request_id.encode()[:ID_BYTES].ljust(ID_BYTES)

    def release(self) -> None:
        start = getattr(self._local, "slot", 0) * ID_BYTES
        self.memory[start : start + ID_BYTES] = b" " * ID_BYTES

    @staticmethod
    def read(memory: Any, slots: int = CONSUMERS) -> set[str]:
        raw = bytes(memory[: slots * ID_BYTES])
        found = (raw[i : i + ID_BYTES].strip() for i in range(0, len(raw), ID_BYTES))
        return {f.decode() for f in found if f and f.strip(b"\0")}


class Consumer:
    """Runs acknowledged requests through the bolt app; reports each one handled."""

    def __init__(
        self,
        app: App,
        signing_secret: str,
        done: Callable[[str], None],
        workers: int = CONSUMERS,
        busy: Busy | None = None,
    ) -> None:
        self.app = app
        self.signer = SignatureVerifier(signing_secret)
        self.done = done
        self.pool = WorkPool(workers)
        self.busy = busy
        self._taken: Bounded[str, bool] = Bounded(100_000)

    def take(self, request: Request, alone: bool = False) -> None:
        """Handle ``request`` on the pool, in its user's order; ``alone`` (suspected of
        killing a worker before): here and now, with nothing else in hand."""
        if not self._taken.add_new(request.id, True):  # handed over twice (a restart)
            return
        try:
            bolt = bolt_request(request.body, {**request.headers, **self._signed(request.body)})
        except (ValueError, TypeError, AttributeError, KeyError):
            log.error("an acknowledged Slack request could not be read again; dropped")
            self.done(request.id)
            return
        if alone:
            self.pool.wait_idle()
            self._handle(request.id, bolt)
            return
        context = bolt.context
        key = f"{context.team_id or context.enterprise_id}:{context.user_id}"
        self.pool.submit(key, self._handle, request.id, bolt)

    def _signed(self, body: str) -> dict[str, str]:
        """Signed anew: bolt checks the signature's age, and a request kept across a
        restart may be older than Slack's five minutes. The front checked the original."""
        stamp = str(int(time.time()))
        return {
            "x-slack-request-timestamp": stamp,
            "x-slack-signature": str(self.signer.generate_signature(timestamp=stamp, body=body)),
            ACKED: "1",
        }

    def _handle(self, request_id: str, bolt: Any) -> None:
        if self.busy is not None:
            self.busy.hold(request_id)
        try:
            response = self.app.dispatch(bolt)
            if response.status >= 400 and response.status != 404:
                log.warning("an acknowledged Slack request ended with %d", response.status)
        finally:  # handled or failed, never handed over again: a fault is not repeated
            if self.busy is not None:
                self.busy.release()
            self.done(request_id)

    def wait_idle(self, timeout: float = 600.0) -> bool:
        return self.pool.wait_idle(timeout)

    def shutdown(self) -> None:
        self.pool.shutdown()


def lower_priority() -> None:
    """Run this process only when the front (and anything else) leaves the CPU idle:
    Linux's SCHED_IDLE, which any process may choose for itself; elsewhere a high nice."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICE)


def serve_worker(
    factory: Factory, args: tuple[Any, ...], conn: Connection, busy: Any = None
) -> None:
    """The worker process's main: build the parts, then serve the front until it stops."""
    for sig in (signal.SIGINT, signal.SIGTERM):  # the front decides when the worker stops
        signal.signal(sig, signal.SIG_IGN)
    lower_priority()
    try:
        parts = factory(*args)
    except (ConfigError, SystemExit) as err:
        conn.send(("failed", str(err).removeprefix("leap: ")))
        return
    sending = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with sending, contextlib.suppress(OSError, ValueError):  # the front is gone
            conn.send(message)

    reports = Reports(send)
    consumer = Consumer(
        parts.app, parts.signing_secret, reports.done, busy=Busy(busy) if busy else None
    )
    try:
        with HttpServer(
            parts.app, "127.0.0.1", 0, gate=parts.gate, signing_secret=parts.signing_secret
        ) as server:
            send(("ready", server.url))
            serve(conn, consumer, parts, send, reports)
    finally:
        consumer.shutdown()  # what was taken is finished first
        reports.stop()
        parts.close()


class Reports:
    """``done`` reports, sent to the front together every ``every`` seconds: one wake-up of
    the front per batch rather than per request, so its acknowledgements are not kept
    waiting for the interpreter lock."""

    def __init__(self, send: Callable[[tuple[Any, ...]], None], every: float = DONE_EVERY) -> None:
        self.send = send
        self.every = every
        self._ids: list[str] = []
        self._cond = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="leap-slack-done", daemon=True)
        self._thread.start()

    def done(self, request_id: str) -> None:
        with self._cond:
            self._ids.append(request_id)
            self._cond.notify()

    def flush(self) -> None:
        with self._cond:
            ids, self._ids = self._ids, []
        if ids:
            self.send(("done", *ids))

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()
        self._thread.join()
        self.flush()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._ids) or self._stopped)
                if self._stopped:
                    return
            time.sleep(self.every)  # let the reports of this moment gather
            self.flush()


def serve(
    conn: Connection,
    consumer: Consumer,
    parts: WorkerParts,
    send: Callable[[tuple[Any, ...]], None],
    reports: Reports,
) -> None:
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the front is gone
            return
        order = message[0]
        if order == "take":
            consumer.take(Request(message[1], message[2], message[3]), alone=len(message) > 4)
        elif order == "settle":
            consumer.wait_idle()
            parts.idle()
            consumer.wait_idle()
            reports.flush()
            send(("settled", {"cpu_s": time.process_time(), **parts.figures()}))
        elif order == "stop":
            return
