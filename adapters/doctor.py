"""``leap doctor``: read the configuration, try it against the store and the platforms, and
report what works and what is missing, each with the fix. It never prints a secret: tokens
are never shown, and a database URL is shown without its password.

The store checks live here; ``adapters.slack.doctor`` and ``adapters.discord.doctor`` add
the platforms' checks when their tokens are configured.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from adapters.config import Env
from bot.groups import is_group_key
from bot.models import Group, UserKey
from bot.store import Store, StoreError
from storage import open_store
from storage.redact import scrub, shown, without_password

OK, PROBLEM, NOTE = "ok", "problem", "note"
_MARK = {OK: "✓", PROBLEM: "✗", NOTE: "·"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the report: what was checked, how it went, and the fix if it failed."""

    area: str
    status: str  # OK | PROBLEM | NOTE
    text: str
    fix: str = ""


def ok(area: str, text: str) -> Finding:
    return Finding(area, OK, text)


def problem(area: str, text: str, fix: str) -> Finding:
    return Finding(area, PROBLEM, text, fix)


def note(area: str, text: str, fix: str = "") -> Finding:
    return Finding(area, NOTE, text, fix)


def redact(text: str) -> str:
    """``postgresql://leap:s3cret@db/leap`` → ``postgresql://leap:***@db/leap`` (the one
    redaction every Leap command uses, ``storage.redact``)."""
    return without_password(text)


def group_channels(store: Store, platform: str) -> list[tuple[UserKey, Group]]:
    """The active groups on ``platform`` (their key's user is ``#CHANNEL``)."""
    found = []
    for key in store.users():
        if key.platform == platform and is_group_key(key):
            group = store.group(key)
            if group is not None and group.active:
                found.append((key, group))
    return found


# -- the store ---------------------------------------------------------------------------


def check_store(url: str) -> tuple[list[Finding], Store | None]:
    """Reachable and on the current schema; for a folder, writable; set-aside files."""
    where = shown(url)
    findings: list[Finding] = []
    folder = "://" not in url or url.startswith("tinydb://")
    path = url.removeprefix("tinydb://")
    if folder:
        findings.append(_writable(path))
    try:
        store = open_store(url)
    except StoreError as err:
        text = scrub(str(err), url)
        if folder and "in use" in text.lower():
            findings.append(note("store", f"{where} is in use by a running Leap.", text))
            return findings, None
        findings.append(problem("store", f"cannot open {where}: {text}", _store_fix(folder)))
        return findings, None
    kind = "data folder" if folder else "database"
    findings.append(ok("store", f"{kind} {where} opened; its schema is current"))
    findings.extend(_set_aside(store))
    return findings, store


def _store_fix(folder: bool) -> str:
    if folder:
        return "Check the path in --data / LEAP_DATA and that this user may write there."
    return (
        "Check DATABASE_URL (host, port, database, user, password) and that the server "
        "accepts connections from here; `leap migrate` copies data between stores."
    )


def _writable(path: str) -> Finding:
    if not os.path.isdir(path):
        parent = os.path.dirname(os.path.abspath(path)) or "."
        if os.access(parent, os.W_OK):
            return ok("store", f"data folder {path} does not exist yet; Leap will create it")
        return problem(
            "store",
            f"data folder {path} does not exist and {parent} is not writable",
            "Create the folder, or point --data / LEAP_DATA somewhere this user may write.",
        )
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".doctor-"):
            pass
    except OSError as err:
        return problem(
            "store",
            f"data folder {path} is not writable ({err.strerror})",
            f"Give this user write access to {path} (e.g. chown or chmod u+w).",
        )
    return ok("store", f"data folder {path} is writable")


def _set_aside(store: Store) -> Iterator[Finding]:
    aside = store.set_aside()
    if not aside:
        yield ok("store", "no unreadable user files were set aside")
        return
    for entry in aside:
        who = f" ({entry.key.platform} user {entry.key.user})" if entry.key else ""
        effect = "that user is refused until it is repaired" if entry.blocking else "kept"
        yield problem(
            "store",
            f"unreadable file set aside{who}: {entry.reason}; {effect}",
            f"Repair {entry.kept_at} (or restore it from a backup) and put it back at "
            f"{entry.original}, then restart Leap.",
        )


# -- the report --------------------------------------------------------------------------


def report(findings: Iterable[Finding], out: TextIO) -> int:
    """Print every finding; 1 if any is a problem, else 0."""
    failed = 0
    for f in findings:
        out.write(f"{_MARK[f.status]} {f.area}: {redact(f.text)}\n")
        if f.fix:
            out.write(f"    fix: {redact(f.fix)}\n")
        failed += f.status == PROBLEM
    out.write(
        f"\n{failed} problem(s) found.\n" if failed else "\nEverything Leap needs is in place.\n"
    )
    return 1 if failed else 0


def doctor_main(args: argparse.Namespace, env: Env, out: TextIO) -> int:
    from adapters.discord.doctor import check_discord
    from adapters.slack.doctor import check_slack

    url = env.data_url(args.data)
    findings, store = check_store(url)
    try:
        if env.get("SLACK_BOT_TOKEN") or env.get("SLACK_APP_TOKEN"):
            findings += check_slack(env, store, url)
        else:
            findings.append(note("slack", "not configured (SLACK_BOT_TOKEN is not set)"))
        if env.get("DISCORD_TOKEN"):
            findings += check_discord(env, store, guild_id=getattr(args, "guild", None))
        else:
            findings.append(note("discord", "not configured (DISCORD_TOKEN is not set)"))
    finally:
        if store is not None:
            store.close()
    return report(findings, out)
