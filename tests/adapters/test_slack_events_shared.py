"""Two Leap processes behind one request URL, on one PostgreSQL database: Slack's retry of
an event reaches the other process, which must not process it again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from slack_sdk import WebClient

from adapters.slack.app import create_app
from adapters.slack.deliver import retry_handlers
from adapters.slack.pool import WorkPool
from adapters.slack.server import HttpServer
from bot.clock import FakeClock
from bot.core import Leap
from bot.models import UserKey
from storage.postgres_store import PostgresStore
from tests.adapters.test_slack_rig import SECRET, START, TOKEN, texts
from tests.contract.postgres_support import new_schema, require_url
from tests.fakes.slack_api import FakeSlackAPI, event_body, http_post, signed_headers

MARIA = {
    "type": "message",
    "channel_type": "im",
    "channel": "DU1",
    "user": "U1",
    "text": "add Maria Lopez at Acme",
    "ts": "1.0",
}


@pytest.fixture
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


def test_a_retry_that_reaches_the_other_process_is_not_processed_twice(
    api: FakeSlackAPI,
) -> None:
    url, schema = require_url(), new_schema()
    with ExitStack() as stack:
        urls, pools, stores = [], [], []
        for _process in range(2):
            store = PostgresStore(url, schema)
            stack.callback(store.close)
            pool = WorkPool(2)
            stack.callback(pool.shutdown)
            app = create_app(
                Leap(store, FakeClock(START)),
                token=TOKEN,
                signing_secret=SECRET,
                client=WebClient(base_url=api.base_url, retry_handlers=retry_handlers()),
                pool=pool,
            )
            server = stack.enter_context(HttpServer(app, "127.0.0.1", 0))
            urls.append(server.url)
            pools.append(pool)
            stores.append(store)

        body = event_body(MARIA, event_id="EvShared1")
        headers = signed_headers(body, SECRET, content_type="application/json")
        assert http_post(urls[0], body, headers).status == 200
        for attempt, target in ((1, urls[1]), (2, urls[1]), (3, urls[0])):
            retry = {**headers, "X-Slack-Retry-Num": str(attempt)}
            assert (
                http_post(target, body, {**retry, "X-Slack-Retry-Reason": "http_timeout"}).status
                == 200
            )
        for pool in pools:
            assert pool.wait_idle(10.0)

        maria = [c.name for c in stores[1].contacts(UserKey("slack", "T1", "U1"))]
        assert maria == ["Maria Lopez"]
        added = [c for c in api.calls_to("chat.postMessage") if "Added Maria" in texts(c)]
        assert len(added) == 1
        already = [c for c in api.calls_to("chat.postMessage") if "already have" in texts(c)]
        assert already == []  # the other process did not take the retry as a second add
