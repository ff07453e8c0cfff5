"""The contact, whole (``show``), steps in order, and ``next`` starting with people you know."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.core import Leap
from tests.support.chat import Chat, text_of


def debrief(chat: Chat, name: str, *answers: str) -> None:
    chat.say(f"debrief {name}")
    for answer in answers:
        chat.message(answer)


def test_show_tells_the_whole_story_of_a_contact(alice: Chat, clock: FakeClock) -> None:
    alice.say("add Maria Lopez at Acme; field UX research; level senior; met colleague")
    alice.say("ask maria sent")
    clock.advance(timedelta(days=1))
    alice.say("replied maria yes")
    alice.say("schedule maria Dec 3 10am")
    clock.advance(timedelta(days=2))
    debrief(
        alice,
        "maria",
        "Research is mostly stakeholder work.",
        "4 — my interviewing skills transfer",
        "3 — small teams, slow releases",
        "5 — yes, I want this",
        "4 — product roles later",
        "the honest picture of the first year",
        "Tom Reed at Globex",
    )
    alice.say("thanks maria sent")
    text = alice.text("show maria")
    assert (
        "Timeline: added Tue 1 Dec → asked Tue 1 Dec → said yes Wed 2 Dec → met Thu 3 Dec"
        " → thanked Fri 4 Dec" in text
    )
    assert "Learned: Research is mostly stakeholder work." in text
    assert "Could I succeed: 4/5 — my interviewing skills transfer" in text
    assert "Is it a fit: 3/5 — small teams, slow releases" in text
    assert "Do I want it: 5/5 — yes, I want this" in text
    assert "Where it leads: 4/5 — product roles later" in text
    assert "To thank them for: the honest picture of the first year" in text
    assert "Suggested you talk to: Tom Reed (to ask)" in text
    assert "Referred by: Maria Lopez (thanked)" in alice.text("show tom")
    assert "Meeting:" not in text  # a held meeting is in the timeline, by day


def test_debriefing_someone_never_met_asks_first_and_invents_no_time(
    alice: Chat, leap: Leap
) -> None:
    alice.say("add Zed Moss")
    text = alice.text("debrief zed")
    assert "You have not met Zed yet — did you talk already?" in text
    (zed,) = leap.store.contacts(alice.actor.key)
    assert zed.stage == "to-ask" and zed.meeting_at is None
    assert leap.store.conversation(alice.actor.key) is None
    alice.click("Not yet")
    assert "Zed" in text_of(alice.last) and leap.store.conversation(alice.actor.key) is None


def test_a_future_meeting_is_not_debriefed_or_thanked_without_asking(
    alice: Chat, leap: Leap
) -> None:
    alice.say("add Zed Moss")
    alice.say("schedule zed Dec 7 10am")
    assert "planned for Mon 7 Dec, 10:00, still ahead" in alice.text("debrief zed")
    assert "Did you talk already?" in alice.text("thanks zed sent")
    assert leap.store.contacts(alice.actor.key)[0].stage == "scheduled"
    alice.click("Yes, we talked today")
    assert "Send it today" in text_of(alice.last)
    (zed,) = leap.store.contacts(alice.actor.key)
    assert zed.stage == "met" and zed.meeting_at == leap.clock.now()


def test_next_starts_with_people_you_know_and_says_why_for_a_stranger(alice: Chat) -> None:
    alice.say("add Victor Hale at Megacorp; level executive")
    alice.say("add Rosa Diaz; met relative")
    assert "Next: Rosa — ask Rosa" in alice.text("next")
    assert "someone new" not in text_of(alice.last)
    alice.say("ask rosa sent")
    text = alice.text("next")
    assert "Next: Victor — ask Victor" in text
    assert "Everyone you know is already asked, so this is someone new to you" in text


def test_thank_you_says_today_only_on_the_meeting_day(alice: Chat, clock: FakeClock) -> None:
    alice.say("add Robert Klein at Acme; met colleague")
    alice.say("debrief robert")
    alice.click("Yes, we talked")
    for answer in ("He was blunt: the market is very tough.", "3", "3", "3", "3"):
        alice.message(answer)
    alice.message("for the straight talk about the market")
    alice.message("none")
    text = alice.text("thanks robert")
    assert "Hi Robert," in text and "talk with me today" in text
    assert "Thank you especially for the straight talk about the market." in text
    assert "blunt" not in text and "very tough" not in text
    clock.advance(timedelta(days=3))  # Tue 1 Dec -> Fri 4 Dec
    assert "talk with me last Tuesday" in alice.text("thanks robert")
    clock.advance(timedelta(days=8))
    assert "talk with me on 1 December" in alice.text("thanks robert")


def test_formal_cards_use_title_and_surname() -> None:
    from bot.coach import drafts
    from bot.models import Contact
    from tests.conftest import START

    klein = Contact(id="c", name="Mr. Robert Klein", created_at=START, level="executive")
    draft = drafts.thanks(klein, None, [], me="Al")
    assert draft.handwritten and draft.text.startswith("Dear Mr. Klein,")
    plain = Contact(id="d", name="Robert Klein", created_at=START, traditional=True)
    assert drafts.thanks(plain, None, [], me="Al").text.startswith("Dear Robert Klein,")
    assert drafts.second_person("thank her for her advice on portfolios") == (
        "your advice on portfolios"
    )
    assert drafts.second_person("how he explained the first year") == (
        "how you explained the first year"
    )


def test_options_are_organisations_when_the_goal_names_one(alice: Chat, clock: FakeClock) -> None:
    alice.say("goal changing employers: Globex or Acme")
    alice.say("add Maria Lopez at Acme; field data science; level senior")
    alice.say("add Sam Lee at Globex; field data science; level junior")
    alice.say("debrief maria")
    alice.click("Yes, we talked")
    for answer in ("Good team.", "4", "4", "4", "4", "skip", "none"):
        alice.message(answer)
    text = alice.text("report")
    assert "data science at Acme — 1 person (1 senior)" in text
    assert "data science at Globex — no one interviewed yet; 1 in your list" in text
    assert "Next conversation: Sam Lee (junior)" in text


def test_thanking_someone_who_declined_thanks_them_for_answering(alice: Chat, leap: Leap) -> None:
    alice.say("add Zed Moss")
    alice.say("ask zed sent")
    alice.say("replied zed no")
    text = alice.text("thanks zed")
    assert "Thank you for getting back to me" in text and "talk with me" not in text
    assert "Noted. Zed stays in your list as declined" in alice.text("thanks zed sent")
    assert leap.store.contacts(alice.actor.key)[0].stage == "declined"
