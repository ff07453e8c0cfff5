"""A platform that shows only part of the contact form (Discord: five inputs) still reaches
every field: the core keeps what was not shown and offers a second form for the rest."""

from __future__ import annotations

from bot.core import Leap
from tests.support.chat import Chat, text_of


def test_a_partial_form_keeps_the_rest_and_offers_it(alice: Chat, leap: Leap) -> None:
    alice.say("add")
    first_five = {"name": "Ana Ruiz", "org": "City Hospital", "role": "", "field": ""}
    outs = alice.submit({**first_five, "level": "executive"})
    text = text_of(outs)
    assert "Added Ana Ruiz (City Hospital)" in text
    assert "You can also add: how you know them, referred by, note." in text
    alice.click("More details")
    assert alice.form is not None and alice.form.title == "More about Ana"
    assert [f.name for f in alice.form.fields] == ["met", "via", "note"]
    outs = alice.submit({"met": "friend", "via": "Sam Lee", "note": "met at a meetup"})
    assert "Updated Ana Ruiz" in text_of(outs)
    assert "You can also add" not in text_of(outs)
    (contact,) = leap.store.contacts(alice.actor.key)
    assert (contact.name, contact.org, contact.level) == ("Ana Ruiz", "City Hospital", "executive")
    assert (contact.met, contact.via) == ("friend", "Sam Lee")
    assert contact.notes and "met at a meetup" in contact.notes[-1]


def test_a_whole_form_offers_nothing_more(alice: Chat) -> None:
    alice.say("add")
    fields = {"name": "Bo Chen", "org": "", "role": "", "field": "", "level": ""}
    outs = alice.submit({**fields, "met": "", "via": "", "note": ""})
    assert "Added Bo Chen" in text_of(outs)
    assert "You can also add" not in text_of(outs)


def test_gaps_that_are_not_a_cut_short_form_offer_nothing(alice: Chat) -> None:
    alice.say("add")
    outs = alice.submit({"name": "Sam Lee", "note": "from a shared message"})  # a shortcut
    assert "Added Sam Lee" in text_of(outs) and "You can also add" not in text_of(outs)


def test_unchosen_selects_left_out_are_no_reason_to_offer_more(alice: Chat) -> None:
    alice.say("add")
    outs = alice.submit(
        {"name": "Bo Chen", "org": "", "role": "", "field": "", "via": "", "note": ""}
    )
    assert "Added Bo Chen" in text_of(outs)
    assert "You can also add" not in text_of(outs)
