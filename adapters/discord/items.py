"""Buttons and selects whose whole state is their ``custom_id``, so they survive restarts.

``leap:ACTION:VALUE`` is a button, ``leap-select:ACTION`` a select (the chosen option is
the value). Both are ``DynamicItem``s registered once with ``client.add_dynamic_items``:
discord.py rebuilds them from any message, however old, and no view is held in memory.
The core guarantees ``len(action) + len(value) < 90``, inside Discord's 100 characters.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

BUTTON_TEMPLATE = r"(?s)leap:(?P<action>[^:]+):(?P<value>.*)"
SELECT_TEMPLATE = r"(?s)leap-select:(?P<action>.+)"
MAX_CUSTOM_ID = 100


class ClickHandler(Protocol):
    async def click(
        self, interaction: discord.Interaction[Any], action: str, value: str
    ) -> None: ...


def _handler(interaction: discord.Interaction[Any]) -> ClickHandler | None:
    return getattr(interaction.client, "leap_bridge", None)


def button_id(action: str, value: str) -> str:
    custom_id = f"leap:{action}:{value}"
    if len(custom_id) > MAX_CUSTOM_ID or ":" in action:
        raise ValueError(f"button state does not fit a custom_id: {custom_id!r}")
    return custom_id


class LeapButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=BUTTON_TEMPLATE):
    def __init__(
        self,
        action: str,
        value: str = "",
        *,
        label: str = "",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(
            discord.ui.Button(label=label or None, style=style, custom_id=button_id(action, value))
        )
        self.action = action
        self.value = value

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> LeapButton:
        label = getattr(item, "label", None) or ""
        style = getattr(item, "style", discord.ButtonStyle.secondary)
        return cls(match["action"], match["value"], label=label, style=style)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        handler = _handler(interaction)
        if handler is not None:
            await handler.click(interaction, self.action, self.value)


class LeapSelect(discord.ui.DynamicItem[discord.ui.Select[Any]], template=SELECT_TEMPLATE):
    def __init__(
        self,
        action: str,
        options: list[discord.SelectOption] | None = None,
        *,
        placeholder: str = "",
    ) -> None:
        custom_id = f"leap-select:{action}"
        if len(custom_id) > MAX_CUSTOM_ID:
            raise ValueError(f"select action does not fit a custom_id: {action!r}")
        super().__init__(
            discord.ui.Select(
                custom_id=custom_id,
                options=options or [],
                placeholder=placeholder or None,
                min_values=1,
                max_values=1,
            )
        )
        self.action = action

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> LeapSelect:
        options = list(getattr(item, "options", []))
        return cls(match["action"], options)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        handler = _handler(interaction)
        values = self.item.values
        if handler is not None and values:
            await handler.click(interaction, self.action, values[0])
