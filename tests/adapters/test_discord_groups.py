"""Group commands through the real discord.py: public replies in the channel, who may
start a group, and selects rendered from the neutral model."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from adapters.discord.client import LeapClient
from adapters.scheduler import NudgeRunner
from bot.clock import FakeClock
from bot.models import UserKey
from tests.adapters.test_discord_harness import (
    OTHER_USER,
    START,
    actor,
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


def test_group_command_replies_in_the_channel_and_select_renders(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path, registry=extra_registry()) as leap:
                known(leap)
                async with leap_bot(fake, leap):
                    payload = fake.slash_payload("leap", {"text": "meetup at 6"}, **at("announce"))
                    (reply,) = await interact(fake, payload)
                    assert "Announcement: meetup at 6" in body(reply)["content"]
                    assert not body(reply).get("flags", 0) & EPHEMERAL

                    payload = fake.slash_payload("leap", {}, **at("pick"))
                    (reply,) = await interact(fake, payload)
                    (row,) = body(reply)["components"]
                    (select,) = row["components"]
                    assert select["custom_id"] == "leap-select:set-tz"
                    assert [o["value"] for o in select["options"]] == ["Europe/Paris", "Asia/Tokyo"]
                    choose = fake.component_payload(
                        "leap-select:set-tz", component_type=3, values=["Asia/Tokyo"]
                    )
                    (answer,) = await interact(fake, choose)
                    assert "Time zone set to Asia/Tokyo" in body(answer)["content"]
        profile = leap.store.profile(actor().key)
        assert profile is not None and profile.tz == "Asia/Tokyo"

    run(scenario())


def test_group_start_posts_in_the_channel_only_for_channel_managers(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord(members=[USER_ID, OTHER_USER]) as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                known(leap, OTHER_USER)
                async with leap_bot(fake, leap):
                    payload = fake.slash_payload(
                        "leap", {"action": "start"}, **at("group"), user_id=OTHER_USER
                    )
                    payload["member"]["permissions"] = "0"  # may not manage the channel
                    (refused,) = await interact(fake, payload)
                    assert "Only someone who manages this channel" in body(refused)["content"]
                    assert body(refused)["flags"] & EPHEMERAL

                    payload = fake.slash_payload("leap", {"action": "start"}, **at("group"))
                    (started,) = await interact(fake, payload)
                    assert started.json["type"] == 4
                    assert "#general is now a Leap group" in body(started)["content"]
                    assert not body(started).get("flags", 0) & EPHEMERAL  # seen by the channel
                    assert "leap:run:group join" in custom_ids(body(started))

    run(scenario())


def test_a_digest_the_bot_may_not_post_is_told_to_the_starter_and_not_counted(
    tmp_path: Path,
) -> None:
    """The strict fake refuses the post (50013); the starter hears how to fix it, once."""

    async def scenario() -> None:
        clock = FakeClock(START)
        async with FakeDiscord() as fake:
            with open_leap(tmp_path, clock=clock) as leap:
                known(leap)
                async with leap_bot(fake, leap, refusals=1) as client:
                    assert isinstance(client, LeapClient)
                    payload = fake.slash_payload("leap", {"action": "start"}, **at("group"))
                    (started,) = await interact(fake, payload)
                    assert "is now a Leap group" in body(started)["content"]
                    fake.deny(fake.channel_id)  # someone took Send Messages away
                    clock.advance(timedelta(days=8))
                    await asyncio.to_thread(NudgeRunner(leap, client.messenger).deliver_due)
                    dm = fake.dm_channel_id(USER_ID)
                    (told,) = await fake.wait_for("POST", f"/channels/{dm}/messages")
                    assert "could not post this week's digest in #general" in told.json["content"]
                    assert (
                        "allow Leap to view the channel and send messages" in told.json["content"]
                    )
                    (_, status, data) = fake.refused[0]
                    assert (status, data["code"]) == (403, 50013)
        key = UserKey("discord", "discord", f"#{fake.channel_id}")
        group = leap.store.group(key)
        assert group is not None and group.last_digest_at is None  # not counted as posted

    run(scenario())
