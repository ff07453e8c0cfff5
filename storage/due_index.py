"""An in-memory index of nudges by the time they are next deliverable.

A planned nudge is deliverable at its ``due_at``; a claimed one when its claim grows
stale (``claimed_at + claim_timeout``), so a delivery that died is retried. Finding what
is due is a binary search, not a scan of every planned nudge.
"""

from __future__ import annotations

import bisect
from datetime import datetime, timedelta

from bot.models import Nudge, NudgeState, UserKey

Entry = tuple[float, tuple[str, str, str], str]


class DueIndex:
    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._where: dict[tuple[UserKey, str], Entry] = {}
        self._by_user: dict[UserKey, set[str]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def update(self, user: UserKey, nudge: Nudge, claim_timeout: timedelta) -> None:
        self._remove(user, nudge.id)
        if nudge.state == NudgeState.PLANNED:
            when = nudge.due_at
        elif nudge.state == NudgeState.CLAIMED and nudge.claimed_at is not None:
            when = nudge.claimed_at + claim_timeout
        else:
            return
        entry: Entry = (when.timestamp(), user.as_tuple(), nudge.id)
        bisect.insort(self._entries, entry)
        self._where[(user, nudge.id)] = entry
        self._by_user.setdefault(user, set()).add(nudge.id)

    def _remove(self, user: UserKey, nudge_id: str) -> None:
        entry = self._where.pop((user, nudge_id), None)
        if entry is None:
            return
        i = bisect.bisect_left(self._entries, entry)
        if i < len(self._entries) and self._entries[i] == entry:
            del self._entries[i]
        self._by_user.get(user, set()).discard(nudge_id)

    def drop_user(self, user: UserKey) -> None:
        for nudge_id in list(self._by_user.pop(user, set())):
            self._remove(user, nudge_id)

    def due(self, before: datetime, limit: int) -> list[tuple[UserKey, str]]:
        """What is deliverable at or before ``before``, earliest first, at most ``limit``."""
        end = bisect.bisect_right(self._entries, before.timestamp(), key=_when)
        return [(UserKey(*u), nid) for _ts, u, nid in self._entries[: max(0, min(end, limit))]]


def _when(entry: Entry) -> float:
    return entry[0]
