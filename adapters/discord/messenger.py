"""Nudges and other messages outside a request: DMs and channel posts on Discord.

``DiscordMessenger`` implements ``adapters.messaging.Messenger`` for the scheduler, which
calls it from its own thread: each send is scheduled onto the client's event loop and
waited for. A user who closed their DMs (Discord error 50007) or is unknown gives a
permanent ``SendError`` so the core marks the nudge undeliverable instead of retrying.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Coroutine
from typing import Any

import aiohttp
import discord

from adapters.discord.render import render
from adapters.messaging import SendError
from bot.replies import ChannelPost, DirectMessage, Message

log = logging.getLogger("leap.discord.messenger")
PLATFORM = "discord"
DMS_CLOSED = 50007
UNKNOWN_USER = 10013
UNKNOWN_CHANNEL = 10003
# Discord's JSON error codes a channel post meets, as reasons a person can act on
CHANNEL_REFUSALS = {50001: "missing access (50001)", 50013: "missing permissions (50013)"}


async def send_to(target: discord.abc.Messageable, message: Message) -> list[discord.Message]:
    """Send a rendered message (several parts if long) to a channel or user."""
    return [
        await target.send(**part.kwargs())
        for part in render(message)
        if part.content or part.view is not None or part.files
    ]


def _user_id(dm: DirectMessage) -> int:
    if dm.to.platform != PLATFORM or not dm.to.user.isdigit():
        raise SendError(f"not a Discord user: {dm.to.platform}/{dm.to.user}", permanent=True)
    return int(dm.to.user)


async def deliver_dm(client: discord.Client, dm: DirectMessage) -> None:
    """Send ``dm`` as a Discord DM, or raise ``SendError``. Runs on the client's loop."""
    user_id = _user_id(dm)
    try:
        user = client.get_user(user_id) or await client.fetch_user(user_id)
        await send_to(user, dm.message)
    except discord.Forbidden as err:
        if err.code == DMS_CLOSED:
            raise SendError("dms-closed", permanent=True) from err
        raise SendError(f"forbidden ({err.code})") from err
    except discord.NotFound as err:
        if err.code == UNKNOWN_USER:
            raise SendError("unknown-user", permanent=True) from err
        raise SendError(f"not found ({err.code})") from err
    except discord.HTTPException as err:
        raise SendError(f"http {err.status} ({err.code})") from err
    except (OSError, aiohttp.ClientError) as err:
        raise SendError(f"network: {type(err).__name__}") from err


async def post_to_channel(client: discord.Client, post: ChannelPost) -> None:
    if post.platform != PLATFORM or not post.channel.isdigit():
        raise SendError(f"not a Discord channel: {post.platform}/{post.channel}", permanent=True)
    channel_id = int(post.channel)
    try:
        channel = client.get_channel(channel_id) or await client.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise SendError(f"channel {channel_id} takes no messages", permanent=True)
        await send_to(channel, post.message)
    except discord.HTTPException as err:
        reason = CHANNEL_REFUSALS.get(err.code, f"http {err.status} ({err.code})")
        raise SendError(reason, permanent=err.code == UNKNOWN_CHANNEL) from err
    except (OSError, aiohttp.ClientError) as err:
        raise SendError(f"network: {type(err).__name__}") from err


class DiscordMessenger:
    """``Messenger`` for the scheduler thread: runs each send on the client's loop."""

    def __init__(self, client: discord.Client, timeout: float = 30.0) -> None:
        self.client = client
        self.timeout = timeout

    def send(self, message: DirectMessage) -> None:
        self._run(deliver_dm(self.client, message))

    def post(self, post: ChannelPost) -> None:
        self._run(post_to_channel(self.client, post))

    def _run(self, coro: Coroutine[Any, Any, None]) -> None:
        loop = self._loop()
        if loop is None:
            coro.close()
            raise SendError("not connected")
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        try:
            future.result(self.timeout)
        except concurrent.futures.TimeoutError as err:
            future.cancel()
            raise SendError("timed out") from err
        except (SendError, discord.DiscordException):
            raise
        except RuntimeError as err:  # e.g. the session closed while shutting down
            raise SendError(f"not sent: {err}") from err

    def _loop(self) -> asyncio.AbstractEventLoop | None:
        if self.client.is_closed():
            return None
        loop = getattr(self.client, "loop", None)
        if not isinstance(loop, asyncio.AbstractEventLoop) or loop.is_closed():
            return None  # not logged in yet, or shut down
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            raise RuntimeError(
                "DiscordMessenger.send blocks: call it from another thread "
                f"(called on the client's loop in {threading.current_thread()})"
            )
        return loop
