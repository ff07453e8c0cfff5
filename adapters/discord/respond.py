"""The core's outbounds as the answer to one interaction (or to a DM).

Rules Discord imposes, and how they are met:
- one initial response within 3 s (``defer`` when the core is slow), then follow-ups;
- a modal can only be that initial response, and alone: a form that arrives any other
  way becomes a button (``form_button``) that opens it with a fresh interaction;
- ``Update`` edits the message whose button was pressed, so it goes first;
- replies are ephemeral unless the core marks them public (group commands).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import discord

from adapters.discord.messenger import deliver_dm, post_to_channel, send_to
from adapters.discord.modals import build_modal, form_custom_id, omitted_values
from adapters.discord.render import Part, render
from adapters.responder import AsyncResponder, Report
from bot import replies
from bot.replies import Button, Form, Message, Outbound

log = logging.getLogger("leap.discord")

FormButton = Callable[[Form], Button]
Reporter = Callable[[Report], Awaitable[Iterable[Outbound] | None]]
ShownForm = Callable[[discord.Interaction[Any], str, dict[str, str]], None]


def _errors_message(errors: replies.FormErrors) -> Message:
    return Message("\n".join(errors.errors.values()))


def _form_message(form: Form, button: Button) -> Message:
    return Message("", buttons=(button,))


def _first_update(outs: list[Outbound]) -> list[Outbound]:
    updates = [o for o in outs if isinstance(o, replies.Update)]
    return updates[:1] + [o for o in outs if o is not (updates[0] if updates else None)]


class _Elsewhere:
    """What both responders do the same way: messages to others, forms as buttons."""

    client: discord.Client
    form_button: FormButton

    async def reply(self, message: Message, *, public: bool) -> None:
        raise NotImplementedError

    async def open_form(self, form: Form) -> None:
        await self.reply(_form_message(form, self.form_button(form)), public=False)

    async def form_errors(self, errors: replies.FormErrors) -> None:
        if errors.errors:
            await self.reply(_errors_message(errors), public=False)

    async def direct(self, dm: replies.DirectMessage) -> None:
        await deliver_dm(self.client, dm)

    async def channel_post(self, post: replies.ChannelPost) -> None:
        await post_to_channel(self.client, post)


class InteractionResponder(_Elsewhere):
    """Answers one interaction with the core's outbounds (an ``Outlet`` for Discord)."""

    def __init__(
        self,
        interaction: discord.Interaction[Any],
        *,
        form_button: FormButton,
        on_form_shown: ShownForm,
        report: Reporter,
    ) -> None:
        self.interaction = interaction
        self.client = interaction.client
        self.form_button = form_button
        self.on_form_shown = on_form_shown
        self.report = report
        self.thinking = False  # a "thinking…" placeholder waits to become the first reply
        self.thinking_ephemeral = True
        self.deferred_update = False  # a click acknowledged without a reply yet
        self.sent = False

    @property
    def is_component(self) -> bool:
        return self.interaction.type == discord.InteractionType.component

    async def defer(self, *, ephemeral: bool = True) -> None:
        """Acknowledge now, answer later: a click waits silently, the rest 'think'."""
        response = self.interaction.response
        if response.is_done():
            return
        try:
            if self.is_component:
                await response.defer()
                self.deferred_update = True
            else:
                await response.defer(ephemeral=ephemeral, thinking=True)
                self.thinking, self.thinking_ephemeral = True, ephemeral
        except discord.HTTPException:
            log.warning("could not defer interaction %s", self.interaction.id, exc_info=True)

    async def show_modal(self, form: Form) -> bool:
        """Show ``form`` as a modal if this interaction can still answer with one."""
        if (
            self.interaction.response.is_done()
            or self.interaction.type == discord.InteractionType.modal_submit
        ):
            return False
        custom_id = form_custom_id(form)
        if custom_id is None:
            return False
        try:
            await self.interaction.response.send_modal(build_modal(form, custom_id))
        except discord.HTTPException:
            log.warning("could not open form %s", form.id, exc_info=True)
            return self.interaction.response.is_done()
        self.on_form_shown(self.interaction, custom_id, omitted_values(form))
        return True

    async def send(self, outs: list[Outbound]) -> None:
        if (
            len(outs) == 1
            and isinstance(outs[0], replies.OpenForm)
            and await self.show_modal(outs[0].form)
        ):
            return
        await AsyncResponder(self, self.report).send(_first_update(outs))
        await self._finish()

    async def reply(self, message: Message, *, public: bool) -> None:
        for part in render(message):
            if part.content or part.view is not None or part.files:
                await self._send_part(part, not public)

    async def _send_part(self, part: Part, ephemeral: bool) -> None:
        interaction = self.interaction
        self.sent = True
        if self.thinking:
            self.thinking = False
            if ephemeral == self.thinking_ephemeral:
                await interaction.edit_original_response(**part.kwargs(edit=True))
                return
            await interaction.delete_original_response()  # never show private text publicly
        if not interaction.response.is_done():
            await interaction.response.send_message(**part.kwargs(), ephemeral=ephemeral)
        else:
            await interaction.followup.send(**part.kwargs(), ephemeral=ephemeral)

    async def update(self, message: Message) -> None:
        """Replace the clicked message; anywhere else (a command, a modal) it is a reply."""
        interaction = self.interaction
        first, *rest = render(message)
        if self.is_component and not self.sent and not interaction.response.is_done():
            await interaction.response.edit_message(**first.kwargs(edit=True))
            self.sent = True
        elif self.is_component and not self.sent and self.deferred_update:
            await interaction.edit_original_response(**first.kwargs(edit=True))
            self.sent = True
        else:
            await self._send_part(first, True)
        for part in rest:
            await self._send_part(part, True)

    async def _finish(self) -> None:
        """Leave no 'thinking…' placeholder and no unacknowledged click behind."""
        try:
            if self.thinking:
                self.thinking = False
                await self.interaction.delete_original_response()
            elif not self.interaction.response.is_done() and self.is_component:
                await self.interaction.response.defer()
        except discord.HTTPException:
            log.warning("could not tidy interaction %s", self.interaction.id, exc_info=True)


class ChannelResponder(_Elsewhere):
    """Answers a plain DM: everything goes to that DM channel as new messages."""

    def __init__(
        self,
        channel: discord.abc.Messageable,
        client: discord.Client,
        *,
        form_button: FormButton,
        report: Reporter,
    ) -> None:
        self.channel = channel
        self.client = client
        self.form_button = form_button
        self.report = report

    async def send(self, outs: list[Outbound]) -> None:
        await AsyncResponder(self, self.report).send(outs)

    async def reply(self, message: Message, *, public: bool) -> None:
        await send_to(self.channel, message)

    async def update(self, message: Message) -> None:
        await send_to(self.channel, message)
