"""A fake Discord (REST API + gateway) on loopback, for driving the real discord.py code.

``FakeDiscord`` is one aiohttp app on 127.0.0.1 (port 0), run in the test's own event
loop: a REST API under ``/api/v10`` and a gateway websocket at ``/gateway``. While it
runs, ``discord.http.Route.BASE`` and ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``
point at it (saved on start, restored on stop).

The gateway sends HELLO, answers IDENTIFY with READY (carrying ``application.id``) and a
full GUILD_CREATE, answers heartbeats, and lets a test dispatch INTERACTION_CREATE
events built by ``slash_payload`` / ``component_payload`` / ``modal_submit_payload`` /
``autocomplete_payload``. Every REST call is recorded; messages the bot creates get ids
and are kept, so a later component click carries the message (and its components) the
bot really sent.

Close the discord client before stopping the fake: a client whose socket is closed by
the server reconnects.

It is strict: it refuses what Discord refuses, with Discord's status and JSON error code
(https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes):
- 50035 Invalid Form Body, with the failing path, for message, callback, modal and
  command bodies past Discord's limits (the rules and their sources: ``discord_limits``);
- 10062 Unknown interaction (404) for a first response more than 3 s after the
  interaction was created, and 50027 Invalid Webhook Token (401) for follow-ups after
  15 minutes ("Interactions: receiving and responding": the token is valid for 15 minutes,
  the initial response must come within 3 seconds). Time is the fake's own clock
  (``advance``; ``dispatch_interaction(age=…)``): nothing sleeps;
- 40060 Interaction has already been acknowledged (400) for a second initial response;
- 50001 Missing Access / 50013 Missing Permissions (403) in a channel set with ``deny``
  ("Permissions" topic: the bot needs View Channel, Send Messages, and Send Messages in
  Threads inside threads);
- 50007 Cannot send messages to this user (403) for a DM to someone set with ``fail_dm``;
- 429 with ``retry_after`` (seconds, JSON body), ``global`` and a ``Via`` header from
  ``rate_limit`` ("Rate Limits" topic; discord.py treats a 429 without ``Via`` as a
  Cloudflare ban).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import re
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import BodyPartReader, WSMsgType, web

from tests.fakes.discord_limits import (
    check_callback,
    check_commands,
    check_message,
    invalid_form_body,
)

__all__ = [
    "APP_ID",
    "CHANNEL_ID",
    "GUILD_ID",
    "USER_ID",
    "DiscordRequest",
    "FakeDiscord",
]

APP_ID = 1_100_000_000_000_000_001  # also the bot user's id
GUILD_ID = 1_100_000_000_000_000_002
CHANNEL_ID = 1_100_000_000_000_000_003
USER_ID = 1_100_000_000_000_000_010  # the default guild member

EPHEMERAL = 1 << 6
LOADING = 1 << 7
ALL_PERMISSIONS = str(discord.Permissions.all().value)
JOINED_AT = "2024-01-01T00:00:00.000000+00:00"

_OPTION_TYPES: list[tuple[type, int]] = [(bool, 5), (int, 4), (float, 10), (str, 3)]


@dataclass(slots=True)
class DiscordRequest:
    """One REST request the fake received. Unpacks as ``method, path, json``.

    ``path`` is relative to ``/api/v10`` (e.g. ``/channels/123/messages``) without the
    query string; ``json`` is the JSON body (for multipart uploads, the ``payload_json``
    part) or None; ``query`` the query parameters; ``files`` the uploaded file names.
    """

    method: str
    path: str
    json: Any
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.method, self.path, self.json))


@dataclass(slots=True)
class _Scripted:
    method: str
    path_contains: str
    body: Any
    status: int
    headers: dict[str, str]
    times: int | None
    used: int = 0


def _matches(predicate: Callable[[DiscordRequest], bool] | None, req: DiscordRequest) -> bool:
    """A predicate that raises (say KeyError on a missing field) does not match."""
    if predicate is None:
        return True
    try:
        return bool(predicate(req))
    except (KeyError, IndexError, TypeError, AttributeError, ValueError):
        return False


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


def _json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    # Exactly "application/json": discord.py compares the header verbatim, and aiohttp's
    # json_response would add "; charset=utf-8".
    return web.Response(
        body=json.dumps(data).encode("utf-8"),
        status=status,
        headers={"Content-Type": "application/json", **dict(headers or {})},
    )


def _typed_options(
    options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None,
) -> list[dict[str, Any]]:
    if options is None:
        return []
    if isinstance(options, Mapping):
        out = []
        for name, value in options.items():
            kind = next((t for cls, t in _OPTION_TYPES if isinstance(value, cls)), 3)
            out.append({"name": name, "type": kind, "value": value})
        return out
    return [dict(o) for o in options]


class FakeDiscord:
    """Fake Discord REST API + gateway. ``async with FakeDiscord() as fake: ...``.

    Args:
        guild_id: the one guild the bot is in.
        members: guild members besides the bot: ids (int/str) or dicts with ``id`` and
            optional ``username``, ``global_name``, ``bot``, ``roles``, ``nick``.
            Default: one member, ``USER_ID``.
        app_id: application id, also the bot user's id.
        patch: redirect discord.py to this fake while it runs (default True).
    """

    def __init__(
        self,
        *,
        guild_id: int = GUILD_ID,
        members: Sequence[int | str | Mapping[str, Any]] | None = None,
        app_id: int = APP_ID,
        channel_id: int = CHANNEL_ID,
        bot_name: str = "Leap",
        guild_name: str = "Test Guild",
        heartbeat_interval_ms: int = 41_250,
        patch: bool = True,
        token: str | None = None,
    ) -> None:
        self.guild_id = int(guild_id)
        self.app_id = int(app_id)
        self.bot_user_id = int(app_id)
        self.channel_id = int(channel_id)
        self.bot_name = bot_name
        self.guild_name = guild_name
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self._patch_on_start = patch
        self.token = token  # when set, any other bot token gets 401 (None: any token)
        self.app_flags = (
            0  # the application's flags (privileged intents) in /oauth2/applications/@me
        )
        self.users: dict[int, dict[str, Any]] = {}
        self.member_roles: dict[int, list[str]] = {}
        self.member_nicks: dict[int, str | None] = {}
        for m in [USER_ID] if members is None else members:
            self.add_user(m)
        self.bot_user: dict[str, Any] = {
            "id": str(self.bot_user_id),
            "username": bot_name,
            "discriminator": "0000",
            "global_name": None,
            "avatar": None,
            "bot": True,
            "verified": True,
            "mfa_enabled": False,
            "flags": 0,
            "public_flags": 0,
        }
        self.channels: dict[int, dict[str, Any]] = {
            self.channel_id: self._text_channel(self.channel_id, "general")
        }
        self.requests: list[DiscordRequest] = []
        self.gateway_received: list[dict[str, Any]] = []
        self.identify: dict[str, Any] | None = None
        # bulk-overwritten application commands: key None = global, else guild id
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.interactions: dict[int, dict[str, Any]] = {}
        self.dm_channels: dict[int, int] = {}  # user id -> DM channel id
        self._dm_failures: dict[int, tuple[int, int, str]] = {}
        self._original: dict[str, int] = {}  # interaction token -> original response msg id
        self.clock = 0.0  # the fake's own seconds; ``advance`` moves it, nothing sleeps
        self._born: dict[int, float] = {}  # interaction id -> clock when it was created
        self._acked: set[int] = set()  # interactions that got their initial response
        self._denied: dict[int, tuple[int, str]] = {}  # channel id -> (code, message)
        self.refused: list[tuple[DiscordRequest, int, dict[str, Any]]] = []
        self._scripted: list[_Scripted] = []
        self._ids = itertools.count(1_300_000_000_000_000_000)
        self._seq = 0
        self._cond: asyncio.Condition | None = None
        self._ready: asyncio.Event | None = None
        self._ws: web.WebSocketResponse | None = None
        self._send_lock: asyncio.Lock | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._saved: tuple[str, yarl.URL] | None = None
        self.connections = 0

    # ---------------------------------------------------------------- setup helpers

    def add_user(self, member: int | str | Mapping[str, Any]) -> dict[str, Any]:
        """Add a guild member (see ``members`` in the constructor); returns its user object."""
        m: dict[str, Any] = {"id": member} if isinstance(member, int | str) else dict(member)
        uid = int(m["id"])
        user = {
            "id": str(uid),
            "username": m.get("username", f"user{uid % 10_000}"),
            "discriminator": "0",
            "global_name": m.get("global_name"),
            "avatar": None,
            "bot": bool(m.get("bot", False)),
            "public_flags": 0,
            "flags": 0,
        }
        self.users[uid] = user
        self.member_roles[uid] = [str(r) for r in m.get("roles", [])]
        self.member_nicks[uid] = m.get("nick")
        return user

    def user(self, user_id: int | str) -> dict[str, Any]:
        uid = int(user_id)
        if uid == self.bot_user_id:
            return dict(self.bot_user)
        if uid not in self.users:
            self.add_user(uid)
        return dict(self.users[uid])

    def member(self, user_id: int | str, *, with_permissions: bool = False) -> dict[str, Any]:
        uid = int(user_id)
        data: dict[str, Any] = {
            "user": self.user(uid),
            "nick": self.member_nicks.get(uid),
            "avatar": None,
            "roles": list(self.member_roles.get(uid, [])),
            "joined_at": JOINED_AT,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_permissions:
            data["permissions"] = ALL_PERMISSIONS
        return data

    def _text_channel(self, channel_id: int, name: str) -> dict[str, Any]:
        return {
            "id": str(channel_id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": name,
            "position": len(getattr(self, "channels", {})),
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    def add_channel(self, name: str, channel_id: int | None = None) -> int:
        """Add a guild text channel (before ``start()`` to be in GUILD_CREATE); returns its id."""
        cid = int(channel_id) if channel_id is not None else self._next_id()
        self.channels[cid] = self._text_channel(cid, name)
        return cid

    def dm_channel_id(self, user_id: int | str) -> int:
        """The id of the bot's DM channel with ``user_id`` (created on first use)."""
        uid = int(user_id)
        if uid not in self.dm_channels:
            self.dm_channels[uid] = self._next_id()
        return self.dm_channels[uid]

    def dm_channel(self, user_id: int | str) -> dict[str, Any]:
        return {
            "id": str(self.dm_channel_id(user_id)),
            "type": 1,
            "last_message_id": None,
            "recipients": [self.user(user_id)],
            "flags": 0,
        }

    def guild_payload(self) -> dict[str, Any]:
        """The full GUILD_CREATE payload (member_count == len(members): no chunking)."""
        member_ids = [self.bot_user_id, *self.users]
        return {
            "id": str(self.guild_id),
            "name": self.guild_name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(next(iter(self.users), self.bot_user_id)),
            "region": "europe",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500_000,
            "max_video_channel_users": 25,
            "features": [],
            "application_id": None,
            "roles": [
                {
                    "id": str(self.guild_id),
                    "name": "@everyone",
                    "color": 0,
                    "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
                    "hoist": False,
                    "position": 0,
                    "permissions": str(
                        discord.Permissions.general().value | discord.Permissions.text().value
                    ),
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "channels": [dict(c) for c in self.channels.values()],
            "threads": [],
            "members": [self.member(uid) for uid in member_ids],
            "member_count": len(member_ids),
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "large": False,
            "unavailable": False,
            "joined_at": JOINED_AT,
            "lazy": True,
        }

    def _next_id(self) -> int:
        return next(self._ids)

    # ---------------------------------------------------------------- lifecycle

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeDiscord is not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        self._cond = asyncio.Condition()
        self._ready = asyncio.Event()
        self._send_lock = asyncio.Lock()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/gateway/", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._port = runner.addresses[0][1]
        if self._patch_on_start:
            self._apply_patch()
        return self

    async def stop(self) -> None:
        """Close the gateway socket and the server; restore discord.py's URLs."""
        try:
            if self._ws is not None and not self._ws.closed:
                await self._ws.close(code=1000, message=b"fake discord stopping")
            if self._runner is not None:
                await self._runner.cleanup()
                self._runner = None
        finally:
            self._restore_patch()

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _apply_patch(self) -> None:
        if self._saved is None:
            self._saved = (
                discord.http.Route.BASE,
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
            )
        discord.http.Route.BASE = self.base_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    def _restore_patch(self) -> None:
        if self._saved is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None

    @contextlib.contextmanager
    def patch(self) -> Iterator[FakeDiscord]:
        """Point discord.py at this (started) fake inside the block; restore after.
        Only needed with ``FakeDiscord(patch=False)``: ``start()`` patches by default."""
        self._apply_patch()
        try:
            yield self
        finally:
            self._restore_patch()

    @contextlib.asynccontextmanager
    async def running(
        self, client: discord.Client, token: str = "fake-token", timeout: float = 5.0
    ) -> AsyncIterator[discord.Client]:
        """Log ``client`` in, connect it in a task, wait until it is ready; on exit close it
        and await the task (so the fake can stop cleanly afterwards)."""
        await client.login(token)
        task = asyncio.create_task(client.connect(reconnect=False), name="discord-client")
        try:
            await self.wait_ready(timeout)
            await asyncio.wait_for(client.wait_until_ready(), timeout)
            yield client
        finally:
            await client.close()
            with contextlib.suppress(asyncio.CancelledError, discord.ConnectionClosed):
                await asyncio.wait_for(task, timeout)

    # ---------------------------------------------------------------- scripting

    def set_response(
        self,
        method: str,
        path_contains: str,
        body: Any,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        times: int | None = None,
    ) -> None:
        """Script the answer to requests whose method matches (``"*"`` for any) and whose
        path contains ``path_contains``. ``body`` is JSON data or a callable
        ``(DiscordRequest) -> data``. A 429 gets a ``Via`` header unless given (without
        one discord.py treats it as a Cloudflare ban). ``times=None``: forever."""
        hdrs = dict(headers or {})
        if status == 429:
            hdrs.setdefault("Via", "1.1 google")
        self._scripted.append(_Scripted(method.upper(), path_contains, body, status, hdrs, times))

    def advance(self, seconds: float) -> None:
        """Move the fake's clock: interactions age (3 s to answer, 15 min to follow up)."""
        self.clock += seconds

    def deny(self, channel_id: int | str, *, code: int = 50013) -> None:
        """The bot may not post in ``channel_id``: 403 with 50013 Missing Permissions, or
        50001 Missing Access (the bot cannot see the channel)."""
        message = "Missing Permissions" if code == 50013 else "Missing Access"
        self._denied[int(channel_id)] = (code, message)

    def rate_limit(
        self, method: str, path_contains: str, *, retry_after: float = 0.0, times: int = 1
    ) -> None:
        """The next ``times`` matching requests get 429 with ``retry_after`` seconds (keep
        it 0 in tests: discord.py really waits it), ``global`` false and a ``Via`` header."""
        self.set_response(
            method,
            path_contains,
            {"message": "You are being rate limited.", "retry_after": retry_after, "global": False},
            status=429,
            headers={
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset-After": str(retry_after),
                "X-RateLimit-Bucket": "fake-bucket",
                "X-RateLimit-Scope": "user",
                "Retry-After": str(max(0, int(retry_after))),
            },
            times=times,
        )

    def fail_dm(
        self,
        user_id: int | str,
        *,
        code: int = 50007,
        status: int = 403,
        message: str = "Cannot send messages to this user",
    ) -> None:
        """Make messages to ``user_id``'s DM channel fail (default: 403, code 50007)."""
        self._dm_failures[int(user_id)] = (status, code, message)

    # ---------------------------------------------------------------- waiting

    def _matching(
        self,
        method: str | None,
        path_contains: str,
        predicate: Callable[[DiscordRequest], bool] | None,
    ) -> list[DiscordRequest]:
        return [
            r
            for r in self.requests
            if (method in (None, "*") or r.method == method.upper())
            and path_contains in r.path
            and _matches(predicate, r)
        ]

    async def wait_for(
        self,
        method: str | None,
        path_contains: str = "",
        timeout: float = 5.0,
        count: int = 1,
        predicate: Callable[[DiscordRequest], bool] | None = None,
    ) -> list[DiscordRequest]:
        """Wait until ``count`` matching requests were recorded; returns all matching ones.
        ``method`` None or ``"*"`` matches any method. AssertionError on timeout."""
        assert self._cond is not None, "FakeDiscord is not started"
        cond = self._cond

        async def wait() -> None:
            async with cond:
                await cond.wait_for(
                    lambda: len(self._matching(method, path_contains, predicate)) >= count
                )

        try:
            await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            seen = "\n  ".join(f"{r.method} {r.path} {r.json}" for r in self.requests) or "(none)"
            raise AssertionError(
                f"expected {count} {method} request(s) with path containing "
                f"{path_contains!r} within {timeout}s; requests seen:\n  {seen}"
            ) from None
        return self._matching(method, path_contains, predicate)

    async def wait_ready(self, timeout: float = 5.0) -> None:
        """Wait until a client identified and got READY + GUILD_CREATE."""
        assert self._ready is not None, "FakeDiscord is not started"
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"no client completed the gateway handshake in {timeout}s"
            ) from None

    async def _record(self, req: DiscordRequest) -> None:
        assert self._cond is not None
        async with self._cond:
            self.requests.append(req)
            self._cond.notify_all()

    def callbacks(self, interaction_id: int | str | None = None) -> list[dict[str, Any]]:
        """JSON bodies of interaction callbacks, optionally for one interaction."""
        part = (
            f"/interactions/{interaction_id}/" if interaction_id is not None else "/interactions/"
        )
        return [r.json for r in self.requests if r.method == "POST" and part in r.path]

    # ---------------------------------------------------------------- gateway

    async def _send_ws(self, ws: web.WebSocketResponse, payload: Mapping[str, Any]) -> None:
        assert self._send_lock is not None
        async with self._send_lock:
            await ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: Mapping[str, Any]) -> None:
        """Send a DISPATCH (op 0) event ``event`` to the connected client."""
        ws = self._ws
        if ws is None or ws.closed:
            raise AssertionError("no discord client is connected to the fake gateway")
        self._seq += 1
        await self._send_ws(ws, {"op": 0, "s": self._seq, "t": event, "d": dict(data)})

    async def dispatch_interaction(
        self, payload: Mapping[str, Any], *, age: float = 0.0
    ) -> dict[str, Any]:
        """Send INTERACTION_CREATE with ``payload`` (from a ``*_payload`` builder); returns it.
        ``age``: seconds the interaction already lived before it reached the bot (say a
        slow gateway); past 3 its first response gets 10062."""
        data = dict(payload)
        self.interactions[int(data["id"])] = data
        self._born[int(data["id"])] = self.clock - age
        await self.dispatch("INTERACTION_CREATE", data)
        return data

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self._ws = ws
        self.connections += 1
        await self._send_ws(
            ws,
            {
                "op": 10,
                "s": None,
                "t": None,
                "d": {"heartbeat_interval": self.heartbeat_interval_ms},
            },
        )
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                self.gateway_received.append(data)
                await self._on_gateway(ws, data)
        except (ConnectionError, OSError):
            pass
        finally:
            if self._ws is ws:
                self._ws = None
        return ws

    async def _on_gateway(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        op = data.get("op")
        d = data.get("d")
        if op == 1:  # heartbeat
            await self._send_ws(ws, {"op": 11, "s": None, "t": None, "d": None})
        elif op == 2:  # identify
            self.identify = d
            self._seq += 1
            await self._send_ws(
                ws,
                {
                    "op": 0,
                    "s": self._seq,
                    "t": "READY",
                    "d": {
                        "v": 10,
                        "user": dict(self.bot_user),
                        "guilds": [{"id": str(self.guild_id), "unavailable": True}],
                        "session_id": "fake-session",
                        "resume_gateway_url": self.gateway_url,
                        "shard": [0, 1],
                        "application": {"id": str(self.app_id), "flags": 0},
                        "private_channels": [],
                        "relationships": [],
                    },
                },
            )
            await self.dispatch("GUILD_CREATE", self.guild_payload())
            assert self._ready is not None
            self._ready.set()
        elif op == 6:  # resume
            await self.dispatch("RESUMED", {})
        elif op == 8:  # request guild members
            await self.dispatch(
                "GUILD_MEMBERS_CHUNK",
                {
                    "guild_id": str(self.guild_id),
                    "members": [self.member(u) for u in [self.bot_user_id, *self.users]],
                    "chunk_index": 0,
                    "chunk_count": 1,
                    "not_found": [],
                    "presences": [],
                    "nonce": (d or {}).get("nonce"),
                },
            )

    # ---------------------------------------------------------------- interaction payloads

    def _interaction(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        user_id: int | str | None,
        guild_id: int | str | None,
        channel_id: int | str | None,
        dm: bool,
        message: dict[str, Any] | None = None,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        iid = self._next_id()
        uid = int(user_id) if user_id is not None else next(iter(self.users), USER_ID)
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.app_id),
            "type": kind,
            "data": data,
            "token": f"itoken-{iid}",
            "version": 1,
            "locale": locale,
            "app_permissions": ALL_PERMISSIONS,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 26_214_400,
        }
        if dm:
            channel = self.dm_channel(uid)
            payload.update(
                user=self.user(uid),
                channel=channel,
                channel_id=channel["id"],
                context=1,
                authorizing_integration_owners={"0": str(self.guild_id)},
            )
        else:
            gid = int(guild_id) if guild_id is not None else self.guild_id
            cid = int(channel_id) if channel_id is not None else self.channel_id
            channel = dict(self.channels.get(cid) or self._text_channel(cid, f"channel-{cid}"))
            channel["guild_id"] = str(gid)
            channel["permissions"] = ALL_PERMISSIONS
            payload.update(
                guild_id=str(gid),
                guild_locale="en-US",
                guild={"id": str(gid), "locale": "en-US", "features": []},
                member=self.member(uid, with_permissions=True),
                channel=channel,
                channel_id=channel["id"],
                context=0,
                authorizing_integration_owners={"0": str(gid)},
            )
        if message is not None:
            payload["message"] = message
        return payload

    def slash_payload(
        self,
        name: str = "leap",
        options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        subcommand: str | None = None,
        group: str | None = None,
        user_id: int | str | None = None,
        guild_id: int | str | None = None,
        channel_id: int | str | None = None,
        dm: bool = False,
        command_id: int | str | None = None,
        resolved: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """An APPLICATION_COMMAND (type 2) interaction for ``/name [group] [subcommand]``.

        ``options``: a dict name -> value (str/int/float/bool, typed automatically) or a
        list of raw option dicts. They go under ``subcommand`` (and ``group``) when given:
        ``slash_payload("leap", {"who": "maria"}, subcommand="show")`` is ``/leap show
        who:maria``. ``dm=True`` builds a DM interaction (``user``, no guild/member).
        """
        opts = _typed_options(options)
        if subcommand is not None:
            opts = [{"name": subcommand, "type": 1, "options": opts}]
        if group is not None:
            opts = [{"name": group, "type": 2, "options": opts}]
        data: dict[str, Any] = {
            "id": str(command_id if command_id is not None else self._command_id(name)),
            "name": name,
            "type": 1,
            "options": opts,
        }
        if resolved is not None:
            data["resolved"] = dict(resolved)
        if not dm:
            data["guild_id"] = str(guild_id if guild_id is not None else self.guild_id)
        return self._interaction(
            2, data, user_id=user_id, guild_id=guild_id, channel_id=channel_id, dm=dm
        )

    def autocomplete_payload(
        self,
        name: str = "leap",
        focused: str = "",
        value: str = "",
        options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        subcommand: str | None = None,
        group: str | None = None,
        user_id: int | str | None = None,
        guild_id: int | str | None = None,
        dm: bool = False,
    ) -> dict[str, Any]:
        """An APPLICATION_COMMAND_AUTOCOMPLETE (type 4) interaction: the user is typing
        ``value`` into option ``focused`` (other filled ``options`` as in slash_payload)."""
        opts = _typed_options(options)
        opts.append({"name": focused, "type": 3, "value": value, "focused": True})
        payload = self.slash_payload(
            name,
            opts,
            subcommand=subcommand,
            group=group,
            user_id=user_id,
            guild_id=guild_id,
            dm=dm,
        )
        payload["type"] = 4
        return payload

    def _command_id(self, name: str) -> int:
        for cmds in self.commands.values():
            for c in cmds:
                if c.get("name") == name:
                    return int(c["id"])
        return self._next_id()

    def _find_message_with(self, custom_id: str) -> dict[str, Any] | None:
        def has(components: Any) -> bool:
            for c in components or []:
                if c.get("custom_id") == custom_id or has(c.get("components")):
                    return True
                if isinstance(c.get("accessory"), dict) and has([c["accessory"]]):
                    return True
            return False

        for mid in reversed(list(self.messages)):
            if has(self.messages[mid].get("components")):
                return self.messages[mid]
        return None

    def component_payload(
        self,
        custom_id: str,
        message_id: int | str | None = None,
        user_id: int | str | None = None,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        guild_id: int | str | None = None,
        channel_id: int | str | None = None,
        dm: bool = False,
        resolved: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A MESSAGE_COMPONENT (type 3) interaction: a click on ``custom_id``.

        The ``message`` is the one the bot sent (found by ``message_id``, else the latest
        message whose components contain ``custom_id``), so views stored by message id
        and ``DynamicItem``s (which rebuild the view from the message) both work. If no
        such message exists, one with a single button/select is made up. For a select,
        pass ``component_type=3`` and ``values=[...]``.
        """
        msg: dict[str, Any] | None = None
        if message_id is not None:
            msg = self.messages.get(int(message_id))
        else:
            msg = self._find_message_with(custom_id)
        if msg is None:
            mid = int(message_id) if message_id is not None else self._next_id()
            component: dict[str, Any] = {"type": component_type, "custom_id": custom_id}
            if component_type == 2:
                component.update(style=1, label=custom_id)
            else:
                component.update(options=[{"label": v, "value": v} for v in values or []])
            cid = self.dm_channel_id(user_id or USER_ID) if dm else (channel_id or self.channel_id)
            msg = self._message(mid, cid, {"components": [{"type": 1, "components": [component]}]})
        msg = copy.deepcopy(msg)
        msg_channel = int(msg["channel_id"])
        dm_users = [u for u, c in self.dm_channels.items() if c == msg_channel]
        if not dm and dm_users:  # a click on a message the bot sent in a DM
            dm = True
            user_id = user_id if user_id is not None else dm_users[0]
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None or component_type != 2:
            data["values"] = list(values or [])
        if resolved is not None:
            data["resolved"] = dict(resolved)
        if channel_id is None and not dm:
            channel_id = int(msg["channel_id"]) if int(msg["channel_id"]) in self.channels else None
        return self._interaction(
            3, data, user_id=user_id, guild_id=guild_id, channel_id=channel_id, dm=dm, message=msg
        )

    def modal_submit_payload(
        self,
        custom_id: str,
        values: Mapping[str, str],
        *,
        user_id: int | str | None = None,
        guild_id: int | str | None = None,
        channel_id: int | str | None = None,
        dm: bool = False,
        message_id: int | str | None = None,
        labels: bool = False,
    ) -> dict[str, Any]:
        """A MODAL_SUBMIT (type 5) interaction: ``values`` maps each text input's
        custom_id to what the user typed. Inputs come in action rows (type 1), or in
        label components (type 18) with ``labels=True``. ``message_id``: the message the
        modal was opened from, if any."""
        if labels:
            rows = [
                {"type": 18, "component": {"type": 4, "custom_id": k, "value": v}}
                for k, v in values.items()
            ]
        else:
            rows = [
                {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
                for k, v in values.items()
            ]
        message = None
        if message_id is not None and int(message_id) in self.messages:
            message = copy.deepcopy(self.messages[int(message_id)])
        return self._interaction(
            5,
            {"custom_id": custom_id, "components": rows},
            user_id=user_id,
            guild_id=guild_id,
            channel_id=channel_id,
            dm=dm,
            message=message,
        )

    # ---------------------------------------------------------------- REST

    def _message(
        self, mid: int, channel_id: int | str, body: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        body = body or {}
        msg: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(channel_id),
            "type": 0,
            "author": dict(self.bot_user),
            "content": body.get("content") or "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": list(body.get("embeds") or []),
            "pinned": False,
            "flags": int(body.get("flags") or 0),
            "components": list(body.get("components") or []),
            "application_id": str(self.app_id),
        }
        if int(channel_id) in self.channels:
            msg["guild_id"] = str(self.guild_id)
        return msg

    def _store(self, msg: dict[str, Any]) -> dict[str, Any]:
        self.messages[int(msg["id"])] = msg
        return msg

    def _edit(
        self, mid: int, channel_id: int | str, body: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        body = body or {}
        msg = self.messages.get(mid) or self._message(mid, channel_id, {})
        for key in ("content", "embeds", "components", "flags"):
            if key in body and body[key] is not None:
                msg[key] = body[key]
        msg["edited_timestamp"] = _now_iso()
        return self._store(msg)

    def _interaction_by_token(self, token: str) -> dict[str, Any] | None:
        for payload in self.interactions.values():
            if payload.get("token") == token:
                return payload
        return None

    async def _read_body(self, request: web.Request) -> tuple[Any, list[str]]:
        ctype = request.headers.get("Content-Type", "")
        if ctype.startswith("multipart/"):
            data: Any = None
            files: list[str] = []
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                if part.name == "payload_json":
                    data = json.loads(await part.text())
                else:
                    files.append(part.filename or part.name or "")
                    await part.read()
            return data, files
        raw = await request.read()
        if not raw:
            return None, []
        try:
            return json.loads(raw), []
        except ValueError:
            return raw.decode("utf-8", "replace"), []

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, files = await self._read_body(request)
        req = DiscordRequest(
            method=request.method,
            path=path,
            json=body,
            query=dict(request.query),
            headers=dict(request.headers),
            files=files,
        )
        await self._record(req)
        refusal = self._refusal(req)
        if refusal is not None:
            status, data = refusal
            self.refused.append((req, status, data))
            return _json_response(data, status)
        for s in self._scripted:
            if (
                s.method in ("*", req.method)
                and s.path_contains in path
                and (s.times is None or s.used < s.times)
            ):
                s.used += 1
                data = s.body(req) if callable(s.body) else s.body
                if s.status == 204:
                    return web.Response(status=204, headers=s.headers)
                return _json_response(data, s.status, s.headers)
        return self._route(req)

    def _refusal(self, req: DiscordRequest) -> tuple[int, dict[str, Any]] | None:
        """What Discord would refuse in ``req`` (see the module doc), else None."""
        m, p, body = req.method, req.path, req.json
        authorization = req.headers.get("Authorization", "")
        if self.token is not None and authorization not in ("", f"Bot {self.token}"):
            return 401, {"code": 0, "message": "401: Unauthorized"}
        if m == "GET" and (mt := re.fullmatch(r"/channels/(\d+)", p)):
            denied = self._denied.get(int(mt.group(1)))
            if denied is not None and denied[0] == 50001:
                return 403, {"code": 50001, "message": "Missing Access"}
        if m == "POST" and (mt := re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", p)):
            iid = int(mt.group(1))
            born = self._born.get(iid)
            if born is not None and self.clock - born > 3.0:
                return 404, {"code": 10062, "message": "Unknown interaction"}
            if iid in self._acked:
                return 400, {
                    "code": 40060,
                    "message": "Interaction has already been acknowledged.",
                }
            if problems := check_callback(body if isinstance(body, Mapping) else {}):
                return 400, invalid_form_body(problems)
            self._acked.add(iid)
            return None
        if mt := re.fullmatch(r"/webhooks/\d+/([^/]+)(?:/messages/.*)?", p):
            interaction = self._interaction_by_token(mt.group(1))
            born = self._born.get(int(interaction["id"])) if interaction else None
            if born is not None and self.clock - born > 15 * 60:
                return 401, {"code": 50027, "message": "Invalid Webhook Token"}
        if mt := re.fullmatch(r"/channels/(\d+)/messages(?:/\d+)?", p):
            denied = self._denied.get(int(mt.group(1)))
            if denied is not None and m in ("POST", "PATCH"):
                return 403, {"code": denied[0], "message": denied[1]}
        writes_message = (m == "POST" and p.endswith("/messages")) or (
            m in ("POST", "PATCH") and p.startswith("/webhooks/")
        )
        if m == "PATCH" and "/messages/" in p:
            writes_message = True
        if writes_message and (
            problems := check_message(body if isinstance(body, Mapping) else {})
        ):
            return 400, invalid_form_body(problems)
        return None

    def _route(self, req: DiscordRequest) -> web.StreamResponse:
        m, p, body = req.method, req.path, req.json

        if m == "GET" and p == "/users/@me":
            return _json_response(self.bot_user)
        if m == "GET" and p == "/oauth2/applications/@me":
            return _json_response(
                {
                    "id": str(self.app_id),
                    "name": self.bot_name,
                    "icon": None,
                    "description": "",
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": self.user(next(iter(self.users), USER_ID)),
                    "verify_key": "0" * 64,
                    "flags": self.app_flags,
                    "team": None,
                    "bot": dict(self.bot_user),
                    "summary": "",
                    "redirect_uris": [],
                    "interactions_endpoint_url": None,
                }
            )
        if m == "GET" and p in ("/gateway", "/gateway/bot"):
            return _json_response(
                {
                    "url": self.gateway_url,
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 1000,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )

        if mt := re.fullmatch(r"/applications/(\d+)(?:/guilds/(\d+))?/commands", p):
            key = int(mt.group(2)) if mt.group(2) else None
            if m == "PUT":
                if problems := check_commands(body or []):
                    return _json_response(invalid_form_body(problems), 400)
                saved = []
                for cmd in body or []:
                    c = dict(cmd)
                    c.setdefault("id", str(self._command_id_for(key, c["name"])))
                    c["application_id"] = str(self.app_id)
                    c.setdefault("type", 1)
                    c.setdefault("description", "")
                    c.setdefault("version", str(self._next_id()))
                    c.setdefault("default_member_permissions", None)
                    c.setdefault("nsfw", False)
                    if key is not None:
                        c["guild_id"] = str(key)
                    saved.append(c)
                self.commands[key] = saved
                return _json_response(saved)
            if m == "GET":
                return _json_response(self.commands.get(key, []))
            if m == "POST":
                c = dict(body or {})
                c.setdefault("id", str(self._command_id_for(key, c.get("name", ""))))
                c["application_id"] = str(self.app_id)
                c.setdefault("type", 1)
                c.setdefault("description", "")
                c.setdefault("version", str(self._next_id()))
                cmds = [x for x in self.commands.get(key, []) if x.get("name") != c.get("name")]
                self.commands[key] = [*cmds, c]
                return _json_response(c, 201)

        if m == "POST" and (mt := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", p)):
            return self._callback(int(mt.group(1)), mt.group(2), body or {}, req.query)

        if mt := re.fullmatch(r"/webhooks/(\d+)/([^/]+)(?:/messages/(@original|\d+))?", p):
            token, which = mt.group(2), mt.group(3)
            interaction = self._interaction_by_token(token) or {}
            channel_id = interaction.get("channel_id", self.channel_id)
            if which is None and m == "POST":
                msg = self._store(self._message(self._next_id(), channel_id, body))
                if req.query.get("wait") in ("true", "1", "True"):
                    return _json_response(msg)
                return web.Response(status=204)
            if which is not None:
                if which == "@original":
                    mid = self._original.get(token)
                    if mid is None:
                        mid = self._next_id()
                        self._original[token] = mid
                else:
                    mid = int(which)
                if m == "PATCH":
                    return _json_response(self._edit(mid, channel_id, body))
                if m == "GET":
                    msg = self.messages.get(mid) or self._store(self._message(mid, channel_id, {}))
                    return _json_response(msg)
                if m == "DELETE":
                    self.messages.pop(mid, None)
                    return web.Response(status=204)

        if m == "POST" and p == "/users/@me/channels":
            recipient = int((body or {}).get("recipient_id", USER_ID))
            return _json_response(self.dm_channel(recipient))

        if mt := re.fullmatch(r"/channels/(\d+)/messages(?:/(\d+))?", p):
            cid = int(mt.group(1))
            if m == "POST" and mt.group(2) is None:
                for uid, (status, code, message) in self._dm_failures.items():
                    if self.dm_channels.get(uid) == cid:
                        return _json_response({"code": code, "message": message}, status)
                return _json_response(self._store(self._message(self._next_id(), cid, body)))
            if mt.group(2) is not None:
                mid = int(mt.group(2))
                if m == "PATCH":
                    return _json_response(self._edit(mid, cid, body))
                if m == "GET":
                    if mid in self.messages:
                        return _json_response(self.messages[mid])
                    return _json_response({"code": 10008, "message": "Unknown Message"}, 404)
                if m == "DELETE":
                    self.messages.pop(mid, None)
                    return web.Response(status=204)

        if m == "GET" and (mt := re.fullmatch(r"/channels/(\d+)", p)):
            cid = int(mt.group(1))
            if cid in self.channels:
                return _json_response(self.channels[cid])
            for uid, dm_id in self.dm_channels.items():
                if dm_id == cid:
                    return _json_response(self.dm_channel(uid))
            return _json_response({"code": 10003, "message": "Unknown Channel"}, 404)

        if m == "GET" and (mt := re.fullmatch(r"/users/(\d+)", p)):
            return _json_response(self.user(int(mt.group(1))))
        if m == "GET" and (mt := re.fullmatch(r"/guilds/(\d+)/members/(\d+)", p)):
            return _json_response(self.member(int(mt.group(2))))
        if m == "GET" and re.fullmatch(r"/guilds/(\d+)", p):
            return _json_response(self.guild_payload())

        if m == "DELETE":
            return web.Response(status=204)
        return _json_response({})

    def _command_id_for(self, key: int | None, name: str) -> int:
        for c in self.commands.get(key, []):
            if c.get("name") == name:
                return int(c["id"])
        return self._next_id()

    def _callback(
        self, interaction_id: int, token: str, body: Mapping[str, Any], query: Mapping[str, str]
    ) -> web.StreamResponse:
        kind = int(body.get("type", 0))
        data = body.get("data") or {}
        interaction = self.interactions.get(interaction_id) or {}
        channel_id = interaction.get("channel_id", self.channel_id)
        flags = int(data.get("flags") or 0)
        info: dict[str, Any] = {
            "id": str(interaction_id),
            "type": interaction.get("type", 2),
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(flags & EPHEMERAL),
        }
        result: dict[str, Any] = {"interaction": info}
        if kind in (4, 5):  # channel message with source / deferred (thinking)
            mid = self._next_id()
            self._original[token] = mid
            msg_body = dict(data)
            if kind == 5:
                msg_body["flags"] = flags | LOADING
            msg = self._store(self._message(mid, channel_id, msg_body))
            info["response_message_id"] = str(mid)
            result["resource"] = {"type": kind, "message": msg}
        elif kind in (6, 7):  # deferred update / update message
            source = interaction.get("message")
            if source is not None:
                mid = int(source["id"])
                self._original[token] = mid
                self.messages.setdefault(mid, copy.deepcopy(source))
                info["response_message_id"] = str(mid)
                msg = self._edit(mid, channel_id, data) if kind == 7 else self.messages[mid]
                result["resource"] = {"type": kind, "message": msg}
        if query.get("with_response") in ("1", "true", "True"):
            return _json_response(result)
        return web.Response(status=204)
