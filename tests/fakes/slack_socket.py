"""A fake Slack Socket Mode server on loopback.

``FakeSlackSocket`` is an aiohttp websocket server running in a background thread with
its own event loop, so it can serve slack-sdk's built-in (threaded, sync) Socket Mode
client that bolt's ``SocketModeHandler`` uses. Attached to a ``FakeSlackAPI``, it makes
``apps.connections.open`` return its ``ws://127.0.0.1:PORT/link/`` URL.

On connect it sends ``{"type": "hello"}``; ``push()`` sends an envelope and
``wait_ack()`` returns the ack the client sent back. The sync client closes its socket
without a close frame: that is tolerated.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.slack_api import FakeSlackAPI

__all__ = ["FakeSlackSocket"]


class FakeSlackSocket:
    """Fake Socket Mode websocket server. Use as ``with FakeSlackSocket(api) as sock: ...``.

    Args:
        api: a started ``FakeSlackAPI`` to attach to (its ``apps.connections.open``
            then answers with ``self.url``); detached again on ``stop()``.
        send_hello: send ``{"type": "hello"}`` to each new connection (Slack does).
    """

    def __init__(
        self, api: FakeSlackAPI | None = None, *, send_hello: bool = True, app_id: str = "A1"
    ) -> None:
        self.api = api
        self.send_hello = send_hello
        self.app_id = app_id
        self._cond = threading.Condition()
        self._received: list[dict[str, Any]] = []
        self._connections = 0
        self._open: list[web.WebSocketResponse] = []
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> FakeSlackSocket:
        loop = asyncio.new_event_loop()
        self._loop = loop
        started = threading.Event()
        self._thread = threading.Thread(
            target=self._run_loop, args=(loop, started), name="fake-slack-socket", daemon=True
        )
        self._thread.start()
        started.wait(5)
        asyncio.run_coroutine_threadsafe(self._start_server(), loop).result(5)
        if self.api is not None:
            self.api.attach_socket(self)
        return self

    @staticmethod
    def _run_loop(loop: asyncio.AbstractEventLoop, started: threading.Event) -> None:
        asyncio.set_event_loop(loop)
        loop.call_soon(started.set)
        loop.run_forever()

    async def _start_server(self) -> None:
        app = web.Application()
        app.router.add_get("/link/", self._ws_handler)
        app.router.add_get("/link", self._ws_handler)
        runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._port = runner.addresses[0][1]

    async def _stop_server(self) -> None:
        for ws in list(self._open):
            await ws.close(code=1001, message=b"fake server stopping")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def stop(self) -> None:
        """Stop the server. Close the Socket Mode client first (``handler.close()``):
        a client still connected sees the close frame and tries to reconnect."""
        if self.api is not None and self.api.socket is self:
            self.api.attach_socket(None)
        loop = self._loop
        if loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._stop_server(), loop).result(5)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(5)
            loop.close()
            self._loop = None
            self._thread = None

    def __enter__(self) -> FakeSlackSocket:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeSlackSocket is not started")
        return self._port

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=fake-ticket&app_id={self.app_id}"

    # ---------------------------------------------------------------- websocket

    async def _ws_handler(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._open.append(ws)
        try:
            if self.send_hello:
                await ws.send_str(
                    json.dumps(
                        {
                            "type": "hello",
                            "num_connections": len(self._open),
                            "debug_info": {
                                "host": "fake-slack-socket",
                                "approximate_connection_time": 3600,
                            },
                            "connection_info": {"app_id": self.app_id},
                        }
                    )
                )
            with self._cond:
                self._connections += 1
                self._cond.notify_all()
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    try:
                        data = json.loads(msg.data)
                    except ValueError:
                        data = {"_raw": msg.data}
                    with self._cond:
                        self._received.append(data)
                        self._cond.notify_all()
                elif msg.type in (WSMsgType.ERROR, WSMsgType.CLOSE):
                    break
        except (ConnectionError, asyncio.CancelledError, OSError):
            # The sync slack-sdk client drops the TCP connection without a close frame.
            pass
        finally:
            if ws in self._open:
                self._open.remove(ws)
        return ws

    async def _send(self, text: str) -> None:
        live = [ws for ws in self._open if not ws.closed]
        if not live:
            raise AssertionError("no Socket Mode client is connected to FakeSlackSocket")
        await live[-1].send_str(text)

    async def _close_all(self, code: int) -> None:
        for ws in list(self._open):
            await ws.close(code=code, message=b"closed by fake")

    def close_connections(self, code: int = 1000, timeout: float = 5.0) -> None:
        """Send a close frame to every connected client (a client with auto-reconnect on
        will fetch a new URL from ``apps.connections.open`` and reconnect)."""
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._close_all(code), self._loop).result(timeout)

    def close_handler(self, handler: Any, timeout: float = 5.0) -> None:
        """Close a bolt ``SocketModeHandler`` (or a slack-sdk builtin ``SocketModeClient``)
        in milliseconds instead of ~3 s.

        ``handler.close()`` alone blocks until the client's pending ``recv`` times out
        (3 s), then until its message thread's ``queue.get(timeout=1)`` returns. Here
        auto-reconnect is turned off, the server sends a close frame (which ends the
        client's receive loop), the message thread is woken, then ``close()`` runs.
        """
        client = getattr(handler, "client", handler)
        client.auto_reconnect_enabled = False
        client.default_auto_reconnect_enabled = False
        try:
            self.close_connections(timeout=timeout)
        finally:
            client.closed = True
            client.message_queue.put(None)  # wakes process_messages(); None is skipped
            handler.close()

    # ---------------------------------------------------------------- test API

    @property
    def connections(self) -> int:
        """How many websocket connections were accepted so far (reconnects count)."""
        with self._cond:
            return self._connections

    @property
    def received(self) -> list[dict[str, Any]]:
        """Snapshot of every JSON message the client sent (acks), in order."""
        with self._cond:
            return list(self._received)

    def wait_connected(self, timeout: float = 5.0, count: int = 1) -> None:
        """Block until ``count`` connections were accepted (hello already sent)."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._connections >= count, timeout=timeout):
                raise AssertionError(
                    f"expected {count} Socket Mode connection(s), got {self._connections} "
                    f"within {timeout}s"
                )

    def send_raw(self, message: Mapping[str, Any] | str, timeout: float = 5.0) -> None:
        """Send any message to the newest connected client, e.g.
        ``{"type": "disconnect", "reason": "refresh_requested"}``."""
        if self._loop is None:
            raise RuntimeError("FakeSlackSocket is not started")
        text = message if isinstance(message, str) else json.dumps(message)
        asyncio.run_coroutine_threadsafe(self._send(text), self._loop).result(timeout)

    def push(
        self,
        envelope_type: str,
        payload: Mapping[str, Any],
        *,
        envelope_id: str | None = None,
        accepts_response_payload: bool = True,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
    ) -> str:
        """Send an envelope (``"slash_commands"``, ``"interactive"``, ``"events_api"``) to
        the newest connected client; returns its ``envelope_id``.

        ``payload`` is what Slack would POST over HTTP, as a dict: for slash commands the
        form fields (``api.slash_command_fields(...)``), for interactive the payload JSON
        (``block_actions_payload(...)``), for events the ``event_payload(...)``.
        """
        envelope_id = envelope_id or f"env-{next(self._ids)}"
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": envelope_type,
            "payload": dict(payload),
            "accepts_response_payload": accepts_response_payload,
        }
        if retry_attempt is not None:
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason or "timeout"
        self.send_raw(envelope)
        return envelope_id

    async def wait_connected_async(self, timeout: float = 5.0, count: int = 1) -> None:
        """``wait_connected`` for async tests (waits in a worker thread)."""
        await asyncio.to_thread(self.wait_connected, timeout, count)

    async def wait_ack_async(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """``wait_ack`` for async tests (waits in a worker thread)."""
        return await asyncio.to_thread(self.wait_ack, envelope_id, timeout)

    def wait_ack(
        self,
        envelope_id: str,
        timeout: float = 5.0,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
    ) -> dict[str, Any]:
        """Block until the client acked ``envelope_id``; returns the ack JSON, e.g.
        ``{"envelope_id": "env-1"}`` or ``{"envelope_id": ..., "payload": {...}}``."""

        def find() -> dict[str, Any] | None:
            for m in self._received:
                if m.get("envelope_id") == envelope_id and (predicate is None or predicate(m)):
                    return m
            return None

        with self._cond:
            if not self._cond.wait_for(lambda: find() is not None, timeout=timeout):
                raise AssertionError(
                    f"no ack for envelope {envelope_id!r} within {timeout}s; "
                    f"received: {self._received}"
                )
            ack = find()
            assert ack is not None
            return ack
