"""The WSGI front for Slack's requests: refuse what is not Slack's before reading or parsing it.

Every ``POST /slack/events`` passes these checks, in this order, and the first that fails
answers at once (the server closes every connection after one request):

1. the signature headers are there and the timestamp is a number within five minutes of
   now (401), before a byte of the body is read;
2. the body has a declared length (411) of at most ``MAX_BODY`` (413): Slack's requests
   are a few KiB, so a larger one is refused without reading it;
3. the body arrives within the socket's read timeout (408) and in full (400);
4. its signature matches the signing secret (401), checked on the raw bytes;
5. it parses as the form or JSON Slack sends (400).

Only then does bolt see it (bolt checks the signature again, as it always does). The
"Add to Slack" pages are GETs whose bodies are never read. Refusals are logged as one
line, never with a traceback, and never with the body.

With a ``handoff`` (``leap slack --http``: ``adapters/slack/handoff.py``), the requests
whose acknowledgement carries nothing (slash commands, clicks, message shortcuts, events) are
kept in the durable inbox and acknowledged at once; the worker process handles them and
answers through the response URL. Requests whose acknowledgement is the answer (a form
submitted, the URL check) go to the ``Target``: bolt in this process, or the worker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from io import BytesIO
from typing import Any, Protocol
from urllib.parse import parse_qsl

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.context import BoltContext
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import build_context
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

EVENTS_PATH = "/slack/events"
HEALTH_PATHS = ("/", "/health", "/healthz")
MAX_BODY = 1 << 20  # 1 MiB; Slack's largest requests (view submissions) are tens of KiB
MAX_AGE = 5 * 60  # Slack: "more than five minutes from local time" is a possible replay
log = logging.getLogger("leap.slack.http")

Gate = Callable[[], AbstractContextManager[None]]
StartResponse = Callable[..., Any]
REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    408: "Request Timeout",
    411: "Length Required",
    413: "Content Too Large",
    500: "Internal Server Error",
}


class Refused(Exception):
    """A request answered with ``status`` and a short, fixed reason (never its content)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


# Acknowledged with an empty 200 whatever the app would answer (Slack shows nothing for
# it): https://api.slack.com/interactivity/handling#acknowledgment_response. A slash
# command's acknowledgement may carry a reply, but a reply through its response URL
# reads the same. Form submissions and block suggestions are answered by the ack itself.
DEFERRED_TYPES = frozenset({"block_actions", "event_callback", "message_action"})
KEPT_HEADERS = ("content-type", "x-slack-retry-num", "x-slack-retry-reason")
Handoff = Callable[[str, dict[str, str]], None]


def deferrable(body: object) -> bool:
    """Whether a request's acknowledgement carries nothing, so it can be sent at once."""
    if not isinstance(body, dict):
        return False
    if isinstance(body.get("command"), str) and "type" not in body:
        return True
    return body.get("type") in DEFERRED_TYPES


def kept_headers(request: BoltRequest) -> dict[str, str]:
    """The headers the app reads later (the signature is made anew when it is handled)."""
    found: dict[str, str] = {}
    for name in KEPT_HEADERS:
        values = request.headers.get(name)
        if values:
            found[name] = str(values[0])
    return found


