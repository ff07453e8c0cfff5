"""Interactions in, core events out: who acted, where, and when to defer.

``Leap.handle`` is synchronous: it runs in a worker thread. If it has not answered within
``defer_after`` seconds the interaction is acknowledged (Discord allows 3 s) and the
answer follows when it comes. The decision is a ``DeferPolicy`` (``after_seconds`` is
the timed one), so tests inject one that needs no wall clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import discord
from discord import app_commands

from adapters.discord.modals import parse_custom_id, submitted_values
from adapters.discord.respond import ChannelResponder, FormButton, InteractionResponder
from bot.commands import CommandSpec
from bot.core import SORRY, Leap
from bot.events import (
    ActionClicked,
    Actor,
    Command,
    Delivered,
    DeliveryFailed,
    FormSubmitted,
    MessageIn,
    UserEvent,
    Where,
)
from bot.models import UserKey
from bot.replies import MAX_ACTION_CHARS, RUN, Button, Form, Outbound, run, say

log = logging.getLogger("leap.discord")
PLATFORM = WORKSPACE = "discord"  # a Discord user is global: one pipeline across servers
MAX_CHOICES = 25
# Given the core's running answer: True = acknowledge the interaction now (it is slow),
# False = it is done (or will be, in time): answer directly.
DeferPolicy = Callable[["asyncio.Future[list[Outbound]]"], Awaitable[bool]]


def after_seconds(seconds: float) -> DeferPolicy:
    """Defer when the core has not answered within ``seconds``."""

    async def policy(answer: asyncio.Future[list[Outbound]]) -> bool:
        done, _pending = await asyncio.wait({answer}, timeout=seconds)
        return not done

    return policy


def actor_of(user: discord.abc.User, permissions: discord.Permissions | None = None) -> Actor:
    """Discord tells no time zone, so ``tz_hint`` stays None: the core asks on first use.
    ``permissions``: the user's permissions in the channel (None in DMs)."""
    return Actor(
        PLATFORM,
        WORKSPACE,
        str(user.id),
        display_name=user.display_name,
        tz_hint=None,
        is_admin=permissions is not None and permissions.manage_guild,
        can_manage_channel=permissions is not None and permissions.manage_channels,
    )


def interaction_actor(interaction: discord.Interaction[Any]) -> Actor:
    """Who clicked or typed, with what they may manage where it happened."""
    in_guild = interaction.guild_id is not None
    return actor_of(interaction.user, interaction.permissions if in_guild else None)


def where_of(interaction: discord.Interaction[Any]) -> Where:
    channel = interaction.channel
    if interaction.guild_id is None and (channel is None or isinstance(channel, discord.DMChannel)):
        return Where(is_dm=True)  # a DM is no channel: the core keeps the last server channel
    name = getattr(channel, "name", None) or ""
    return Where(channel=str(interaction.channel_id or ""), channel_name=name, is_dm=False)


def _asked_by(event: UserEvent | None) -> tuple[str, str]:
    """(action, value) that repeats ``event``; if it cannot fit a button, its command word
    (the core then asks for what is missing)."""
    if isinstance(event, ActionClicked):
        if len(event.action) + len(event.value) < MAX_ACTION_CHARS:
            return event.action, event.value
        return RUN, "help"
    text = " ".join(event.text.split()) if isinstance(event, Command | MessageIn) else ""
    text = text.removeprefix("/leap ").strip()
    if not text:
        return RUN, "help"
    if len(RUN) + len(text) < MAX_ACTION_CHARS:
        return RUN, text
    return RUN, text.split()[0][: MAX_ACTION_CHARS - len(RUN) - 1]


