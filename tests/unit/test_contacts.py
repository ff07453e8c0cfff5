"""Adding, listing, showing, editing and removing contacts, as a user sees it."""

from __future__ import annotations

from bot.core import Leap
from bot.replies import FormErrors, OpenForm, Reply
from tests.support.chat import Chat, text_of


def test_first_use_is_a_welcome_with_a_first_step_button(leap: Leap) -> None:
    chat = Chat(leap, "newbie")
    outs = chat.say("contacts")
    welcome = text_of(outs[:1])
    assert "I'm Leap" in welcome and len(welcome.splitlines()) == 2
    assert chat.last[0].message.buttons[0].label == "Add your first contact"  # type: ignore[union-attr]
    assert "Your list is empty" in text_of(outs[1:])
    assert "I'm Leap" not in chat.text("contacts")  # only once


def test_add_echoes_what_was_understood_and_points_onward(alice: Chat) -> None:
    text = alice.text(
        "add Maria Lopez at Acme; role UX researcher; field UX research; "
        "level senior; met colleague; note met at the meetup"
    )
    assert "Added Maria Lopez (Acme) — to ask." in text
    assert "UX researcher · UX research · senior · you know them as a colleague" in text
    assert "Next: ask Maria for 20 minutes of advice." in text
    assert alice.button("Draft a request").value.startswith("ask id:")


def test_add_links_a_referrer_already_in_the_list(alice: Chat) -> None:
    alice.say("add Maria Lopez at Acme")
    assert "referred by Maria Lopez" in alice.text("add Sam Lee; via maria")
    assert "Suggested you talk to: Sam Lee" in alice.text("show maria")


def test_add_with_no_arguments_opens_a_form_and_saves_it(alice: Chat) -> None:
    outs = alice.say("add")
    assert isinstance(outs[0], OpenForm) and outs[0].form.fields[0].name == "name"
    alice.submit({"name": "Ana Ruiz", "org": "City Hospital", "level": "executive"})
    assert "Added Ana Ruiz (City Hospital)" in text_of(alice.last)
    assert "executive" in alice.text("show ana")


def test_form_errors_name_each_bad_field_and_save_nothing(alice: Chat, leap: Leap) -> None:
    alice.say("add")
    outs = alice.submit({"name": "", "level": "boss"})
    assert isinstance(outs[0], FormErrors)
    assert set(outs[0].errors) == {"name", "level"}
    assert "junior, mid, senior, executive" in outs[0].errors["level"]
    assert leap.store.contacts(alice.actor.key) == []


def test_bad_clauses_say_what_was_wrong_and_the_right_form(alice: Chat, leap: Leap) -> None:
    assert "I don't know the clause “colour”" in alice.text("add Bob; colour red")
    assert "Usage: /leap add NAME [at ORG]" in alice.text("add Bob; colour red")
    assert "“boss” is not a level" in alice.text("add Bob; level boss")
    assert "Which person?" in alice.text("add ; role designer")
    assert "needs a value" in alice.text("add Bob; role")
    assert "keep it under 80" in alice.text("add " + "x" * 81)
    assert leap.store.contacts(alice.actor.key) == []


def test_same_person_twice_asks_whether_it_is_another(alice: Chat, leap: Leap) -> None:
    alice.say("add Maria Lopez at Acme")
    text = alice.text("add maria lopez at ACME")
    assert "You already have Maria Lopez (Acme). Another Maria Lopez, or the same" in text
    assert len(leap.store.contacts(alice.actor.key)) == 1
    assert "Added Maria Lopez (Beta)" in alice.text("add Maria Lopez at Beta")


def test_contacts_grouped_by_stage_with_next_steps(alice: Chat) -> None:
    alice.say("add Maria Lopez at Acme")
    alice.say("add Sam Lee")
    alice.say("edit sam; stage asked")
    text = alice.text("contacts")
    assert text.index("To ask (1)") < text.index("Asked (1)")
    assert "• Sam Lee — next: wait for Sam's answer" in text
    only = alice.text("contacts asked")
    assert "Sam Lee" in only and "Maria" not in only
    assert "not a stage I know" in alice.text("contacts someday")


