"""APScheduler really drives delivery in real time (the only test that uses the wall clock)."""

from __future__ import annotations

import threading
from datetime import timedelta

from adapters.scheduler import NudgeRunner
from bot.clock import SystemClock
from bot.core import Leap
from bot.models import Nudge, Profile, UserKey
from bot.replies import DirectMessage
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
