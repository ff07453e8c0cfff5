"""Dispatch, help, settings and failure handling of the core."""

from __future__ import annotations

import pytest

from bot.core import Leap
from bot.events import ActionClicked, FormSubmitted
from bot.models import Contact
from tests.support.chat import Chat, text_of


def test_help_lists_every_command_and_explains_one(alice: Chat, leap: Leap) -> None:
    text = alice.text("help")
    for spec in leap.registry:
        assert f"• {spec.name} — " in text
    assert "home" not in [line.split(" — ")[0].strip("• ") for line in text.splitlines()]
    detail = alice.text("help add")
    assert "Usage: /leap add NAME" in detail and "Examples:" in detail


def test_unknown_command_names_the_problem_and_suggests(alice: Chat) -> None:
    text = alice.text("shwo maria")
    assert "I don't know the command “shwo”" in text and "Did you mean show" in text
    assert "I don't know the command “frobnicate”" in alice.text("help frobnicate")


def test_plain_message_without_a_conversation_points_to_help(alice: Chat) -> None:
    assert "type /leap help" in alice.message("hello there")
    assert "Your list is empty" in alice.message("contacts")


def test_old_or_unknown_button_and_form_are_answered_not_crashed(alice: Chat, leap: Leap) -> None:
    outs = leap.handle(ActionClicked(alice.actor, "no-such-action", "x"))
    assert "no longer does anything" in text_of(outs)
    outs = leap.handle(FormSubmitted(alice.actor, "no-such-form", {}))
    assert "out of date" in text_of(outs)
    outs = leap.handle(ActionClicked(alice.actor, "remove", "c_missing"))
    assert "already removed" in text_of(outs)


def test_a_crash_in_a_handler_rolls_back_and_says_sorry(
    alice: Chat, leap: Leap, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice.say("add Maria Lopez")
    original = leap.store.save_contact

    def save_then_fail(user, contact: Contact) -> None:  # type: ignore[no-untyped-def]
        original(user, contact)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(leap.store, "save_contact", save_then_fail)
    assert "nothing was changed" in alice.text("add Sam Lee")
    monkeypatch.undo()
    names = [c.name for c in leap.store.contacts(alice.actor.key)]
    assert names == ["Maria Lopez"]


def test_settings_show_and_change(alice: Chat) -> None:
    text = alice.text("settings")
    assert "Time zone: Europe/Paris (now Tue 1 Dec 2026, 09:00 CET" in text
    assert "Quiet hours: 21:00–08:00" in text
    assert "Time zone set to America/New_York" in alice.text("settings tz america/new york")
    assert "now Tue 1 Dec 2026, 03:00 EST" in alice.text("settings")
    assert "Quiet hours set: 22:00–07:00" in alice.text("settings quiet 22-7")
    assert "Quiet hours set: 22:30–06:45" in alice.text("settings quiet 10:30pm-6:45am")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("settings tz Mars/Olympus", "not a time zone I know"),
        ("settings quiet 21:00", "as a range"),
        ("settings quiet 25:00-08:00", "For example: /leap settings quiet 21:00-08:00"),
        ("settings quiet 08:00-08:00", "different times"),
        ("settings colour blue", "I don't know the setting “colour”"),
        ("settings wrapup maybe", "Say on or off"),
    ],
)
def test_bad_settings_are_explained(alice: Chat, command: str, expected: str) -> None:
    assert expected in alice.text(command)
    assert "Europe/Paris" in alice.text("settings")


def test_platform_without_zone_asks_with_buttons(leap: Leap) -> None:
    leap.config = type(leap.config)(default_tz=None)
    chat = Chat(leap, "dave", platform="discord", workspace="discord")
    text = chat.text("contacts")
    assert "Which time zone are you in?" in text
    chat.click("Tokyo")
    assert "Time zone set to Asia/Tokyo" in text_of(chat.last)


def test_platform_zone_hint_is_used(leap: Leap) -> None:
    chat = Chat(leap, "erin", platform="slack", workspace="T1", tz_hint="America/Chicago")
    assert "Which time zone" not in chat.text("help")
    assert "America/Chicago" in chat.text("settings")
