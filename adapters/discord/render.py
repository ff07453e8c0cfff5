"""The neutral UI model as Discord messages: escaped text within limits, stateless views.

Text is plain in the core: it is escaped for Discord markdown and mentions here, and every
send also carries ``AllowedMentions.none()`` so nothing Leap says pings anyone. Buttons
and selects keep their state in ``custom_id`` (``items``), so a message sent before a
restart still works after it.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import discord

from adapters.discord.items import LeapButton, LeapSelect
from bot.replies import Button, File, Message

log = logging.getLogger("leap.discord")

MAX_CONTENT = 2000  # Discord's limit for a message's content
MAX_BUTTON_LABEL = 80
MAX_BUTTONS = 25  # 5 rows of 5
MAX_SELECT_OPTIONS = 25
NO_MENTIONS = discord.AllowedMentions.none()

STYLES = {
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
    "default": discord.ButtonStyle.secondary,
}


MARKUP_TAG = re.compile(r"<(?=[#@:/]|a:|t:)")  # <#channel>, <t:time>, <:emoji:id>, </cmd:id>


def escape(text: str) -> str:
    """User text is data: no markdown, no mentions (also neutralised by NO_MENTIONS), no
    channel links, timestamps or emoji tags."""
    text = MARKUP_TAG.sub(r"\\<", discord.utils.escape_markdown(text))
    return discord.utils.escape_mentions(text)


def split_text(text: str, limit: int = MAX_CONTENT) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at a line break when one falls in the
    second half of the piece, else hard (never between an escape and its character)."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut >= limit // 2:
            pieces.append(text[:cut])
            text = text[cut + 1 :]
            continue
        cut = limit
        while cut > 1 and text[cut - 1] == "\\":
            cut -= 1
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return [p for p in pieces if p.strip()] or [""]


def content_of(message: Message) -> str:
    head = f"**{escape(message.title)}**" if message.title.strip() else ""
    body = escape(message.text) if message.text.strip() else ""
    return "\n".join(p for p in (head, body) if p)


def build_view(message: Message) -> discord.ui.View | None:
    """Buttons (deduplicated: Discord needs unique ids per message), then the select."""
    select = message.select if message.select and message.select.options else None
    room = MAX_BUTTONS - (5 if select else 0)
    seen: set[tuple[str, str]] = set()
    buttons: list[Button] = []
    for button in message.buttons:
        if (button.action, button.value) not in seen and len(buttons) < room:
            seen.add((button.action, button.value))
            buttons.append(button)
    if not buttons and select is None:
        return None
    view = discord.ui.View(timeout=None)
    for button in buttons:
        try:
            item = LeapButton(
                button.action,
                button.value,
                label=button.label[:MAX_BUTTON_LABEL] or button.action,
                style=STYLES.get(button.style, discord.ButtonStyle.secondary),
            )
        except ValueError:  # cannot live in a custom_id: better no button than no message
            log.warning("button %r left out: its state does not fit a custom_id", button.label)
            continue
        view.add_item(item)
    if select is not None:
        options: list[discord.SelectOption] = []
        values: set[str] = set()
        for option in select.options:
            value = option.value[:100]
            if value in values or len(options) >= MAX_SELECT_OPTIONS:
                continue
            values.add(value)
            options.append(discord.SelectOption(label=option.label[:100] or value, value=value))
        view.add_item(LeapSelect(select.action, options, placeholder=select.placeholder[:150]))
    return view


def discord_files(files: tuple[File, ...]) -> list[discord.File]:
    return [
        discord.File(io.BytesIO(f.content), filename=f.filename, description=f.alt or None)
        for f in files
    ]


@dataclass(slots=True)
class Part:
    """One Discord message of a rendered ``Message``; a long text makes several parts."""

    content: str
    view: discord.ui.View | None = None
    files: list[discord.File] = field(default_factory=list)

    def kwargs(self, *, edit: bool = False) -> dict[str, Any]:
        """Keyword arguments for send/edit calls. ``edit`` replaces components and files."""
        out: dict[str, Any] = {"content": self.content or None, "allowed_mentions": NO_MENTIONS}
        if edit:
            out["view"] = self.view
            if self.files:
                out["attachments"] = self.files
            return out
        if self.view is not None:
            out["view"] = self.view
        if self.files:
            out["files"] = self.files
        return out


def render(message: Message) -> list[Part]:
    """The message as one or more Discord messages; buttons and files go on the last."""
    parts = [Part(text) for text in split_text(content_of(message))]
    parts[-1].view = build_view(message)
    parts[-1].files = discord_files(message.files)
    return parts
