"""Interactions in, core events out: who acted, where, and when to defer.

``Leap.handle`` is synchronous: it runs in a worker thread. If it has not answered within
``defer_after`` seconds the interaction is acknowledged (Discord allows 3 s) and the
answer follows when it comes.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, TypeVar

import discord
from discord import app_commands

from adapters.discord.modals import parse_custom_id, submitted_values
from adapters.discord.respond import ChannelResponder, FormButton, InteractionResponder
from adapters.messaging import SendError
from bot.commands import CommandSpec
from bot.core import SORRY, Leap
from bot.events import (
    ActionClicked,
    Actor,
    Command,
    Delivered,
    DeliveryFailed,
    Event,
    FormSubmitted,
    MessageIn,
    UserEvent,
    Where,
)
from bot.models import UserKey
from bot.parsing import fold, ref
from bot.replies import MAX_ACTION_CHARS, RUN, Button, DirectMessage, Form, Outbound, run, say

log = logging.getLogger("leap.discord")
PLATFORM = WORKSPACE = "discord"  # a Discord user is global: one pipeline across servers
OPEN_FORM = "~form"  # a button that opens a form held in memory (never a core action)
MAX_REMEMBERED = 500
MAX_CHOICES = 25
K = TypeVar("K")
V = TypeVar("V")


def _remember(cache: OrderedDict[K, V], key: K, value: V) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > MAX_REMEMBERED:
        cache.popitem(last=False)


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


class Bridge:
    """Turns interactions and DMs into core events and sends back what the core says."""

    def __init__(self, leap: Leap, client: discord.Client, *, defer_after: float = 2.0) -> None:
        self.leap = leap
        self.client = client
        self.defer_after = defer_after
        self._omitted: OrderedDict[tuple[int, str], dict[str, str]] = OrderedDict()
        self._forms: OrderedDict[str, Form] = OrderedDict()

    # -- entry points ----------------------------------------------------------------------
    async def command(
        self, interaction: discord.Interaction[Any], spec: CommandSpec, values: Mapping[str, str]
    ) -> None:
        event = Command(
            interaction_actor(interaction), spec.text_from(values), where_of(interaction)
        )
        await self._answer(interaction, event, ephemeral=not spec.group)

    async def click(self, interaction: discord.Interaction[Any], action: str, value: str) -> None:
        if action == OPEN_FORM:
            form = self._forms.get(value)
            if form is not None and await self.responder(interaction, None).open_form(form):
                return
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
        values = {
            **self._omitted.pop((interaction.user.id, custom_id), {}),
            **submitted_values(data.get("components") or []),
        }
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
            on_delivery=self.delivered,
        ).send(outs)

    async def contact_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Autocomplete: the user's own contacts whose name starts with, then contains, it."""
        key = UserKey(PLATFORM, WORKSPACE, str(interaction.user.id))
        try:
            contacts = await asyncio.wait_for(asyncio.to_thread(self.leap.store.contacts, key), 2.0)
        except Exception:
            log.warning("contact autocomplete failed", exc_info=True)
            return []
        typed = fold(current)
        first = [
            c
            for c in contacts
            if any(w.startswith(typed) for w in fold(c.label).split())
            or fold(c.name).startswith(typed)
        ]
        then = [c for c in contacts if typed in fold(c.label) and c not in first]
        return [
            app_commands.Choice(name=c.label[:100], value=ref(c)[:100])
            for c in (first + then)[:MAX_CHOICES]
        ]

    # -- the core, with deferral ------------------------------------------------------------
    async def _answer(
        self, interaction: discord.Interaction[Any], event: UserEvent, *, ephemeral: bool = True
    ) -> None:
        responder = self.responder(interaction, event)
        task = asyncio.ensure_future(asyncio.to_thread(self.leap.handle, event))
        done, _pending = await asyncio.wait({task}, timeout=self.defer_after)
        if not done:
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
            on_delivery=self.delivered,
        )

    def _form_button(self, event: UserEvent | None) -> FormButton:
        """A button that opens ``form`` later: it repeats the command or click that asked
        for it (this survives a restart), else it points at the form kept in memory."""

        def make(form: Form) -> Button:
            label = form.title[:80] or form.submit_label[:80]
            if isinstance(event, Command) and len(RUN) + len(event.text) < MAX_ACTION_CHARS:
                return Button(label, RUN, event.text, "primary")
            if (
                isinstance(event, ActionClicked)
                and event.action != OPEN_FORM
                and len(event.action) + len(event.value) < MAX_ACTION_CHARS
            ):
                return Button(label, event.action, event.value, "primary")
            token = secrets.token_hex(8)
            _remember(self._forms, token, form)
            return Button(label, OPEN_FORM, token, "primary")

        return make

    def _form_shown(
        self, interaction: discord.Interaction[Any], custom_id: str, omitted: dict[str, str]
    ) -> None:
        if omitted:
            _remember(self._omitted, (interaction.user.id, custom_id), omitted)

    async def delivered(self, dm: DirectMessage, error: SendError | None) -> None:
        """Tell the core how a nudge's DM went, so it marks it sent or undeliverable."""
        if not dm.nudge_ids:
            if error is not None:
                log.warning("DM to %s not delivered: %s", dm.to.user, error.reason)
            return
        event: Event = (
            Delivered(dm.to, dm.nudge_ids)
            if error is None
            else DeliveryFailed(dm.to, dm.nudge_ids, error.reason, error.permanent)
        )
        await asyncio.to_thread(self.leap.handle, event)
