"""``leap``: the composition root. Reads configuration, opens the store, starts an adapter."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from adapters.config import ConfigError, Env, redact_logs
from adapters.pictures import PillowPictures
from bot.clock import Clock, FakeClock, SystemClock
from bot.context import Config
from bot.core import Leap
from bot.store import Store, StoreError
from bot.warmup import warm_up
from storage import open_store
from storage.redact import shown


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ConfigError(f"--tz {name!r} is not a time zone; try Europe/Paris or UTC.") from err
    return name


def _start(text: str, zone: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError as err:
        raise ConfigError(f"--now {text!r} is not an ISO date-time like 2026-12-01T09:00.") from err
    return when if when.tzinfo else when.replace(tzinfo=ZoneInfo(zone))


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="leap",
        description="Leap, the informational-interview "
        "coach. Run it in a terminal, Slack or Discord.",
    )
    top.add_argument(
        "--data",
        help="where data lives: a folder (TinyDB) or a database URL "
        "(default: $LEAP_DATA, else your user data folder)",
    )
    top.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = top.add_subparsers(dest="command", required=True)
    con = sub.add_parser("console", help="talk to Leap in this terminal (no accounts)")
    con.add_argument("--data", dest="sub_data", help=argparse.SUPPRESS)
    con.add_argument("--now", help="start a simulated clock at this ISO date-time")
    con.add_argument("--tz", default=None, help="time zone for new users (default: UTC)")
    slack = sub.add_parser("slack", help="run as a Slack app (Socket Mode, or --http)")
    slack.add_argument("--data", dest="sub_data", help=argparse.SUPPRESS)
    slack.add_argument("--http", action="store_true", help="serve HTTP endpoints instead")
    slack.add_argument("--port", type=int, default=None, help="HTTP port (default: $PORT, 3000)")
    disc = sub.add_parser("discord", help="run as a Discord app")
    disc.add_argument("--data", dest="sub_data", help=argparse.SUPPRESS)
    disc.add_argument(
        "--guild",
        type=int,
        default=None,
        help="sync commands to this server only (instant, for development)",
    )
    doc = sub.add_parser(
        "doctor", help="check the configuration against the store, Slack and Discord"
    )
    doc.add_argument("--data", dest="sub_data", help=argparse.SUPPRESS)
    doc.add_argument(
        "--guild", type=int, default=None, help="also check the commands in this Discord server"
    )
    mig = sub.add_parser("migrate", help="copy everything from one store to another")
    mig.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="URL",
        help="copy from: tinydb:///folder (or a folder path) or postgresql://...",
    )
    mig.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="URL",
        help="copy into (safe to run again: records are upserted by id)",
    )
    return top


def open_configured_store(env: Env, data: str | None) -> tuple[Store, str]:
    url = env.data_url(data)
    try:
        return open_store(url), url
    except StoreError as err:
        raise SystemExit(f"leap: {err}") from err


def console_main(args: argparse.Namespace, env: Env) -> int:
    from adapters.console import Console, run_console

    zone = _zone(args.tz) if args.tz else "UTC"
    store, url = open_configured_store(env, args.data)
    clock: Clock = FakeClock(_start(args.now, zone)) if args.now else SystemClock()
    leap = Leap(store, clock, config=Config(default_tz=zone), pictures=PillowPictures())
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    console = Console(
        leap,
        clock,
        sys.stdout,
        colour=interactive and env.colour_allowed(),
        files_dir=os.path.join(url, "files") if "://" not in url else "files",
    )
    if interactive:
        console.say(f"(data: {shown(url)})")
    if isinstance(clock, FakeClock):
        console.runner.deliver_due()  # what fell due since the last run, exactly once
    else:
        console.runner.safe_round()  # the same; APScheduler starts after the first reply

    def later() -> None:
        """What need not delay the first reply."""
        if not isinstance(clock, FakeClock):
            console.runner.start()  # APScheduler wakes delivery in real time
        if interactive:  # a person is typing: load what the core loads lazily meanwhile
            threading.Thread(target=warm_up, name="leap-warm-up", daemon=True).start()

    try:
        return run_console(console, sys.stdin, interactive, later)
    finally:
        console.runner.shutdown()
        store.close()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.data = getattr(args, "sub_data", None) or args.data
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    redact_logs()
    env = Env.load()
    if args.command == "console":
        return console_main(args, env)
    if args.command == "doctor":
        from adapters.doctor import doctor_main

        return doctor_main(args, env, sys.stdout)
    if args.command == "migrate":
        from storage.migrate import migrate_main

        return migrate_main(args.source, args.target)
    if args.command == "slack":
        from adapters.slack.main import slack_main

        return slack_main(args, env)
    from adapters.discord.main import discord_main

    return discord_main(args, env)


if __name__ == "__main__":
    sys.exit(main())