class Target(Protocol):
    """Where checked requests go: bolt in this process, or the worker process."""

    def dispatch(self, request: BoltRequest) -> BoltResponse: ...

    def pages(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """The "Add to Slack" pages (GET)."""
        ...


class BoltTarget:
    """The bolt app in this process."""

    def __init__(self, app: App, path: str = EVENTS_PATH) -> None:
        self.app = app
        self._pages = SlackRequestHandler(app, path=path)

    def dispatch(self, request: BoltRequest) -> BoltResponse:
        return self.app.dispatch(request)

    def pages(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        return self._pages(environ, start_response)


def bolt_request(raw: str, headers: dict[str, str | Sequence[str]], query: str = "") -> BoltRequest:
    """A verified body as bolt's request (``ValueError`` and friends if it is not JSON or a
    form bolt can read)."""
    return _as_form(BoltRequest(body=raw, query=query, headers=headers))


def _as_form(request: BoltRequest) -> BoltRequest:
    """bolt reads any form body containing the word "payload" as an interactivity payload,
    so ``/leap add payload engineer`` reached the app as an empty request (404). A slash
    command is re-read as the form it is (the signature was checked on the raw body)."""
    if not request.body and "command=" in request.raw_body:
        request.body = dict(parse_qsl(request.raw_body, keep_blank_values=True))
        request.context = build_context(BoltContext({}), request.body)
    return request


def _header(environ: dict[str, Any], name: str) -> str:
    return str(environ.get("HTTP_" + name.upper().replace("-", "_"), "")).strip()


def check_headers(environ: dict[str, Any], now: float) -> tuple[str, str, int]:
    """The signature headers and the declared length, checked before reading the body."""
    timestamp = _header(environ, "X-Slack-Request-Timestamp")
    signature = _header(environ, "X-Slack-Signature")
    if not timestamp or not signature:
        raise Refused(401, "missing Slack signature headers")
    if not timestamp.isdigit() or len(timestamp) > 12:  # Unix seconds, not a 4,000-digit int
        raise Refused(401, "the Slack request timestamp is not a number")
    if abs(now - int(timestamp)) > MAX_AGE:
        raise Refused(401, "the Slack request timestamp is too old")
    if "chunked" in _header(environ, "Transfer-Encoding").lower():
        raise Refused(411, "a body without a declared length")
    declared = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not declared:
        raise Refused(411, "a body without a declared length")
    if not declared.isdigit():
        raise Refused(400, "the declared length is not a number")
    if int(declared) > MAX_BODY:
        raise Refused(413, f"a body over {MAX_BODY} bytes")
    return timestamp, signature, int(declared)


def read_body(environ: dict[str, Any], length: int) -> bytes:
    stream = environ["wsgi.input"]
    chunks: list[bytes] = []
    left = length
    try:
        while left > 0:
            chunk = stream.read(min(left, 64 * 1024))
            if not chunk:
                raise Refused(400, "the body ended before its declared length")
            chunks.append(chunk)
            left -= len(chunk)
    except TimeoutError as err:
        raise Refused(408, "the body did not arrive in time") from err
    except OSError as err:
        raise Refused(400, "the connection failed while reading the body") from err
    return b"".join(chunks)


def parse(environ: dict[str, Any], raw: bytes) -> BoltRequest:
    """The verified body as bolt's request; what Slack would never send is a 400."""
    try:
        text = raw.decode("utf-8")
        request = BoltRequest(
            body=text,
            query=str(environ.get("QUERY_STRING", "")),
            headers=_headers(environ),
        )
    except (ValueError, TypeError, AttributeError, KeyError) as err:  # JSONDecodeError too
        raise Refused(400, "the body is not a Slack request") from err
    if not _shaped_like_slack(request.body):
        raise Refused(400, "the body is not a Slack request")
    try:
        return _as_form(request)
    except (ValueError, TypeError, AttributeError, KeyError) as err:
        raise Refused(400, "the body is not a Slack request") from err


# What bolt reads from every request before any listener runs: objects where Slack sends
# objects, strings where it sends strings (https://api.slack.com/apis/events-api,
# https://api.slack.com/interactivity/handling#payloads). Anything else is not from Slack.
OBJECTS = ("event", "team", "user", "enterprise", "channel", "view", "container", "message")
STRINGS = ("type", "team_id", "enterprise_id", "user_id", "api_app_id", "event_id", "command")


def _shaped_like_slack(body: object) -> bool:
    if not isinstance(body, dict):
        return False
    if any(body.get(k) is not None and not isinstance(body[k], dict) for k in OBJECTS):
        return False
    if any(body.get(k) is not None and not isinstance(body[k], str) for k in STRINGS):
        return False
    found = body.get("authorizations")
    return found is None or (isinstance(found, list) and all(isinstance(a, dict) for a in found))


def _headers(environ: dict[str, Any]) -> dict[str, str | Sequence[str]]:
    found: dict[str, str | Sequence[str]] = {}
    for key, value in environ.items():
        if key in ("CONTENT_LENGTH", "CONTENT_TYPE"):
            found[key.lower().replace("_", "-")] = str(value)
        elif key.startswith("HTTP_"):
            found[key[5:].lower().replace("_", "-")] = str(value)
    return found


def _answer(start_response: StartResponse, response: BoltResponse) -> Iterable[bytes]:
    status = response.status
    headers = [(k, v) for k, values in response.headers.items() for v in values]
    start_response(f"{status} {REASONS.get(status, 'OK' if status < 400 else 'Error')}", headers)
    body = response.body
    return [body.encode("utf-8") if isinstance(body, str) else bytes(body)]


def _refuse(start_response: StartResponse, status: int, reason: str) -> Iterable[bytes]:
    start_response(
        f"{status} {REASONS[status]}",
        [("Content-Type", "text/plain; charset=utf-8")],
    )
    return [f"{reason}\n".encode()]


class SlackFront:
    """The WSGI application: health checks, the OAuth pages, and checked Slack requests."""

    def __init__(
        self,
        app: App | Target,
        signing_secret: str,
        path: str = EVENTS_PATH,
        gate: Gate | None = None,
        clock: Callable[[], float] = time.time,
        handoff: Handoff | None = None,
    ) -> None:
        self.target = BoltTarget(app, path) if isinstance(app, App) else app
        self.path = path
        self.verifier = SignatureVerifier(signing_secret) if signing_secret.strip() else None
        self.enter = gate or nullcontext
        self.clock = clock
        self.handoff = handoff

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method, where = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        try:
            if method == "GET" and where in HEALTH_PATHS:
                start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
                return [b"ok\n"]
            if method == "POST" and where == self.path:
                return self.events(environ, start_response)
            if method == "GET":  # the OAuth pages (or 404): bodies are never read
                environ["CONTENT_LENGTH"], environ["wsgi.input"] = "0", BytesIO()
                return self.target.pages(environ, start_response)
            raise Refused(404, "not found")
        except Refused as refused:
            log.info("refused a request to %s: %s", where, refused.reason)
            return _refuse(start_response, refused.status, refused.reason)
        except Exception as err:  # a bug of ours: one line, no traceback, no request data
            log.error("a Slack request to %s failed (%s)", where, type(err).__name__)
            return _refuse(start_response, 500, "the request could not be handled")

    def events(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        timestamp, signature, length = check_headers(environ, self.clock())
        raw = read_body(environ, length)
        try:
            valid = self.verifier is not None and self.verifier.is_valid(raw, timestamp, signature)
        except ValueError as err:  # not UTF-8: Slack sends UTF-8
            raise Refused(400, "the body is not UTF-8") from err
        if not valid:
            raise Refused(401, "the Slack signature does not match")
        request = parse(environ, raw)
        if self.handoff is not None and deferrable(request.body):
            self.handoff(request.raw_body, kept_headers(request))  # on disk before the 200
            return _answer(start_response, BoltResponse(status=200, body=""))
        with self.enter():
            response = self.target.dispatch(request)
        return _answer(start_response, response)