class Bridge:
    """Turns interactions and DMs into core events and sends back what the core says."""

    def __init__(
        self,
        leap: Leap,
        client: discord.Client,
        *,
        defer_after: float = 2.0,
        should_defer: DeferPolicy | None = None,
    ) -> None:
        self.leap = leap
        self.client = client
        self.should_defer = should_defer or after_seconds(defer_after)

    # -- entry points ----------------------------------------------------------------------
    async def command(
        self, interaction: discord.Interaction[Any], spec: CommandSpec, values: Mapping[str, str]
    ) -> None:
        event = Command(
            interaction_actor(interaction), spec.text_from(values), where_of(interaction)
        )
        await self._answer(interaction, event, ephemeral=not spec.group)

    async def click(self, interaction: discord.Interaction[Any], action: str, value: str) -> None:
        event = ActionClicked(interaction_actor(interaction), action, value, where_of(interaction))
        await self._answer(interaction, event)

    async def submit(self, interaction: discord.Interaction[Any]) -> None:
        """A modal submit (any age): its custom_id names the form, its data holds values."""
        data: Mapping[str, Any] = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        parsed = parse_custom_id(custom_id)
        if parsed is None:
            return
        form_id, context = parsed
        values = submitted_values(data.get("components") or [])  # fields not shown stay out
        event = FormSubmitted(
            interaction_actor(interaction), form_id, values, context, where_of(interaction)
        )
        await self._answer(interaction, event)

    async def message(self, message: discord.Message) -> None:
        """A DM to the bot: the answer to a running conversation (servers are ignored)."""
        if message.guild is not None or message.author.bot or not message.content.strip():
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        event = MessageIn(actor_of(message.author), message.content, Where(is_dm=True))
        outs = await asyncio.to_thread(self.leap.handle, event)
        await ChannelResponder(
            message.channel,
            self.client,
            form_button=self._form_button(event),
            report=self.report,
        ).send(outs)

    async def contact_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Autocomplete: the user's own contacts whose name starts with, then contains, it."""
        key = UserKey(PLATFORM, WORKSPACE, str(interaction.user.id))
        try:
            found = await asyncio.wait_for(
                asyncio.to_thread(self.leap.contact_choices, key, current, MAX_CHOICES), 2.0
            )
        except Exception:
            log.warning("contact autocomplete failed", exc_info=True)
            return []
        return [app_commands.Choice(name=label, value=value) for label, value in found]

    # -- the core, with deferral ------------------------------------------------------------
    async def _answer(
        self, interaction: discord.Interaction[Any], event: UserEvent, *, ephemeral: bool = True
    ) -> None:
        responder = self.responder(interaction, event)
        task = asyncio.ensure_future(asyncio.to_thread(self.leap.handle, event))
        if await self.should_defer(task):
            await responder.defer(ephemeral=ephemeral)
        try:
            outs: list[Outbound] = await task
        except Exception:  # Leap.handle answers its own errors; this is a last resort
            log.exception("handling %s failed", type(event).__name__)
            outs = [say(SORRY, run("Help", "help"))]
        await responder.send(outs)

    def responder(
        self, interaction: discord.Interaction[Any], event: UserEvent | None
    ) -> InteractionResponder:
        return InteractionResponder(
            interaction,
            form_button=self._form_button(event),
            on_form_shown=self._form_shown,
            report=self.report,
        )

    def _form_button(self, event: UserEvent | None) -> FormButton:
        """A button that opens ``form`` later by repeating what asked for it: the command
        (typed, or written in a DM) or the click. Its custom_id is the whole state, so it
        works after a restart; nothing is held in memory."""

        def make(form: Form) -> Button:
            label = form.title[:80] or form.submit_label[:80]
            action, value = _asked_by(event)
            return Button(label, action, value, "primary")

        return make

    def _form_shown(
        self, interaction: discord.Interaction[Any], custom_id: str, omitted: dict[str, str]
    ) -> None:
        """Fields a modal could not show are left out of the submit: the core keeps them."""

    async def report(self, event: Delivered | DeliveryFailed) -> list[Outbound]:
        """Tell the core how a tracked message went, so it marks it sent or undeliverable;
        returns what the core answers (sent by the responder)."""
        return await asyncio.to_thread(self.leap.handle, event)
