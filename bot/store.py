"""The store port: what the core needs from storage, in the core's own records.

``storage/`` implements it (TinyDB by default; a server database later). Every call is
scoped to one ``UserKey`` except the scheduler's search for due nudges, the only read
across users. Implementations must make each ``transaction`` all-or-nothing: on an
exception inside it, nothing of it is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.models import Contact, Conversation, Group, Interview, Intro, Nudge, Profile, UserKey

CLAIM_TIMEOUT = timedelta(minutes=5)  # the default; a store is told its own and says it


class StoreError(RuntimeError):
    """Storage cannot be used safely (unreadable file, locked by another process, ...)."""


class UserDataUnavailable(StoreError):
    """The records of one key cannot be read (its file was set aside as unreadable): that
    user is refused with a clear reply; everyone else is served."""

    def __init__(self, key: UserKey, detail: str) -> None:
        super().__init__(detail)
        self.key = key


@dataclass(frozen=True, slots=True)
class SetAside:
    """A data file the store could not read and moved out of the way, kept for repair."""

    original: str  # where it was (and where a repaired copy goes back)
    kept_at: str  # where it is now
    reason: str  # why it could not be read
    key: UserKey | None  # whose records it held (None: not a user's file)
    blocking: bool  # the key is refused until a good file is back at ``original``


class Store(Protocol):
    claim_timeout: timedelta  # a claim older than this is stale: the nudge is due again

    def transaction(self, user: UserKey) -> AbstractContextManager[None]:
        """Group a user's writes: all are kept, or none if the block raises."""
        ...

    def profile(self, user: UserKey) -> Profile | None: ...

    def save_profile(self, user: UserKey, profile: Profile) -> None: ...

    def contacts(self, user: UserKey) -> list[Contact]:
        """The user's contacts, oldest first."""
        ...

    def contact(self, user: UserKey, contact_id: str) -> Contact | None: ...

    def save_contact(self, user: UserKey, contact: Contact) -> None: ...

    def delete_contact(self, user: UserKey, contact_id: str) -> bool: ...

    def conversation(self, user: UserKey) -> Conversation | None: ...

    def save_conversation(self, user: UserKey, conversation: Conversation | None) -> None:
        """Store the running conversation, or end it with ``None``."""
        ...

    def interviews(self, user: UserKey) -> list[Interview]: ...

    def save_interview(self, user: UserKey, interview: Interview) -> None: ...

    def delete_interview(self, user: UserKey, interview_id: str) -> bool: ...

    def nudges(self, user: UserKey) -> list[Nudge]: ...

    def save_nudge(self, user: UserKey, nudge: Nudge) -> None: ...

    def due_nudges(self, before: datetime, limit: int = 1000) -> list[tuple[UserKey, Nudge]]:
        """Planned nudges due at or before ``before`` across all users, earliest first,
        and claimed ones whose claim is older than the store's claim timeout."""
        ...

    def claim_nudge(
        self, user: UserKey, nudge_id: str, now: datetime, due_by: datetime | None = None
    ) -> Nudge | None:
        """Mark a nudge due by ``due_by`` (default ``now``) claimed at ``now``, unless
        another delivery holds a claim younger than ``claim_timeout`` on it.
        Returns the claimed nudge, or ``None`` when it is not (or no longer) claimable."""
        ...

    # Groups live under a workspace-level key: UserKey(platform, workspace, "#" + channel).
    def group(self, key: UserKey) -> Group | None: ...

    def save_group(self, key: UserKey, group: Group) -> None: ...

    def intros(self, key: UserKey) -> list[Intro]: ...

    def save_intro(self, key: UserKey, intro: Intro) -> None: ...

    def delete_intro(self, key: UserKey, intro_id: str) -> bool: ...

    def users(self) -> Iterator[UserKey]:
        """Every user with records (for export, migration and maintenance)."""
        ...

    def forget(self, user: UserKey) -> dict[str, int]:
        """Delete every record of the user; returns counts by kind."""
        ...

    def set_aside(self) -> list[SetAside]:
        """Data files found unreadable and kept aside for the operator (``leap doctor``)."""
        ...

    def close(self) -> None: ...
