"""/leap slash commands through the real discord.py: registration from the core
registry, round trips, autocomplete, deferral of slow work, and mention safety."""

from __future__ import annotations

import asyncio
from pathlib import Path

from adapters.discord.bridge import after_seconds
from bot.events import Command
from bot.replies import Outbound
from tests.adapters.test_discord_harness import (
    OTHER_USER,
    SlowLeap,
    actor,
    answers,
    at,
    body,
    custom_ids,
    extra_registry,
    interact,
    known,
    leap_bot,
    open_leap,
    run,
)
from tests.fakes.discord_server import USER_ID, FakeDiscord

EPHEMERAL = 64
STRING, SUBCOMMAND, SUBCOMMAND_GROUP = 3, 1, 2


def test_leap_group_is_generated_from_the_core_registry(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path, registry=extra_registry()) as leap:
                async with leap_bot(fake, leap):
                    (put,) = await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
                    (saved,) = fake.commands[fake.guild_id]  # the strict fake accepted it
        (group,) = put.json
        assert saved["name"] == group["name"] == "leap"
        top = {o["name"]: o for o in group["options"]}
        leaves = {
            (o["name"], s["name"]) if o["type"] == SUBCOMMAND_GROUP else (o["name"],): s
            for o in group["options"]
            for s in (o["options"] if o["type"] == SUBCOMMAND_GROUP else [o])
        }
        assert len(leaves) == len(list(leap.registry))  # every visible command, none cut
        assert ("home",) not in leaves  # hidden core commands stay hidden
        assert ("pick",) in leaves and ("echo",) in leaves  # new core commands, no adapter code
        contact = top["contact"]
        assert contact["type"] == SUBCOMMAND_GROUP
        assert [s["name"] for s in contact["options"]] == ["add", "edit", "remove", "list", "show"]
        stage = leaves[("contact", "list")]["options"][0]
        assert stage["type"] == STRING and not stage.get("required")
        assert [c["value"] for c in stage["choices"]] == [
            "to ask",
            "asked",
            "scheduled",
            "met",
            "thanked",
            "declined",
        ]
        name, changes = leaves[("contact", "edit")]["options"]
        assert name == {**name, "name": "name", "required": True, "autocomplete": True}
        assert changes["name"] == "changes" and not changes.get("required")
        replied = {o["name"]: o for o in leaves[("interview", "replied")]["options"]}
        assert [c["value"] for c in replied["answer"]["choices"]] == ["yes", "no"]
        assert group["description"] == "Leap coaches informational interviews"

    run(scenario())


