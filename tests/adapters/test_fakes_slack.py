"""Smoke tests of the Slack fakes against the real slack-bolt / slack-sdk code."""

from __future__ import annotations

import asyncio
import time

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request import BoltRequest
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import (
    FakeSlackAPI,
    block_actions_payload,
    http_post,
    payload_body,
    serve_bolt_app,
    signed_headers,
)
from tests.fakes.slack_socket import FakeSlackSocket

SECRET = "test-signing-secret"


def _app(api: FakeSlackAPI) -> App:
    app = App(
        client=WebClient(base_url=api.base_url, token="xoxb-test"),
        signing_secret=SECRET,
    )

    @app.command("/leap")
    def leap(ack, command, say, respond, client) -> None:
        ack()
        say(f"said: {command['text']}")
        respond(f"responded: {command['text']}")
        dm = client.conversations_open(users=command["user_id"])
        client.chat_postMessage(channel=dm["channel"]["id"], text="direct")

    @app.action("next")
    def next_step(ack, respond, body) -> None:
        ack()
        respond(f"clicked {body['actions'][0]['value']}")

    return app


def test_auth_test_answered_at_app_creation() -> None:
    with FakeSlackAPI() as api:
        _app(api)
        (call,) = api.wait_for("auth.test")
        assert call.token == "xoxb-test"


def test_slash_command_through_dispatch_records_replies() -> None:
    with FakeSlackAPI() as api:
        app = _app(api)
        body = api.slash_command_body("show maria", user_id="U7")
        resp = app.dispatch(BoltRequest(body=body, headers=signed_headers(body, SECRET)))
        assert resp.status == 200

        posts = api.wait_for("chat.postMessage", count=2)
        by_channel = {c.args["channel"]: c.args for c in posts}
        assert by_channel["C1"]["text"] == "said: show maria"
        assert by_channel["DU7"]["text"] == "direct"
        assert all(c.args.get("team_id") == "T1" for c in posts)
        (reply,) = api.wait_for("response_url:command")
        assert reply.args["text"] == "responded: show maria"


def test_slash_command_over_real_http_and_bad_signatures() -> None:
    with FakeSlackAPI() as api, serve_bolt_app(_app(api)) as url:
        body = api.slash_command_body("hello")
        assert http_post(url, body, signed_headers(body, SECRET)).status == 200
        api.wait_for("chat.postMessage", predicate=lambda c: c.args["text"] == "said: hello")

        assert http_post(url, body, signed_headers(body, "wrong-secret")).status == 401
        stale = int(time.time()) - 10 * 60
        assert http_post(url, body, signed_headers(body, SECRET, ts=stale)).status == 401
        assert (
            http_post(url, body, {"Content-Type": "application/x-www-form-urlencoded"}).status
            == 401
        )


def test_block_action_payload_and_respond() -> None:
    with FakeSlackAPI() as api:
        app = _app(api)
        body = payload_body(
            block_actions_payload("next", "42", response_url=api.response_url("click"))
        )
        resp = app.dispatch(BoltRequest(body=body, headers=signed_headers(body, SECRET)))
        assert resp.status == 200
        (reply,) = api.wait_for("response_url:click")
        assert reply.args["text"] == "clicked 42"


def test_rate_limited_call_is_retried_by_sdk_handler() -> None:
    with FakeSlackAPI() as api:
        api.set_response(
            "chat.postMessage",
            {"ok": False, "error": "ratelimited"},
            status=429,
            headers={"Retry-After": "0"},
            times=1,
        )
        client = WebClient(
            base_url=api.base_url,
            token="xoxb-test",
            retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
        )
        resp = client.chat_postMessage(channel="C1", text="hi")
        assert resp["ok"] is True
        assert len(api.calls_to("chat.postMessage")) == 2


def test_users_info_timezone_is_configurable() -> None:
    with FakeSlackAPI() as api:
        api.users["U2"] = {"tz": "America/New_York"}
        client = WebClient(base_url=api.base_url, token="xoxb-test")
        assert client.users_info(user="U1")["user"]["tz"] == "Europe/Paris"
        assert client.users_info(user="U2")["user"]["tz"] == "America/New_York"


def test_socket_mode_slash_command_is_acked_and_replied() -> None:
    with FakeSlackAPI() as api, FakeSlackSocket(api) as sock:
        handler = SocketModeHandler(_app(api), app_token="xapp-test")
        try:
            handler.connect()
            sock.wait_connected()
            (opened,) = api.wait_for("apps.connections.open")
            assert opened.token == "xapp-test"

            envelope_id = sock.push(
                "slash_commands", api.slash_command_fields("over socket", user_id="U3")
            )
            assert sock.wait_ack(envelope_id) == {"envelope_id": envelope_id}
            api.wait_for("chat.postMessage", predicate=lambda c: c.args["channel"] == "DU3")
            api.wait_for("response_url:command")
        finally:
            sock.close_handler(handler)


def test_async_app_through_async_dispatch() -> None:
    async def scenario(api: FakeSlackAPI) -> None:
        app = AsyncApp(
            client=AsyncWebClient(base_url=api.base_url, token="xoxb-test"),
            signing_secret=SECRET,
        )

        @app.command("/leap")
        async def leap(ack, say, command) -> None:
            await ack()
            await say(f"async: {command['text']}")

        body = api.slash_command_body("hi")
        resp = await app.async_dispatch(
            AsyncBoltRequest(body=body, headers=signed_headers(body, SECRET))
        )
        assert resp.status == 200
        (post,) = await api.wait_for_async("chat.postMessage")
        assert post.args["text"] == "async: hi"

    with FakeSlackAPI() as api:
        asyncio.run(asyncio.wait_for(scenario(api), 10))
