"""Notes you can find, the CSV with the debriefs, and the decision recorded."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.clock import FakeClock
from bot.core import Leap
from bot.replies import Reply
from tests.support.chat import Chat, text_of


def talked(chat: Chat, name: str, learned: str, scores: str, thanks_for: str, refs: str) -> None:
    chat.say(f"debrief {name}")
    chat.click("Yes, we talked")
    chat.message(learned)
    for score, key in zip(scores, ("succeed", "fit", "want", "lead"), strict=True):
        chat.message(f"{score} — {key} words from {name}")
    chat.message(thanks_for)
    chat.message(refs)


def two_options(alice: Chat, clock: FakeClock) -> None:
    alice.say("goal changing careers to UX research")
    alice.say("add Maria Lopez at Acme; field UX research; level senior; met colleague")
    alice.say("add Kim Park at Initech; field Data science; level junior")
    talked(
        alice,
        "maria",
        "Research is mostly stakeholder work.\nSalary starts lower than I thought.",
        "4353",
        "the honest picture of the first year",
        "Tom Reed at Acme",
    )
    clock.advance(timedelta(days=2))
    talked(alice, "kim", "Data jobs want SQL first; salary is good.", "3344", "skip", "none")


def test_notes_finds_lines_in_debriefs_and_contact_notes_with_who_and_when(
    alice: Chat, clock: FakeClock
) -> None:
    two_options(alice, clock)
    alice.say("edit kim; note ask about the salary bands")
    text = alice.text("notes salary")
    assert "“salary” in your notes — 3 lines" in text
    assert "• Kim Park, Thu 3 Dec (learned): Data jobs want SQL first; salary is good." in text
    assert "• Maria Lopez, Tue 1 Dec (learned): Salary starts lower than I thought." in text
    assert "• Kim Park (note): ask about the salary bands" in text
    assert text.index("Kim Park, Thu 3 Dec") < text.index("Maria Lopez, Tue 1 Dec")  # newest
    assert "(is it a fit): fit words from maria" in alice.text("notes FIT maria")
    assert "Nothing in your debriefs or notes says “astronaut”" in alice.text("notes astronaut")
    assert "Which words?" in alice.text("notes")


def test_notes_are_only_the_users_own(alice: Chat, leap: Leap, clock: FakeClock) -> None:
    two_options(alice, clock)
    bob = Chat(leap, "bob")
    bob.say("help")
    assert "Nothing in your debriefs" in bob.text("notes salary")


def test_csv_export_carries_the_debrief_columns(alice: Chat, clock: FakeClock) -> None:
    two_options(alice, clock)
    outs = alice.say("export")
    files = {f.filename: f for o in outs if isinstance(o, Reply) for f in o.message.files}
    rows = {
        r["name"]: r
        for r in csv.DictReader(io.StringIO(files["leap-contacts.csv"].content.decode()))
    }
    maria = rows["Maria Lopez"]
    assert maria["learned"].startswith("Research is mostly stakeholder work.")
    assert (maria["succeed"], maria["fit"], maria["want"], maria["lead"]) == ("4", "3", "5", "3")
    assert maria["fit_words"] == "fit words from maria"
    assert maria["thank_for"] == "the honest picture of the first year"
    assert maria["suggested"] == "Tom Reed" and maria["debriefed_at"].startswith("2026-12-01")
    assert rows["Tom Reed"]["referred_by"] == "Maria Lopez" and rows["Tom Reed"]["learned"] == ""
    assert rows["Kim Park"]["thank_for"] == ""


def test_decide_records_the_decision_and_its_evidence_then_sets_the_goal_aside(
    alice: Chat, leap: Leap, clock: FakeClock
) -> None:
    two_options(alice, clock)
    listing = alice.text("decide")
    assert "Your options so far: UX research at Acme, Data science at Initech." in listing
    text = alice.text("decide ux research; the work suits me and the team is kind")
    assert "Decided: UX research at Acme — the work suits me and the team is kind." in text
    assert "could I succeed 4.0 from 1: “succeed words from maria” (Maria Lopez)" in text
    assert "2 people helped you decide" in text
    profile = leap.store.profile(alice.actor.key)
    assert profile is not None and profile.goal == ""
    (decision,) = profile.decisions
    assert decision["goal"] == "changing careers to UX research"
    assert decision["decided_at"].startswith("2026-12-03")
    assert len(decision["evidence"]) == 4 and len(decision["helped"]) == 2
    updates = text_of(alice.click("Draft the updates"))
    assert (
        "Hi Maria, a quick update: I decided on UX research at Acme, thanks to you — the honest "
        "picture of the first year made a real difference." in updates
    )
    assert "Hi Kim, a quick update: I decided on UX research at Acme, thanks to you." in updates
    assert "stakeholder" not in updates  # never the private notes
    assert "You closed 1 goal before" in alice.text("goal")
    alice.say("goal changing jobs within data science")
    old = alice.text("decide")
    assert "Decisions you made before:" in old
    assert "• Thu 3 Dec: UX research at Acme (goal: changing careers to UX research)" in old


def test_deciding_on_something_no_interview_covered_keeps_no_evidence(alice: Chat) -> None:
    alice.say("goal choosing a school")
    text = alice.text("decide stay where I am")
    assert "Decided: stay where I am." in text
    assert "no evidence is kept" in text and "Add why next time" in text
    assert "Keep it short" in alice.text("decide " + "x" * 130)


def test_after_a_decision_the_report_counts_only_the_new_goals_conversations(
    alice: Chat, clock: FakeClock
) -> None:
    two_options(alice, clock)
    alice.say("decide ux research; the work suits me")
    alice.say("goal changing jobs within data science")
    empty = alice.text("report")
    assert "No debriefed conversation since your last decision yet." in empty
    assert "2 conversations before your decision of Thu 3 Dec answered that goal" in empty
    clock.advance(timedelta(days=1))
    alice.say("add Ola Berg at Globex; field Data science; level senior")
    talked(alice, "ola", "Analytics teams hire from inside first.", "5544", "skip", "none")
    text = alice.text("report")
    assert "Data science at Globex" in text and "Ola Berg" in text
    assert "words from maria" not in text and "words from kim" not in text  # earlier voices
    assert "words from ola" in text
    assert "2 conversations before your decision of Thu 3 Dec answered that goal" in text
    decided = alice.text("decide data science; the team is kind")
    assert "Decided: Data science at Globex" in decided
    assert "1 person helped you decide" in decided  # Ola, not the first goal's people
