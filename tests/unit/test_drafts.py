"""Drafts that use what Leap knows: how they met, who referred them, the note, the register."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.coach.check import check_text
from bot.coach.drafts import request
from bot.models import Contact
from tests.support.chat import Chat, text_of

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_a_contact_met_at_an_event_gets_that_opening(alice: Chat) -> None:
    text = alice.text("add Lena Berg at Fjord; field UX research; met at UX Europe 2026")
    assert "you met at UX Europe 2026" in text
    draft = alice.text("ask lena")
    assert "We met at UX Europe 2026" in draft and "came across your work" not in draft


def test_a_note_saying_where_they_met_is_used(alice: Chat) -> None:
    alice.say("add Lena Berg at Fjord; role UX lead; note met at UX Europe conference")
    draft = alice.text("ask lena")
    assert "We met at UX Europe conference" in draft and "came across" not in draft


def test_a_private_note_stays_out_of_the_draft(alice: Chat) -> None:
    alice.say("add Lena Berg at Fjord; role UX lead; note prefers mornings")
    assert "prefers mornings" not in alice.text("ask lena")


def test_a_referral_opens_with_a_capital_letter(alice: Chat) -> None:
    alice.say("add Priya Shah; via my friend Tom")
    draft = alice.text("ask priya")
    assert "Hi Priya,\n\nMy friend Tom suggested I get in touch" in draft


def test_referral_and_event_together(alice: Chat) -> None:
    alice.say("add Priya Shah; via Tom Reed; met at the Data Summit")
    draft = alice.text("ask priya")
    assert "Tom Reed suggested I get in touch, and we met briefly at the Data Summit." in draft


def test_a_traditional_executive_stays_formal_when_shortened(alice: Chat) -> None:
    alice.say("add Mr Robert Klein at Klein & Co; level executive; traditional")
    assert "Dear Mr. Klein," in alice.text("ask robert")
    alice.click("Shorter")
    shorter = text_of(alice.last)
    assert "Dear Mr. Klein," in shorter and "Hi Robert" not in shorter
    alice.click("More formal")
    assert "Dear Mr. Klein," in text_of(alice.last)


def test_coffee_is_a_medium_the_draft_can_offer(alice: Chat) -> None:
    alice.say("add Sam Lee")
    alice.say("replied sam yes")
    assert "over coffee" in alice.text("schedule sam tomorrow 3pm; by coffee")


@pytest.mark.parametrize("style", ["normal", "shorter", "formal"])
@pytest.mark.parametrize(
    "changes",
    [
        {"met": "event", "met_at": "UX Europe"},
        {"via": "my aunt Lena", "met": "event", "met_at": "a meetup"},
        {"notes": ("met at the alumni dinner",)},
        {"notes": ("saw her talk on service design",), "traditional": True},
    ],
)
def test_every_context_draft_passes_the_check(style: str, changes: dict[str, object]) -> None:
    contact = Contact("c1", "Dr. Ana Ruiz", NOW, field="cardiology", level="senior")
    contact = contact.with_changes(NOW, **changes)
    draft = request(contact, goal="changing careers to cardiology", me="Sam", style=style)
    assert check_text(draft.text, level="senior", kind="draft") == [], draft.text
    assert draft.text[draft.text.index("\n") :].strip()[0].isupper()
