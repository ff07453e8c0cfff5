"""Copy everything from one store to another: ``leap migrate --from URL --to URL``.

Every user's records (profile, contacts, interviews, the running conversation, nudges in
every state, and for group keys the group and its introductions) are read through the
store port and written to the target in one transaction per user, so a copy that stops
half-way leaves each user either copied or not. Writes are upserts by id: running it again
copies again and doubles nothing (records deleted from the source since are not deleted
from the target). Stop the Leap processes that use the source first: a TinyDB folder in
use is refused.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Protocol, TextIO, runtime_checkable

from bot.models import (
    Contact,
    Conversation,
    Group,
    Interview,
    Intro,
    Nudge,
    Profile,
    Record,
    UserKey,
)
from bot.store import Store, StoreError
from storage.app_records import COPIED_KINDS, copy_app_records

KINDS = ("profile", "contacts", "conversation", "interviews", "nudges", "group", "intros")
LABELS = {
    "users": "users and groups",
    "profile": "profiles",
    "contacts": "contacts",
    "conversation": "conversations in progress",
    "interviews": "interviews",
    "nudges": "nudges",
    "planned": "  of which still planned",
    "group": "groups",
    "intros": "introductions",
}


@runtime_checkable
class BulkStore(Protocol):
    """A store that saves many records of a kind in one go (``PostgresStore``)."""

    def put_many(self, key: UserKey, kind: str, records: list[Record]) -> None: ...


def read_user(store: Store, user: UserKey) -> dict[str, list[Record]]:
    """Every record of one key, by kind."""
    single = {
        "profile": store.profile(user),
        "conversation": store.conversation(user),
        "group": store.group(user),
    }
    found: dict[str, list[Record]] = {k: [v] for k, v in single.items() if v is not None}
    found["contacts"] = list(store.contacts(user))
    found["interviews"] = list(store.interviews(user))
    found["nudges"] = list(store.nudges(user))
    found["intros"] = list(store.intros(user))
    return found


def write_user(store: Store, user: UserKey, records: dict[str, list[Record]]) -> None:
    """Upsert one key's records (the caller holds a transaction)."""
    for kind in KINDS:
        items = records.get(kind, [])
        if isinstance(store, BulkStore) and len(items) > 1:
            store.put_many(user, kind, items)
            continue
        for record in items:
            save(store, user, record)


def save(store: Store, user: UserKey, record: Record) -> None:
    match record:
        case Profile():
            store.save_profile(user, record)
        case Contact():
            store.save_contact(user, record)
        case Conversation():
            store.save_conversation(user, record)
        case Interview():
            store.save_interview(user, record)
        case Nudge():
            store.save_nudge(user, record)
        case Group():
            store.save_group(user, record)
        case Intro():
            store.save_intro(user, record)
        case _:
            raise TypeError(f"no store call saves a {type(record).__name__}")


def copy_all(
    source: Store, target: Store, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Copy every key of ``source`` into ``target``; returns counts by kind."""
    counts = dict.fromkeys(("users", *KINDS, "planned"), 0)
    for n, user in enumerate(sorted(set(source.users())), start=1):
        records = read_user(source, user)
        with target.transaction(user):
            write_user(target, user, records)
        counts["users"] += 1
        for kind, items in records.items():
            counts[kind] += len(items)
        counts["planned"] += sum(1 for r in records.get("nudges", []) if _planned(r))
        if progress is not None and n % 1000 == 0:
            progress(n)
    return counts


def _planned(record: Record) -> bool:
    return getattr(record, "state", "") in ("planned", "claimed")


def _tinydb_folder(url: str) -> str | None:
    if url.startswith(("postgres://", "postgresql://")):
        return None
    return url.removeprefix("tinydb://") if url.startswith("tinydb://") else url


def open_source(url: str) -> Store:
    """The store to copy from; a TinyDB folder must already exist (never created empty)."""
    from storage import open_store

    folder = _tinydb_folder(url)
    if folder is not None and not os.path.isdir(folder):
        hint = " (the TinyDB store is the folder holding users/ and leap.lock)"
        raise StoreError(f"There is no TinyDB data folder at {folder}{hint}.")
    return open_store(url)


def migrate_main(source_url: str, target_url: str, out: TextIO | None = None) -> int:
    """``leap migrate``: copy, then print what was copied."""
    from storage import open_store

    out = out or sys.stdout
    if source_url.rstrip("/") == target_url.rstrip("/"):
        raise SystemExit("leap: --from and --to name the same store; nothing to copy.")
    try:
        source = open_source(source_url)
        try:
            target = open_store(target_url)
        except BaseException:
            source.close()
            raise
    except StoreError as err:
        raise SystemExit(f"leap: {err}") from err
    try:
        counts = copy_all(source, target, lambda n: print(f"... {n:,} copied", file=sys.stderr))
        installs = copy_app_records(source, target, COPIED_KINDS)
    finally:
        target.close()
        source.close()
    width = max(len(label) for label in LABELS.values())
    print("copied:", file=out)
    for kind, label in LABELS.items():
        print(f"  {label:<{width}}  {counts[kind]:>10,}", file=out)
    print(f"  {'Slack installation records':<{width}}  {installs:>10,}", file=out)
    folder = _tinydb_folder(source_url)
    if folder is not None and os.path.isdir(os.path.join(folder, "slack-installations")):
        print(
            f"not copied: Slack installations (Add to Slack) kept as files in "
            f"{os.path.join(folder, 'slack-installations')}; keep that folder where the "
            "Slack web process can read it, or reinstall the app in each workspace.",
            file=out,
        )
    return 0
