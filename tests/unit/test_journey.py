"""The coaching journey, stage by stage, as a user in any adapter would live it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.coach import drafts
from bot.coach.check import check_text
from bot.core import Leap
from bot.models import Contact
from bot.replies import File, Reply
from tests.conftest import START
from tests.support.chat import Chat, text_of


def test_goal_records_the_decision_and_infers_the_situation(alice: Chat, leap: Leap) -> None:
    assert "(changing careers)" in alice.text("goal changing careers to UX research")
    assert leap.store.profile(alice.actor.key).objective == "change-career"  # type: ignore[union-attr]
    outs = alice.say("goal")
    assert "Your goal: changing careers to UX research" in text_of(outs)
    alice.click("Choosing a school")
    assert "Situation: choosing a school or training" in text_of(alice.last)
    assert "under 200" in alice.text("goal " + "x" * 201)


def test_ask_drafts_a_request_that_passes_the_check(alice: Chat) -> None:
    alice.say("goal changing careers to UX research")
    alice.say("add Maria Lopez at Acme; role UX researcher; met colleague")
    text = alice.text("ask maria")
    assert "working together" in text and "20 minutes" in text
    assert "resume" not in text.split("No resume")[0].lower()
    alice.click("More formal")
    assert "Dear Maria Lopez" in text_of(alice.last)
    alice.click("Shorter")
    assert len(text_of(alice.last).split()) < 90


@pytest.mark.parametrize("style", drafts.STYLES)
@pytest.mark.parametrize("met", ["", "friend", "colleague", "relative", "classmate"])
@pytest.mark.parametrize("known", ["everything", "org only", "field only", "nothing"])
def test_every_draft_passes_the_check(style: str, met: str, known: str) -> None:
    details = {
        "everything": {"org": "City Hospital", "role": "nurse manager", "field": "nursing"},
        "org only": {"org": "City Hospital"},
        "field only": {"field": "nursing"},
        "nothing": {},
    }[known]
    contact = Contact(id="c", name="Ana Ruiz", created_at=START, met=met, level="senior", **details)
    for draft in (
        drafts.request(contact, goal="changing careers to nursing", me="Al", style=style),
        drafts.follow_up(contact, asked_on="Tue 1 Dec", me="Al"),
        drafts.thanks(contact, None, ["Tom Reed"], me="Al"),
    ):
        assert check_text(draft.text, level="senior", kind="draft") == [], draft.text


def test_marking_sent_moves_to_asked_and_replies_are_recorded(alice: Chat, leap: Leap) -> None:
    alice.say("add Maria Lopez at Acme")
    alice.say("ask maria")
    alice.click("Mark as sent")
    assert "I will remind you after 3 and 7 business days" in text_of(alice.last)
    assert leap.store.contacts(alice.actor.key)[0].stage == "asked"
    alice.click("They declined")
    assert "declined" in text_of(alice.last)
    assert leap.store.contacts(alice.actor.key)[0].stage == "declined"
    assert "Say who and what" in alice.text("replied yes")
    assert "not an answer I know" in alice.text("replied maria perhaps")


def test_check_flags_problems_and_passes_good_questions(alice: Chat) -> None:
    text = alice.text("check Are you hiring? I attached my resume.")
    assert "2 things to fix" in text and "job" in text and "resume" in text.lower()
    assert "Looks good" in alice.text("check What helped you land your first job in this field?")
    assert "Paste the draft" in alice.text("check")


def test_schedule_echoes_time_zone_and_attaches_a_calendar(alice: Chat, leap: Leap) -> None:
    alice.say("add Maria Lopez at Acme")
    outs = alice.say("schedule maria tomorrow 3pm; by video")
    text = text_of(outs)
    booked = "Booked: Maria Lopez, Wed 2 Dec 2026, 15:00 CET (Europe/Paris), 20 minutes"
    assert f"{booked}, by video." in text
    (ics,) = [f for o in outs if isinstance(o, Reply) for f in o.message.files]
    assert isinstance(ics, File) and ics.filename == "meeting.ics"
    body = ics.content.decode()
    assert "DTSTART:20261202T140000Z" in body and "DTEND:20261202T142000Z" in body
    assert "Maria Lopez" in body
    assert "Moved: Maria Lopez, Thu 3 Dec 2026, 10:00" in alice.text(
        "schedule maria Dec 3 10am; minutes 30"
    )
    assert leap.store.contacts(alice.actor.key)[0].meeting_minutes == 30


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("schedule maria", "When is it?"),
        ("schedule maria yesterday 3pm", "past"),
        ("schedule maria whenever works", "is not a time yet"),
        ("schedule maria purple", "Try something like “tomorrow 3pm”"),
        ("schedule maria tomorrow 3pm; by pigeon", "not a medium I know"),
        ("schedule maria tomorrow 3pm; minutes 500", "5 to 180"),
        ("schedule zed tomorrow 3pm", "No contact matches"),
    ],
)
def test_schedule_bad_input_is_explained(alice: Chat, command: str, expected: str) -> None:
    alice.say("add Maria Lopez")
    assert expected in alice.text(command)


def test_email_as_medium_gets_a_gentle_warning(alice: Chat) -> None:
    alice.say("add Maria Lopez")
    assert "Email is the last resort" in alice.text("schedule maria tomorrow 3pm; by email")


def test_ambiguous_date_asks_with_buttons(alice: Chat) -> None:
    alice.say("add Maria Lopez")
    assert "could mean more than one date" in alice.text("schedule maria 12/3/2027 10am")
    alice.click("Fri 12 Mar")
    assert "Booked: Maria Lopez, Fri 12 Mar 2027, 10:00" in text_of(alice.last)


def test_prep_gives_a_checklist_and_fitting_questions(alice: Chat) -> None:
    alice.say("goal changing careers to UX research")
    alice.say("add Maria Lopez at Acme; field UX research; level senior")
    text = alice.text("prep maria")
    assert "changing careers to UX research" in text and "No resume" in text
    questions = [line for line in text.splitlines() if line[:2].rstrip(".").isdigit()]
    assert 5 <= len(questions) <= 8
    assert "Added, but consider rewording" in alice.text("prep maria; add Do you like your job?")
    assert "It reads well" in alice.text("prep maria; add How did you get started?")
    assert "2. How did you get started?" in alice.text("prep maria")


def test_debrief_records_scores_and_turns_referrals_into_contacts(alice: Chat, leap: Leap) -> None:
    alice.say("add Maria Lopez at Acme; field UX research; level senior")
    alice.say("debrief maria")
    alice.click("Yes, we talked")
    alice.message("Research is mostly stakeholder work.")
    alice.message("4 — my interviewing skills transfer")
    alice.message("good fit, small teams")
    assert "And a score" in text_of(alice.last)
    alice.click("3")
    alice.message("I want it: 5")
    alice.message("4 - product roles later")
    assert "What will you thank Maria for?" in text_of(alice.last)
    alice.message("the honest picture of the first year")
    text = alice.message("Priya Shah at Globex; Tom Reed")
    assert "succeed 4/5 · fit 3/5 · want 5/5 · lead 4/5" in text
    contacts = {c.name: c for c in leap.store.contacts(alice.actor.key)}
    assert contacts["Maria Lopez"].stage == "met"
    assert contacts["Priya Shah"].org == "Globex" and contacts["Priya Shah"].stage == "to-ask"
    assert contacts["Tom Reed"].referred_by == contacts["Maria Lopez"].id
    (interview,) = leap.store.interviews(alice.actor.key)
    assert interview.answers["fit"] == "good fit, small teams"
    assert interview.thanks_for == "the honest picture of the first year"
    assert "└ Priya Shah (Globex) — to ask" in alice.text("tree")


def test_debrief_survives_a_restart_and_can_be_cancelled(
    alice: Chat, leap: Leap, store, clock: FakeClock, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    alice.say("add Maria Lopez")
    alice.say("debrief maria")
    alice.click("Yes, we talked")
    alice.message("learned plenty")
    store.close()
    from storage.tinydb_store import TinyDBStore

    reopened = TinyDBStore(str(tmp_path / "data"))
    try:
        again = Chat(Leap(reopened, clock), "alice")
        assert "Is it a good fit" in again.message("4 - yes")
        assert "Stopped" in again.message("cancel")
        assert reopened.conversation(again.actor.key) is None
        assert reopened.interviews(again.actor.key) == []
    finally:
        reopened.close()
        store.__init__(str(tmp_path / "data"))  # let the fixture close it


def test_thanks_draft_is_specific_and_handwritten_for_executives(alice: Chat) -> None:
    alice.say("add Dr. Ana Ruiz at City Hospital; level executive")
    alice.say("debrief ana")
    alice.click("Yes, we talked")
    for answer in (
        "Nursing leadership is mostly about people. She was blunt: the market is tough.",
        *("4", "4", "4", "4"),
        "her honest picture of the night shifts",
        "Tom Reed",
    ):
        alice.message(answer)
    text = alice.text("thanks ana")
    assert "handwritten card" in text and "Dear Dr. Ruiz," in text
    assert "Thank you especially for your honest picture of the night shifts." in text
    assert "Tom Reed" in text
    assert "leadership" not in text and "blunt" not in text  # private notes stay private
    alice.click("Mark as sent")
    assert "marked sent" in text_of(alice.last)
    assert alice.button("Ask Tom").value.startswith("ask id:")


def _interview(chat: Chat, name: str, scores: str, clock: FakeClock) -> None:
    chat.say(f"debrief {name}")
    chat.click("Yes, we talked")
    chat.message(f"Notes about {name}.")
    for score, key in zip(scores, ("succeed", "fit", "want", "lead"), strict=True):
        chat.message(f"{score} — {key} thoughts from {name}")
    chat.message("skip")
    chat.message("none")
    clock.advance(timedelta(hours=1))


def test_report_from_the_first_debrief_names_gaps_and_the_next_conversation(
    alice: Chat, clock: FakeClock
) -> None:
    assert "The report starts with your first debrief" in alice.text("report")
    alice.say("goal changing careers to UX research")
    alice.say("add Maria Lopez at Acme; field UX research; level senior; met colleague")
    alice.say("add Kim Park at Initech; field Data science; level junior")
    alice.say("add Sam Lee at Globex; field UX research; level junior")
    _interview(alice, "maria", "4353", clock)
    text = alice.text("report")
    assert "UX research at Acme — 1 person (1 senior) · latest today" in text
    assert "could I succeed 4.0 from 1: “succeed thoughts from maria” — Maria Lopez, senior" in text
    assert "where it leads 3.0 from 1" in text
    assert "Data science at Initech — no one interviewed yet; 1 in your list" in text
    assert "Gaps: nobody has told you anything about Data science at Initech yet" in text
    assert "Next conversation: Kim Park (junior) could close the biggest gap" in text
    assert alice.button("Draft a request to Kim").value == "ask id:c_2"


def test_report_compares_two_options_on_all_four_questions(alice: Chat, clock: FakeClock) -> None:
    alice.say("add Maria Lopez at Acme; field UX research; level senior")
    alice.say("add Sam Lee at Globex; field UX research; level junior")
    alice.say("add Kim Park at Initech; field Data science; level junior")
    alice.say("add Priya Shah at Initech; field Data science; level mid")
    _interview(alice, "maria", "4353", clock)
    _interview(alice, "sam", "2435", clock)
    _interview(alice, "kim", "3344", clock)
    text = alice.text("report")
    ux = text[text.index("UX research — 2 people") : text.index("Data science at Initech")]
    assert "(1 senior, 1 junior)" in ux
    for key, label in (
        ("succeed", "could I succeed 3.0"),
        ("fit", "is it a fit 3.5"),
        ("want", "do I want it 4.0"),
        ("lead", "where it leads 4.0"),
    ):
        assert label in ux and f"“{key} thoughts from sam” — Sam Lee, junior" in ux
    ds = text[text.index("Data science at Initech — 1 person") :]
    assert "could I succeed 3.0 from 1: “succeed thoughts from kim” — Kim Park, junior" in ds
    assert "They disagree on could I succeed: Maria Lopez 4, Sam Lee 2" in ux
    assert "only one person has spoken about Data science at Initech" in text
    assert "Next conversation: Priya Shah (mid-level) could close the biggest gap" in text
    scoped = alice.text("report Globex")
    assert "Sam Lee" in scoped and "Maria Lopez" not in scoped
    assert "No debriefed conversation on Law yet" in alice.text("report Law")


def test_next_prefers_an_overdue_thank_you_over_a_new_request(alice: Chat) -> None:
    assert "list someone you already know" in alice.text("next")
    alice.say("add Maria Lopez")
    alice.say("add Sam Lee")
    assert "Next: Maria — ask Maria" in alice.text("next")
    alice.say("debrief sam")
    alice.click("Yes, we talked")
    for answer in ("x", "3", "3", "3", "3", "skip", "none"):
        alice.message(answer)
    assert "Next: Sam — thank Sam today" in alice.text("next")
    assert alice.button("Thank Sam").value.startswith("thanks id:")


def test_every_step_is_reachable_by_buttons(alice: Chat, leap: Leap) -> None:
    alice.say("add Maria Lopez at Acme; level senior")
    alice.click("Draft a request")
    alice.click("Mark as sent")
    alice.click("They said yes")
    assert leap.store.contacts(alice.actor.key)[0].stage == "scheduled"
    alice.click("Schedule it")
    assert alice.form is not None and alice.form.id == "schedule"
    alice.submit({"when": "purple", "medium": "video", "minutes": "20"})
    assert "when" in alice.errors()
    alice.say("schedule maria")  # a typed command without a time explains itself
    alice.say("next")
    alice.click("Schedule Maria")
    alice.submit({"when": "tomorrow 3pm", "medium": "video", "minutes": "25"})
    assert "Booked: Maria Lopez, Wed 2 Dec 2026, 15:00 CET" in text_of(alice.last)
    alice.click("Prepare for Maria")
    alice.click("Add my question")
    alice.submit({"question": "How did you get started?"})
    assert "It reads well" in text_of(alice.last)
    alice.click("See the prep")
    alice.click("Debrief afterwards")
    assert "still ahead. Did you talk already?" in text_of(alice.last)
    alice.click("Yes, we talked")
    for answer in ("learned", "4", "4", "4", "4", "skip", "Tom Reed"):
        alice.message(answer)
    alice.click("Thank Maria")
    alice.click("Mark as sent")
    alice.click("Ask Tom")
    assert "A request to Tom" in text_of(alice.last)
