"""A fake Slack Web API on loopback, for driving the real slack-bolt / slack-sdk code.

``FakeSlackAPI`` is a threaded ``http.server`` on 127.0.0.1 (port 0) that records every
Web API call and answers like Slack does (``{"ok": true, ...}``). Point the real client
at it with ``WebClient(base_url=api.base_url)``. It also serves ``response_url``s (for
``respond()``) and hands out a Socket Mode URL when a ``FakeSlackSocket`` is attached.

Request builders (``sign``, ``slash_command_body``, ``payload_body``, ...) produce what
Slack would send *to* the app, signed the way Slack signs it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_rules import FakeChannel, SlackRules

if TYPE_CHECKING:
    from slack_bolt import App

    from tests.fakes.slack_socket import FakeSlackSocket

__all__ = [
    "Call",
    "FakeSlackAPI",
    "HttpReply",
    "block_actions_payload",
    "event_body",
    "event_payload",
    "http_post",
    "message_shortcut_payload",
    "payload_body",
    "serve_bolt_app",
    "shortcut_payload",
    "sign",
    "signed_headers",
    "slash_command_body",
    "slash_command_fields",
    "view_submission_payload",
]

# Where request builders point response_url by default: loopback port 9 (discard),
# so a forgotten response_url fails fast and never leaves the machine.
UNUSED_RESPONSE_URL = "http://127.0.0.1:9/unused-response-url"

# Form fields that Slack's SDK sends as JSON strings; decoded when recording calls.
JSON_FIELDS = frozenset(
    {
        "attachments",
        "blocks",
        "metadata",
        "unfurls",
        "user_auth_blocks",
        "view",
        "options",
        "option_groups",
        "channels",
        "users",
        "trigger_ids",
    }
)


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake received.

    ``method`` is the Web API method ("chat.postMessage") or ``"response_url:<name>"``
    for a POST to ``api.response_url(name)``. ``args`` merges the query string and the
    form or JSON body; JSON-string fields (blocks, view, ...) are decoded. ``headers``
    has lower-cased keys (``headers["authorization"] == "Bearer xoxb-..."``).
    """

    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    path: str = ""
    raw_body: str = ""

    @property
    def token(self) -> str | None:
        """The token of the call: from ``Authorization: Bearer ...`` or the ``token`` arg."""
        auth = self.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:]
        token = self.args.get("token")
        return token if isinstance(token, str) else None


@dataclass(slots=True)
class _Scripted:
    body: Any
    status: int
    headers: dict[str, str]
    times: int | None
    used: int = 0


@dataclass(frozen=True, slots=True)
class HttpReply:
    """What ``http_post`` got back."""

    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


def _matches(predicate: Callable[[Call], bool] | None, call: Call) -> bool:
    """A predicate that raises (say KeyError on a missing arg) does not match."""
    if predicate is None:
        return True
    try:
        return bool(predicate(call))
    except (KeyError, IndexError, TypeError, AttributeError, ValueError):
        return False


