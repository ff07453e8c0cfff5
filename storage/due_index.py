"""When each user next has a nudge to deliver: one entry per user, not per nudge.

A planned nudge is deliverable at its ``due_at``; a claimed one when its claim grows
stale, so a delivery that died is retried. The store keeps, per user, the earliest such
time (``live``) and the earliest as saved on disk, where claims do not exist (``saved``:
after a restart an unfinished claim is due again at once). Finding who is due is a binary
search over users sorted by time; their nudges are then read from their own files.

The saved times are written to ``due-index.json`` at every checkpoint, so opening the
folder reads one small file instead of every user's records. With 20,000 users it holds
20,000 numbers, however many nudges they have.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator
from typing import Any

from bot.models import UserKey
from bot.store import StoreError
from storage.atomic import read_json, write_atomically

FORMAT = 1
Entry = tuple[float, tuple[str, str, str]]


Key = tuple[str, str, str]  # a UserKey as a tuple: cheap to build 20,000 of at start


class DueIndex:
    def __init__(self) -> None:
        self._entries: list[Entry] = []  # (live time, user), sorted
        self._live: dict[Key, float] = {}
        self._saved: dict[Key, float] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def set(self, user: UserKey, live: float | None, saved: float | None) -> None:
        key = user.as_tuple()
        old = self._live.pop(key, None)
        if old is not None:
            entry = (old, key)
            i = bisect.bisect_left(self._entries, entry)
            if i < len(self._entries) and self._entries[i] == entry:
                del self._entries[i]
        if live is not None:
            self._live[key] = live
            bisect.insort(self._entries, (live, key))
        if saved is None:
            self._saved.pop(key, None)
        else:
            self._saved[key] = saved

    def forget_claims(self, user: UserKey) -> None:
        """The user's claims are over (stale) while their file is not held: their nudges are
        deliverable as saved. An entry may be early (the scan just finds nothing), never late."""
        key = user.as_tuple()
        saved = self._saved.get(key)
        live = self._live.get(key)
        if saved is not None and (live is None or saved < live):
            self.set(user, saved, saved)

    def drop_user(self, user: UserKey) -> None:
        self.set(user, None, None)

    def users_due(self, before: float) -> Iterator[tuple[float, UserKey]]:
        """Users with something deliverable at or before ``before``, earliest first (then
        by key), as the index stood when asked."""
        end = bisect.bisect_right(self._entries, before, key=_time)
        for ts, user in self._entries[:end]:
            yield ts, UserKey(*user)

    # -- on disk -------------------------------------------------------------------------
    def dump(self) -> str:
        rows = sorted([*user, ts] for user, ts in self._saved.items())
        return json.dumps({"format": FORMAT, "users": rows}, separators=(",", ":"))

    def save(self, path: str, text: str) -> None:
        write_atomically(path, text)

    @classmethod
    def load(cls, path: str) -> DueIndex | None:
        """The index as last saved; ``None`` if there is none or it cannot be trusted."""
        try:
            data = read_json(path)
        except StoreError:  # any damage means: rebuild it
            return None
        if not data or data.get("format") != FORMAT or not isinstance(data.get("users"), list):
            return None
        index = cls()
        rows: list[Any] = data["users"]
        try:
            times = {(str(p), str(w), str(u)): float(ts) for p, w, u, ts in rows}
        except (TypeError, ValueError):
            return None
        index._saved = times
        index._live = dict(times)
        index._entries = sorted((ts, key) for key, ts in times.items())  # one sort
        return index

    @classmethod
    def built(cls, times: dict[UserKey, tuple[float | None, float | None]]) -> DueIndex:
        """An index from every user's times at once (one sort)."""
        index = cls()
        for user, (live, saved) in times.items():
            if live is not None:
                index._live[user.as_tuple()] = live
            if saved is not None:
                index._saved[user.as_tuple()] = saved
        index._entries = sorted((ts, user) for user, ts in index._live.items())
        return index


def _time(entry: Entry) -> float:
    return entry[0]
