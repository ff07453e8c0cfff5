"""The ``/leap`` slash-command group, generated from the core's command registry.

discord.py reads a command's options from its callback's signature. Each core
``CommandSpec`` gets a callback built at start-up: ``async def callback(interaction,
**values)`` whose ``__signature__`` lists one keyword-only ``str`` parameter per
``Param`` (required or defaulting to ""). The public decorators ``app_commands.rename``,
``describe``, ``choices`` and ``autocomplete`` are applied to that function before
``app_commands.Command`` is built from it, exactly as if it had been written by hand. So a
new core command appears on Discord with no adapter code.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any

import discord
from discord import app_commands

from bot.commands import SUMMARY, CommandSpec, Param

log = logging.getLogger("leap.discord")
GROUP = "leap"
MAX_SUBCOMMANDS = 25  # Discord's limit per group
MAX_CHOICES = 25
MAX_DESCRIPTION = 100

CommandHandler = Callable[[discord.Interaction[Any], CommandSpec, dict[str, str]], Awaitable[None]]
Autocomplete = Callable[
    [discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]


def _description(*candidates: str) -> str:
    """The first non-empty text, cut to Discord's 100 characters at a word."""
    text = next((c.strip() for c in candidates if c.strip()), GROUP)
    if len(text) <= MAX_DESCRIPTION:
        return text
    return text[: MAX_DESCRIPTION - 1].rsplit(" ", 1)[0] + "…"


def group_description() -> str:
    """The core's own one-line introduction (the start of the help text)."""
    return _description(SUMMARY)


def option_name(param: Param) -> str:
    """A Discord option name: lower case, letters, digits, - and _, up to 32 characters."""
    return re.sub(r"[^-_\w]", "-", param.name.strip().lower())[:32] or "value"


def build_command(
    spec: CommandSpec, handle: CommandHandler, contact_choices: Autocomplete
) -> app_commands.Command[Any, ..., None]:
    """One subcommand for ``spec``: typed options, choices and contact autocomplete."""
    keys = {f"o{i}": param for i, param in enumerate(spec.params)}  # python-safe names

    async def callback(interaction: discord.Interaction[Any], **values: str) -> None:
        by_param = {param.name: str(values.get(key) or "") for key, param in keys.items()}
        await handle(interaction, spec, by_param)

    empty = inspect.Parameter.empty
    first = inspect.Parameter(
        "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
    )
    options = [
        inspect.Parameter(
            key,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=str,
            default=empty if param.required else "",
        )
        for key, param in keys.items()
    ]
    callback.__signature__ = inspect.Signature([first, *options])  # type: ignore[attr-defined]
    if keys:
        app_commands.rename(**{k: option_name(p) for k, p in keys.items()})(callback)
        app_commands.describe(**{k: _description(p.description, p.name) for k, p in keys.items()})(
            callback
        )
    choices = {
        k: [app_commands.Choice(name=c[:100], value=c[:100]) for c in p.choices[:MAX_CHOICES]]
        for k, p in keys.items()
        if p.kind == "choice" and p.choices
    }
    if choices:
        app_commands.choices(**choices)(callback)
    contacts = {k: contact_choices for k, p in keys.items() if p.kind == "contact"}
    if contacts:
        app_commands.autocomplete(**contacts)(callback)
    return app_commands.Command(
        name=spec.name,
        callback=callback,
        description=_description(spec.summary, spec.usage, spec.name),
    )


def build_group(
    specs: Iterable[CommandSpec], handle: CommandHandler, contact_choices: Autocomplete
) -> app_commands.Group:
    """``/leap`` with one subcommand per visible core command (Discord allows 25)."""
    group = app_commands.Group(name=GROUP, description=group_description())
    specs = list(specs)
    if len(specs) > MAX_SUBCOMMANDS:
        log.warning(
            "Discord allows %d subcommands; /leap %s are only reachable by buttons",
            MAX_SUBCOMMANDS,
            ", ".join(s.name for s in specs[MAX_SUBCOMMANDS:]),
        )
    for spec in specs[:MAX_SUBCOMMANDS]:
        group.add_command(build_command(spec, handle, contact_choices))
    return group
