"""The front process of ``leap slack --http``: acknowledge at once, hand the work on.

``WorkerLink`` starts the worker process (``worker.serve_worker``: the core, the store,
bolt), keeps every request it hands over in the inbox until the worker reports it done,
and, if the worker stops unexpectedly, starts another and hands over again what was not
done. A request that three workers died handling (the shared ``worker.Busy`` slots say
which requests a worker had in hand) is dropped with a log line, so one poisonous request
cannot stop Leap for good; requests that only waited meanwhile are not held against.
``ProxyTarget`` forwards the requests whose acknowledgement is the answer (form
submissions, the "Add to Slack" pages) to the worker's own loopback server, as they came,
signature and all.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Iterable, Sequence
from multiprocessing.connection import Connection
from typing import Any
from urllib.parse import urlsplit

from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack.front import REASONS, StartResponse
from adapters.slack.inbox import Inbox
from adapters.slack.worker import Busy, Factory, serve_worker

log = logging.getLogger("leap.slack.front")
TRIES = 3  # workers that may die handling one request before it is dropped
RESTART_WAIT = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)  # seconds before each restart in a row
PROXY_TIMEOUT = 10.0
HOP_BY_HOP = frozenset({"host", "content-length", "connection", "transfer-encoding"})


class WorkerFailed(RuntimeError):
    """The worker could not start (its configuration, or its store)."""


class WorkerLink:
    """The front's side of the pipe to the worker process. Requests reach the pipe through
    one sender thread, so an acknowledgement never waits for the worker to read."""

    def __init__(
        self,
        inbox: Inbox,
        factory: Factory,
        args: tuple[Any, ...] = (),
        restart_wait: Sequence[float] = RESTART_WAIT,
    ) -> None:
        self.inbox = inbox
        self.factory = factory
        self.args = args
        self.restart_wait = tuple(restart_wait) or (0.0,)
        self.url = ""
        self.pid = 0
        self._tries: dict[str, int] = {}  # request: workers that died while handling it
        self._outbox: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._cond = threading.Condition()
        self._settled: list[dict[str, float]] = []
        self._stopping = False
        self._stop_asked = threading.Event()
        self._restarts = 0
        self._start()
        self._sender = threading.Thread(target=self._send_all, name="leap-slack-send", daemon=True)
        self._sender.start()
        self._hand_over_waiting()

    def _start(self) -> None:
        """Start a worker; once it is ready, it is the one requests go to."""
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        self._busy = Busy.shared(context)
        process = context.Process(
            target=serve_worker,
            args=(self.factory, self.args, theirs, self._busy),
            name="leap-slack-worker",
        )
        process.start()
        theirs.close()
        try:
            first = ours.recv()
        except EOFError:
            first = ("failed", "the worker process stopped while starting")
        if first[0] != "ready":
            process.join(10)
            raise WorkerFailed(str(first[1]))
        with self._cond:
            self.url, self.pid = str(first[1]), int(process.pid or 0)
            self._conn, self._process = ours, process
            self._cond.notify_all()  # a settle() waiting on the worker before asks this one
        self._reader = threading.Thread(target=self._read, args=(ours,), name="leap-slack-link")
        self._reader.daemon = True
        self._reader.start()

    def take(self, body: str, headers: dict[str, str]) -> None:
        """The front's handoff: durable in the inbox, then on its way to the worker."""
        request = self.inbox.put(body, headers)
        self._outbox.put(("take", request.id, request.body, request.headers))

    def _hand_over_waiting(self, suspected: frozenset[str] = frozenset()) -> None:
        """Every request not done, the suspected first, each to be handled alone: if one
        kills this worker too, no other request was in hand with it to be blamed."""
        waiting = self.inbox.waiting()
        for request in waiting:
            if request.id in suspected:
                self._outbox.put(("take", request.id, request.body, request.headers, "alone"))
        for request in waiting:
            if request.id not in suspected:
                self._outbox.put(("take", request.id, request.body, request.headers))

    def _send_all(self) -> None:
        while True:
            message = self._outbox.get()
            with contextlib.suppress(OSError, ValueError):  # the worker is gone: handed
                self._conn.send(message)  # over again when another has started
            if message[0] == "stop":
                return

    def _suspects(self) -> set[str]:
        """The worker died: count it against the requests it had in hand (``Busy``), and
        drop any that ``TRIES`` workers died on; the others are still suspected."""
        suspected = set()
        for request_id in Busy.read(self._busy):
            with self._cond:
                tries = self._tries[request_id] = self._tries.get(request_id, 0) + 1
            if tries >= TRIES:
                log.error("a Slack request stopped %d workers; it was dropped", TRIES)
                self._finished(request_id)
            else:
                suspected.add(request_id)
        return suspected

    def _read(self, conn: Connection) -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if message[0] == "done":
                self._restarts = 0  # the worker works: the next restart need not wait long
                try:
                    self._finished(*message[1:])
                except Exception as err:  # the disk: handled again at the next start
                    log.error("Slack requests handled could not be marked done (%s)", err)
            elif message[0] == "settled":
                with self._cond:
                    self._settled.append(message[1])
                    self._cond.notify_all()
        if not self._stopping and conn is self._conn:
            self._restart()

    def _finished(self, *request_ids: str) -> None:
        self.inbox.done(*request_ids)
        with self._cond:
            for request_id in request_ids:
                self._tries.pop(request_id, None)
            self._cond.notify_all()

    def _restart(self) -> None:
        """The worker stopped on its own: start another, and hand over what is not done."""
        self._process.join(5)
        suspected = frozenset(self._suspects())
        while not self._stopping:
            wait = self.restart_wait[min(self._restarts, len(self.restart_wait) - 1)]
            self._restarts += 1
            log.error("the Slack worker stopped; starting another in %.1f s", wait)
            if self._stop_asked.wait(wait):  # a stop ends the wait at once
                return
            try:
                self._start()
            except WorkerFailed as err:
                log.error("the Slack worker could not start: %s", err)
                continue
            except Exception as err:  # no process, no shared memory: tried again
                log.error("the Slack worker could not be started (%s)", type(err).__name__)
                continue
            if self._stopping:  # stopped while this one started: it takes nothing
                with contextlib.suppress(OSError, ValueError):
                    self._conn.send(("stop",))
                self._process.join(60)
                return
            self._hand_over_waiting(suspected)
            return

    def settle(self, timeout: float = 600.0) -> dict[str, float]:
        """Wait until every request handed over is done and its answer delivered; the
        worker's figures (benchmarks, shutting down)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self._cond.wait_for(lambda: len(self.inbox) == 0, timeout=timeout)
            self._settled.clear()
        while time.monotonic() < deadline:
            asked = self._conn
            self._outbox.put(("settle",))
            with self._cond:
                # asked again of a worker started meanwhile (the order died with the last)
                self._cond.wait_for(
                    lambda asked=asked: bool(self._settled) or self._conn is not asked,  # type: ignore[misc]
                    timeout=max(0.0, deadline - time.monotonic()),
                )
                if self._settled:
                    return self._settled[-1]
        return {}

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the worker once it has finished what it took."""
        self._stopping = True
        self._stop_asked.set()
        self._outbox.put(("stop",))
        self._sender.join(timeout)
        self._process.join(timeout)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5)
        if self._process.is_alive():  # stuck where SIGTERM is not heard: what it had in
            log.error("the Slack worker did not stop; it was killed")  # hand comes back
            self._process.kill()  # at the next start (the inbox)
            self._process.join(5)
        self._reader.join(timeout)  # the worker's last "done" reports reach the inbox


