"""The runner: APScheduler really drives delivery in real time (the only test that uses the
wall clock); channel posts are reported back to the core (on a fake clock)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.messaging import SendError
from adapters.scheduler import NudgeRunner
from bot import groups
from bot.clock import FakeClock, SystemClock
from bot.core import Leap
from bot.models import Group, Nudge, Profile, UserKey
from bot.replies import ChannelPost, DirectMessage
from storage.tinydb_store import TinyDBStore


class Waiting:
    def __init__(self) -> None:
        self.sent: list[DirectMessage] = []
        self.arrived = threading.Event()

    def send(self, message: DirectMessage) -> None:
        self.sent.append(message)
        self.arrived.set()


def test_a_nudge_one_second_away_is_delivered_by_apscheduler(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = TinyDBStore(str(tmp_path / "data"))
    clock = SystemClock()
    user = UserKey("console", "local", "alice")
    now = clock.now()
    store.save_profile(
        user, Profile(created_at=now, tz="UTC", quiet_start="00:00", quiet_end="00:01")
    )
    store.save_nudge(
        user, Nudge("n_user_idle-summary", "idle-summary", now + timedelta(seconds=1), now)
    )
    messenger = Waiting()
    runner = NudgeRunner(Leap(store, clock), messenger, poll=timedelta(hours=1))
    runner.start()
    try:
        assert messenger.arrived.wait(timeout=15), "APScheduler never woke the delivery"
        assert "Two quiet weeks" in messenger.sent[0].message.text
        assert store.nudges(user)[0].sent_at is not None
    finally:
        runner.shutdown()
        store.close()


class Posting:
    """A messenger whose channel posts fail with ``error`` (or go out when it is empty)."""

    def __init__(self, error: str = "") -> None:
        self.error = error
        self.sent: list[DirectMessage] = []
        self.posted: list[ChannelPost] = []

    def send(self, message: DirectMessage) -> None:
        self.sent.append(message)

    def post(self, post: ChannelPost) -> None:
        if self.error:
            raise SendError(self.error)
        self.posted.append(post)


def group_due(tmp_path: Path) -> tuple[TinyDBStore, Leap, FakeClock, UserKey]:
    store = TinyDBStore(str(tmp_path / "data"))
    clock = FakeClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    leap = Leap(store, clock)
    key = UserKey("slack", "T1", "#C1")
    group = Group("C1", "careers", "U_ALICE", clock.now())
    store.save_group(key, group)
    groups.plan(store, key, group, clock.now())
    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))  # Monday 09:00 UTC: the digest
    return store, leap, clock, key


def test_a_failed_channel_post_is_reported_and_the_starter_told(tmp_path: Path) -> None:
    store, leap, clock, key = group_due(tmp_path)
    messenger = Posting("not_in_channel")
    NudgeRunner(leap, messenger).deliver_due(clock.now())
    assert messenger.posted == []
    (told,) = messenger.sent
    assert told.to == UserKey("slack", "T1", "U_ALICE")
    assert "/invite @Leap in #careers" in told.message.text
    (timer,) = [n for n in store.nudges(key) if n.kind == groups.DIGEST]
    assert timer.state == "planned" and timer.attempts == 1
    assert timer.last_error == "not_in_channel"
    found = store.group(key)
    assert found is not None and found.last_digest_at is None
    store.close()


def test_a_channel_post_that_went_out_is_recorded_as_posted(tmp_path: Path) -> None:
    store, leap, clock, key = group_due(tmp_path)
    messenger = Posting()
    NudgeRunner(leap, messenger).deliver_due(clock.now())
    assert len(messenger.posted) == 1 and messenger.sent == []
    found = store.group(key)
    assert found is not None and found.last_digest_at == clock.now()
    clock.advance(timedelta(minutes=30))  # past the claim timeout: still not posted twice
    NudgeRunner(leap, messenger).deliver_due(clock.now())
    assert len(messenger.posted) == 1
    store.close()
