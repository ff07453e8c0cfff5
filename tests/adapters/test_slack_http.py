"""HTTP mode over real loopback HTTP: signatures, retries, rate limits, and
``leap slack --http`` itself as a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from adapters.slack.server import HttpServer
from bot.models import UserKey
from storage.tinydb_store import TinyDBStore
from tests.adapters.test_slack_rig import SECRET, TOKEN, Rig, replies, texts
from tests.fakes.slack_api import FakeSlackAPI, HttpReply, event_body, http_post, signed_headers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def served(api: FakeSlackAPI, tmp_path: Path) -> Iterator[tuple[Rig, str]]:
    rig = Rig(api, tmp_path / "data")
    with HttpServer(rig.app, "127.0.0.1", 0) as server:
        yield rig, server.url
    rig.close()


@contextmanager
def leap_slack_http(
    api: FakeSlackAPI, data: Path
) -> Iterator[tuple[subprocess.Popen[str], str, str]]:
    """``leap slack --http`` as a user starts it (front and worker), on ``data`` and the
    fake Slack API: the process, its events URL once it serves, and what it logged until
    then. Killed at the end if it still runs (and after 60 s in any case)."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "LEAP_"))},
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api.base_url,
        "HOST": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PORT", None)
    command = ["-m", "adapters.cli", "slack", "--http", "--port", "0", "--data", str(data)]
    proc = subprocess.Popen(
        [sys.executable, *command],
        cwd=data.parent,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    try:
        assert proc.stderr is not None
        seen = ""
        while not (found := re.search(r"serving Slack on (http://\S+/slack/events)", seen)):
            line = proc.stderr.readline()
            assert line, f"leap slack stopped: {seen}"
            seen += line
        yield proc, found.group(1), seen
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def signed_post(
    url: str,
    body: str,
    secret: str = SECRET,
    ts: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
    extra: dict[str, str] | None = None,
) -> HttpReply:
    headers = {**signed_headers(body, secret, ts, content_type), **(extra or {})}
    return http_post(url, body, headers)


def http_get(url: str, headers: dict[str, str] | None = None) -> HttpReply:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=5) as answer:
            return HttpReply(answer.status, dict(answer.headers.items()), answer.read().decode())
    except urllib.error.HTTPError as err:
        return HttpReply(err.code, dict(err.headers.items()), err.read().decode())


def test_a_signed_command_is_stored_when_acked_and_answered_in_the_ack(
    served: tuple[Rig, str], api: FakeSlackAPI
) -> None:
    rig, url = served
    body = api.slash_command_body("add Maria Lopez at Acme")
    answer = signed_post(url, body)
    assert answer.status == 200
    assert rig.contacts() == ["Maria Lopez"]  # stored before Slack heard 200
    welcome = answer.json()  # a first use: the welcome rides in the acknowledgement
    assert welcome["response_type"] == "ephemeral" and "I'm Leap" in welcome["text"]
    reply = api.wait_for("response_url:command", count=1)[-1]
    assert "Added Maria Lopez (Acme)" in texts(reply)


def test_a_command_that_mentions_payload_is_still_a_command(
    served: tuple[Rig, str], api: FakeSlackAPI
) -> None:
    rig, url = served
    body = api.slash_command_body("add Pat Lee; role payload engineer")
    assert signed_post(url, body).status == 200
    reply = api.wait_for("response_url:command", count=1)[-1]
    assert "Added Pat Lee" in texts(reply) and "payload engineer" in texts(reply)
    assert rig.contacts() == ["Pat Lee"]


@pytest.mark.parametrize("forgery", ["wrong secret", "replayed timestamp", "no signature"])
def test_a_request_that_is_not_from_slack_is_refused(
    served: tuple[Rig, str], api: FakeSlackAPI, forgery: str
) -> None:
    rig, url = served
    body = api.slash_command_body("add Mallory")
    if forgery == "wrong secret":
        answer = signed_post(url, body, secret="not-the-secret")
    elif forgery == "replayed timestamp":
        answer = signed_post(url, body, ts=int(time.time()) - 6 * 60)
    else:
        answer = http_post(url, body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 401
    rig.idle()
    assert rig.contacts() == [] and not replies(api)


def test_a_retried_event_is_processed_once(served: tuple[Rig, str], api: FakeSlackAPI) -> None:
    rig, url = served
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "DU1",
        "user": "U1",
        "text": "add Maria Lopez",
        "ts": "1.0",
    }
    body = event_body(event, event_id="EvRetry")
    assert signed_post(url, body, content_type="application/json").status == 200
    for attempt in (1, 2):
        retry = signed_post(
            url,
            body,
            content_type="application/json",
            extra={"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"},
        )
        assert retry.status == 200
    rig.idle()
    assert rig.contacts() == ["Maria Lopez"]
    added = [c for c in api.calls_to("chat.postMessage") if "Added Maria" in texts(c)]
    assert len(added) == 1


def test_rate_limited_answers_are_retried_after_retry_after(
    served: tuple[Rig, str], api: FakeSlackAPI
) -> None:
    rig, url = served
    limited = {"ok": False, "error": "ratelimited"}
    api.set_response("chat.postMessage", limited, status=429, headers={"Retry-After": "0"}, times=1)
    api.set_response(
        "response_url:command", "rate limited", status=429, headers={"Retry-After": "0"}, times=1
    )
    assert signed_post(url, api.slash_command_body("help", channel_id="DU1")).status == 200
    # A new user elsewhere: the welcome rides in the ack, help follows by response_url.
    assert signed_post(url, api.slash_command_body("help", user_id="U2")).status == 200
    rig.idle()
    posts = api.calls_to("chat.postMessage")
    assert len(posts) == 3  # welcome refused then retried, then help
    assert "Leap commands" in texts(posts[-1])
    responses = replies(api)
    assert len(responses) == 2 and texts(responses[0]) == texts(responses[1])
    assert "Leap commands" in texts(responses[1])


def test_health_check_answers_ok(served: tuple[Rig, str]) -> None:
    _rig, url = served
    assert http_get(url.replace("/slack/events", "/")).body == "ok\n"
    assert http_get(url.replace("/slack/events", "/nothing")).status == 404


def test_leap_slack_http_answers_a_signed_add_and_stores_the_contact(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with leap_slack_http(api, data) as (proc, url, started):
        assert "WARNING" not in started, started
        body = api.slash_command_body("add Maria Lopez at Acme; role UX researcher")
        sent = time.perf_counter()
        answer = signed_post(url, body)
        acked = time.perf_counter() - sent
        assert answer.status == 200 and acked < 3.0  # Slack's limit
        assert answer.body == ""  # acknowledged once in the inbox; answered by the worker
        answered = api.wait_for("response_url:command", count=2, timeout=10)
        assert "I'm Leap" in texts(answered[0])  # the welcome, then the answer
        assert "Added Maria Lopez (Acme)" in texts(answered[1])
        proc.terminate()
        assert proc.wait(timeout=15) == 0
        # everything acknowledged was handled: no request is left in the inbox
        assert os.listdir(tmp_path / "data-slack-inbox") == ["inbox.lock"]
        assert proc.stderr is not None and TOKEN not in (proc.stderr.read() or "")
    store = TinyDBStore(str(data))
    try:
        (maria,) = store.contacts(UserKey("slack", "T1", "U1"))
        assert maria.name == "Maria Lopez" and maria.role == "UX researcher"
    finally:
        store.close()
