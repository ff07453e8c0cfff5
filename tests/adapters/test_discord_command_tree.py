"""The nested ``/leap`` tree stays within Discord's rules however the core grows.

The generated command is serialised exactly as discord.py sends it (``Group.to_dict``) and
checked by the strict fake's rules (``tests/fakes/discord_limits.py``): ≤ 25 options per
level, names and descriptions Discord accepts, groups one level deep, the size cap.
"""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from adapters.discord.commands import Leaf, Section, build_group, command_paths, layout
from bot.commands import CommandSpec, Feature, Param, Registry
from bot.context import Ctx
from bot.core import build_registry, features
from bot.replies import Outbound
from tests.fakes.discord_limits import MAX_COMMAND_OPTIONS, check_commands


async def _handle(*_args: Any) -> None:
    return None


async def _choices(_interaction: Any, _current: str) -> list[app_commands.Choice[str]]:
    return []


def _payload(registry: Registry) -> dict[str, Any]:
    """``/leap`` as discord.py sends it to Discord."""
    group = build_group(registry, _handle, _choices)
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.none())
    )
    tree.add_command(group)
    return group.to_dict(tree)


def _noop(_ctx: Ctx, _text: str) -> list[Outbound]:
    return []


def _specs(count: int, *, section: str = "", prefix: str = "cmd") -> tuple[CommandSpec, ...]:
    return tuple(
        CommandSpec(
            f"{prefix}{i}",
            f"/leap {prefix}{i} NAME",
            f"a made-up command number {i}",
            _noop,
            params=(Param("name", "the contact", "contact", required=True),),
            section=section,
        )
        for i in range(count)
    )


def _levels(command: dict[str, Any]) -> list[int]:
    """The number of options at every level of a command."""
    counts = [len(command.get("options") or [])]
    for option in command.get("options") or []:
        if option["type"] in (1, 2):
            counts += _levels(option)
    return counts


def test_todays_commands_nest_into_sections_that_read_well() -> None:
    paths = command_paths(build_registry())
    assert paths["add"] == ("contact", "add")
    assert paths["contacts"] == ("contact", "list")
    assert paths["show"] == ("contact", "show")
    assert [paths[n] for n in ("ask", "replied", "schedule", "prep", "debrief", "thanks")] == [
        ("interview", w) for w in ("ask", "replied", "schedule", "prep", "debrief", "thanks")
    ]
    assert paths["nudges"] == ("reminders", "list")
    assert paths["forget"] == ("data", "forget")
    assert paths["help"] == ("help",) and paths["next"] == ("next",)
    assert "home" not in paths  # hidden
    payload = _payload(build_registry())
    assert check_commands([payload]) == []
    assert max(_levels(payload)) <= 15  # room to grow at every level


def test_two_more_top_level_commands_fit() -> None:
    """decide adds ``notes`` and ``decide``: with the old flat group the 26th was lost."""
    extra = Feature(commands=_specs(2, prefix="new"))
    registry = Registry((*features(), extra))
    paths = command_paths(registry)
    assert paths["new0"] == ("new0",) and paths["new1"] == ("new1",)
    assert len(paths) == len(list(registry))
    assert check_commands([_payload(registry)]) == []


@pytest.mark.parametrize(
    ("top", "in_section"),
    [(40, 0), (10, 60), (30, 30)],
)
def test_any_number_of_commands_keeps_every_level_within_25(top: int, in_section: int) -> None:
    registry = Registry(
        (Feature(commands=_specs(top) + _specs(in_section, section="contact", prefix="sec")),)
    )
    entries = layout(registry)
    assert len(entries) <= MAX_COMMAND_OPTIONS
    assert all(len(e.leaves) <= MAX_COMMAND_OPTIONS for e in entries if isinstance(e, Section))
    paths = command_paths(registry)
    assert len(paths) == top + in_section  # nothing dropped
    assert len(set(paths.values())) == len(paths)  # no two commands share a path
    payload = _payload(registry)
    assert max(_levels(payload)) <= MAX_COMMAND_OPTIONS
    size_only = {p.code for p in check_commands([payload])} - {"APPLICATION_COMMAND_TOO_LARGE"}
    assert size_only == set()  # (60 made-up commands pass Discord's size cap; real ones do not)


def test_overflow_lands_in_more_and_a_full_section_continues() -> None:
    registry = Registry(
        (Feature(commands=_specs(30) + _specs(27, section="contact", prefix="sec")),)
    )
    words = [e.word for e in layout(registry)]
    assert "contact" in words and "contact-2" in words
    assert words[-1] == "more"
    assert command_paths(registry)["cmd29"][0] == "more"


def test_a_section_named_like_a_command_is_kept_apart() -> None:
    registry = Registry(
        (Feature(commands=_specs(1, prefix="group") + _specs(2, section="group0", prefix="x")),)
    )
    entries = layout(registry)
    assert [e.word for e in entries] == ["group0", "group0-menu"]
    assert isinstance(entries[0], Leaf) and isinstance(entries[1], Section)


def test_the_strict_rules_refuse_what_discord_refuses() -> None:
    """The checker itself bites: 26 subcommands, a capital, a long description."""
    too_many = Registry((Feature(commands=_specs(26, section="contact")),))
    payload = _payload(too_many)  # the generator splits it…
    assert check_commands([payload]) == []
    payload["options"][0]["options"].append(dict(payload["options"][0]["options"][0], name="x"))
    codes = {(p.path, p.code) for p in check_commands([payload])}
    assert ((0, "options", 0, "options"), "BASE_TYPE_MAX_LENGTH") in codes
    bad = {"name": "Leap", "description": "d" * 101, "type": 1}
    problems = {p.path: p.code for p in check_commands([bad])}
    assert problems == {
        (0, "name"): "APPLICATION_COMMAND_INVALID_NAME",
        (0, "description"): "BASE_TYPE_BAD_LENGTH",
    }