def test_slash_command_round_trip_first_use_then_add(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                async with leap_bot(fake, leap):
                    # First use: the welcome, then the time-zone question (Discord has none)
                    payload = fake.slash_payload("leap", {"command": "add"}, **at("help"))
                    welcome, zone, usage = await interact(fake, payload, 3)
                    assert welcome.json["type"] == 4
                    assert body(welcome)["flags"] & EPHEMERAL
                    assert "I'm Leap" in body(welcome)["content"]
                    assert "leap:add-form:" in custom_ids(body(welcome))
                    assert "Which time zone" in body(zone)["content"]
                    assert "leap:set-tz:Europe/Berlin" in custom_ids(body(zone))
                    assert body(zone)["flags"] & EPHEMERAL  # a follow-up, still private
                    assert "Usage: /leap add NAME" in body(usage)["content"]

                    # A zone button, then a typed command with its reply and buttons
                    click = fake.component_payload("leap:set-tz:Europe/Berlin")
                    (answer,) = await interact(fake, click)
                    assert "Time zone set to Europe/Berlin" in body(answer)["content"]
                    payload = fake.slash_payload(
                        "leap", {"details": "Maria Lopez at Acme; level senior"}, **at("add")
                    )
                    (added,) = await interact(fake, payload)
                    message = body(added)
                    assert added.json["type"] == 4 and message["flags"] & EPHEMERAL
                    assert "Added Maria Lopez (Acme)" in message["content"]
                    assert message["allowed_mentions"] == {"parse": []}
                    assert any(c.startswith("leap:run:") for c in custom_ids(message))
        (contact,) = leap.store.contacts(actor().key)
        assert (contact.name, contact.org, contact.level) == ("Maria Lopez", "Acme", "senior")

    run(scenario())


def test_typed_options_rebuild_the_core_text(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                leap.handle(Command(actor(), "add Maria Lopez"))
                async with leap_bot(fake, leap):
                    payload = fake.slash_payload(
                        "leap",
                        {"name": "maria", "changes": "level senior; role Designer"},
                        **at("edit"),
                    )
                    (reply,) = await interact(fake, payload)
                    assert "Updated Maria Lopez" in body(reply)["content"]
                    payload = fake.slash_payload("leap", {"stage": "to ask"}, **at("contacts"))
                    (reply,) = await interact(fake, payload)
                    assert "Maria Lopez" in body(reply)["content"]
        (contact,) = leap.store.contacts(actor().key)
        assert (contact.level, contact.role) == ("senior", "Designer")

    run(scenario())


def test_autocomplete_offers_only_the_users_own_contacts(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord(members=[USER_ID, OTHER_USER]) as fake:
            with open_leap(tmp_path) as leap:
                for text in ("add Maria Lopez at Acme", "add Mark Chen", "add Sam Lee"):
                    leap.handle(Command(actor(), text))
                leap.handle(Command(actor(OTHER_USER), "add Mallory Evans"))
                async with leap_bot(fake, leap):
                    payload = fake.autocomplete_payload(
                        "leap", focused="name", value="ma", **at("show")
                    )
                    (answer,) = await interact(fake, payload)
                    assert answer.json["type"] == 8
                    choices = answer.json["data"]["choices"]
                    assert [c["name"] for c in choices] == ["Maria Lopez (Acme)", "Mark Chen"]
                    assert all(c["value"].startswith("id:") for c in choices)

                    payload = fake.autocomplete_payload(
                        "leap", focused="name", value="", **at("remove"), user_id=OTHER_USER
                    )
                    (answer,) = await interact(fake, payload)
                    assert [c["name"] for c in answer.json["data"]["choices"]] == ["Mallory Evans"]

                    # The chosen value names the contact exactly
                    payload = fake.slash_payload(
                        "leap", {"name": choices[0]["value"]}, **at("show")
                    )
                    (reply,) = await interact(fake, payload)
                    assert body(reply)["content"].startswith("**Maria Lopez (Acme)**\n")

    run(scenario())


def test_the_timed_policy_defers_only_an_unfinished_answer() -> None:
    async def scenario() -> None:
        policy = after_seconds(0)
        pending: asyncio.Future[list[Outbound]] = asyncio.get_running_loop().create_future()
        assert await policy(pending) is True
        pending.set_result([])
        assert await policy(pending) is False
        assert await after_seconds(2.0)(pending) is False  # done: no waiting either

    run(scenario())


def test_slow_command_is_deferred_then_followed_up(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path, cls=SlowLeap, registry=extra_registry()) as leap:
                assert isinstance(leap, SlowLeap)
                leap.gate.set()
                known(leap)
                leap.handle(Command(actor(), "add Maria Lopez"))
                leap.gate.clear()
                async with leap_bot(fake, leap, should_defer=leap.should_defer):
                    payload = fake.slash_payload("leap", {}, **at("contacts"))
                    (deferred,) = await interact(fake, payload)
                    assert deferred.json["type"] == 5  # "thinking…", private
                    assert deferred.json["data"]["flags"] & EPHEMERAL
                    leap.gate.set()
                    (_, edit) = await answers(fake, payload, 2)
                    assert edit.method == "PATCH" and edit.path.endswith("/messages/@original")
                    assert "Maria Lopez" in edit.json["content"]

                    # A slow click is acknowledged silently, then edits its message
                    leap.gate.clear()
                    click = fake.component_payload("leap:keep:c_1")
                    (ack,) = await interact(fake, click)
                    assert ack.json["type"] == 6
                    leap.gate.set()
                    (_, edit) = await answers(fake, click, 2)
                    assert edit.method == "PATCH" and "Kept Maria Lopez" in edit.json["content"]

                    # A form that comes after a deferral becomes a button that opens it
                    leap.gate.clear()
                    payload = fake.slash_payload("leap", {}, **at("add"))
                    (deferred,) = await interact(fake, payload)
                    assert deferred.json["type"] == 5
                    leap.gate.set()
                    (_, edit) = await answers(fake, payload, 2)
                    assert custom_ids(edit.json) == ["leap:run:add"]
                    click = fake.component_payload("leap:run:add")
                    (modal,) = await interact(fake, click)
                    assert modal.json["type"] == 9
                    assert modal.json["data"]["custom_id"] == "leap-form:add:"

                    # A group command thinks in public; a private answer never shows there
                    leap.gate.clear()
                    payload = fake.slash_payload("leap", {"text": "secret"}, **at("announce"))
                    (deferred,) = await interact(fake, payload)
                    assert deferred.json["type"] == 5
                    assert not (deferred.json.get("data") or {}).get("flags", 0) & EPHEMERAL
                    leap.gate.set()
                    (_, delete, follow) = await answers(fake, payload, 3)
                    assert delete.method == "DELETE" and delete.path.endswith("/@original")
                    assert follow.method == "POST" and follow.json["flags"] & EPHEMERAL
                    assert follow.json["content"] == "Only you can see this."

    run(scenario())


def test_injected_everyone_pings_no_one_and_markdown_stays_text(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                async with leap_bot(fake, leap):
                    payload = fake.slash_payload(
                        "leap",
                        {"details": "@everyone @here <@&123456789012345678> **Bo**"},
                        **at("add"),
                    )
                    (reply,) = await interact(fake, payload)
        message = body(reply)
        assert message["allowed_mentions"] == {"parse": []}
        content = message["content"]
        assert "@everyone" not in content and "@here" not in content
        assert "@\u200beveryone" in content and "@\u200bhere" in content
        assert "<@&123456789012345678>" not in content
        assert "\\*\\*Bo\\*\\*" in content

    run(scenario())


def test_every_core_command_is_answered(tmp_path: Path) -> None:
    samples = {"contact": "Maria", "text": "tomorrow 3pm", "rest": "off"}

    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                leap.handle(Command(actor(), "add Maria Lopez at Acme"))
                async with leap_bot(fake, leap):
                    for spec in leap.registry:
                        options = {
                            p.name: p.choices[0] if p.choices else samples[p.kind]
                            for p in spec.params
                            if p.required
                        }
                        payload = fake.slash_payload("leap", options, **at(spec.name))
                        (answer,) = await interact(fake, payload)
                        assert answer.json["type"] in (4, 9), spec.name
                        if answer.json["type"] == 4:
                            content = body(answer)["content"]
                            assert content and "went wrong" not in content, spec.name

    run(scenario())


def test_a_stale_or_unknown_subcommand_gets_the_cores_apology(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                async with leap_bot(fake, leap):
                    payload = fake.slash_payload("leap", {}, **at("retired-command"))
                    (answer,) = await interact(fake, payload)
                    assert "went wrong on my side" in body(answer)["content"]
                    assert body(answer)["flags"] & EPHEMERAL

    run(scenario())