class ProxyTarget:
    """Requests whose acknowledgement is the answer, forwarded to the worker as they came."""

    def __init__(self, link: WorkerLink) -> None:
        self.link = link

    def dispatch(self, request: BoltRequest) -> BoltResponse:
        headers = {k: str(v[0]) for k, v in request.headers.items() if v and k not in HOP_BY_HOP}
        status, found, body = self._forward("POST", "", request.raw_body.encode(), headers)
        kept: dict[str, str | Sequence[str]] = dict(found)
        return BoltResponse(status=status, body=body.decode("utf-8", "replace"), headers=kept)

    def pages(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        query = str(environ.get("QUERY_STRING") or "")
        where = str(environ.get("PATH_INFO") or "/") + (f"?{query}" if query else "")
        headers = {"cookie": str(environ["HTTP_COOKIE"])} if environ.get("HTTP_COOKIE") else {}
        status, found, body = self._forward("GET", where, b"", headers)
        start_response(
            f"{status} {REASONS.get(status, 'OK' if status < 400 else 'Error')}",
            [(k, v) for k, values in found.items() for v in values],
        )
        return [body]

    def _forward(
        self, method: str, where: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, list[str]], bytes]:
        parts = urlsplit(self.link.url)
        conn = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=PROXY_TIMEOUT
        )
        try:
            conn.request(method, where or parts.path, body=body or None, headers=headers)
            answer = conn.getresponse()
            found: dict[str, list[str]] = {}
            for name, value in answer.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    found.setdefault(name, []).append(value)
            return answer.status, found, answer.read()
        except OSError as err:
            log.error("the Slack worker did not answer (%s)", type(err).__name__)
            return 503, {"Content-Type": ["text/plain; charset=utf-8"]}, b"busy\n"
        finally:
            conn.close()
