"""Nudges with the fake clock: right local times, quiet hours, pauses, never lost or doubled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.messaging import SendError
from adapters.scheduler import NudgeRunner
from bot.clock import FakeClock, SequentialIds
from bot.context import Config
from bot.core import Leap
from bot.replies import DirectMessage
from storage.tinydb_store import TinyDBStore
from tests.support.chat import Chat, text_of


class Recorder:
    """A messenger that records what it sends, and can be told to fail."""

    def __init__(self) -> None:
        self.sent: list[DirectMessage] = []
        self.fail: SendError | None = None

    def send(self, message: DirectMessage) -> None:
        if self.fail is not None:
            raise self.fail
        self.sent.append(message)

    def texts(self) -> list[str]:
        return [m.message.text for m in self.sent]


def run_until(runner: NudgeRunner, clock: FakeClock, end: datetime) -> list[tuple[str, str]]:
    """Advance to ``end`` delivering each nudge at its own due time: (local time, text)."""
    seen: list[tuple[str, str]] = []
    store = runner.leap.store
    while due := store.due_nudges(end, limit=1):
        clock.set(max(due[0][1].due_at, clock.now()))
        for out in runner.deliver_due(clock.now()):
            assert isinstance(out, DirectMessage)
            seen.append((clock.now().isoformat(), out.message.text))
    clock.set(end)
    return seen


def setup(leap: Leap, tz: str = "Europe/Paris") -> tuple[Chat, Recorder, NudgeRunner]:
    chat = Chat(leap, "alice")
    chat.say(f"settings tz {tz}")
    recorder = Recorder()
    return chat, recorder, NudgeRunner(leap, recorder)


def test_follow_ups_after_3_and_7_business_days_skip_the_weekend(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap)
    clock.set(datetime(2026, 12, 3, 10, 0, tzinfo=UTC))  # Thu 11:00 Paris
    chat.say("add Maria Lopez at Acme")
    chat.say("ask maria sent")
    run_until(runner, clock, datetime(2026, 12, 20, tzinfo=UTC))
    times = [m.message.text for m in rec.sent]
    assert "someone else at Acme" in times[0] and "polite follow-up" in times[1]
    kinds = {n.kind: n for n in leap.store.nudges(chat.actor.key)}
    assert kinds["follow-up-3"].sent_at == datetime(2026, 12, 8, 10, 0, tzinfo=UTC)  # Tue
    assert kinds["follow-up-7"].sent_at == datetime(2026, 12, 14, 10, 0, tzinfo=UTC)  # Mon


def test_a_reply_cancels_the_follow_ups(leap: Leap, clock: FakeClock) -> None:
    chat, rec, runner = setup(leap)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    clock.advance(timedelta(days=1))
    chat.say("replied maria yes")
    run_until(runner, clock, clock.now() + timedelta(days=14))
    assert not any("answer from Maria" in t for t in rec.texts())


def test_meeting_nudges_at_sensible_local_times_and_thanks_stop_when_sent(
    leap: Leap, clock: FakeClock
) -> None:
    chat, _rec, runner = setup(leap, "America/New_York")
    chat.say("add Maria Lopez; level senior")
    chat.say("schedule maria Dec 3 10am")  # Thu 10:00 New York = 15:00 UTC
    seen = run_until(runner, clock, datetime(2026, 12, 3, 15, 40, tzinfo=UTC))
    assert [t[:40] for _, t in seen][:1] == ["Coming up: Maria Lopez, Thu 3 Dec, 10:00"]
    assert seen[0][0] == "2026-12-02T23:00:00+00:00"  # 18:00 the evening before, local
    assert seen[1][0] == "2026-12-03T14:00:00+00:00" and "In an hour" in seen[1][1]
    assert seen[2][0] == "2026-12-03T15:35:00+00:00" and "How did it go" in seen[2][1]
    chat.say("debrief maria")
    for answer in ("learned", "4", "4", "4", "4", "skip", "none"):
        chat.message(answer)
    seen = run_until(runner, clock, datetime(2026, 12, 4, 15, 0, tzinfo=UTC))
    assert [s[0] for s in seen] == ["2026-12-04T00:00:00+00:00", "2026-12-04T14:00:00+00:00"]
    assert all("thank-you to Maria is not marked sent" in s[1] for s in seen)
    chat.say("thanks maria sent")
    later = run_until(runner, clock, datetime(2026, 12, 9, tzinfo=UTC))
    assert not any("thank-you" in t for _, t in later)


def test_quiet_hours_move_a_nudge_never_drop_it(leap: Leap, clock: FakeClock) -> None:
    chat, _rec, runner = setup(leap)
    chat.say("settings quiet 08:00-12:00")
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")  # Tue 09:00 Paris, inside quiet hours
    run_until(runner, clock, clock.now() + timedelta(days=5))
    (nudge,) = [n for n in leap.store.nudges(chat.actor.key) if n.kind == "follow-up-3"]
    assert nudge.sent_at == datetime(2026, 12, 4, 11, 0, tzinfo=UTC)  # Fri 12:00 Paris


def test_pause_moves_nudges_to_the_end_of_the_pause(leap: Leap, clock: FakeClock) -> None:
    chat, _rec, runner = setup(leap)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    assert "3 reminders moved to after the pause — none dropped" in chat.text("pause until Dec 20")
    seen = run_until(runner, clock, datetime(2026, 12, 21, tzinfo=UTC))
    assert seen and all(s[0] == "2026-12-20T07:00:00+00:00" for s in seen)
    assert len(seen) == 1  # all due together when the pause ends: one message, not three
    assert "Follow-up idea — Maria Lopez" in seen[0][1]
    assert "Follow-up draft — Maria Lopez" in seen[0][1]
    assert "someone else in the same field you could ask" in seen[0][1]  # no org or field known


def test_snooze_done_and_stop_this_kind(leap: Leap, clock: FakeClock) -> None:
    chat, rec, runner = setup(leap)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    run_until(runner, clock, datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    chat.buttons = rec.sent[-1].message.buttons
    chat.click("Snooze 1 hour")
    assert "Snoozed until Fri 4 Dec, 11:00" in text_of(chat.last)
    seen = run_until(runner, clock, datetime(2026, 12, 4, 11, 30, tzinfo=UTC))
    assert len(seen) == 1 and "No answer from Maria" in seen[0][1]
    chat.buttons = rec.sent[-1].message.buttons
    chat.click("Stop these")
    assert "Stop what, exactly?" in text_of(chat.last)
    chat.click("Follow-ups after a request for Maria")
    assert "No more follow-ups after a request for Maria" in text_of(chat.last)
    later = run_until(runner, clock, datetime(2026, 12, 20, tzinfo=UTC))
    assert [t for _, t in later if "Maria" in t] == []


def test_nudges_off_and_on(leap: Leap, clock: FakeClock) -> None:
    chat, _rec, runner = setup(leap)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    assert "Reminders are off" in chat.text("nudges off")
    assert run_until(runner, clock, clock.now() + timedelta(days=2)) == []
    chat.say("nudges on")
    listed = chat.text("nudges")
    assert "follow-up idea (Maria)" in listed and "Fri 4 Dec, 9:00" in listed


def test_restart_delivers_what_fell_due_once_and_folds_a_backlog(
    tmp_path, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    store = TinyDBStore(str(tmp_path / "d"))
    leap = Leap(store, clock, SequentialIds(), Config(default_tz="Europe/Paris"))
    chat = Chat(leap, "alice")
    chat.say("add Maria Lopez")
    chat.say("schedule maria Dec 2 3pm")
    store.close()  # "quit"; three days pass
    clock.set(datetime(2026, 12, 5, 9, 0, tzinfo=UTC))
    store = TinyDBStore(str(tmp_path / "d"))
    try:
        rec = Recorder()
        runner = NudgeRunner(Leap(store, clock, SequentialIds()), rec)
        runner.deliver_due()
        assert len(rec.sent) == 1  # the prep reminders are dropped: the meeting has passed
        assert "How did it go with Maria" in rec.sent[0].message.text
        runner.deliver_due()
        assert len(rec.sent) == 1  # never twice
    finally:
        store.close()


def test_a_crash_between_claim_and_send_is_recovered(leap: Leap, clock: FakeClock) -> None:
    chat, _rec, runner = setup(leap)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    clock.set(datetime(2026, 12, 4, 8, 0, tzinfo=UTC))
    from bot.events import Tick

    claimed = leap.handle(Tick(clock.now()))  # claimed, then the process "dies"
    assert len(claimed) == 1
    assert runner.deliver_due() == []  # a fresh claim is respected
    clock.advance(timedelta(minutes=6))  # the claim goes stale
    assert len(runner.deliver_due()) == 1
    assert runner.deliver_due() == []


def test_a_failing_messenger_is_retried_and_does_not_block_others(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    bob = Chat(leap, "bob")
    bob.say("add Sam Lee")
    bob.say("ask sam sent")
    clock.set(datetime(2026, 12, 4, 8, 0, tzinfo=UTC))

    class Picky(Recorder):
        def send(self, message: DirectMessage) -> None:
            if message.to.user == "alice":
                raise SendError("rate limited")
            super().send(message)

    picky = Picky()
    NudgeRunner(leap, picky).deliver_due()
    assert [m.to.user for m in picky.sent] == ["bob"]
    (failed,) = [n for n in leap.store.nudges(chat.actor.key) if n.kind == "follow-up-3"]
    assert failed.state == "planned" and failed.attempts == 1 and failed.last_error
    assert "follow-up idea (Maria) — retrying after: rate limited" in chat.text("nudges")
    clock.advance(timedelta(minutes=3))
    runner.deliver_due()
    assert rec.sent and rec.sent[0].to.user == "alice"


def test_closed_dms_are_marked_undeliverable_and_told_once(leap: Leap, clock: FakeClock) -> None:
    chat, rec, runner = setup(leap)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    rec.fail = SendError("dms-closed", permanent=True)
    clock.set(datetime(2026, 12, 4, 8, 0, tzinfo=UTC))
    runner.deliver_due()
    clock.advance(timedelta(days=1))
    runner.deliver_due()
    listed = chat.text("nudges")
    assert "could not send you a reminder" in listed
    assert "Undeliverable: follow-up idea (Maria) — dms-closed" in listed
    assert "could not send you a reminder" not in chat.text("contacts")


def test_local_times_hold_across_a_daylight_saving_change(leap: Leap, clock: FakeClock) -> None:
    clock.set(datetime(2026, 10, 29, 14, 0, tzinfo=UTC))  # Thu 10:00 EDT in New York
    chat, _rec, runner = setup(leap, "America/New_York")
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    chat.say("add Sam Lee")
    chat.say("schedule sam Nov 2 10am")  # Monday, after the clocks go back on Sunday
    run_until(runner, clock, datetime(2026, 11, 4, tzinfo=UTC))
    sent = {n.kind: n.sent_at for n in leap.store.nudges(chat.actor.key) if n.sent_at}
    assert sent["follow-up-3"] == datetime(2026, 11, 3, 15, 0, tzinfo=UTC)  # Tue 10:00 EST
    assert sent["prep-eve"] == datetime(2026, 11, 1, 23, 0, tzinfo=UTC)  # Sun 18:00 EST
    assert sent["prep-hour"] == datetime(2026, 11, 2, 14, 0, tzinfo=UTC)  # Mon 09:00 EST


def test_each_user_gets_nudges_in_their_own_zone(leap: Leap, clock: FakeClock) -> None:
    tokyo, _rec, runner = setup(leap, "Asia/Tokyo")
    tokyo.say("add Ken Sato")
    tokyo.say("schedule ken Dec 3 10am")
    run_until(runner, clock, datetime(2026, 12, 3, 2, 0, tzinfo=UTC))
    sent = {n.kind: n.sent_at for n in leap.store.nudges(tokyo.actor.key) if n.sent_at}
    assert sent["prep-eve"] == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # 18:00 JST


def test_one_users_broken_record_does_not_hold_up_the_others(leap: Leap, clock: FakeClock) -> None:
    from dataclasses import replace

    alice, rec, runner = setup(leap)
    alice.say("add Maria Lopez")
    alice.say("ask maria sent")
    bob = Chat(leap, "bob")
    bob.say("add Sam Lee")
    bob.say("ask sam sent")
    broken = leap.store.profile(alice.actor.key)
    assert broken is not None
    leap.store.save_profile(alice.actor.key, replace(broken, tz="Mars/Olympus"))
    clock.set(datetime(2026, 12, 4, 8, 0, tzinfo=UTC))
    runner.deliver_due()
    assert [m.to.user for m in rec.sent] == ["bob"]


def test_a_claim_that_never_reported_back_does_not_make_the_timer_spin(
    leap: Leap, clock: FakeClock
) -> None:
    chat, _rec, runner = setup(leap)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    clock.set(datetime(2026, 12, 4, 8, 0, tzinfo=UTC))
    from bot.events import Tick

    leap.handle(Tick(clock.now()))  # claimed by a delivery that then died
    assert runner.next_wake(clock.now()) == clock.now() + timedelta(minutes=5)
