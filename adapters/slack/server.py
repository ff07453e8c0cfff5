"""HTTP transport: the checked WSGI front (``front.SlackFront``) on a bounded server.

``POST /slack/events`` takes every Slack request (slash commands, interactivity, events).
With OAuth configured, ``GET /slack/install`` and ``GET /slack/oauth_redirect`` run the
"Add to Slack" flow. ``GET /`` answers ``ok`` for platforms' health checks.

The server from the standard library, hardened for the open internet:

- a fixed number of worker threads (``workers``), and at most ``backlog`` connections
  waiting for one; past that a connection is answered 503 and closed at once, so a flood
  cannot start unbounded threads;
- every connection has a read timeout (``read_timeout``): one that sends nothing, or
  stops half-way, is dropped and its worker freed;
- a connection that fails is logged as one line, never with a traceback. Request lines
  are not logged either: an OAuth redirect's query holds a one-time code.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from slack_bolt import App

from adapters.slack.front import EVENTS_PATH, HEALTH_PATHS, Gate, SlackFront

__all__ = ["EVENTS_PATH", "HEALTH_PATHS", "Gate", "HttpServer", "wsgi_app"]
log = logging.getLogger("leap.slack.http")
WORKERS = 16
BACKLOG = 64
READ_TIMEOUT = 10.0  # seconds; Slack sends a whole request at once
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: 5\r\nRetry-After: 1\r\nConnection: close\r\n\r\nbusy\n"
)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def get_stderr(self) -> Any:  # wsgiref writes app tracebacks here: none reach the log
        return _Discard()


class _Discard:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass


class _BoundedWSGIServer(WSGIServer):
    """A WSGI server whose connections are served by a fixed pool of threads."""

    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[WSGIRequestHandler],
        *,
        workers: int = WORKERS,
        backlog: int = BACKLOG,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        super().__init__(address, handler)
        self.read_timeout = read_timeout
        self._workers = ThreadPoolExecutor(max(1, workers), thread_name_prefix="leap-http")
        self._slots = threading.BoundedSemaphore(max(1, workers) + max(0, backlog))

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            _busy(request)
            self.shutdown_request(request)
            return
        try:
            self._workers.submit(self._serve, request, client_address)
        except RuntimeError:  # shutting down
            self._slots.release()
            self.shutdown_request(request)

    def _serve(self, request: socket.socket, client_address: Any) -> None:
        try:
            request.settimeout(self.read_timeout)
            self.finish_request(request, client_address)
        except Exception as err:
            log.info("a connection ended early (%s)", type(err).__name__)
        finally:
            self.shutdown_request(request)
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.info("a connection failed")

    def server_close(self) -> None:
        """Stop listening, then wait for the connections being served (each bounded by the
        read timeout): a request acknowledged while Leap stops is handed on before the
        front tells its worker to stop. Connections still queued are dropped unanswered."""
        super().server_close()
        self._workers.shutdown(wait=True, cancel_futures=True)


def _busy(request: socket.socket) -> None:
    try:
        request.settimeout(0.5)
        request.sendall(BUSY)
    except OSError:
        pass


def wsgi_app(
    app: App | SlackFront,
    path: str = EVENTS_PATH,
    gate: Gate | None = None,
    signing_secret: str | None = None,
) -> Callable[..., Any]:
    """The WSGI application (for any WSGI server). ``gate`` (``WorkPool.request``) wraps
    each Slack request so background work waits while it is being answered. Without
    ``signing_secret``, the app's own (``App(signing_secret=...)``) is used. A
    ``SlackFront`` built already is served as it is."""
    if isinstance(app, SlackFront):
        return app
    secret = signing_secret if signing_secret is not None else _app_secret(app)
    return SlackFront(app, secret, path, gate)


def _app_secret(app: App) -> str:
    return str(getattr(app, "_signing_secret", "") or "")


class HttpServer:
    """The app on ``host:port`` (port 0: any free port; see ``.port``)."""

    def __init__(
        self,
        app: App | SlackFront,
        host: str = "0.0.0.0",
        port: int = 3000,
        path: str = EVENTS_PATH,
        gate: Gate | None = None,
        *,
        signing_secret: str | None = None,
        workers: int = WORKERS,
        backlog: int = BACKLOG,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self._server = _BoundedWSGIServer(
            (host, port), _QuietHandler, workers=workers, backlog=backlog, read_timeout=read_timeout
        )
        self._server.set_app(wsgi_app(app, path, gate, signing_secret))
        self.host = host
        self.path = path
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}{self.path}"

    def start(self) -> HttpServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="leap-slack-http",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> HttpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
