"""The ``/leap`` slash-command group, generated from the core's command registry.

discord.py reads a command's options from its callback's signature. Each core
``CommandSpec`` gets a callback built at start-up: ``async def callback(interaction,
**values)`` whose ``__signature__`` lists one keyword-only ``str`` parameter per
``Param`` (required or defaulting to ""). The public decorators ``app_commands.rename``,
``describe``, ``choices`` and ``autocomplete`` are applied to that function before
``app_commands.Command`` is built from it, exactly as if it had been written by hand. So a
new core command appears on Discord with no adapter code.

Discord allows 25 options (subcommands or subcommand groups) per level and one level of
groups, so ``/leap`` is nested by each ``CommandSpec.section``: ``/leap contact add``,
``/leap interview ask``; commands without a section sit at the top (``/leap help``).
``layout`` places every visible command within the limits whatever the registry holds:
a full section continues in ``SECTION-2``; when the top level would pass 25, the last
top-level commands move into ``more`` (``more-2``, …).
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from bot.commands import SUMMARY, CommandSpec, Param

log = logging.getLogger("leap.discord")
GROUP = "leap"
MAX_SUBCOMMANDS = 25  # Discord's limit of options (subcommands, groups) per level
OVERFLOW = "more"  # the section that takes top-level commands past the limit
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


def discord_name(text: str, fallback: str = "value") -> str:
    """A Discord name: lower case, letters, digits, - and _, up to 32 characters."""
    return re.sub(r"[^-_\w]", "-", text.strip().lower())[:32] or fallback


def option_name(param: Param) -> str:
    return discord_name(param.name)


@dataclass(frozen=True, slots=True)
class Leaf:
    """One subcommand: its Discord word and the core command it runs."""

    word: str
    spec: CommandSpec


@dataclass(frozen=True, slots=True)
class Section:
    """A subcommand group (``/leap contact …``) and its subcommands, at most 25."""

    word: str
    leaves: tuple[Leaf, ...]

    @property
    def description(self) -> str:
        return _description(", ".join(leaf.word for leaf in self.leaves))


Entry = Leaf | Section


def _chunks(word: str, leaves: list[Leaf]) -> list[Section]:
    """``word``, ``word-2``, … holding ``leaves`` 25 at a time."""
    size = MAX_SUBCOMMANDS
    return [
        Section(word if i == 0 else discord_name(f"{word[:29]}-{i // size + 1}"), tuple(part))
        for i in range(0, len(leaves), size)
        if (part := leaves[i : i + size])
    ]


def _unique(leaves: Iterable[Leaf]) -> list[Leaf]:
    """Drop a leaf whose word is taken at its level (its short word, then its name)."""
    seen: set[str] = set()
    out: list[Leaf] = []
    for leaf in leaves:
        for word in dict.fromkeys((leaf.word, discord_name(leaf.spec.name))):
            if word not in seen:
                seen.add(word)
                out.append(Leaf(word, leaf.spec))
                break
        else:
            log.warning("/leap %s: its Discord name is taken; left out", leaf.spec.name)
    return out


def layout(specs: Iterable[CommandSpec]) -> list[Entry]:
    """The ``/leap`` tree in help order, every level within Discord's 25 (see module doc)."""
    specs = list(specs)
    top: list[Leaf] = []
    sections: dict[str, list[Leaf]] = {}
    for spec in specs:
        leaf = Leaf(discord_name(spec.short or spec.name), spec)
        if spec.section:
            sections.setdefault(discord_name(spec.section), []).append(leaf)
        else:
            top.append(leaf)
    top = _unique(top)
    taken = {leaf.word for leaf in top}
    groups: list[Section] = []
    for word, leaves in sections.items():
        if word in taken:  # a section named like a top-level command: keep both apart
            word = discord_name(f"{word[:27]}-menu")
        groups.extend(_chunks(word, _unique(leaves)))
    keep = len(top)
    while keep + len(groups) + _sections_for(len(top) - keep) > MAX_SUBCOMMANDS:
        keep -= 1
        if keep < 0:
            raise ValueError("/leap has more commands than Discord can nest")
    more = OVERFLOW if OVERFLOW not in taken else f"{OVERFLOW}-commands"
    overflow = _chunks(more, top[keep:])
    if overflow:
        log.info("/leap %s are in /leap %s", ", ".join(x.word for x in top[keep:]), more)
    order = {spec.name: i for i, spec in enumerate(specs)}
    entries: list[Entry] = [*top[:keep], *groups]
    entries.sort(key=lambda e: order[_first(e).spec.name])
    return entries + list(overflow)


def _sections_for(count: int) -> int:
    return -(-count // MAX_SUBCOMMANDS)


def _first(entry: Entry) -> Leaf:
    return entry if isinstance(entry, Leaf) else entry.leaves[0]


def command_paths(specs: Iterable[CommandSpec]) -> dict[str, tuple[str, ...]]:
    """Core command name -> its Discord path: ``{"add": ("contact", "add"), ...}``."""
    paths: dict[str, tuple[str, ...]] = {}
    for entry in layout(specs):
        if isinstance(entry, Leaf):
            paths[entry.spec.name] = (entry.word,)
        else:
            paths.update({leaf.spec.name: (entry.word, leaf.word) for leaf in entry.leaves})
    return paths


def build_command(
    spec: CommandSpec, handle: CommandHandler, contact_choices: Autocomplete, word: str = ""
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
        name=word or discord_name(spec.name),
        callback=callback,
        description=_description(spec.summary, spec.usage, spec.name),
    )


def build_group(
    specs: Iterable[CommandSpec], handle: CommandHandler, contact_choices: Autocomplete
) -> app_commands.Group:
    """``/leap`` with every visible core command, nested by section (see ``layout``)."""
    group = app_commands.Group(name=GROUP, description=group_description())
    for entry in layout(specs):
        if isinstance(entry, Leaf):
            group.add_command(build_command(entry.spec, handle, contact_choices, entry.word))
            continue
        section = app_commands.Group(name=entry.word, description=entry.description)
        for leaf in entry.leaves:
            section.add_command(build_command(leaf.spec, handle, contact_choices, leaf.word))
        group.add_command(section)
    return group
