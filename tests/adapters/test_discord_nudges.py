"""Nudges by DM through the real discord.py, DMs closed (50007), files, and the
``leap discord`` composition root against the fake server."""

from __future__ import annotations

import argparse
import asyncio
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import pytest

from adapters.config import Env
from adapters.discord import main as discord_main_module
from adapters.discord.client import LeapClient
from adapters.messaging import SendError
from adapters.scheduler import NudgeRunner
from bot.clock import FakeClock
from bot.events import Command
from bot.models import UserKey
from bot.replies import Button, ChannelPost, DirectMessage, Message
from tests.adapters.test_discord_harness import (
    START,
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

ME = UserKey("discord", "discord", str(USER_ID))


def _asked_maria(leap: Any, clock: FakeClock) -> None:
    known(leap)
    leap.handle(Command(actor(), "add Maria Lopez at Acme"))
    leap.handle(Command(actor(), "ask maria sent"))
    clock.advance(timedelta(days=6))  # past 3 business days, in working hours


def test_messenger_sends_a_dm_with_buttons_from_another_thread(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                async with leap_bot(fake, leap) as client:
                    assert isinstance(client, LeapClient)
                    dm = DirectMessage(
                        ME,
                        Message(
                            "Follow up with @everyone *today*",
                            title="Reminder",
                            buttons=(Button("Done", "nudge-done", "n_1"),),
                        ),
                        nudge_ids=("n_1",),
                    )
                    await asyncio.to_thread(client.messenger.send, dm)
                    channel = fake.dm_channel_id(USER_ID)
                    (sent,) = await fake.wait_for("POST", f"/channels/{channel}/messages")
                    assert (
                        sent.json["content"]
                        == "**Reminder**\nFollow up with @\u200beveryone \\*today\\*"
                    )
                    assert sent.json["allowed_mentions"] == {"parse": []}
                    assert custom_ids(sent.json) == ["leap:nudge-done:n_1"]

                    # A 429 is left to discord.py's rate limiter: it waits and sends again
                    fake.set_response(
                        "POST",
                        "/messages",
                        {
                            "message": "You are being rate limited.",
                            "retry_after": 0.01,
                            "global": False,
                        },
                        status=429,
                        times=1,
                    )
                    await asyncio.to_thread(client.messenger.send, dm)
                    posts = await fake.wait_for("POST", f"/channels/{channel}/messages", count=3)
                    assert posts[2].json["content"] == sent.json["content"]

    run(scenario())


def test_due_nudge_arrives_by_dm_and_its_buttons_work(tmp_path: Path) -> None:
    async def scenario() -> None:
        clock = FakeClock(START)
        async with FakeDiscord() as fake:
            with open_leap(tmp_path, clock=clock) as leap:
                _asked_maria(leap, clock)
                async with leap_bot(fake, leap) as client:
                    assert isinstance(client, LeapClient)
                    runner = NudgeRunner(leap, client.messenger)
                    sent = await asyncio.to_thread(runner.deliver_due)
                    assert len(sent) == 1
                    channel = fake.dm_channel_id(USER_ID)
                    (dm,) = await fake.wait_for("POST", f"/channels/{channel}/messages")
                    assert "Maria" in dm.json["content"]
                    ids = custom_ids(dm.json)
                    done = next(i for i in ids if i.startswith("leap:nudge-done:"))
                    (nudge,) = [n for n in leap.store.nudges(ME) if n.kind == "follow-up-3"]
                    assert nudge.state == "sent"

                    click = fake.component_payload(done, dm=True)
                    (answer,) = await interact(fake, click)
                    assert answer.json["type"] in (4, 7)
                    assert body(answer)["content"]

    run(scenario())


def test_dms_closed_marks_the_nudge_undeliverable_and_says_so_once(tmp_path: Path) -> None:
    async def scenario() -> None:
        clock = FakeClock(START)
        async with FakeDiscord() as fake:
            with open_leap(tmp_path, clock=clock) as leap:
                _asked_maria(leap, clock)
                async with leap_bot(fake, leap) as client:
                    assert isinstance(client, LeapClient)
                    fake.fail_dm(USER_ID)  # 403, code 50007
                    dm = DirectMessage(ME, Message("hello"), nudge_ids=())
                    with pytest.raises(SendError) as err:
                        await asyncio.to_thread(client.messenger.send, dm)
                    assert err.value.permanent and err.value.reason == "dms-closed"

                    await asyncio.to_thread(NudgeRunner(leap, client.messenger).deliver_due)
                    (nudge,) = [n for n in leap.store.nudges(ME) if n.kind == "follow-up-3"]
                    assert nudge.state == "failed"
                    assert (
                        await asyncio.to_thread(NudgeRunner(leap, client.messenger).deliver_due)
                        == []
                    )  # not retried

                    payload = fake.slash_payload("leap", {}, **at("next"))
                    notice, _ = await interact(fake, payload, 2)
                    assert (
                        "could not send you a reminder by direct message" in body(notice)["content"]
                    )
                    assert body(notice)["flags"] & 64  # privately, in the server
                    (again,) = await interact(fake, fake.slash_payload("leap", {}, **at("next")))
                    assert "could not send you a reminder" not in body(again)["content"]

    run(scenario())


def test_channel_posts_go_to_the_channel_and_ping_no_one(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                async with leap_bot(fake, leap) as client:
                    assert isinstance(client, LeapClient)
                    post = ChannelPost(
                        "discord", "discord", str(fake.channel_id), Message("Digest @here")
                    )
                    await asyncio.to_thread(client.messenger.post, post)
                    (sent,) = await fake.wait_for("POST", f"/channels/{fake.channel_id}/messages")
                    assert sent.json["content"] == "Digest @\u200bhere"
                    assert sent.json["allowed_mentions"] == {"parse": []}

    run(scenario())


def test_other_send_errors_are_not_permanent(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                async with leap_bot(fake, leap) as client:
                    assert isinstance(client, LeapClient)
                    fake.set_response(
                        "POST",
                        "/messages",
                        {"code": 50035, "message": "Invalid"},
                        status=400,
                        times=1,
                    )
                    with pytest.raises(SendError) as err:
                        await asyncio.to_thread(
                            client.messenger.send, DirectMessage(ME, Message("hello"))
                        )
                    assert not err.value.permanent
                    with pytest.raises(SendError) as err:
                        await asyncio.to_thread(
                            client.messenger.send,
                            DirectMessage(UserKey("slack", "T1", "U1"), Message("hello")),
                        )
                    assert err.value.permanent

    run(scenario())


def test_a_calendar_file_is_attached(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                leap.handle(Command(actor(), "add Maria Lopez"))
                async with leap_bot(fake, leap):
                    payload = fake.slash_payload(
                        "leap",
                        {"name": "Maria", "when": "tomorrow 3pm", "medium": "video"},
                        **at("schedule"),
                    )
                    (reply,) = await interact(fake, payload)
                    assert reply.files and reply.files[0].endswith(".ics")
                    assert "15:00" in body(reply)["content"]

    run(scenario())


# -- `leap discord`: the composition root ---------------------------------------------------
def test_missing_token_stops_start_up_with_a_clear_message(tmp_path: Path) -> None:
    args = argparse.Namespace(guild=None, data=str(tmp_path / "data"))
    with pytest.raises(SystemExit) as stop:
        discord_main_module.discord_main(args, Env({}))
    assert "DISCORD_TOKEN is not set" in str(stop.value.code)


def test_leap_discord_runs_against_a_discord_compatible_server(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    clients: list[LeapClient] = []

    def capturing(*args: Any, **kwargs: Any) -> LeapClient:
        kwargs.setdefault("guild_ready_timeout", 0.05)
        client = LeapClient(*args, **kwargs)
        clients.append(client)
        return client

    monkeypatch.setattr("adapters.discord.client.create_client", capturing)

    async def scenario() -> None:
        async with FakeDiscord(patch=False) as fake:
            env = Env(
                {
                    "DISCORD_TOKEN": "secret-token",
                    "DISCORD_API_URL": f"http://127.0.0.1:{fake.port}",
                    "DISCORD_GATEWAY_URL": fake.gateway_url,
                }
            )
            args = argparse.Namespace(guild=fake.guild_id, data=str(tmp_path / "data"))
            running = asyncio.create_task(
                asyncio.to_thread(discord_main_module.discord_main, args, env)
            )
            await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
            await fake.wait_ready()
            (client,) = clients
            payload = fake.slash_payload("leap", {}, **at("help"))
            welcome, _zone, help_text = await interact(fake, payload, 3)
            assert "I'm Leap" in body(welcome)["content"]
            assert "Leap commands" in body(help_text)["content"]
            assert fake.requests[0].headers["Authorization"] == "Bot secret-token"
            asyncio.run_coroutine_threadsafe(client.close(), client.loop).result(5)
            assert await running == 0

    try:
        run(scenario())
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
    assert "registered /leap" in caplog.text
    assert "scope=bot+applications.commands&permissions=274877942784" in caplog.text
    assert "secret-token" not in caplog.text
