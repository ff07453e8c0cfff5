"""``leap discord``: configuration from the environment, then run the bot until stopped."""

from __future__ import annotations

import argparse
import logging
import re
import threading

import discord
import discord.gateway
import discord.http
import yarl

from adapters.config import ConfigError, Env
from adapters.pictures import PillowPictures
from bot.clock import SystemClock
from bot.context import Config
from bot.core import Leap
from bot.warmup import warm_up

log = logging.getLogger("leap.discord")
TOKEN_HINT = (
    "Create an application at https://discord.com/developers/applications, add a "
    "bot, copy its token and set DISCORD_TOKEN (in the environment or a .env file)."
)
API_VERSION = re.compile(r"/api/v\d+$")


def configure_endpoints(api_url: str = "", gateway_url: str = "") -> None:
    """Point discord.py at a Discord-compatible server (self-hosted, or a test fake).
    ``api_url`` may end in ``/api/v10`` or stop at the host; empty keeps Discord's own."""
    if api_url:
        if not api_url.startswith(("http://", "https://")):
            raise ConfigError(f"DISCORD_API_URL must be an http(s) URL, not {api_url!r}.")
        base = api_url.rstrip("/")
        discord.http.Route.BASE = base if API_VERSION.search(base) else base + "/api/v10"
    if gateway_url:
        if not gateway_url.startswith(("ws://", "wss://")):
            raise ConfigError(f"DISCORD_GATEWAY_URL must be a ws(s) URL, not {gateway_url!r}.")
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def discord_main(args: argparse.Namespace, env: Env) -> int:
    from adapters.cli import open_configured_store
    from adapters.discord.client import create_client

    token = env.require("DISCORD_TOKEN", TOKEN_HINT)
    configure_endpoints(env.get("DISCORD_API_URL"), env.get("DISCORD_GATEWAY_URL"))
    store, _url = open_configured_store(env, args.data)  # the URL may hold a password
    try:
        leap = Leap(store, SystemClock(), config=Config(default_tz=None), pictures=PillowPictures())
        client = create_client(leap, guild_id=getattr(args, "guild", None))
        # What the core loads on first use (dateparser, the checker, ...) loads while the
        # gateway connects, so no interaction pays for it (``bot.warmup``).
        threading.Thread(target=warm_up, name="leap-warm-up", daemon=True).start()
        try:
            client.run(token, log_handler=None)  # logging is configured by `leap`
        except discord.LoginFailure as err:
            raise ConfigError(
                "Discord refused DISCORD_TOKEN; copy the bot token again from "
                "the developer portal (Bot → Reset Token)."
            ) from err
        except discord.PrivilegedIntentsRequired as err:  # Leap asks for none; kept for clarity
            raise ConfigError(str(err)) from err
    finally:
        store.close()
    return 0
