"""Shared harness for the Discord adapter tests: the real discord.py client of Leap
against ``FakeDiscord`` (REST + gateway on 127.0.0.1), with a TinyDB store in tmp_path
and a fake clock. Tests are sync functions that call ``run(...)``."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adapters.discord.client import LeapClient, create_client
from adapters.discord.commands import command_paths
from adapters.pictures import PillowPictures
from bot.clock import FakeClock, SequentialIds
from bot.commands import CommandSpec, Feature, Param, Registry
from bot.context import Config, Ctx
from bot.core import Leap, build_registry, features
from bot.events import Actor, Command, Event
from bot.replies import Message, Option, Outbound, Reply, Select
from bot.replies import run as run_button
from storage.tinydb_store import TinyDBStore
from tests.fakes.discord_server import USER_ID, DiscordRequest, FakeDiscord

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # a Tuesday
OTHER_USER = USER_ID + 1


def run(coro: Coroutine[Any, Any, None], timeout: float = 20.0) -> None:
    asyncio.run(asyncio.wait_for(coro, timeout))


def at(name: str, registry: Registry | None = None) -> dict[str, Any]:
    """Where core command ``name`` sits under ``/leap``, as ``slash_payload`` keywords:
    ``at("add")`` is ``{"group": "contact", "subcommand": "add"}`` (unknown: top level)."""
    path = command_paths(registry or build_registry()).get(name, (name,))
    if len(path) == 2:
        return {"group": path[0], "subcommand": path[1]}
    return {"subcommand": path[0]}


def actor(user_id: int = USER_ID) -> Actor:
    return Actor("discord", "discord", str(user_id))


# -- a few extra core commands, to show generated commands, selects and group replies ---
def _pick(ctx: Ctx, _text: str) -> list[Outbound]:
    options = tuple(Option(f"Zone {z}", z) for z in ("Europe/Paris", "Asia/Tokyo"))
    return [Reply(Message("Pick a zone.", select=Select("Choose", "set-tz", options)))]


def _announce(ctx: Ctx, text: str) -> list[Outbound]:
    if text == "secret":  # a group command may still answer privately (e.g. a mistake)
        return [Reply(Message("Only you can see this."))]
    return [
        Reply(Message(f"Announcement: {text}", buttons=(run_button("Help", "help"),)), public=True)
    ]


def _echo(ctx: Ctx, text: str) -> list[Outbound]:
    return [Reply(Message(text))]


EXTRA = Feature(
    commands=(
        CommandSpec("pick", "/leap pick", "choose from a menu", _pick),
        CommandSpec(
            "announce",
            "/leap announce TEXT",
            "post to the channel",
            _announce,
            params=(Param("text", "what to say", "rest", required=True),),
            group=True,
        ),
        CommandSpec(
            "echo",
            "/leap echo TEXT",
            "say it back",
            _echo,
            params=(Param("text", "what to say", "rest", required=True),),
        ),
    )
)


def extra_registry() -> Registry:
    """The core's commands after three extra ones (first, so Discord's limit of 25
    subcommands never leaves them out)."""
    return Registry((EXTRA, *features()))


class SlowLeap(Leap):
    """A Leap whose ``handle`` waits for the test to open ``gate`` (user events only).

    ``should_defer`` is the deferral decision for the bot, with no wall clock: a closed
    gate means the core is blocked, so defer; an open one means wait for the answer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gate = threading.Event()

    async def should_defer(self, answer: asyncio.Future[list[Outbound]]) -> bool:
        if not self.gate.is_set():
            return True
        await asyncio.wait({answer})
        return False

    def handle(self, event: Event) -> list[Outbound]:
        if hasattr(event, "actor"):
            self.gate.wait(10)
        return super().handle(event)


@contextlib.contextmanager
def open_leap(
    tmp_path: Path,
    *,
    clock: FakeClock | None = None,
    cls: type[Leap] = Leap,
    registry: Registry | None = None,
) -> Iterator[Leap]:
    """A Leap on a TinyDB store in ``tmp_path/data``; the store is closed on exit, so a
    second ``open_leap`` on the same folder is a restart."""
    store = TinyDBStore(str(tmp_path / "data"))
    try:
        yield cls(
            store,
            clock or FakeClock(START),
            SequentialIds(),
            Config(default_tz=None),
            registry=registry,
            pictures=PillowPictures(),
        )
    finally:
        store.close()


def known(leap: Leap, user_id: int = USER_ID, zone: str = "Europe/Paris") -> None:
    """Get the user past the first-use welcome, with a confirmed time zone."""
    leap.handle(Command(actor(user_id), f"settings tz {zone}"))


async def wait_for_answer(answer: asyncio.Future[list[Outbound]]) -> bool:
    await asyncio.wait({answer})
    return False


@contextlib.asynccontextmanager
async def leap_bot(
    fake: FakeDiscord, leap: Leap, *, refusals: int = 0, **options: Any
) -> AsyncIterator[LeapClient]:
    """Leap's client on ``fake``. It never defers on a timer (a busy machine must not turn
    an answer into a deferral); ``SlowLeap.should_defer`` decides in deferral tests.
    On exit, the strict fake must have refused exactly ``refusals`` requests (the ones a
    test provokes): anything else Leap sent that Discord would refuse fails the test."""
    options.setdefault("should_defer", wait_for_answer)
    options.setdefault("guild_id", fake.guild_id)
    options.setdefault("run_nudges", False)
    client = create_client(leap, guild_ready_timeout=0.05, **options)
    async with fake.running(client):
        yield client
    refused = [f"{r.method} {r.path} -> {status} {data}" for r, status, data in fake.refused]
    assert len(refused) == refusals, "Discord would refuse:\n  " + "\n  ".join(refused)


def for_interaction(payload: dict[str, Any]) -> Callable[[DiscordRequest], bool]:
    """Requests that answer one interaction: its callback, follow-ups and edits."""
    token, iid = payload["token"], payload["id"]
    return lambda r: f"/interactions/{iid}/" in r.path or f"/{token}" in r.path


async def answers(
    fake: FakeDiscord,
    payload: dict[str, Any],
    count: int = 1,
) -> list[DiscordRequest]:
    """Wait for the first ``count`` requests that answer an interaction; return them."""
    found = await fake.wait_for(None, "", count=count, predicate=for_interaction(payload))
    return found[:count]


async def interact(
    fake: FakeDiscord,
    payload: dict[str, Any],
    count: int = 1,
) -> list[DiscordRequest]:
    """Dispatch an interaction; return the first ``count`` requests that answer it."""
    await fake.dispatch_interaction(payload)
    return await answers(fake, payload, count)


def body(request: DiscordRequest) -> dict[str, Any]:
    """The message a request sends: a callback's ``data``, else the JSON body itself."""
    data = request.json or {}
    if "/interactions/" in request.path:
        return dict(data.get("data") or {})
    return dict(data)


def custom_ids(message: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for row in message.get("components") or []:
        for c in row.get("components") or []:
            if "custom_id" in c:
                out.append(c["custom_id"])
    return out


def test_harness_registers_the_leap_group(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                async with leap_bot(fake, leap):
                    (put,) = await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
                    assert [c["name"] for c in put.json] == ["leap"]
                    assert fake.identify is not None
                    assert fake.identify["intents"] & (1 << 15) == 0  # no message content

    run(scenario())