def _decode_json_fields(args: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in args.items():
        if key in JSON_FIELDS and isinstance(value, str) and value[:1] in ("[", "{"):
            try:
                out[key] = json.loads(value)
                continue
            except ValueError:
                pass
        out[key] = value
    return out


def _parse_args(query: str, body: str, content_type: str) -> dict[str, Any]:
    args: dict[str, Any] = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    if body:
        if content_type.startswith("application/json") or body.lstrip().startswith("{"):
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = {"_raw": body}
            if isinstance(parsed, dict):
                args.update(parsed)
            else:
                args["_json"] = parsed
        else:
            args.update(urllib.parse.parse_qsl(body, keep_blank_values=True))
    return _decode_json_fields(args)


class FakeSlackAPI:
    """Fake Slack Web API server. Use as ``with FakeSlackAPI() as api: ...``.

    Attributes:
        base_url: ``http://127.0.0.1:PORT/api/`` for ``WebClient(base_url=...)``.
        users: per-user overrides merged into the ``users.info`` answer,
            e.g. ``api.users["U1"] = {"tz": "America/New_York"}``.
        socket: the attached ``FakeSlackSocket`` (``apps.connections.open`` returns its URL).
        rules: what Slack refuses (``tests/fakes/slack_rules.py``): channels the bot is
            not in, archived or unknown channels, scopes the manifest lacks, revoked tokens,
            bot users, used or expired triggers and response URLs, Block Kit limits.
    """

    def __init__(
        self,
        *,
        team_id: str = "T1",
        team_name: str = "Test",
        bot_user_id: str = "UBOT",
        bot_id: str = "B1",
        app_id: str = "A1",
        enterprise_id: str | None = None,
    ) -> None:
        self.team_id = team_id
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.enterprise_id = enterprise_id
        self.users: dict[str, dict[str, Any]] = {}
        self.socket: FakeSlackSocket | None = None
        self.rules = SlackRules(bot_user_id)
        self.refusals: list[tuple[str, str]] = []  # (method, error) of every refused call
        self._calls: list[Call] = []
        # when each method (or response URL) was first called, ``time.monotonic()``: the
        # system-wide clock, so a load generator in another process can compare (bench/)
        self.first_called: dict[str, float] = {}
        self._cond = threading.Condition()
        self._scripted: dict[str, list[_Scripted]] = {}
        self._ts = itertools.count(1)
        self._view_ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> FakeSlackAPI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                fake._handle(self)

            def do_POST(self) -> None:
                fake._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeSlackAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeSlackAPI is not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "default") -> str:
        """A response_url on this server; POSTs to it are recorded as ``response_url:<name>``."""
        return f"http://127.0.0.1:{self.port}/response/{urllib.parse.quote(name, safe='')}"

    def attach_socket(self, socket: FakeSlackSocket | None) -> None:
        """Make ``apps.connections.open`` return ``socket.url``."""
        self.socket = socket

    # ---------------------------------------------------------------- recording

    @property
    def calls(self) -> list[Call]:
        """A snapshot of every call recorded so far, in arrival order."""
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self._calls if c.method == method]

    def mark(self) -> int:
        """How many calls are recorded so far (``record_ack(..., at=mark)``)."""
        with self._cond:
            return len(self._calls)

    def record_ack(self, name: str, body: Mapping[str, Any], at: int | None = None) -> Call:
        """Record a message an app sent in its acknowledgement (a slash command answered
        there) as ``ack:<name>``; Slack checks its blocks as it checks a response_url's.
        ``at``: where the request began (``mark()``), so the acknowledgement comes before
        the follow-ups the app posted while the test was still reading it."""
        call = Call(method=f"ack:{name}", args=dict(body), headers={})
        problem = self.rules.ack(body)
        with self._cond:
            if problem:
                self.refusals.append((call.method, problem))
            self._calls.insert(len(self._calls) if at is None else at, call)
            self._cond.notify_all()
        return call

    def clear(self) -> None:
        """Forget recorded calls (scripted responses are kept)."""
        with self._cond:
            self._calls.clear()

    def wait_for(
        self,
        method: str,
        timeout: float = 5.0,
        predicate: Callable[[Call], bool] | None = None,
        count: int = 1,
    ) -> list[Call]:
        """Block until ``count`` calls to ``method`` (matching ``predicate``) were recorded.

        Returns every matching call recorded so far (at least ``count``). Raises
        AssertionError, listing the calls seen, on timeout.
        """

        def matching() -> list[Call]:
            return [c for c in self._calls if c.method == method and _matches(predicate, c)]

        with self._cond:
            found = self._cond.wait_for(lambda: len(matching()) >= count, timeout=timeout)
            result = matching()
            if not found:
                seen = "\n  ".join(f"{c.method} {c.args}" for c in self._calls) or "(none)"
                raise AssertionError(
                    f"expected {count} call(s) to {method!r}, got {len(result)} "
                    f"within {timeout}s; calls seen:\n  {seen}"
                )
            return result

    async def wait_for_async(
        self,
        method: str,
        timeout: float = 5.0,
        predicate: Callable[[Call], bool] | None = None,
        count: int = 1,
    ) -> list[Call]:
        """``wait_for`` for async tests (AsyncApp): waits in a worker thread, so the event
        loop keeps running the listeners that make the calls. Calling the blocking
        ``wait_for`` from a coroutine would stall those listeners until it times out."""
        return await asyncio.to_thread(self.wait_for, method, timeout, predicate, count)

    # ---------------------------------------------------------------- scripting

    def set_response(
        self,
        method: str,
        body: Any,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        times: int | None = None,
    ) -> None:
        """Script the answer to ``method`` (or ``"response_url:<name>"``).

        ``body`` is a dict/list (sent as JSON), a str (sent as text/plain), or a callable
        ``(Call) -> dict`` computed per call. ``times=None`` means for every later call;
        otherwise the answer is used ``times`` times, then the next scripted answer (or
        the default one) applies. Scripts for one method are used in the order given.
        Example: ``api.set_response("chat.postMessage", {"ok": False, "error":
        "ratelimited"}, status=429, headers={"Retry-After": "0"}, times=1)``.
        """
        with self._cond:
            self._scripted.setdefault(method, []).append(
                _Scripted(body=body, status=status, headers=dict(headers or {}), times=times)
            )

    def clear_responses(self, method: str | None = None) -> None:
        with self._cond:
            if method is None:
                self._scripted.clear()
            else:
                self._scripted.pop(method, None)

    def add_channel(self, channel_id: str, **kwargs: Any) -> FakeChannel:
        """Describe a conversation: ``private``, ``archived``, ``exists``, ``members``."""
        return self.rules.add_channel(channel_id, **kwargs)

    def rate_limit(self, method: str, *, times: int = 1, retry_after: int = 0) -> None:
        """Answer ``method`` with HTTP 429 ``ratelimited`` and ``Retry-After`` (seconds),
        ``times`` times (https://docs.slack.dev/apis/web-api/rate-limits)."""
        self.set_response(
            method,
            {"ok": False, "error": "ratelimited"},
            status=429,
            headers={"Retry-After": str(retry_after)},
            times=times,
        )

    # ---------------------------------------------------------------- request builders

    def slash_command_body(self, text: str = "", **kwargs: Any) -> str:
        """Like module ``slash_command_body`` but response_url defaults to this server."""
        kwargs.setdefault("response_url", self.response_url("command"))
        kwargs.setdefault("team_id", self.team_id)
        return slash_command_body(text, **kwargs)

    def slash_command_fields(self, text: str = "", **kwargs: Any) -> dict[str, str]:
        kwargs.setdefault("response_url", self.response_url("command"))
        kwargs.setdefault("team_id", self.team_id)
        return slash_command_fields(text, **kwargs)

    # ---------------------------------------------------------------- handling

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        # uploads are binary (files_upload_v2 posts the bytes): keep them readable as text
        raw = h.rfile.read(length).decode("utf-8", "replace") if length else ""
        headers = {k.lower(): v for k, v in h.headers.items()}
        content_type = headers.get("content-type", "")
        path = parsed.path
        if path.startswith("/api/"):
            method = path[len("/api/") :]
        elif path.startswith("/response/"):
            method = "response_url:" + urllib.parse.unquote(path[len("/response/") :])
        else:
            method = "unknown:" + path
        args = _parse_args(parsed.query, raw, content_type)
        call = Call(method=method, args=args, headers=headers, path=path, raw_body=raw)

        status, out_headers, body = self._answer(call)
        if isinstance(body, str):
            payload = body.encode("utf-8")
            out_headers.setdefault("Content-Type", "text/plain; charset=utf-8")
        else:
            payload = json.dumps(body).encode("utf-8")
            out_headers.setdefault("Content-Type", "application/json; charset=utf-8")
        # Record before answering: a client that got the answer sees the call recorded.
        with self._cond:
            self._calls.append(call)
            self.first_called.setdefault(method, time.monotonic())
            self._cond.notify_all()
        h.send_response(status)
        for k, v in out_headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        h.wfile.write(payload)

    def _answer(self, call: Call) -> tuple[int, dict[str, str], Any]:
        with self._cond:
            script = None
            for s in self._scripted.get(call.method, []):
                if s.times is None or s.used < s.times:
                    s.used += 1
                    script = s
                    break
        if script is not None:
            body = script.body(call) if callable(script.body) else script.body
            return script.status, dict(script.headers), body
        if call.method.startswith("response_url:"):
            name = call.method.partition(":")[2]
            refusal = self.rules.response_url(name, call.args)
            if refusal is not None:
                with self._cond:
                    self.refusals.append((call.method, refusal[1]))
                return refusal[0], {}, refusal[1]
            return 200, {}, "ok"
        if call.method.startswith("unknown:"):
            return 404, {}, "not found"
        refused = self.rules.refusal(call.method, call.args, call.token)
        if refused is not None:
            with self._cond:
                self.refusals.append((call.method, str(refused["error"])))
            return 200, {}, refused
        return 200, {}, self._default_body(call)

    def _next_ts(self) -> str:
        return f"{1_700_000_000 + next(self._ts)}.000100"

    def _default_body(self, call: Call) -> dict[str, Any]:
        m, a = call.method, call.args
        ok: dict[str, Any] = {"ok": True}
        if m == "auth.test":
            return {
                **ok,
                "url": f"https://{self.team_name.lower()}.slack.com/",
                "team": self.team_name,
                "user": "leap",
                "team_id": self.team_id,
                "user_id": self.bot_user_id,
                "bot_id": self.bot_id,
                "enterprise_id": self.enterprise_id,
                "is_enterprise_install": False,
            }
        if m == "conversations.open":
            users = str(a.get("users", a.get("user", "U1")))
            first = users.split(",")[0]
            return {**ok, "channel": {"id": "D" + first}}
        if m in ("chat.postMessage", "chat.scheduleMessage", "chat.meMessage"):
            ts = self._next_ts()
            message = {
                "type": "message",
                "text": a.get("text", ""),
                "user": self.bot_user_id,
                "bot_id": self.bot_id,
                "ts": ts,
            }
            if "blocks" in a:
                message["blocks"] = a["blocks"]
            if m == "chat.scheduleMessage":
                return {
                    **ok,
                    "channel": a.get("channel"),
                    "scheduled_message_id": "Q1",
                    "post_at": a.get("post_at"),
                    "message": message,
                }
            return {**ok, "channel": a.get("channel"), "ts": ts, "message": message}
        if m == "chat.postEphemeral":
            return {**ok, "message_ts": self._next_ts()}
        if m == "chat.update":
            return {**ok, "channel": a.get("channel"), "ts": a.get("ts"), "text": a.get("text", "")}
        if m == "chat.delete":
            return {**ok, "channel": a.get("channel"), "ts": a.get("ts")}
        if m in ("views.open", "views.publish", "views.update", "views.push"):
            view = a.get("view")
            view = dict(view) if isinstance(view, dict) else {}
            view_id = a.get("view_id") if m == "views.update" and a.get("view_id") else None
            view.setdefault("id", view_id or f"V{next(self._view_ids)}")
            view.setdefault("team_id", self.team_id)
            view.setdefault("app_id", self.app_id)
            view.setdefault("bot_id", self.bot_id)
            view.setdefault("hash", f"{int(time.time())}.hash")
            view.setdefault("private_metadata", "")
            view.setdefault("callback_id", "")
            view.setdefault("state", {"values": {}})
            if m == "views.publish":
                view.setdefault("type", "home")
            return {**ok, "view": view}
        if m == "users.info":
            user_id = str(a.get("user", "U1"))
            user: dict[str, Any] = {
                "id": user_id,
                "team_id": self.team_id,
                "name": user_id.lower(),
                "real_name": f"User {user_id}",
                "deleted": False,
                "is_bot": False,
                "tz": "Europe/Paris",
                "tz_label": "Central European Time",
                "tz_offset": 3600,
                "locale": "en-US",
                "profile": {
                    "real_name": f"User {user_id}",
                    "display_name": user_id.lower(),
                    "email": f"{user_id.lower()}@example.com",
                },
            }
            user.update(self.users.get(user_id, {}))
            return {**ok, "user": user}
        if m == "conversations.info":
            return {**ok, "channel": self.rules.channel_info(a)}
        if m == "conversations.members":
            return {**ok, "members": self.rules.members(a), "response_metadata": {}}
        if m == "apps.connections.open":
            if self.socket is None:
                return {"ok": False, "error": "fake_no_socket_attached"}
            return {**ok, "url": self.socket.url}
        if m in ("oauth.v2.access", "oauth.v2.exchange"):
            return {
                **ok,
                "app_id": self.app_id,
                "authed_user": {
                    "id": "U1",
                    "scope": "identify",
                    "access_token": "xoxp-fake-user",
                    "token_type": "user",
                },
                "scope": "commands,chat:write,im:write,users:read",
                "token_type": "bot",
                "access_token": "xoxb-fake-installed",
                "bot_user_id": self.bot_user_id,
                "team": {"id": self.team_id, "name": self.team_name},
                "enterprise": (
                    {"id": self.enterprise_id, "name": "Enterprise"} if self.enterprise_id else None
                ),
                "is_enterprise_install": False,
                "incoming_webhook": None,
            }
        if m == "team.info":
            return {
                **ok,
                "team": {
                    "id": self.team_id,
                    "name": self.team_name,
                    "domain": self.team_name.lower(),
                },
            }
        if m == "bots.info":
            return {
                **ok,
                "bot": {
                    "id": self.bot_id,
                    "app_id": self.app_id,
                    "user_id": self.bot_user_id,
                    "name": "leap",
                },
            }
        return ok