def test_long_lists_paginate_with_a_more_button(alice: Chat, leap: Leap) -> None:
    for i in range(30):
        alice.say(f"add Person {i:02d}")
    first = alice.text("contacts")
    assert "page 1 of 3" in first and "Person 11" in first and "Person 12" not in first
    alice.click("More")
    assert "Person 12" in text_of(alice.last) and "page 2 of 3" in text_of(alice.last)


def test_names_match_by_prefix_first_name_and_accents(alice: Chat) -> None:
    alice.say("add José Álvarez at Acme")
    assert "José Álvarez (Acme)" in alice.text("show jose")
    assert "José Álvarez (Acme)" in alice.text("show JOSÉ Á")
    assert "José Álvarez (Acme)" in alice.text("show alv")


def test_ambiguous_names_ask_which_with_buttons(alice: Chat) -> None:
    alice.say("add Maria Lopez at Acme")
    alice.say("add Maria Chen at Globex")
    text = alice.text("show maria")
    assert "matches 2 contacts" in text
    alice.click("Maria Chen")
    assert "Maria Chen (Globex)" in text_of(alice.last)


def test_unknown_name_offers_the_list(alice: Chat) -> None:
    alice.say("add Maria Lopez")
    assert "No contact matches “zed”" in alice.text("show zed")
    assert alice.button("Show my contacts").value == "contacts"


def test_edit_echoes_each_change(alice: Chat) -> None:
    alice.say("add Maria Lopez at Acme; level junior")
    text = alice.text("edit maria; org Globex; level senior; traditional; note prefers calls")
    assert "org Acme → Globex" in text and "level junior → senior" in text
    assert "traditional → yes" in text and "note added" in text
    assert "Note: prefers calls" in alice.text("show maria")
    assert "Nothing changed" in alice.text("edit maria; level senior")
    assert "I don't know the clause “colour”" in alice.text("edit maria; colour red")


def test_edit_without_changes_opens_the_form_filled_in(alice: Chat) -> None:
    alice.say("add Maria Lopez at Acme")
    outs = alice.say("edit maria")
    assert isinstance(outs[0], OpenForm)
    assert {f.name: f.initial for f in outs[0].form.fields}["org"] == "Acme"
    alice.submit({"name": "Maria Lopez", "org": "Initech"})
    assert "org Acme → Initech" in text_of(alice.last)


def test_remove_asks_first_and_keep_keeps(alice: Chat, leap: Leap) -> None:
    alice.say("add Maria Lopez")
    assert "cannot be undone" in alice.text("remove maria")
    alice.click("Keep")
    assert "Kept Maria Lopez" in text_of(alice.last)
    assert len(leap.store.contacts(alice.actor.key)) == 1
    alice.say("remove maria")
    alice.click("Yes, remove")
    assert "Removed Maria Lopez" in text_of(alice.last)
    assert leap.store.contacts(alice.actor.key) == []
    alice.click("Show contacts")
    assert "Your list is empty" in text_of(alice.last)


def test_each_user_sees_only_their_own_contacts(leap: Leap, alice: Chat) -> None:
    alice.say("add Maria Lopez at Acme")
    bob = Chat(leap, "bob")
    assert "Maria" not in bob.text("contacts")
    assert "No contact matches" in bob.text("show maria")
    other_workspace = Chat(leap, "alice", workspace="elsewhere")
    assert "Maria" not in other_workspace.text("contacts")
    # A button value taken from Alice's reply does nothing for Bob.
    maria = leap.store.contacts(alice.actor.key)[0]
    assert "No contact matches" in bob.text(f"show id:{maria.id}")


def test_user_text_is_kept_as_data(alice: Chat) -> None:
    text = alice.text("add <!channel> @everyone at <@U123>")
    assert "Added <!channel> @everyone (<@U123>)" in text
    replies = [o for o in alice.last if isinstance(o, Reply)]
    assert all(not r.public for r in replies)


def test_a_form_without_some_fields_keeps_them(alice: Chat) -> None:
    alice.say("add Maria Lopez at Acme; met colleague; via Sam")
    alice.say("edit maria")
    alice.submit({"name": "Maria Lopez", "org": "Initech"})  # met and via not shown
    text = alice.text("show maria")
    assert "Initech" in text and "colleague" in text and "referred by Sam" in text
    alice.say("edit maria")
    alice.submit({"name": "Maria Lopez", "org": "Initech", "met": ""})  # shown and emptied
    assert "colleague" not in alice.text("show maria")
