"""The embedded store: the ``bot.store.Store`` port on TinyDB files, one per user.

How the files are read, held, journaled and written: ``storage/tinydb_files.py``. Here:
the records of each kind, the due scan (only the files of users whose next nudge is due
are read), claiming a nudge, every key with records, forgetting one.

Fault isolation: ``set_aside()`` reads every file (for ``leap doctor``) and lists the ones
that could not be read, this run or earlier.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TypeVar, cast

from bot.models import (
    Contact,
    Conversation,
    Group,
    Interview,
    Intro,
    Nudge,
    NudgeState,
    Profile,
    Record,
    UserKey,
)
from bot.store import SetAside, UserDataUnavailable
from storage.app_records import FolderAppRecords
from storage.folder import SET_ASIDE
from storage.tinydb_file import SCHEMA_VERSION, SINGLE
from storage.tinydb_files import TinyDBFiles, claimed_at

__all__ = ["SCHEMA_VERSION", "SET_ASIDE", "TinyDBStore"]
R = TypeVar("R", bound=Record)


class TinyDBStore(TinyDBFiles, FolderAppRecords):
    """The ``bot.store.Store`` port on TinyDB files under one folder."""

    def set_aside(self) -> list[SetAside]:
        """Unreadable files moved to ``set-aside/`` (this run or earlier), oldest first.
        Every file not read yet is read first, so damage anywhere is found."""
        with self._lock:
            self.folder.set_strays_aside()
            for _key in self.users():
                pass
            return list(self.folder.aside)

    # -- generic record access ---------------------------------------------------------
    def _all(self, user: UserKey, kind: str, cls: type[R]) -> list[R]:
        with self._lock:
            return cast(list[R], list(self._file(user).listing(kind)))

    def _get(self, user: UserKey, kind: str, rid: str, cls: type[R]) -> R | None:
        with self._lock:
            found = self._file(user).records[kind].get(rid)
            return found if isinstance(found, cls) else None

    def _put(self, user: UserKey, kind: str, rid: str, record: Record) -> None:
        with self.transaction(user):
            self._file(user).put(kind, rid, record)

    def _delete(self, user: UserKey, kind: str, rid: str) -> bool:
        with self.transaction(user):
            return self._file(user).delete(kind, rid)

    # -- the port --------------------------------------------------------------------
    def profile(self, user: UserKey) -> Profile | None:
        return self._get(user, "profile", SINGLE, Profile)

    def save_profile(self, user: UserKey, profile: Profile) -> None:
        self._put(user, "profile", SINGLE, profile)

    def contacts(self, user: UserKey) -> list[Contact]:
        return self._all(user, "contacts", Contact)

    def contact(self, user: UserKey, contact_id: str) -> Contact | None:
        return self._get(user, "contacts", contact_id, Contact)

    def save_contact(self, user: UserKey, contact: Contact) -> None:
        self._put(user, "contacts", contact.id, contact)

    def delete_contact(self, user: UserKey, contact_id: str) -> bool:
        return self._delete(user, "contacts", contact_id)

    def conversation(self, user: UserKey) -> Conversation | None:
        return self._get(user, "conversation", SINGLE, Conversation)

    def save_conversation(self, user: UserKey, conversation: Conversation | None) -> None:
        if conversation is None:
            self._delete(user, "conversation", SINGLE)
        else:
            self._put(user, "conversation", SINGLE, conversation)

    def interviews(self, user: UserKey) -> list[Interview]:
        return self._all(user, "interviews", Interview)

    def save_interview(self, user: UserKey, interview: Interview) -> None:
        self._put(user, "interviews", interview.id, interview)

    def delete_interview(self, user: UserKey, interview_id: str) -> bool:
        return self._delete(user, "interviews", interview_id)

    def nudges(self, user: UserKey) -> list[Nudge]:
        return self._all(user, "nudges", Nudge)

    def save_nudge(self, user: UserKey, nudge: Nudge) -> None:
        self._put(user, "nudges", nudge.id, nudge)

    def due_nudges(self, before: datetime, limit: int = 1000) -> list[tuple[UserKey, Nudge]]:
        """Nudges deliverable at or before ``before``, earliest first, at most ``limit``:
        only the files of users whose next nudge is due are read."""
        cutoff = before.timestamp()
        found: list[tuple[float, tuple[str, str, str], str, UserKey, Nudge]] = []
        with self._lock:
            for at, user in self._due.users_due(cutoff):
                if len(found) >= limit:
                    found.sort(key=_order)
                    del found[limit:]
                    if (at, user.as_tuple()) > found[-1][:2]:
                        break  # this user's nudges, and everyone's after, come later
                try:
                    file = self._file(user)
                except UserDataUnavailable:
                    continue
                before_n = len(found)
                for nudge in cast(dict[str, Nudge], file.records["nudges"]).values():
                    when = self._deliverable_at(nudge)
                    if when is not None and when <= cutoff:
                        found.append((when, user.as_tuple(), nudge.id, user, nudge))
                if len(found) == before_n:
                    self._refresh_due(user, file)  # the index was early: put it right
        found.sort(key=_order)
        return [(user, nudge) for _w, _t, _i, user, nudge in found[:limit]]

    def _deliverable_at(self, nudge: Nudge) -> float | None:
        if nudge.state == NudgeState.PLANNED:
            return nudge.due_at.timestamp()
        if nudge.state == NudgeState.CLAIMED and nudge.claimed_at is not None:
            return (nudge.claimed_at + self.claim_timeout).timestamp()
        return None

    def claim_nudge(
        self, user: UserKey, nudge_id: str, now: datetime, due_by: datetime | None = None
    ) -> Nudge | None:
        with self._lock:
            file = self._enlist(user) if self._depth else self._file(user)
            nudge = file.records["nudges"].get(nudge_id)
            if not isinstance(nudge, Nudge) or nudge.due_at > (due_by or now):
                return None
            stale = nudge.claimed_at is not None and nudge.claimed_at + self.claim_timeout <= now
            if nudge.state != NudgeState.PLANNED and not (
                nudge.state == NudgeState.CLAIMED and stale
            ):
                return None
            # The claim is kept in memory only (see ``_claims``): a crash loses it with
            # the process, and the nudge, still planned on disk, is delivered after the
            # restart — what a stale claim gives elsewhere.
            claimed = claimed_at(nudge, now)
            file.claim(nudge_id, claimed)
            self._refresh_due(user, file)
            self._hold(user, nudge_id, now)
            return claimed

    def _hold(self, user: UserKey, nudge_id: str, now: datetime) -> None:
        self._claims.pop((user, nudge_id), None)
        self._claims[(user, nudge_id)] = now
        if self._depth:
            self._unit_claims.add((user, nudge_id))
        while self._claims:  # forget the stale ones, oldest first
            key, at = next(iter(self._claims.items()))
            if at + self.claim_timeout > now:
                break
            del self._claims[key]
            held = self._files.get(key[0])
            if held is None:
                self._due.forget_claims(key[0])
            elif held.unclaim(key[1]):  # as a file read again would have it
                self._refresh_due(key[0], held)

    def group(self, key: UserKey) -> Group | None:
        return self._get(key, "group", SINGLE, Group)

    def save_group(self, key: UserKey, group: Group) -> None:
        self._put(key, "group", SINGLE, group)

    def intros(self, key: UserKey) -> list[Intro]:
        return self._all(key, "intros", Intro)

    def save_intro(self, key: UserKey, intro: Intro) -> None:
        self._put(key, "intros", intro.id, intro)

    def delete_intro(self, key: UserKey, intro_id: str) -> bool:
        return self._delete(key, "intros", intro_id)

    def users(self) -> Iterator[UserKey]:
        """Every key with records (each file is read: for whole-workspace tasks only)."""
        with self._lock:
            keys = set(self.folder.keys_on_disk())
            keys.update(key for key, file in self._files.items() if file.has_records())
            known = []
            for key in sorted(keys, key=UserKey.as_tuple):
                try:
                    if self._file(key).has_records():
                        known.append(key)
                except UserDataUnavailable:
                    continue
        yield from known

    def forget(self, user: UserKey) -> dict[str, int]:
        with self.transaction(user):
            counts = self._file(user).forget()
            self._due.drop_user(user)
            return counts


def _order(found: tuple[float, tuple[str, str, str], str, UserKey, Nudge]) -> tuple[object, ...]:
    return found[:3]
