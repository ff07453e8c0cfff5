"""``leap doctor`` for Discord, through discord.py's own HTTP client: the token (``GET
/users/@me``), the application and its privileged intents, whether ``/leap`` as Discord
has it matches this version (command sync), the bot's access to every group channel, and
the invite link. The token is never printed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import Any

import aiohttp
import discord
import discord.http
from discord import app_commands

from adapters.config import ConfigError, Env
from adapters.discord.commands import build_group
from adapters.discord.invite import invite_url
from adapters.discord.main import TOKEN_HINT, configure_endpoints
from adapters.doctor import Finding, group_channels, note, ok, problem
from bot.core import build_registry
from bot.store import Store

AREA = "discord"
SUBCOMMAND, GROUP = 1, 2
# Application flags that turn on a privileged intent (application resource: flags)
PRIVILEGED = {
    1 << 12: "presence",
    1 << 13: "presence",
    1 << 14: "server members",
    1 << 15: "server members",
    1 << 18: "message content",
    1 << 19: "message content",
}
SYNC_FIX = (
    "Run `leap discord` (with --guild SERVER_ID while developing: instant in that server); "
    "it registers /leap on start. Global commands can take a while to appear."
)


def check_discord(env: Env, store: Store | None, guild_id: int | None = None) -> list[Finding]:
    try:
        configure_endpoints(env.get("DISCORD_API_URL"), env.get("DISCORD_GATEWAY_URL"))
    except ConfigError as err:
        return [problem(AREA, "the Discord URLs are malformed", str(err).removeprefix("leap: "))]
    return asyncio.run(_check(env.get("DISCORD_TOKEN"), store, guild_id))


async def _check(token: str, store: Store | None, guild_id: int | None) -> list[Finding]:
    http = discord.http.HTTPClient(asyncio.get_running_loop())
    try:
        try:
            me = await http.static_login(token)
        except discord.LoginFailure:
            return [problem(AREA, "Discord refused DISCORD_TOKEN", TOKEN_HINT)]
        except (aiohttp.ClientError, OSError, discord.HTTPException) as err:
            return [problem(AREA, f"Discord cannot be reached ({err})", "Check the network.")]
        findings = [ok(AREA, f"bot token valid: {me.get('username')} (id {me.get('id')})")]
        app = await http.application_info()
        app_id = int(app["id"])
        findings.append(_intents(int(app.get("flags") or 0)))
        findings += await _sync(http, app_id, guild_id)
        if store is not None:
            findings += await _channels(http, store)
        findings.append(note(AREA, f"invite link: {invite_url(app_id)}"))
        return findings
    except discord.HTTPException as err:
        return [problem(AREA, f"Discord answered {err.status} ({err.code}): {err.text}", "")]
    finally:
        await http.close()


def _intents(flags: int) -> Finding:
    enabled = sorted({name for bit, name in PRIVILEGED.items() if flags & bit})
    if enabled:
        return note(
            AREA,
            f"privileged intents on ({', '.join(enabled)}): Leap uses none of them",
            "You may turn them off (Bot → Privileged Gateway Intents).",
        )
    return ok(AREA, "no privileged intents needed or enabled (Leap uses servers and DMs only)")


def expected_command() -> dict[str, Any]:
    """``/leap`` exactly as this version registers it."""

    async def handle(*_args: Any) -> None:
        return None

    async def choices(_interaction: Any, _current: str) -> list[app_commands.Choice[str]]:
        return []

    group = build_group(build_registry(), handle, choices)
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.none())
    )
    tree.add_command(group)
    return group.to_dict(tree)


def leaf_paths(command: Mapping[str, Any]) -> set[tuple[str, ...]]:
    """``{("contact", "add"), ("help",), …}`` for a registered chat command."""
    paths: set[tuple[str, ...]] = set()
    for option in command.get("options") or []:
        if option.get("type") == SUBCOMMAND:
            paths.add((option["name"],))
        elif option.get("type") == GROUP:
            paths |= {(option["name"], sub["name"]) for sub in option.get("options") or []}
    return paths


async def _sync(http: discord.http.HTTPClient, app_id: int, guild_id: int | None) -> list[Finding]:
    want = expected_command()
    places: list[tuple[str, Iterable[Any]]] = [("globally", await http.get_global_commands(app_id))]
    if guild_id is not None:
        places.append((f"in server {guild_id}", await http.get_guild_commands(app_id, guild_id)))
    findings = []
    for where, commands in places:
        have = next((c for c in commands if c.get("name") == want["name"]), None)
        if have is None:
            kind = note if where == "globally" and guild_id is not None else problem
            findings.append(kind(AREA, f"/{want['name']} is not registered {where}", SYNC_FIX))
            continue
        missing = sorted(leaf_paths(want) - leaf_paths(have))
        if missing:
            shown = ", ".join("/leap " + " ".join(p) for p in missing[:5])
            findings.append(
                problem(AREA, f"{len(missing)} commands missing {where}: {shown}", SYNC_FIX)
            )
        else:
            findings.append(ok(AREA, f"/leap is registered {where} and matches this version"))
    return findings


async def _channels(http: discord.http.HTTPClient, store: Store) -> list[Finding]:
    findings = []
    for _key, group in group_channels(store, "discord"):
        name = f"#{group.channel_name or group.id}"
        try:
            await http.get_channel(int(group.id))
        except discord.Forbidden:
            findings.append(
                problem(
                    AREA,
                    f"group channel {name}: the bot cannot see it, so digests cannot be posted",
                    f"Give Leap's role View Channel and Send Messages in {name}.",
                )
            )
        except discord.NotFound:
            findings.append(
                problem(
                    AREA,
                    f"group channel {name} no longer exists",
                    "Nothing to do unless it was deleted by mistake; its group is inactive.",
                )
            )
        else:
            findings.append(ok(AREA, f"group channel {name}: the bot can see it"))
    return findings