# -------------------------------------------------------------------- request builders


def sign(body: str, secret: str, ts: int | None = None) -> dict[str, str]:
    """Slack's signature headers for ``body``: X-Slack-Signature, X-Slack-Request-Timestamp."""
    ts = int(time.time()) if ts is None else ts
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(ts), body=body)
    return {"X-Slack-Signature": signature, "X-Slack-Request-Timestamp": str(ts)}


def signed_headers(
    body: str,
    secret: str,
    ts: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict[str, str]:
    """``sign()`` plus Content-Type: ready for ``BoltRequest(headers=...)`` or ``http_post``."""
    return {"Content-Type": content_type, **sign(body, secret, ts)}


def slash_command_fields(
    text: str = "",
    user_id: str = "U1",
    team_id: str = "T1",
    channel_id: str = "C1",
    command: str = "/leap",
    response_url: str = UNUSED_RESPONSE_URL,
    *,
    user_name: str | None = None,
    channel_name: str | None = None,
    trigger_id: str = "111.222.trigger",
    api_app_id: str = "A1",
    enterprise_id: str | None = None,
    is_enterprise_install: bool = False,
) -> dict[str, str]:
    """The fields Slack sends for a slash command (the Socket Mode ``slash_commands`` payload)."""
    fields = {
        "token": "verification-token",
        "team_id": team_id,
        "team_domain": "test",
        "channel_id": channel_id,
        "channel_name": channel_name
        or ("directmessage" if channel_id.startswith("D") else "general"),
        "user_id": user_id,
        "user_name": user_name or user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "true" if is_enterprise_install else "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }
    if enterprise_id:
        fields["enterprise_id"] = enterprise_id
    return fields


def slash_command_body(
    text: str = "",
    user_id: str = "U1",
    team_id: str = "T1",
    channel_id: str = "C1",
    command: str = "/leap",
    response_url: str = UNUSED_RESPONSE_URL,
    **kwargs: Any,
) -> str:
    """A form-encoded slash command body, as Slack POSTs it to the app."""
    return urllib.parse.urlencode(
        slash_command_fields(text, user_id, team_id, channel_id, command, response_url, **kwargs)
    )


def payload_body(payload: Mapping[str, Any]) -> str:
    """``payload=<urlencoded json>``: how interactivity (actions, views, shortcuts) arrives."""
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


def _user(user_id: str, team_id: str) -> dict[str, str]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id}


def block_actions_payload(
    action_id: str,
    value: str | None = None,
    *,
    user_id: str = "U1",
    team_id: str = "T1",
    channel_id: str = "C1",
    block_id: str = "b1",
    action_type: str = "button",
    selected_option: Mapping[str, Any] | None = None,
    message_ts: str = "1700000000.000100",
    message: Mapping[str, Any] | None = None,
    view: Mapping[str, Any] | None = None,
    response_url: str = UNUSED_RESPONSE_URL,
    trigger_id: str = "111.222.trigger",
    api_app_id: str = "A1",
) -> dict[str, Any]:
    """A ``block_actions`` payload for a click on ``action_id`` in a message.

    Pass ``view=`` (a view dict with ``id``) for a click inside a modal/home tab instead:
    then there is no channel, message or response_url. For a select, pass
    ``action_type="static_select"`` and ``selected_option={"value": ..., "text": ...}``.
    """
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "type": action_type,
        "action_ts": "1700000001.000200",
    }
    if value is not None:
        action["value"] = value
    if selected_option is not None:
        action["selected_option"] = dict(selected_option)
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id, team_id),
        "api_app_id": api_app_id,
        "token": "verification-token",
        "trigger_id": trigger_id,
        "team": {"id": team_id, "domain": "test"},
        "enterprise": None,
        "is_enterprise_install": False,
        "actions": [action],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "V1")}
        payload["view"] = dict(view)
    else:
        payload["container"] = {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
        payload["channel"] = {"id": channel_id, "name": "general"}
        payload["message"] = (
            dict(message)
            if message is not None
            else {
                "type": "message",
                "ts": message_ts,
                "text": "",
                "user": "UBOT",
                "blocks": [],
            }
        )
        payload["response_url"] = response_url
        payload["state"] = {"values": {}}
    return payload


def view_submission_payload(
    callback_id: str,
    values: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    private_metadata: str = "",
    view_id: str = "V1",
    user_id: str = "U1",
    team_id: str = "T1",
    trigger_id: str = "111.222.trigger",
    api_app_id: str = "A1",
    response_urls: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """A ``view_submission`` payload.

    ``values`` maps block_id -> {action_id: value}; a str value becomes
    ``{"type": "plain_text_input", "value": value}``, a dict is used as is (e.g.
    ``{"type": "static_select", "selected_option": {...}}``).
    """
    state: dict[str, dict[str, Any]] = {}
    for block_id, actions in (values or {}).items():
        state[block_id] = {
            action_id: (
                {"type": "plain_text_input", "value": v} if isinstance(v, str) or v is None else v
            )
            for action_id, v in actions.items()
        }
    return {
        "type": "view_submission",
        "team": {"id": team_id, "domain": "test"},
        "user": _user(user_id, team_id),
        "api_app_id": api_app_id,
        "token": "verification-token",
        "trigger_id": trigger_id,
        "enterprise": None,
        "is_enterprise_install": False,
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "blocks": [],
            "state": {"values": state},
            "hash": "1700000000.hash",
            "title": {"type": "plain_text", "text": "Leap"},
            "app_id": api_app_id,
            "bot_id": "B1",
            "root_view_id": view_id,
            "previous_view_id": None,
        },
        "response_urls": response_urls or [],
    }


def shortcut_payload(
    callback_id: str,
    *,
    user_id: str = "U1",
    team_id: str = "T1",
    trigger_id: str = "111.222.trigger",
    api_app_id: str = "A1",
) -> dict[str, Any]:
    """A global ``shortcut`` payload."""
    return {
        "type": "shortcut",
        "token": "verification-token",
        "action_ts": "1700000001.000200",
        "team": {"id": team_id, "domain": "test"},
        "user": _user(user_id, team_id),
        "api_app_id": api_app_id,
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id,
    }


def message_shortcut_payload(
    callback_id: str,
    *,
    message_text: str = "hello",
    message_ts: str = "1700000000.000100",
    user_id: str = "U1",
    team_id: str = "T1",
    channel_id: str = "C1",
    response_url: str = UNUSED_RESPONSE_URL,
    trigger_id: str = "111.222.trigger",
    api_app_id: str = "A1",
) -> dict[str, Any]:
    """A ``message_action`` (message shortcut) payload."""
    return {
        "type": "message_action",
        "token": "verification-token",
        "action_ts": "1700000001.000200",
        "team": {"id": team_id, "domain": "test"},
        "user": _user(user_id, team_id),
        "channel": {"id": channel_id, "name": "general"},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id,
        "response_url": response_url,
        "message_ts": message_ts,
        "message": {"type": "message", "user": user_id, "ts": message_ts, "text": message_text},
        "api_app_id": api_app_id,
    }


def event_payload(
    event: Mapping[str, Any],
    *,
    team_id: str = "T1",
    api_app_id: str = "A1",
    event_id: str = "Ev1",
    bot_user_id: str = "UBOT",
) -> dict[str, Any]:
    """An Events API ``event_callback`` envelope around ``event``.

    Example: ``event_payload({"type": "app_home_opened", "user": "U1", "tab": "home",
    "channel": "DU1"})`` or ``{"type": "message", "channel_type": "im", "user": "U1",
    "text": "hi", "channel": "DU1", "ts": "1.2"}``.
    """
    return {
        "token": "verification-token",
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": {"event_ts": "1700000000.000100", **event},
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1_700_000_000,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def event_body(event: Mapping[str, Any], **kwargs: Any) -> str:
    """``event_payload`` as the JSON body the Events API POSTs."""
    return json.dumps(event_payload(event, **kwargs))


# -------------------------------------------------------------------- serving a bolt app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@contextlib.contextmanager
def serve_bolt_app(app: App, path: str = "/slack/events") -> Iterator[str]:
    """Serve ``app`` over real HTTP on loopback via bolt's WSGI adapter.

    Yields the full URL of ``path`` (``http://127.0.0.1:PORT/slack/events``).
    """
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    server = make_server(
        "127.0.0.1",
        0,
        SlackRequestHandler(app, path=path),
        server_class=_ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def http_post(
    url: str, body: str | bytes, headers: Mapping[str, str] | None = None, timeout: float = 5.0
) -> HttpReply:
    """POST to a loopback URL, ignoring any proxy environment; 4xx/5xx are returned, not raised."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, headers=dict(headers or {}), method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=timeout) as resp:
            return HttpReply(resp.status, dict(resp.headers.items()), resp.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        return HttpReply(e.code, dict(e.headers.items()), e.read().decode("utf-8"))
