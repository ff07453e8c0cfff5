"""Delivery runs on PostgreSQL that outlast the claim timeout: two "processes" (separate
``PostgresStore`` objects with their own pools, each with its own runner) and a platform so
slow that one run takes longer than the claim timeout. Each nudge is sent exactly once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest

from adapters.scheduler import NudgeRunner
from bot.clock import FakeClock, SequentialIds
from bot.core import Leap
from bot.models import UserKey
from bot.replies import DirectMessage
from storage.postgres_store import PostgresStore
from tests.contract.postgres_support import new_schema, require_url
from tests.contract.samples import T0, nudge

USERS = 200
SEND_TAKES = timedelta(seconds=3)  # a slow platform: 200 sends take 10 minutes


@pytest.fixture
def opener() -> Iterator[Callable[[], PostgresStore]]:
    url, schema = require_url(), new_schema()
    opened: list[PostgresStore] = []

    def open_one() -> PostgresStore:
        opened.append(PostgresStore(url, schema))
        return opened[-1]

    yield open_one
    for store in opened:
        store.close()


class Slow:
    """A messenger whose every send takes ``SEND_TAKES`` of the shared fake clock; after a
    while it lets the other process run a whole delivery round (as its timer would)."""

    def __init__(self, clock: FakeClock, log: Counter[tuple[str, str]]) -> None:
        self.clock, self.log = clock, log
        self.meanwhile: Callable[[], object] | None = None
        self.count = 0

    def send(self, message: DirectMessage) -> None:
        self.clock.advance(SEND_TAKES)
        self.count += 1
        for nid in message.nudge_ids:
            self.log[(message.to.user, nid)] += 1
        if self.meanwhile is not None and self.count in (120, 160):
            self.meanwhile()


def test_a_delivery_run_longer_than_the_claim_timeout_doubles_nothing(
    opener: Callable[[], PostgresStore],
) -> None:
    first, second = opener(), opener()
    for i in range(USERS):
        first.save_nudge(
            UserKey("slack", "T1", f"U{i:03d}"),
            nudge("n_1", T0, kind="idle-summary", contact_id=""),
        )
    clock = FakeClock(T0)
    log: Counter[tuple[str, str]] = Counter()
    slow, other = Slow(clock, log), Slow(clock, log)
    runner_a = NudgeRunner(Leap(first, clock, SequentialIds()), slow)
    runner_b = NudgeRunner(Leap(second, clock, SequentialIds()), other)
    slow.meanwhile = lambda: runner_b.deliver_due(clock.now())
    runner_a.deliver_due(T0)
    assert clock.now() - T0 > first.claim_timeout  # the run outlasted the claim timeout
    clock.advance(first.claim_timeout)  # whatever was left claimed and unsent goes stale
    runner_b.deliver_due(clock.now())
    assert other.count > 0  # the second process did take part
    assert len(log) == USERS and max(log.values()) == 1
