"""Smoke tests of the fake Discord server against the real discord.py code."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from tests.fakes.aio import run
from tests.fakes.discord_server import USER_ID, FakeDiscord

OTHER_USER = USER_ID + 1


class NextStep(discord.ui.DynamicItem[discord.ui.Button], template=r"leap:next:(?P<step>\d+)"):
    def __init__(self, step: int) -> None:
        super().__init__(discord.ui.Button(label="Next", custom_id=f"leap:next:{step}"))
        self.step = step

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: Any
    ) -> NextStep:
        return cls(int(match["step"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        interaction.client.seen.append(("next", self.step, interaction.user.id))  # type: ignore[attr-defined]
        await interaction.response.send_message(f"step {self.step}", ephemeral=True)


class NoteModal(discord.ui.Modal, title="Note"):
    note = discord.ui.TextInput(label="Note", custom_id="note")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        interaction.client.seen.append(("note", self.note.value))  # type: ignore[attr-defined]
        await interaction.response.send_message("saved", ephemeral=True)


def make_client(guild_id: int) -> tuple[discord.Client, app_commands.CommandTree]:
    client = discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.05)
    client.seen = []  # type: ignore[attr-defined]
    tree = app_commands.CommandTree(client)
    group = app_commands.Group(name="leap", description="Leap", allowed_contexts=None)

    @group.command(name="show", description="Show a contact")
    async def show(interaction: discord.Interaction, who: str) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(NextStep(1))
        await interaction.response.send_message(f"showing {who}", ephemeral=True, view=view)

    @show.autocomplete("who")
    async def who_choices(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=n, value=n) for n in ("maria", "mark") if n.startswith(current)
        ]

    @group.command(name="note", description="Write a note")
    async def note(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(NoteModal(custom_id="leap:note"))

    tree.add_command(group, guild=discord.Object(guild_id))
    tree.add_command(group)  # global too, for DMs
    client.add_dynamic_items(NextStep)
    return client, tree


def test_slash_command_ephemeral_reply_and_dynamic_button() -> None:
    async def scenario() -> None:
        async with FakeDiscord(members=[USER_ID, OTHER_USER]) as fake:
            client, tree = make_client(fake.guild_id)
            async with fake.running(client):
                assert client.application_id == fake.app_id
                guild = client.get_guild(fake.guild_id)
                assert guild is not None and guild.member_count == 3

                synced = await tree.sync(guild=discord.Object(fake.guild_id))
                assert [c.name for c in synced] == ["leap"]
                (put,) = await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
                assert {o["name"] for o in put.json[0]["options"]} == {"show", "note"}

                slash = await fake.dispatch_interaction(
                    fake.slash_payload("leap", {"who": "maria"}, subcommand="show")
                )
                (cb,) = await fake.wait_for("POST", f"/interactions/{slash['id']}/")
                assert cb.json["type"] == 4
                assert cb.json["data"]["content"] == "showing maria"
                assert cb.json["data"]["flags"] & 64

                click = await fake.dispatch_interaction(
                    fake.component_payload("leap:next:1", user_id=OTHER_USER)
                )
                (cb,) = await fake.wait_for("POST", f"/interactions/{click['id']}/")
                assert cb.json["data"]["content"] == "step 1"
                assert client.seen == [("next", 1, OTHER_USER)]  # type: ignore[attr-defined]

    run(scenario())


def test_modal_submit_autocomplete_and_dm_interaction() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            client, _ = make_client(fake.guild_id)
            async with fake.running(client):
                ac = await fake.dispatch_interaction(
                    fake.autocomplete_payload("leap", focused="who", value="ma", subcommand="show")
                )
                (cb,) = await fake.wait_for("POST", f"/interactions/{ac['id']}/")
                assert cb.json == {
                    "type": 8,
                    "data": {
                        "choices": [
                            {"name": "maria", "value": "maria"},
                            {"name": "mark", "value": "mark"},
                        ]
                    },
                }

                dm = await fake.dispatch_interaction(
                    fake.slash_payload("leap", subcommand="note", dm=True)
                )
                assert "guild_id" not in dm
                (cb,) = await fake.wait_for("POST", f"/interactions/{dm['id']}/")
                assert cb.json["type"] == 9 and cb.json["data"]["custom_id"] == "leap:note"

                submit = await fake.dispatch_interaction(
                    fake.modal_submit_payload("leap:note", {"note": "met maria"}, dm=True)
                )
                await fake.wait_for("POST", f"/interactions/{submit['id']}/")
                assert client.seen == [("note", "met maria")]  # type: ignore[attr-defined]

    run(scenario())


def test_direct_messages_blocked_user_and_rate_limit() -> None:
    async def scenario() -> None:
        async with FakeDiscord(members=[USER_ID, OTHER_USER]) as fake:
            client, _ = make_client(fake.guild_id)
            async with fake.running(client):
                fake.fail_dm(OTHER_USER)
                blocked = await client.fetch_user(OTHER_USER)
                with pytest.raises(discord.Forbidden) as err:
                    await blocked.send("hello")
                assert err.value.code == 50007

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
                user = await client.fetch_user(USER_ID)
                sent = await user.send("hello")
                posts = await fake.wait_for(
                    "POST", f"/channels/{fake.dm_channel_id(USER_ID)}/messages", count=2
                )
                assert [p.json["content"] for p in posts] == ["hello", "hello"]
                assert sent.id in fake.messages

    run(scenario())


class Picker(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.select(
        custom_id="leap:pick",
        options=[discord.SelectOption(label=x, value=x) for x in ("phone", "video")],
    )
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send(f"picked {select.values[0]}", ephemeral=True)
        await interaction.edit_original_response(content="done")


def test_dm_view_select_defer_followup_and_edit_original() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            client, _ = make_client(fake.guild_id)
            async with fake.running(client):
                user = await client.fetch_user(USER_ID)
                sent = await user.send("how will you meet?", view=Picker())
                click = await fake.dispatch_interaction(
                    fake.component_payload("leap:pick", component_type=3, values=["video"])
                )
                assert click["message"]["id"] == str(sent.id)
                assert "guild_id" not in click  # the message was in a DM
                (cb,) = await fake.wait_for("POST", f"/interactions/{click['id']}/")
                assert cb.json == {"type": 5, "data": {"flags": 64}}
                (followup,) = await fake.wait_for("POST", f"/webhooks/{fake.app_id}/")
                assert followup.json["content"] == "picked video"
                (edit,) = await fake.wait_for("PATCH", "/messages/@original")
                assert edit.json["content"] == "done"

    run(scenario())


def test_routes_are_restored_after_stop() -> None:
    before = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)

    async def scenario() -> None:
        async with FakeDiscord() as fake:
            assert fake.base_url == discord.http.Route.BASE

    run(scenario())
    assert before == (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
