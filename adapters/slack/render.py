"""The neutral UI model as Block Kit, and Slack's text back into plain text.

Text from the core is plain: it is escaped for mrkdwn here (``&``, ``<``, ``>``) and sent with
``verbatim: true`` (no auto-linking, no parsed mentions), so a
contact named ``<!channel>`` or ``<@U123>`` pings no one. A button's Slack ``value``
carries the core's ``action|value`` pair (ids, never memory), so a click on a message
sent before a restart still means the same thing. Block Kit limits are enforced here:
sections of at most 3,000 characters, button labels of 75, at most 50 blocks a message.
"""

from __future__ import annotations

import re
from typing import Any

from bot.replies import Button, Message, Select

ACTION_PREFIX = "leap:"
SELECT_ACTION = "leap:select"
SECTION_LIMIT = 3000
FALLBACK_LIMIT = 3000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
BUTTON_LABEL = 75
BUTTONS_PER_BLOCK = 25
OPTIONS = 100
OPTION_LABEL = 75
OPTION_VALUE = 150
PLACEHOLDER = 150

Block = dict[str, Any]


def escape(text: str) -> str:
    """Plain text as mrkdwn that renders as written and can mention no one."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain(text: str, limit: int) -> dict[str, Any]:
    return {
        "type": "plain_text",
        "text": shorten(" ".join(text.split()), limit) or " ",
        "emoji": True,
    }


def _safe_cut(text: str, limit: int) -> int:
    """Where to cut escaped text at most ``limit`` long without splitting ``&amp;``."""
    cut = limit
    amp = text.rfind("&", max(0, cut - 5), cut)
    if amp != -1 and ";" not in text[amp:cut]:
        cut = amp
    return cut


def split_text(escaped: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Escaped text in chunks of at most ``limit`` characters, split between lines."""
    chunks: list[str] = []
    current = ""
    for line in escaped.split("\n"):
        while len(line) > limit:
            cut = _safe_cut(line, limit)
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def button_value(action: str, value: str) -> str:
    return f"{action}|{value}"


def parse_value(raw: str) -> tuple[str, str]:
    """The core's ``(action, value)`` back from a button's or an option's Slack value."""
    action, _, value = raw.partition("|")
    return action, value


def _button(button: Button, index: int) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "action_id": f"{ACTION_PREFIX}{index}",
        "text": plain(button.label, BUTTON_LABEL),
        "value": button_value(button.action, button.value),
    }
    if button.style in ("primary", "danger"):
        element["style"] = button.style
    return element


def _select(select: Select) -> dict[str, Any]:
    options = [
        {"text": plain(o.label, OPTION_LABEL), "value": button_value(select.action, o.value)}
        for o in select.options[:OPTIONS]
        if len(button_value(select.action, o.value)) <= OPTION_VALUE
    ]
    return {
        "type": "static_select",
        "action_id": SELECT_ACTION,
        "placeholder": plain(select.placeholder, PLACEHOLDER),
        "options": options,
    }


def text_blocks(message: Message) -> list[Block]:
    """The title (bold) and the text as mrkdwn sections."""
    title = " ".join(message.title.split())
    head = ""
    if title:
        head = f"*{escape(title)}*" if "*" not in title else escape(title)
    body = escape(message.text.strip())
    whole = f"{head}\n{body}" if head and body else head or body
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk, "verbatim": True}}
        for chunk in split_text(whole)
    ]


def message_blocks(
    message: Message, start: int = 0, max_blocks: int = MESSAGE_BLOCKS
) -> list[Block]:
    """Block Kit for one message; button action ids are numbered from ``start``."""
    controls: list[Block] = []
    buttons = list(message.buttons)
    index = start
    for first in range(0, len(buttons), BUTTONS_PER_BLOCK):
        group = buttons[first : first + BUTTONS_PER_BLOCK]
        elements = [_button(b, index + i) for i, b in enumerate(group)]
        index += len(group)
        controls.append({"type": "actions", "elements": elements})
    if message.select is not None and message.select.options:
        controls.append({"type": "actions", "elements": [_select(message.select)]})
    controls = controls[:max_blocks]
    texts = text_blocks(message)
    room = max_blocks - len(controls)
    if len(texts) > room:
        texts = texts[: max(room, 0)]
        if texts:
            section = texts[-1]["text"]
            section["text"] = section["text"][: _safe_cut(section["text"], SECTION_LIMIT - 1)] + "…"
    return texts + controls


def fallback_text(message: Message) -> str:
    """The notification text sent beside the blocks (also mrkdwn, so escaped)."""
    parts = [p for p in (message.title.strip(), message.text.strip()) if p]
    if not parts:
        parts = [b.label for b in message.buttons[:1]]
    text = escape("\n".join(parts)) or " "
    if len(text) > FALLBACK_LIMIT:
        text = text[: _safe_cut(text, FALLBACK_LIMIT - 1)] + "…"
    return text


def view_blocks(messages: list[Message], max_blocks: int = VIEW_BLOCKS) -> list[Block]:
    """Several messages stacked in one view (the App Home), separated by dividers."""
    blocks: list[Block] = []
    index = 0
    for message in messages:
        if blocks:
            blocks.append({"type": "divider"})
        room = max_blocks - len(blocks)
        if room <= 0:
            break
        part = message_blocks(message, start=index, max_blocks=room)
        index += len(message.buttons)
        blocks.extend(part)
    return blocks[:max_blocks]


# -- Slack text in -------------------------------------------------------------------------
LINK = re.compile(r"<((?:https?://|mailto:)[^|>]*)(?:\|([^>]*))?>")
LABELLED = re.compile(r"<([@#])[A-Z0-9]+\|([^>]*)>")


def from_slack(text: str) -> str:
    """What a user typed, from Slack's formatted text: links as their label or address,
    named mentions as ``@name``, entities unescaped. Other markup stays literal text."""
    text = LINK.sub(lambda m: m.group(2) or m.group(1).removeprefix("mailto:"), text)
    text = LABELLED.sub(lambda m: m.group(1) + m.group(2), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
