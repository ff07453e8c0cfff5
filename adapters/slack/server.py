"""HTTP transport: bolt's WSGI adapter served by a threaded server from the standard library.

``POST /slack/events`` takes every Slack request (slash commands, interactivity, events;
bolt verifies each signature and refuses a stale timestamp). With OAuth configured,
``GET /slack/install`` and ``GET /slack/oauth_redirect`` run the "Add to Slack" flow.
``GET /`` answers ``ok`` for platforms' health checks. Request lines are not logged: an
OAuth redirect's query holds a one-time code.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.context import BoltContext
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import build_context
from slack_bolt.response import BoltResponse

EVENTS_PATH = "/slack/events"
HEALTH_PATHS = ("/", "/health", "/healthz")


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Handler(SlackRequestHandler):
    """bolt's WSGI handler, with one fix: bolt reads any form body containing the word
    "payload" as an interactivity payload, so ``/leap add payload engineer`` reached the
    app as an empty request (404). A slash command is re-read as the form it is; the
    signature is still checked on the raw body."""

    def dispatch(self, request: Any) -> BoltResponse:
        bolt = BoltRequest(
            body=request.get_body(), query=request.query_string, headers=request.get_headers()
        )
        return self.app.dispatch(_as_form(bolt))


def _as_form(request: BoltRequest) -> BoltRequest:
    if not request.body and "command=" in request.raw_body:
        request.body = dict(parse_qsl(request.raw_body, keep_blank_values=True))
        request.context = build_context(BoltContext({}), request.body)
    return request


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


Gate = Callable[[], AbstractContextManager[None]]


def wsgi_app(
    app: App, path: str = EVENTS_PATH, gate: Gate | None = None
) -> Callable[..., Iterable[bytes]]:
    """The WSGI application; ``gate`` (``WorkPool.request``) wraps each Slack request so
    background work waits while it is being answered."""
    slack = _Handler(app, path=path)
    enter = gate or nullcontext

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") in HEALTH_PATHS:
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok\n"]
        with enter():
            return slack(environ, start_response)

    return serve


class HttpServer:
    """The app on ``host:port`` (port 0: any free port; see ``.port``)."""

    def __init__(
        self,
        app: App,
        host: str = "0.0.0.0",
        port: int = 3000,
        path: str = EVENTS_PATH,
        gate: Gate | None = None,
    ) -> None:
        self._server = make_server(
            host,
            port,
            wsgi_app(app, path, gate),
            server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
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
