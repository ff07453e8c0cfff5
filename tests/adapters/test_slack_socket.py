"""Socket Mode against a loopback websocket fake: acks, replies, modals, event retries, and
``slack_main`` itself in Socket Mode."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from adapters.config import Env
from adapters.slack.main import slack_main
from bot.models import UserKey
from storage.tinydb_store import TinyDBStore
from tests.adapters.test_slack_rig import TOKEN, Rig, runtime_restored, texts
from tests.fakes.slack_api import FakeSlackAPI, event_payload, view_submission_payload
from tests.fakes.slack_socket import FakeSlackSocket

APP_TOKEN = "xapp-1-A1-leaptest"


@pytest.fixture
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def connected(api: FakeSlackAPI, tmp_path: Path) -> Iterator[tuple[Rig, FakeSlackSocket]]:
    rig = Rig(api, tmp_path / "data")
    with FakeSlackSocket(api) as sock:
        handler = SocketModeHandler(rig.app, app_token=APP_TOKEN)
        handler.connect()  # type: ignore[no-untyped-call]
        sock.wait_connected()
        try:
            yield rig, sock
        finally:
            sock.close_handler(handler)
    rig.close()


def test_a_command_is_acked_at_once_and_answered(
    connected: tuple[Rig, FakeSlackSocket], api: FakeSlackAPI
) -> None:
    _rig, sock = connected
    envelope = sock.push("slash_commands", api.slash_command_fields("add Maria Lopez at Acme"))
    ack = sock.wait_ack(envelope)
    assert ack["envelope_id"] == envelope
    assert "I'm Leap" in ack["payload"]["text"]  # a first use: the welcome rides in the ack
    reply = api.wait_for("response_url:command", count=1)[-1]
    assert "Added Maria Lopez (Acme)" in texts(reply)
    assert api.calls_to("apps.connections.open")[0].token == APP_TOKEN


def test_modal_errors_travel_in_the_ack(
    connected: tuple[Rig, FakeSlackSocket], api: FakeSlackAPI
) -> None:
    rig, sock = connected
    sock.wait_ack(sock.push("slash_commands", api.slash_command_fields("add")))
    view = api.wait_for("views.open")[0].args["view"]
    state = {"name": {"v": "y" * 90}}
    envelope = sock.push(
        "interactive",
        view_submission_payload("leap-form", state, private_metadata=view["private_metadata"]),
    )
    ack = sock.wait_ack(envelope)
    assert ack["payload"]["response_action"] == "errors"
    assert "name" in ack["payload"]["errors"]
    rig.idle()
    assert rig.contacts() == []


def test_a_retried_event_is_processed_once(
    connected: tuple[Rig, FakeSlackSocket], api: FakeSlackAPI
) -> None:
    rig, sock = connected
    event = event_payload(
        {
            "type": "message",
            "channel_type": "im",
            "channel": "DU1",
            "user": "U1",
            "text": "add Sam Lee",
            "ts": "1.0",
        },
        event_id="EvSock",
    )
    sock.wait_ack(sock.push("events_api", event))
    sock.wait_ack(sock.push("events_api", event, retry_attempt=1, retry_reason="timeout"))
    rig.idle()
    assert rig.contacts() == ["Sam Lee"]
    assert len([c for c in api.calls_to("chat.postMessage") if "Added Sam" in texts(c)]) == 1


def test_slack_main_runs_socket_mode_until_stopped(api: FakeSlackAPI, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = Env(
        {"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": api.base_url}
    )
    args = argparse.Namespace(http=False, port=None, data=str(data))
    stop = threading.Event()
    result: list[int] = []
    with runtime_restored(), FakeSlackSocket(api) as sock:
        runner = threading.Thread(target=lambda: result.append(slack_main(args, env, stop)))
        runner.start()
        try:
            sock.wait_connected()
            fields = api.slash_command_fields("add Ana Ruiz at City Hospital")
            sock.wait_ack(sock.push("slash_commands", fields))
            api.wait_for("response_url:command", count=1)
        finally:
            sock.close_connections()
            stop.set()
            runner.join(15)
    assert result == [0]
    store = TinyDBStore(str(data))  # the folder lock was released: the store was closed
    try:
        assert [c.name for c in store.contacts(UserKey("slack", "T1", "U1"))] == ["Ana Ruiz"]
    finally:
        store.close()
