"""Seeded workspaces for the start-up benchmarks: users of ``per_user`` contacts and as
many planned nudges, written through the store's own port (``TinyDBStore``, one
transaction per user, then ``close()``), so the folder is in whatever format the store
writes.

Seeded folders are cached under ``$LEAP_BENCH_CACHE`` (default: the temporary folder's
``leap-bench-cache``) keyed by size and by a hash of the store's source, so a change to
``storage/`` seeds afresh; each run measures on a fresh copy (``workspace_copy``). Runs
sharing the cache take turns (a lock file), so one never deletes what another seeds.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.models import Contact, Nudge, Profile, UserKey  # noqa: E402

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # the console's simulated "now"
PLATFORM, WORKSPACE, ME = "console", "local", "me"  # the console's own user key
SEED_VERSION = "1"  # bump when the seeded records change, to invalidate caches
FIRST = ("Maria", "Sam", "Lee", "Ana", "Tom", "Noor", "Kai", "Ines", "Olu", "Mei", "Raj", "Eva")
LAST = ("Lopez", "Lee", "Okafor", "Chen", "Novak", "Haddad", "Silva", "Berg", "Kim", "Rossi")


def user_key(u: int) -> UserKey:
    return UserKey(PLATFORM, WORKSPACE, ME if u == 0 else f"u{u:05d}")


def user_records(u: int, per_user: int) -> tuple[Profile, list[Contact], list[Nudge]]:
    """One user: a profile, ``per_user`` contacts and as many nudges planned over the
    coming 8 weeks (none due at ``START``)."""
    rng = random.Random(u)
    created = START - timedelta(days=60)
    contacts, nudges = [], []
    for c in range(per_user):
        asked = c % 3 == 0
        contacts.append(
            Contact(
                f"c_{c}",
                f"{rng.choice(FIRST)} {rng.choice(LAST)} {c}",
                created + timedelta(minutes=c),
                org=f"Org {rng.randrange(500)}",
                role="Researcher",
                field="UX research",
                stage="asked" if asked else "to-ask",
                asked_at=created + timedelta(days=1) if asked else None,
                notes=(f"met at the spring meetup ({c})",),
            )
        )
        due = START + timedelta(days=1 + rng.randrange(56), minutes=rng.randrange(1440))
        nudges.append(Nudge(f"n_c_{c}", "keep-chain", due, created, contact_id=f"c_{c}"))
    profile = Profile(created_at=created, tz="UTC", tz_confirmed=True)
    return profile, contacts, nudges


def seed(folder: str, users: int, per_user: int) -> None:
    """Through the store's port: one transaction per user, then ``close()``."""
    from storage.tinydb_store import TinyDBStore

    store = TinyDBStore(folder)
    try:
        began = time.perf_counter()
        for u in range(users):
            key = user_key(u)
            profile, contacts, nudges = user_records(u, per_user)
            with store.transaction(key):
                store.save_profile(key, profile)
                for contact in contacts:
                    store.save_contact(key, contact)
                for nudge in nudges:
                    store.save_nudge(key, nudge)
            if (u + 1) % 2000 == 0:
                print(
                    f"    seeded {u + 1:,} of {users:,} users "
                    f"({time.perf_counter() - began:.0f} s)",
                    flush=True,
                )
    finally:
        store.close()


def store_fingerprint() -> str:
    """Changes whenever the store's code or the records' shape does."""
    digest = hashlib.sha256(SEED_VERSION.encode())
    for path in [*sorted((ROOT / "storage").rglob("*.py")), ROOT / "bot" / "models.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_root() -> Path:
    return Path(
        os.environ.get("LEAP_BENCH_CACHE") or Path(tempfile.gettempdir()) / "leap-bench-cache"
    )


@contextmanager
def cache_lock(root: Path) -> Iterator[None]:
    """One run at a time seeds, copies or cleans the cache (runs from several checkouts
    may share it); a second run waits for the first."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "cache.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("    waiting for another run using the bench cache ...", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def workspace_copy(users: int, per_user: int, into: Path) -> str:
    """Copy the seeded folder for this size into ``into`` (seeding it first if the cache
    has none for this store's code); says where it came from and what it took."""
    root = cache_root()
    name = f"ws-{users}x{per_user}-"
    final = root / f"{name}{store_fingerprint()}"
    done = root / f"{final.name}.done"  # written once seeding finished and the store closed
    with cache_lock(root):
        seeded = None
        if not (final.is_dir() and done.exists()):
            for stale in root.glob(f"{name}*"):  # another store's, or an interrupted seeding
                if stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
                else:
                    stale.unlink(missing_ok=True)
            partial = root / f"{final.name}.partial"
            began = time.perf_counter()
            seed(str(partial), users, per_user)
            partial.rename(final)
            done.write_text(f"{users} users x {per_user}\n")
            seeded = time.perf_counter() - began
        began = time.perf_counter()
        shutil.copytree(final, into)
        copied = time.perf_counter() - began
    how = f"seeded in {seeded:.0f} s" if seeded is not None else "from the cache"
    return f"{how}; copied in {copied:.0f} s"
