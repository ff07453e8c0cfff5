"""Reminders a user can trust (issue 12): right time, right scope, never a flood.
Each test drives the core as a user would, with the fake clock; none sleeps."""

from __future__ import annotations

import errno
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.scheduler import NudgeRunner
from bot.clock import FakeClock
from bot.core import Leap
from bot.models import NudgeState
from tests.support.chat import Chat, text_of
from tests.support.nudging import Recorder, run_until, setup

PARIS = ZoneInfo("Europe/Paris")


def paris(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PARIS)  # type: ignore[misc]


def kinds_of(leap: Leap, chat: Chat, state: NudgeState = NudgeState.PLANNED) -> list[str]:
    return sorted(n.kind for n in leap.store.nudges(chat.actor.key) if n.state == state)


# -- 1. "Stop these" says and does exactly what the user chose ------------------------------


def test_stop_these_offers_its_scope_and_stops_only_that(leap: Leap, clock: FakeClock) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    clock.advance(timedelta(hours=2))
    chat.say("add Sam Lee")
    chat.say("ask sam sent")
    run_until(runner, clock, paris(2026, 12, 4, 9, 30))
    chat.buttons = rec.sent[-1].message.buttons
    assert "No answer from Maria" in rec.sent[-1].message.text
    chat.click("Stop these")
    assert "Stop what, exactly?" in text_of(chat.last)
    assert [b.label for b in chat.buttons] == [
        "Just this reminder",
        "Follow-ups after a request for Maria",
        "All follow-ups after a request, for everyone",
    ]
    chat.click("Follow-ups after a request for Maria")
    assert "No more follow-ups after a request for Maria" in text_of(chat.last)
    listed = chat.text("nudges")
    assert "follow-up draft (Sam)" in listed and "follow-up draft (Maria)" not in listed
    assert "Stopped: follow-ups after a request — for Maria" in listed
    assert "Stopped: follow-ups after a request — for Maria" in chat.text("settings")
    chat.say("add Ana Ruiz")
    assert "I will remind you after 3 and 7 business days" in chat.text("ask ana sent")
    chat.say("nudges")
    chat.click("Turn on for Maria")
    assert "follow-up draft (Maria)" in chat.text("nudges")


