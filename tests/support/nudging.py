"""Driving reminders with the fake clock: a recording messenger and delivery at due times."""

from __future__ import annotations

from datetime import datetime

from adapters.scheduler import NudgeRunner
from bot.clock import FakeClock
from bot.core import Leap
from bot.replies import DirectMessage
from tests.support.chat import Chat


class Recorder:
    """A messenger that records what it sends (and when, by the fake clock)."""

    def __init__(self, clock: FakeClock | None = None) -> None:
        self.clock = clock
        self.sent: list[DirectMessage] = []
        self.times: list[datetime] = []

    def send(self, message: DirectMessage) -> None:
        self.sent.append(message)
        if self.clock is not None:
            self.times.append(self.clock.now())

    def texts(self) -> list[str]:
        return [m.message.text for m in self.sent]


def run_until(runner: NudgeRunner, clock: FakeClock, end: datetime) -> list[tuple[datetime, str]]:
    """Advance to ``end`` delivering each nudge at its own due time: (when, text)."""
    seen: list[tuple[datetime, str]] = []
    store = runner.leap.store
    last = None
    while due := store.due_nudges(end, limit=1):
        if (due[0][1].id, due[0][1].due_at) == last:
            break
        last = (due[0][1].id, due[0][1].due_at)
        clock.set(max(due[0][1].due_at, clock.now()))
        for out in runner.deliver_due(clock.now()):
            assert isinstance(out, DirectMessage)
            seen.append((clock.now(), out.message.text))
    clock.set(end)
    return seen


def setup(
    leap: Leap, clock: FakeClock, tz: str = "Europe/Paris"
) -> tuple[Chat, Recorder, NudgeRunner]:
    chat = Chat(leap, "alice")
    chat.say(f"settings tz {tz}")
    recorder = Recorder(clock)
    return chat, recorder, NudgeRunner(leap, recorder)
