"""A Leap Slack app wired to the loopback fake Web API, for the Slack adapter tests.

``Rig`` opens a TinyDB store in a temp folder, builds the real bolt app with
``create_app`` and drives it with signed requests through ``app.dispatch``. Work after the
acknowledgement runs on the adapter's pool: ``rig.idle()`` waits for it (no sleeping).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient

from adapters.pictures import PillowPictures
from adapters.slack.answering import Answering
from adapters.slack.app import create_app
from adapters.slack.debounce import Debouncer
from adapters.slack.deliver import retry_handlers
from adapters.slack.pool import WorkPool
from bot.clock import FakeClock, SequentialIds
from bot.context import Config
from bot.core import Leap
from bot.models import UserKey
from storage.tinydb_store import TinyDBStore
from tests.fakes.slack_api import (
    Call,
    FakeSlackAPI,
    block_actions_payload,
    event_body,
    payload_body,
    signed_headers,
    view_submission_payload,
)

SECRET = "leap-test-signing-secret"
TOKEN = "xoxb-1111-2222-leaptesttoken"
START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


class Rig:
    """One Leap + bolt app on a data folder, talking to ``api``."""

    def __init__(
        self,
        api: FakeSlackAPI,
        folder: Path,
        clock: FakeClock | None = None,
        pool: WorkPool | None = None,
        home: Debouncer | None = None,
    ) -> None:
        self.api = api
        self.folder = folder
        self.store = TinyDBStore(str(folder))
        self.clock = clock or FakeClock(START)
        self.leap = Leap(
            self.store,
            self.clock,
            SequentialIds(),
            Config(default_tz=None),
            pictures=PillowPictures(),
        )
        self.pool = pool or WorkPool(4)
        self.answering = Answering(2)
        client = WebClient(base_url=api.base_url, retry_handlers=retry_handlers())
        self.app: App = create_app(
            self.leap,
            token=TOKEN,
            signing_secret=SECRET,
            client=client,
            pool=self.pool,
            home_debounce=0,  # refresh the App Home at once, so idle() waits for it
            answering=self.answering,
            home=home,
        )

    # -- requests ---------------------------------------------------------------------------
    def dispatch(
        self,
        body: str,
        content_type: str = "application/x-www-form-urlencoded",
        extra: dict[str, str] | None = None,
    ) -> BoltResponse:
        headers = {**signed_headers(body, SECRET, content_type=content_type), **(extra or {})}
        return self.app.dispatch(BoltRequest(body=body, headers=headers))

    def command(
        self,
        text: str,
        *,
        user: str = "U1",
        channel: str = "C1",
        reply_to: str = "command",
        **kwargs: Any,
    ) -> BoltResponse:
        body = self.api.slash_command_body(
            text,
            user_id=user,
            channel_id=channel,
            response_url=self.api.response_url(reply_to),
            **kwargs,
        )
        began = self.api.mark()
        response = self.dispatch(body)
        answered = ack_json(response)
        if answered.get("blocks") or answered.get("text"):  # answered in the acknowledgement
            self.api.record_ack(reply_to, answered, at=began)
        return response

    def click(
        self,
        button: dict[str, Any],
        *,
        user: str = "U1",
        channel: str = "C1",
        reply_to: str = "click",
        **kwargs: Any,
    ) -> BoltResponse:
        payload = block_actions_payload(
            button["action_id"],
            button.get("value"),
            user_id=user,
            channel_id=channel,
            response_url=self.api.response_url(reply_to),
            **kwargs,
        )
        return self.dispatch(payload_body(payload))

    def submit(
        self, view: dict[str, Any], values: dict[str, str], *, user: str = "U1"
    ) -> BoltResponse:
        state = {name: {"v": value} for name, value in values.items()}
        payload = view_submission_payload(
            view["callback_id"], state, private_metadata=view["private_metadata"], user_id=user
        )
        payload["view"]["blocks"] = view["blocks"]
        return self.dispatch(payload_body(payload))

    def event(
        self, event: dict[str, Any], *, event_id: str = "Ev1", retry: int | None = None
    ) -> BoltResponse:
        extra = (
            {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
            if retry is not None
            else None
        )
        return self.dispatch(event_body(event, event_id=event_id), "application/json", extra)

    # -- waiting and reading ------------------------------------------------------------------
    def idle(self) -> None:
        """Wait for answers the core took long over (past the ack), then their delivery."""
        assert self.answering.wait_idle(30.0), "the core did not answer"
        assert self.pool.wait_idle(30.0), "the adapter's work did not finish"

    def contacts(self, user: str = "U1", team: str = "T1") -> list[str]:
        return [c.name for c in self.store.contacts(UserKey("slack", team, user))]

    def close(self) -> None:
        self.idle()
        self.pool.shutdown()
        self.store.close()


@contextmanager
def runtime_restored() -> Iterator[None]:
    """``slack_main`` tunes process-wide settings (thread switching, Slack loggers' levels,
    a redacting filter on root handlers): put them back after a test that runs it."""
    interval = sys.getswitchinterval()
    names = ("slack_bolt", "slack_sdk", "leap.slack.bolt")
    levels = {n: logging.getLogger(n).level for n in names}
    handlers = {h: list(h.filters) for h in logging.getLogger().handlers}
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        for handler, filters in handlers.items():
            handler.filters[:] = filters


def replies(api: FakeSlackAPI, name: str = "command") -> list[Call]:
    """Answers to a request: in its acknowledgement, then through its response_url."""
    return [c for c in api.calls if c.method in (f"ack:{name}", f"response_url:{name}")]


def texts(call: Call) -> str:
    """Every mrkdwn/plain text of a recorded message or view, joined by newlines."""
    blocks = call.args.get("blocks")
    if blocks is None and isinstance(call.args.get("view"), dict):
        blocks = call.args["view"].get("blocks")
    return "\n".join(_walk_texts(blocks or []))


def _walk_texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
            yield node["text"]
        for value in node.values():
            yield from _walk_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_texts(item)


def buttons(call: Call) -> list[dict[str, Any]]:
    """The buttons of a recorded message or view, with ``label`` added for finding them."""
    blocks = call.args.get("blocks") or (call.args.get("view") or {}).get("blocks") or []
    found = []
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("type") == "button":
                found.append({**element, "label": element["text"]["text"]})
    return found


def button(call: Call, label: str) -> dict[str, Any]:
    matches = [b for b in buttons(call) if b["label"].startswith(label)]
    assert matches, f"no button {label!r} in {[b['label'] for b in buttons(call)]}"
    return matches[0]


def ack_json(response: BoltResponse) -> dict[str, Any]:
    return json.loads(response.body) if response.body else {}


def test_rig_answers_a_command_and_closes(tmp_path: Path) -> None:
    with FakeSlackAPI() as api:
        rig = Rig(api, tmp_path / "data")
        try:
            assert rig.command("help").status == 200
            rig.idle()
            welcome, reply = replies(api)
            assert "I'm Leap" in texts(welcome)
            assert "Leap commands" in texts(reply)
            assert reply.args["response_type"] == "ephemeral"
        finally:
            rig.close()