def test_stopping_a_kind_everywhere_is_listed_and_asks_promise_says_so(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    run_until(runner, clock, paris(2026, 12, 4, 9, 30))
    chat.buttons = rec.sent[-1].message.buttons
    chat.click("Stop these")
    chat.click("All follow-ups")
    assert "also ones you add later" in text_of(chat.last)
    chat.say("add Sam Lee")
    promise = chat.text("ask sam sent")
    assert "Follow-up reminders are stopped" in promise and "I will remind you" not in promise
    assert "Stopped: follow-ups after a request — for everyone" in chat.text("nudges")
    chat.say("nudges off")
    assert "Stopped: follow-ups after a request — for everyone" in chat.text("nudges on")
    chat.click("Turn on follow-ups")
    assert "follow-up draft (Sam)" in chat.text("nudges")


# -- 2, 3. A reminder tied to a meeting never lands after it ---------------------------------


def test_quiet_hours_move_the_hour_before_reminder_earlier_not_past_the_meeting(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("settings quiet 22:00-09:00")
    chat.say("add Maria Lopez")
    chat.say("schedule maria Dec 3 8:30am")
    run_until(runner, clock, paris(2026, 12, 3, 8, 40))
    hour = [(t, m.message.text) for t, m in zip(rec.times, rec.sent, strict=True)][-1]
    assert hour[0] < paris(2026, 12, 3, 8, 30)
    assert hour[0] == paris(2026, 12, 2, 21, 45)  # before the quiet hours began
    assert hour[1].startswith("Tomorrow at 08:30: Maria Lopez")


def test_a_pause_past_the_meeting_drops_its_reminders_with_a_note(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Robert Fox")
    chat.say("schedule robert Dec 15 10am")
    said = chat.text("pause until Dec 16")
    assert "dropped, as the meeting comes first" in said
    listed = chat.text("nudges")
    assert "Dropped: prepare (Robert) — your pause runs past the meeting" in listed
    assert "Wed 16 Dec, 8:00 — prepare (Robert)" not in listed
    run_until(runner, clock, paris(2026, 12, 20))
    meeting = paris(2026, 12, 15, 10)
    assert not any("Coming up" in m.message.text for m in rec.sent)
    assert all(t > meeting for t in rec.times)  # only after-meeting reminders, after the pause


def test_snoozing_never_moves_a_reminder_past_its_meeting(leap: Leap, clock: FakeClock) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("schedule maria Dec 3 8:45am")
    run_until(runner, clock, paris(2026, 12, 2, 18, 5))
    prep = rec.sent[-1].message
    assert prep.text.startswith("Coming up: Maria Lopez")
    labels = [b.label for b in prep.buttons]
    assert "Next week" not in labels and "Tomorrow morning" not in labels  # 09:00 is too late
    assert "Snooze 1 hour" in labels
    run_until(runner, clock, paris(2026, 12, 3, 8, 5))
    hour = rec.sent[-1].message
    assert hour.text.startswith("In 45 minutes: Maria Lopez")  # quiet hours end at 08:00
    assert [b.label for b in hour.buttons if b.action == "snooze"] == ["In 15 minutes"]


# -- 4. Texts are true at the time they are sent ---------------------------------------------


def test_a_prep_reminder_sent_the_same_morning_says_so(leap: Leap, clock: FakeClock) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("schedule maria Dec 3 2pm")
    run_until(runner, clock, paris(2026, 12, 3, 9))
    (when,), (text,) = rec.times, rec.texts()
    assert when == paris(2026, 12, 3, 8, 30)
    assert "Tonight or tomorrow morning" not in text and "today at 14:00" in text


# -- 5. The inactivity summary backs off and stops -------------------------------------------


def test_the_inactivity_summary_backs_off_and_stops(leap: Leap, clock: FakeClock) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    run_until(runner, clock, clock.now() + timedelta(weeks=52))
    summaries = [(t, x) for t, x in zip(rec.times, rec.texts(), strict=True) if "quiet weeks" in x]
    assert [x.split(".")[0] for _, x in summaries] == [
        "Two quiet weeks",
        "Four quiet weeks",
        "Eight quiet weeks",
    ]
    days = [(t - paris(2026, 12, 1)).days for t, _ in summaries]
    assert days == [14, 28, 56]


# -- 6. /leap nudges lists nothing stale -----------------------------------------------------


def test_after_yes_no_follow_up_is_listed_or_sent_even_a_snoozed_one(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    run_until(runner, clock, paris(2026, 12, 4, 9, 30))
    chat.buttons = rec.sent[-1].message.buttons
    chat.click("Next week")
    chat.say("replied maria yes")
    assert "follow-up" not in chat.text("nudges")
    assert "follow-up-3" not in kinds_of(leap, chat) and "follow-up-7" not in kinds_of(leap, chat)
    sent = len(rec.sent)
    run_until(runner, clock, paris(2026, 12, 20))
    assert not any("answer from Maria" in t for t in rec.texts()[sent:])


def test_a_rescheduled_meeting_gets_one_prep_reminder_at_the_new_time(
    leap: Leap, clock: FakeClock
) -> None:  # kills the mutant without cancel-on-replan
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("schedule maria Dec 3 10am")
    chat.say("schedule maria Dec 10 10am")
    run_until(runner, clock, paris(2026, 12, 10, 9))
    preps = [t for t, x in zip(rec.times, rec.texts(), strict=True) if x.startswith("Coming up")]
    assert preps == [paris(2026, 12, 9, 18)]


def test_a_meeting_that_passed_while_away_gets_no_prep_reminder(
    leap: Leap, clock: FakeClock
) -> None:  # kills the mutant without the usefulness check at delivery
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("schedule maria Dec 2 3pm")
    clock.set(paris(2026, 12, 5, 10))
    runner.deliver_due()
    assert rec.sent and not any("Coming up" in t or "In an hour" in t for t in rec.texts())
    assert "How did it go with Maria" in rec.texts()[0]
    assert "Dropped" not in chat.text("nudges")  # passed, not "no time outside quiet hours"


def test_a_meeting_in_half_an_hour_gets_no_reminder_about_preparing_the_evening_before(
    leap: Leap, clock: FakeClock
) -> None:  # kills the mutant without the "not in the past" filter
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("schedule maria today 9:45am")  # it is 09:00
    runner.deliver_due()
    assert rec.sent == []
    assert "prepare (Maria)" not in chat.text("nudges")


# -- 7. A thank-you reminder even when nobody answered "did it happen?" ----------------------


def test_a_thank_you_reminder_comes_that_evening_and_next_morning_without_a_debrief(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("schedule maria Dec 3 10am")
    run_until(runner, clock, paris(2026, 12, 5))
    thanks = [(t, x) for t, x in zip(rec.times, rec.texts(), strict=True) if "thank-you" in x]
    assert [t for t, _ in thanks] == [paris(2026, 12, 3, 19), paris(2026, 12, 4, 9)]
    assert "talk with Maria today" in thanks[0][1] and "talk with Maria yesterday" in thanks[1][1]


def test_no_thank_you_reminder_when_it_did_not_happen_or_was_sent(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("add Sam Lee")
    chat.say("schedule maria Dec 3 10am")
    chat.say("schedule sam Dec 3 11am")
    run_until(runner, clock, paris(2026, 12, 3, 12))
    chat.buttons = next(m for m in rec.sent if "with Maria" in m.message.text).message.buttons
    chat.click("It didn't happen")
    chat.say("thanks sam sent")
    seen = run_until(runner, clock, paris(2026, 12, 5))
    assert not any("thank-you" in x for _, x in seen)


# -- 8. One message per moment -----------------------------------------------------------


def test_reminders_due_together_arrive_as_one_message_with_buttons_per_item(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap, clock)
    for name in ("Maria Lopez", "Sam Lee", "Ana Ruiz"):
        chat.say(f"add {name}")
        chat.say(f"ask {name.split()[0].lower()} sent")
        clock.advance(timedelta(minutes=1))  # due within three minutes of each other
    run_until(runner, clock, paris(2026, 12, 4, 12))
    (folded,) = [m for m in rec.sent if "No answer from" in m.message.text]
    assert len(folded.nudge_ids) == 3
    assert all(f"No answer from {n}" in folded.message.text for n in ("Maria", "Sam", "Ana"))
    labels = [b.label for b in folded.message.buttons]
    assert {"Maria: Done", "Sam: Done", "Ana: Done"} <= set(labels) and len(labels) <= 25
    chat.buttons = folded.message.buttons
    chat.click("Sam: Done")
    assert "Noted on Sam" in text_of(chat.last)


def test_a_big_fold_is_split_so_buttons_stay_within_platform_limits(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap, clock)
    for i in range(7):
        chat.say(f"add Person{i} Test")
        chat.say(f"ask person{i} sent")
    run_until(runner, clock, paris(2026, 12, 4, 12))
    folds = [m for m in rec.sent if "No answer from" in m.message.text]
    assert sorted(len(m.nudge_ids) for m in folds) == [2, 5]
    assert all(len(m.message.buttons) <= 25 for m in folds)  # Discord: 5 rows of 5


# -- 9. Done records something; snoozes suit the reminder ---------------------------------


def test_done_on_how_did_it_go_records_that_the_meeting_happened(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("schedule maria Dec 3 10am")
    run_until(runner, clock, paris(2026, 12, 3, 10, 40))
    chat.buttons = rec.sent[-1].message.buttons
    assert "How did it go" in rec.sent[-1].message.text
    chat.click("Done")
    assert "your talk with Maria happened" in text_of(chat.last)
    (maria,) = leap.store.contacts(chat.actor.key)
    assert maria.stage == "met"
    assert "thank-you (Maria)" in chat.text("nudges")


def test_done_on_a_follow_up_is_noted_on_the_contact(leap: Leap, clock: FakeClock) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    run_until(runner, clock, paris(2026, 12, 10, 12))
    chat.buttons = rec.sent[-1].message.buttons
    chat.click("Done")
    (maria,) = leap.store.contacts(chat.actor.key)
    assert maria.notes[-1].endswith(": sent a follow-up")
    assert "sent a follow-up" in chat.text("show maria")


# -- 10. Public holidays --------------------------------------------------------------------


def test_follow_ups_skip_public_holidays_and_nothing_lands_on_one(
    leap: Leap, clock: FakeClock
) -> None:
    clock.set(paris(2026, 12, 22, 10))  # Tue; Fri 25 Dec and Fri 1 Jan are holidays in France
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")
    assert "guessed from Europe/Paris" in chat.text("settings")
    run_until(runner, clock, paris(2027, 1, 10))
    follow = [t for t, x in zip(rec.times, rec.texts(), strict=True) if "Maria" in x]
    assert follow[:2] == [paris(2026, 12, 28, 10), paris(2027, 1, 4, 10)]
    assert not any(t.astimezone(PARIS).date().isoformat() in ("2026-12-25", "2027-01-01")
                   for t in rec.times)  # fmt: skip


def test_the_country_can_be_set_and_a_wrong_one_is_explained(leap: Leap, clock: FakeClock) -> None:
    chat, _rec, _runner = setup(leap, clock)
    assert "Country set: US" in chat.text("settings country us")
    assert "Public holidays of US:" in chat.text("settings")
    said = chat.text("settings country Narnia")
    assert "not a country code I know" in said and "/leap settings country FR" in said


def test_a_meeting_on_a_holiday_still_gets_its_reminders_that_day(
    leap: Leap, clock: FakeClock
) -> None:
    chat, rec, runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("schedule maria Dec 25 11am")
    run_until(runner, clock, paris(2026, 12, 25, 11))
    assert paris(2026, 12, 25, 10) in rec.times  # the hour before, on Christmas Day


# -- 11. A store that cannot write never becomes a flood -------------------------------------


def test_an_unwritable_store_sends_a_due_reminder_at_most_once_per_claim_window(
    leap: Leap, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat, _rec, _runner = setup(leap, clock)
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")

    class Capped(Recorder):
        def send(self, message: object) -> None:
            super().send(message)  # type: ignore[arg-type]
            if len(self.sent) > 20:
                raise SystemExit("a flood")  # stop a loop so that the test fails, not hangs

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("storage.journal.Journal.append", full)  # no change can be saved
    monkeypatch.setattr("storage.atomic.write_atomically", full)
    rec = Capped(clock)
    runner = NudgeRunner(leap, rec)
    clock.set(paris(2026, 12, 4, 9))
    for _ in range(8):  # polls every 30 seconds for four minutes
        runner.deliver_due()
        clock.advance(timedelta(seconds=30))
    assert len(rec.sent) == 1
    clock.set(paris(2026, 12, 4, 9, 6))  # the claim is stale: one more try, not a flood
    runner.deliver_due()
    runner.deliver_due()
    assert len(rec.sent) == 2


# -- Platform wording --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "words", "not_words"),
    [
        ("slack", "Messages tab in Slack", "server"),
        ("discord", "the server's Privacy Settings", "Slack"),
    ],
)
def test_closed_dms_are_explained_in_the_users_platform_words(
    leap: Leap, clock: FakeClock, platform: str, words: str, not_words: str
) -> None:
    from adapters.messaging import SendError

    chat = Chat(leap, "alice", platform=platform, workspace="W1", tz_hint="Europe/Paris")
    chat.say("add Maria Lopez")
    chat.say("ask maria sent")

    class Closed(Recorder):
        def send(self, message: object) -> None:
            raise SendError("dms-closed", permanent=True)

    clock.set(paris(2026, 12, 4, 10))
    NudgeRunner(leap, Closed()).deliver_due()
    told = chat.text("contacts")
    assert "could not send you a reminder" in told
    assert words in told and not_words not in told.split("could not send")[1]
