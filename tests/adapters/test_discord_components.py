"""Forms, buttons and DMs through the real discord.py: modals and their submits,
buttons on messages sent before a restart, and plain DMs answering a conversation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.events import Command
from tests.adapters.test_discord_harness import (
    actor,
    at,
    body,
    custom_ids,
    interact,
    known,
    leap_bot,
    open_leap,
    run,
)
from tests.fakes.discord_server import USER_ID, FakeDiscord

EPHEMERAL = 64
LABEL, TEXT_INPUT, SELECT = 18, 4, 3


def _with_select(payload: dict[str, Any], name: str, values: list[str]) -> dict[str, Any]:
    """Add a select answer (inside a label) to a MODAL_SUBMIT payload."""
    payload["data"]["components"].append(
        {"type": LABEL, "component": {"type": SELECT, "custom_id": name, "values": values}}
    )
    return payload


def _message(
    author: dict[str, Any], channel_id: int, content: str, guild_id: int | None = None
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "id": str(1_400_000_000_000_000_000 + len(content)),
        "channel_id": str(channel_id),
        "type": 0,
        "author": author,
        "content": content,
        "timestamp": datetime.now(UTC).isoformat(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "flags": 0,
        "components": [],
    }
    if guild_id is not None:
        message["guild_id"] = str(guild_id)
    return message


def test_modal_opens_with_five_inputs_and_its_submit_adds_a_contact(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                async with leap_bot(fake, leap):
                    (opened,) = await interact(fake, fake.slash_payload("leap", {}, **at("add")))
                    assert opened.json["type"] == 9
                    modal = opened.json["data"]
                    assert (
                        modal["custom_id"] == "leap-form:add:" and modal["title"] == "Add a contact"
                    )
                    labels = modal["components"]
                    assert len(labels) == 5 and {c["type"] for c in labels} == {LABEL}
                    assert [c["label"] for c in labels] == [
                        "Name",
                        "Organisation",
                        "Role",
                        "Field",
                        "Seniority",
                    ]
                    assert [c["component"]["type"] for c in labels] == [TEXT_INPUT] * 4 + [SELECT]
                    assert labels[0]["component"]["required"] is True
                    assert labels[3]["description"] == "e.g. UX research, data science"
                    assert [o["value"] for o in labels[4]["component"]["options"]] == [
                        "junior",
                        "mid",
                        "senior",
                        "executive",
                    ]

                    # Leaving the name empty: the core's message, privately
                    submit = fake.modal_submit_payload("leap-form:add:", {"name": " "}, labels=True)
                    (errors,) = await interact(fake, submit)
                    assert "A name is needed" in body(errors)["content"]
                    assert body(errors)["flags"] & EPHEMERAL

                    submit = _with_select(
                        fake.modal_submit_payload(
                            "leap-form:add:",
                            {
                                "name": "Sam Lee",
                                "org": "Globex",
                                "role": "",
                                "field": "data science",
                            },
                            labels=True,
                        ),
                        "level",
                        ["senior"],
                    )
                    (saved,) = await interact(fake, submit)
                    assert "Added Sam Lee (Globex)" in body(saved)["content"]
        (contact,) = leap.store.contacts(actor().key)
        assert (contact.name, contact.org, contact.field, contact.level) == (
            "Sam Lee",
            "Globex",
            "data science",
            "senior",
        )

    run(scenario())


def test_edit_modal_keeps_the_fields_it_could_not_show(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                leap.handle(Command(actor(), "add Ana Ruiz"))
                leap.handle(Command(actor(), "add Maria Lopez at Acme; met colleague; via Ana"))
                async with leap_bot(fake, leap):
                    payload = fake.slash_payload("leap", {"name": "Maria"}, **at("edit"))
                    (opened,) = await interact(fake, payload)
                    modal = opened.json["data"]
                    assert modal["custom_id"] == "leap-form:edit:c_2"
                    values = {
                        c["component"]["custom_id"]: c["component"].get("value")
                        for c in modal["components"]
                    }
                    assert values["name"] == "Maria Lopez" and values["org"] == "Acme"
                    assert "met" not in values and "via" not in values  # past five inputs

                    submit = fake.modal_submit_payload(
                        "leap-form:edit:c_2",
                        {"name": "Maria Lopez", "org": "Acme", "role": "Designer", "field": ""},
                        labels=True,
                    )
                    (saved,) = await interact(fake, _with_select(submit, "level", []))
                    assert "Updated Maria Lopez (Acme): role → Designer" in body(saved)["content"]
        maria = leap.store.contact(actor().key, "c_2")
        assert maria is not None
        assert (maria.role, maria.met, maria.via) == ("Designer", "colleague", "Ana Ruiz")

    run(scenario())


def test_buttons_sent_before_a_restart_still_work(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                leap.handle(Command(actor(), "add Maria Lopez"))
                async with leap_bot(fake, leap, run_nudges=True):
                    payload = fake.slash_payload("leap", {"name": "Maria"}, **at("remove"))
                    (asked,) = await interact(fake, payload)
                    assert custom_ids(body(asked)) == ["leap:remove:c_1", "leap:keep:c_1"]
            # Restart: a new store, core and client; only the message on Discord remains
            with open_leap(tmp_path) as leap:
                async with leap_bot(fake, leap, run_nudges=True):
                    click = fake.component_payload("leap:remove:c_1")
                    (updated,) = await interact(fake, click)
                    assert updated.json["type"] == 7  # the confirmation replaces the question
                    assert "Removed Maria Lopez." in body(updated)["content"]
                    assert custom_ids(body(updated)) == ["leap:run:contacts"]
                assert leap.store.contacts(actor().key) == []
        assert fake.connections == 2

    run(scenario())


def test_a_dm_answers_a_running_conversation(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                leap.handle(Command(actor(), "add Maria Lopez"))
                (maria,) = leap.store.contacts(actor().key)
                leap.store.save_contact(actor().key, replace(maria, stage="met"))
                leap.handle(Command(actor(), "debrief Maria"))
                async with leap_bot(fake, leap):
                    dm = fake.dm_channel_id(USER_ID)
                    # Server messages and the bot's own are not for Leap; a DM from the user is
                    await fake.dispatch(
                        "MESSAGE_CREATE",
                        _message(
                            fake.user(USER_ID), fake.channel_id, "hello", guild_id=fake.guild_id
                        ),
                    )
                    await fake.dispatch(
                        "MESSAGE_CREATE",
                        _message(fake.user(fake.app_id), dm, "Could you succeed there?"),
                    )
                    await fake.dispatch(
                        "MESSAGE_CREATE", _message(fake.user(USER_ID), dm, "They hire @everyone")
                    )
                    (sent,) = await fake.wait_for("POST", f"/channels/{dm}/messages")
                    assert "Could you succeed there?" in sent.json["content"]
                    assert sent.json["allowed_mentions"] == {"parse": []}
                    assert "leap:debrief-score:succeed|4" in custom_ids(sent.json)
                    posts = [
                        r for r in fake.requests if r.method == "POST" and "/messages" in r.path
                    ]
                    assert len(posts) == 1
        conversation = leap.store.conversation(actor().key)
        assert conversation is not None and conversation.step == "succeed"

    run(scenario())


def test_a_form_asked_for_in_a_dm_opens_from_a_button_even_after_a_restart(
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            dm = fake.dm_channel_id(USER_ID)
            with open_leap(tmp_path) as leap:
                known(leap)
                async with leap_bot(fake, leap):
                    await fake.dispatch("MESSAGE_CREATE", _message(fake.user(USER_ID), dm, "add"))
                    (sent,) = await fake.wait_for("POST", f"/channels/{dm}/messages")
                    (button,) = sent.json["components"][0]["components"]
                    assert button["label"] == "Add a contact"  # the core's form title
            # A restart: nothing was held in memory, the button's custom_id says it all
            with open_leap(tmp_path) as leap:
                async with leap_bot(fake, leap):
                    click = fake.component_payload(button["custom_id"], dm=True)
                    (opened,) = await interact(fake, click)
                    assert opened.json["type"] == 9
                    assert opened.json["data"]["custom_id"] == "leap-form:add:"
                    submit = fake.modal_submit_payload(
                        "leap-form:add:", {"name": "Ana Ruiz", "org": "City Hospital"}, dm=True
                    )
                    (answer, *_more) = await interact(fake, submit)
                    assert "Added Ana Ruiz (City Hospital)" in body(answer)["content"]

    run(scenario())
