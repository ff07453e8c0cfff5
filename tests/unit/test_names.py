"""Names with titles and suffixes, and the same name added twice, as a user sees them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.core import Leap
from bot.names import parse, same_person_key, tidy
from tests.support.chat import Chat, advance, text_of


@pytest.mark.parametrize(
    ("typed", "given", "formal", "plain"),
    [
        ("Dr. Ana Ruiz", "Ana", "Dr. Ruiz", "Ana Ruiz"),
        ("Dr Ana Ruiz", "Ana", "Dr. Ruiz", "Ana Ruiz"),
        ("Mr Robert Klein", "Robert", "Mr. Klein", "Robert Klein"),
        ("Robert Klein Jr.", "Robert", "Robert Klein", "Robert Klein"),
        ("Prof. José García-López III", "José", "Prof. García-López", "José García-López"),
        ("Sam Lee PhD", "Sam", "Sam Lee", "Sam Lee"),
        ("Dr. Ruiz", "Dr. Ruiz", "Dr. Ruiz", "Ruiz"),
        ("Priya", "Priya", "Priya", "Priya"),
        ("Jean-Luc Picard", "Jean-Luc", "Jean-Luc Picard", "Jean-Luc Picard"),
    ],
)
def test_a_name_splits_into_what_to_call_them(
    typed: str, given: str, formal: str, plain: str
) -> None:
    name = parse(typed)
    assert (name.given, name.formal, name.plain) == (given, formal, plain)


def test_same_person_ignores_case_accents_and_titles() -> None:
    assert same_person_key("maria santos") == same_person_key("María Santos")
    assert same_person_key("Dr. Ana Ruiz") == same_person_key("ana ruiz")
    assert same_person_key("Ana Ruiz") != same_person_key("Ana Ruiz-Soto")


def test_all_lower_case_names_are_capitalised_mixed_case_kept() -> None:
    assert tidy("maria santos") == "Maria Santos"
    assert tidy("o'neil") == "O'Neil"
    assert tidy("danah boyd") == "Danah Boyd"
    assert tidy("bell hooks") == "Bell Hooks"
    assert tidy("Ludwig van Beethoven") == "Ludwig van Beethoven"
    assert tidy("DeShawn McAdams") == "DeShawn McAdams"


def test_a_titled_contact_is_called_by_first_name_in_replies(alice: Chat) -> None:
    alice.say("add Dr. Ana Ruiz at City Hospital; field cardiology")
    text = alice.text("ask ana")
    assert "A request to Ana, ready" in text and "Hi Ana," in text and "Dr.," not in text
    alice.click("Mark as sent")
    assert "request sent to Ana on" in text_of(alice.last)
    assert "Dr.," not in alice.text("show ana") and "Dr. " not in text_of(alice.last).replace(
        "Dr. Ana Ruiz", ""
    )


def test_a_formal_draft_says_dear_title_and_surname(alice: Chat) -> None:
    alice.say("add Dr. Ana Ruiz at City Hospital; level executive; traditional")
    text = alice.text("ask ana")
    assert "Dear Dr. Ruiz," in text
    alice.say("add Mr Robert Klein at Klein & Co; traditional")
    assert "Dear Mr. Klein," in alice.text("ask robert")


def test_a_matching_name_asks_and_another_adds_a_second(alice: Chat, leap: Leap) -> None:
    alice.say("add Maria Santos at Acme")
    text = alice.text("add maria santos; role designer")
    assert "Another Maria Santos, or the same person?" in text
    assert len(leap.store.contacts(alice.actor.key)) == 1
    alice.click("Another Maria Santos")
    assert "Added Maria Santos — to ask." in text_of(alice.last)
    assert len(leap.store.contacts(alice.actor.key)) == 2


def test_the_same_person_updates_the_one_contact(alice: Chat, leap: Leap) -> None:
    alice.say("add María Santos at Acme")
    alice.say("add maria santos; role designer")
    alice.click("The same")
    assert "Updated María Santos (Acme): role → designer." in text_of(alice.last)
    (only,) = leap.store.contacts(alice.actor.key)
    assert only.role == "designer"


def test_a_matching_name_from_the_form_asks_too(alice: Chat, leap: Leap) -> None:
    alice.say("add Sam Lee")
    alice.say("add")
    alice.submit({"name": "sam lee", "org": "Beta"})
    assert "Another Sam Lee, or the same person?" in text_of(alice.last)
    alice.click("Another")
    assert "Added Sam Lee (Beta)" in text_of(alice.last)
    assert len(leap.store.contacts(alice.actor.key)) == 2


def test_reminders_use_the_first_name_not_the_title(
    alice: Chat, leap: Leap, clock: FakeClock
) -> None:
    alice.say("add Dr. Ana Ruiz")
    alice.say("ask ana sent")
    alice.say("replied ana yes")
    alice.say("schedule ana tomorrow 3pm")
    later = text_of(advance(leap, clock, timedelta(days=2)))
    assert "How did it go with Ana?" in later and "Dr.?" not in later
