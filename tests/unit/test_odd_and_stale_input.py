"""Old buttons, repeated steps and odd input: answered clearly, never corrupting state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.scheduler import NudgeRunner
from bot.clock import FakeClock
from bot.core import Leap
from bot.replies import DirectMessage, Reply
from tests.support.chat import Chat, text_of


def debrief(chat: Chat, name: str, referrals: str = "none") -> None:
    chat.say(f"debrief {name}")
    if "Yes, we talked" in [b.label[:14] for b in chat.buttons]:
        chat.click("Yes, we talked")
    for answer in ("learned things", "4", "4", "4", "4", "skip", referrals):
        chat.message(answer)


def test_an_ambiguous_name_in_a_long_command_asks_without_crashing(alice: Chat) -> None:
    alice.say("add Maria Lopez at Acme")
    alice.say("add Maria Perez at Globex")
    text = alice.text("edit Maria; note " + "a long note about what she said " * 3)
    assert "matches 2 contacts" in text and "Type the command again with the full name" in text
    assert "Sorry" not in text


def test_an_old_score_button_does_not_answer_a_later_question(alice: Chat, leap: Leap) -> None:
    alice.say("add Maria Lopez")
    alice.say("debrief maria")
    alice.click("Yes, we talked")
    alice.message("learned things")
    old = alice.buttons
    for answer in ("4", "4", "4", "4"):
        alice.message(answer)
    alice.buttons = old
    assert "earlier question" in text_of(alice.click("3"))
    assert [c.name for c in leap.store.contacts(alice.actor.key)] == ["Maria Lopez"]


def test_scores_read_out_of_five_and_are_echoed(alice: Chat) -> None:
    alice.say("add Maria Lopez")
    alice.say("debrief maria")
    alice.click("Yes, we talked")
    alice.message("learned things")
    assert "Noted: 3/5." in alice.message("I would say 3 out of 5, a team of 5 people")


def test_an_old_mark_as_sent_does_not_move_a_contact_back(alice: Chat, leap: Leap) -> None:
    alice.say("add Maria Lopez")
    alice.say("ask maria")
    old = alice.buttons
    alice.say("ask maria sent")
    debrief(alice, "maria")
    alice.say("thanks maria sent")
    alice.buttons = old
    assert "already thanked" in text_of(alice.click("Mark as sent"))
    assert leap.store.contacts(alice.actor.key)[0].stage == "thanked"


def test_a_snoozed_reminder_survives_an_edit(alice: Chat, leap: Leap, clock: FakeClock) -> None:
    sent: list[DirectMessage] = []

    class Keep:
        def send(self, message: DirectMessage) -> None:
            sent.append(message)

    alice.say("add Maria Lopez")
    alice.say("ask maria sent")
    clock.set(datetime(2026, 12, 4, 8, 0, tzinfo=UTC))
    NudgeRunner(leap, Keep()).deliver_due()
    alice.buttons = sent[-1].message.buttons
    alice.click("Next week")
    alice.say("edit maria; note prefers mornings")
    snoozed = [n for n in leap.store.nudges(alice.actor.key) if "~" in n.id]
    assert len(snoozed) == 1 and snoozed[0].state == "planned"


def test_debrief_resumes_and_says_when_one_is_discarded(alice: Chat) -> None:
    alice.say("add Maria Lopez")
    alice.say("add Sam Lee")
    alice.say("debrief maria")
    alice.click("Yes, we talked")
    alice.message("learned things")
    assert "Picking up your debrief" in alice.text("debrief maria")
    assert "Could you succeed there?" in text_of(alice.last)
    alice.say("debrief sam")
    assert "unfinished debrief of Maria was discarded" in text_of(alice.click("Yes, we talked"))


def test_referrals_already_listed_are_linked_not_doubled(alice: Chat, leap: Leap) -> None:
    alice.say("add Priya Shah at Globex")
    alice.say("add Maria Lopez")
    debrief(alice, "maria", "Priya Shah at Globex; Tom Reed")
    debrief(alice, "maria", "Tom Reed")
    names = sorted(c.name for c in leap.store.contacts(alice.actor.key))
    assert names == ["Maria Lopez", "Priya Shah", "Tom Reed"]
    assert len(leap.store.interviews(alice.actor.key)) == 1  # one meeting, one interview


def test_removing_a_contact_removes_their_debrief(alice: Chat, leap: Leap) -> None:
    alice.say("add Maria Lopez")
    debrief(alice, "maria")
    alice.say("remove maria")
    alice.click("Yes, remove")
    assert leap.store.interviews(alice.actor.key) == []
    exported = [f for o in alice.say("export") if isinstance(o, Reply) for f in o.message.files]
    assert b"learned things" not in exported[0].content


def test_the_schedule_form_keeps_medium_and_length_through_a_date_question(
    alice: Chat, leap: Leap
) -> None:
    alice.say("add Maria Lopez")
    alice.say("replied maria yes")
    alice.click("Schedule it")
    alice.submit({"when": "12/3/2027 3pm", "medium": "video", "minutes": "45"})
    alice.click("Fri 12 Mar")
    assert "45 minutes, by video" in text_of(alice.last)
    assert "45 minutes" in alice.text("schedule maria Mar 13 2027 3pm")


def test_a_new_time_zone_moves_reminders_to_keep_local_times(alice: Chat, leap: Leap) -> None:
    alice.say("add Maria Lopez")
    alice.say("schedule maria Dec 3 3pm")  # 15:00 Paris: prepare that morning
    alice.say("settings tz America/New_York")  # 09:00 in New York: prepare the evening before
    prep = next(n for n in leap.store.nudges(alice.actor.key) if n.kind == "prep-eve")
    assert prep.due_at == datetime(2026, 12, 2, 23, 0, tzinfo=UTC)  # 18:00 New York
    alice.say("settings wrapup on")
    assert any(n.kind == "wrap-up" for n in leap.store.nudges(alice.actor.key))


def test_odd_names_are_refused_with_the_right_form(alice: Chat, leap: Leap) -> None:
    assert "cannot start with “id:”" in alice.text("add id:c_1")
    assert "then “at” and the organisation" in alice.text("add Pat at")
    assert "then “at” and the organisation" in alice.text("add  at Acme")
    assert leap.store.contacts(alice.actor.key) == []


def test_an_old_did_it_happen_button_does_not_undo_a_new_time(
    alice: Chat, leap: Leap, clock: FakeClock
) -> None:
    sent: list[DirectMessage] = []

    class Keep:
        def send(self, message: DirectMessage) -> None:
            sent.append(message)

    alice.say("add Maria Lopez")
    alice.say("schedule maria Dec 2 10am")
    clock.set(datetime(2026, 12, 2, 9, 40, tzinfo=UTC))
    NudgeRunner(leap, Keep()).deliver_due()
    old = sent[-1].message.buttons
    alice.say("schedule maria Dec 9 10am")
    alice.buttons = old
    assert "changed since" in text_of(alice.click("It didn't happen"))
    meeting = leap.store.contacts(alice.actor.key)[0].meeting_at
    assert meeting is not None and meeting - clock.now() > timedelta(days=6)
