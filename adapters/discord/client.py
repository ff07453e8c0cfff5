"""The discord.Client that hosts Leap: command tree, dynamic items, DMs, the nudge timer."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands

from adapters.discord.bridge import Bridge, DeferPolicy
from adapters.discord.commands import build_group
from adapters.discord.invite import invite_url
from adapters.discord.items import LeapButton, LeapSelect
from adapters.discord.messenger import DiscordMessenger
from adapters.scheduler import NudgeRunner
from bot.core import SORRY, Leap
from bot.replies import run, say

log = logging.getLogger("leap.discord")
DEFER_AFTER = 2.0  # seconds of core work before an interaction is deferred (Discord: 3)


def leap_intents() -> discord.Intents:
    """Only what Leap needs, nothing privileged: servers (for interactions) and DMs (for
    conversation answers; Discord delivers a DM's text without the message-content intent)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.dm_messages = True
    return intents


class LeapClient(discord.Client):
    def __init__(
        self,
        leap: Leap,
        *,
        guild_id: int | None = None,
        defer_after: float = DEFER_AFTER,
        should_defer: DeferPolicy | None = None,
        run_nudges: bool = True,
        **options: Any,
    ) -> None:
        options.setdefault("intents", leap_intents())
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        super().__init__(**options)
        self.leap = leap
        self.guild_id = guild_id
        self.leap_bridge = Bridge(leap, self, defer_after=defer_after, should_defer=should_defer)
        self.messenger = DiscordMessenger(self)
        self.runner = NudgeRunner(leap, self.messenger) if run_nudges else None
        self._runner_start: asyncio.Task[None] | None = None
        self.tree: app_commands.CommandTree[LeapClient] = app_commands.CommandTree(self)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        self.tree.add_command(
            build_group(leap.registry, self.leap_bridge.command, self.leap_bridge.contact_choices)
        )

    async def setup_hook(self) -> None:
        self.add_dynamic_items(LeapButton, LeapSelect)
        if self.application_id is not None:
            log.info("invite Leap to a server: %s", invite_url(self.application_id))
        await self.sync_commands()
        if self.runner is not None:  # its first round sends through this loop: not on it
            self._runner_start = asyncio.create_task(asyncio.to_thread(self.runner.start))

    async def sync_commands(self) -> None:
        """To one server when ``guild_id`` is given (instant), else globally (slow to show)."""
        try:
            if self.guild_id is not None:
                guild = discord.Object(self.guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
            else:
                synced = await self.tree.sync()
        except discord.HTTPException:
            log.exception(
                "registering the /leap commands failed (with --guild: is the bot in "
                "that server, invited with the applications.commands scope?); "
                "commands registered earlier stay in use"
            )
            return
        log.info(
            "registered /leap with %d options at the top %s",
            sum(len(c.options) for c in synced),
            f"in server {self.guild_id}" if self.guild_id else "globally",
        )

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type == discord.InteractionType.modal_submit:
            await self.leap_bridge.submit(interaction)

    async def on_message(self, message: discord.Message) -> None:
        await self.leap_bridge.message(message)

    async def _on_tree_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        log.error("/leap failed: %s", error, exc_info=error)
        if (
            not interaction.response.is_done()
            and interaction.type == discord.InteractionType.application_command
        ):
            responder = self.leap_bridge.responder(interaction, None)
            await responder.send([say(SORRY, run("Help", "help"))])

    async def close(self) -> None:
        if self.runner is not None:
            if self._runner_start is not None:
                await asyncio.gather(self._runner_start, return_exceptions=True)
            await asyncio.to_thread(self.runner.shutdown)
        await super().close()


def create_client(
    leap: Leap,
    *,
    guild_id: int | None = None,
    defer_after: float = DEFER_AFTER,
    should_defer: DeferPolicy | None = None,
    run_nudges: bool = True,
    **options: Any,
) -> LeapClient:
    """The Leap bot as a discord.Client. ``options`` go to discord.Client (tests pass
    ``guild_ready_timeout``); ``run_nudges=False`` leaves the nudge timer off;
    ``should_defer`` replaces the timed deferral (``defer_after`` seconds)."""
    return LeapClient(
        leap,
        guild_id=guild_id,
        defer_after=defer_after,
        should_defer=should_defer,
        run_nudges=run_nudges,
        **options,
    )


__all__ = ["LeapClient", "create_client", "leap_intents"]
