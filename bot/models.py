"""The core's records: what Leap knows about a user and their contacts.

Every record belongs to one ``UserKey`` (platform, workspace, user). Records are frozen
values; the store turns them into plain dicts with ``to_dict``/``from_dict`` so that any
store (TinyDB, a server database) keeps the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any, Self

from bot.names import formal_name, given_name

STAGES = ("to-ask", "asked", "scheduled", "met", "thanked", "declined")
STAGE_LABELS = {
    "to-ask": "to ask",
    "asked": "asked",
    "scheduled": "scheduled",
    "met": "met",
    "thanked": "thanked",
    "declined": "declined",
}
LEVELS = ("junior", "mid", "senior", "executive")
MET_HOW = ("relative", "friend", "classmate", "colleague", "other")


@dataclass(frozen=True, slots=True, order=True)
class UserKey:
    """Who owns a record: one user of one workspace of one platform."""

    platform: str
    workspace: str
    user: str

    def as_tuple(self) -> tuple[str, str, str]:
        return (self.platform, self.workspace, self.user)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_iso(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


class Record:
    """Mixin: plain-dict round trip for frozen dataclass records with datetime fields."""

    __slots__ = ()
    _datetimes: tuple[str, ...] = ()
    _tuples: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.name in self._datetimes:
                value = _iso(value)
            elif f.name in self._tuples:
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for name, value in data.items():
            if name not in known:
                continue
            if name in cls._datetimes:
                value = _from_iso(value)
            elif name in cls._tuples:
                value = tuple(value or ())
            kwargs[name] = value
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Contact(Record):
    """A person the user may talk to, and where they stand in the journey."""

    id: str
    name: str
    created_at: datetime
    org: str = ""
    role: str = ""
    field: str = ""
    level: str = ""
    met: str = ""
    via: str = ""  # who referred them, as the user wrote it
    referred_by: str = ""  # id of the contact who referred them, when known
    traditional: bool = False
    notes: tuple[str, ...] = ()
    stage: str = "to-ask"
    updated_at: datetime | None = None
    asked_at: datetime | None = None
    meeting_at: datetime | None = None
    meeting_minutes: int = 20
    medium: str = ""
    my_questions: tuple[str, ...] = ()
    thanked_at: datetime | None = None
    wants_resume: bool = False  # they asked for it before the meeting: the guide allows it

    _datetimes = ("created_at", "updated_at", "asked_at", "meeting_at", "thanked_at")
    _tuples = ("notes", "my_questions")

    @property
    def first_name(self) -> str:
        """What a friendly note calls them: "Ana" for "Dr. Ana Ruiz" (``bot.names``)."""
        return given_name(self.name)

    @property
    def formal_name(self) -> str:
        """What a formal card says after "Dear": "Dr. Ruiz", or the name without a title."""
        return formal_name(self.name)

    @property
    def label(self) -> str:
        """Name with organisation, as lists show it."""
        return f"{self.name} ({self.org})" if self.org else self.name

    def with_changes(self, now: datetime, **changes: Any) -> Contact:
        return replace(self, updated_at=now, **changes)


@dataclass(frozen=True, slots=True)
class Profile(Record):
    """A user's own settings and what Leap remembers about them."""

    created_at: datetime
    tz: str = "UTC"
    tz_confirmed: bool = False
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    display_name: str = ""
    goal: str = ""
    objective: str = ""
    nudges_on: bool = True
    paused_until: datetime | None = None
    wrapup_hint: bool = False
    muted_kinds: tuple[str, ...] = ()
    dm_problem: str = ""  # why a reminder could not be sent; told once, then cleared

    _datetimes = ("created_at", "paused_until")
    _tuples = ("muted_kinds",)


@dataclass(frozen=True, slots=True)
class Conversation(Record):
    """A multi-step exchange in progress (a debrief, say), stored between messages."""

    kind: str
    step: str
    started_at: datetime
    data: dict[str, Any] = field(default_factory=dict)

    _datetimes = ("started_at",)


@dataclass(frozen=True, slots=True)
class Interview(Record):
    """What one conversation taught: notes, the four decision answers and their 1–5 scores."""

    id: str
    contact_id: str
    held_at: datetime
    learned: str = ""
    answers: dict[str, str] = field(default_factory=dict)  # question key -> words
    scores: dict[str, int] = field(default_factory=dict)  # question key -> 1..5
    referrals: tuple[str, ...] = ()  # contact ids created from "who else should I talk to?"
    field: str = ""
    org: str = ""
    level: str = ""

    _datetimes = ("held_at",)
    _tuples = ("referrals",)


NUDGE_STATES = ("planned", "claimed", "sent", "cancelled", "failed", "dropped")


@dataclass(frozen=True, slots=True)
class Nudge(Record):
    """A planned reminder. Its ``due_at`` is UTC; delivery claims it, then marks it sent."""

    id: str
    kind: str
    due_at: datetime
    created_at: datetime
    contact_id: str = ""
    state: str = "planned"
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    attempts: int = 0
    last_error: str = ""
    note: str = ""  # what a nudge without a contact needs to say (e.g. an introduction)

    _datetimes = ("due_at", "created_at", "claimed_at", "sent_at")


@dataclass(frozen=True, slots=True)
class Group(Record):
    """A channel that became a Leap group. Members opted in; ``named`` members also allow
    their name in the digest. Only counts and fields are ever shown, never contacts."""

    id: str  # the channel id
    channel_name: str
    started_by: str
    created_at: datetime
    tz: str = "UTC"
    digest_day: int = 0  # Monday
    digest_time: str = "09:00"
    pairs: str = "off"  # "off" | "weekly" | "biweekly"
    active: bool = True
    members: dict[str, dict[str, Any]] = field(default_factory=dict)  # user -> settings
    pair_history: tuple[str, ...] = ()  # "a|b" pairs already made
    last_digest_at: datetime | None = None

    _datetimes = ("created_at", "last_digest_at")
    _tuples = ("pair_history",)


@dataclass(frozen=True, slots=True)
class Intro(Record):
    """“Who knows someone in FIELD?” asked in a group, with the offers members made."""

    id: str
    asker: str
    field: str
    created_at: datetime
    expires_at: datetime
    org: str = ""
    state: str = "open"  # "open" | "accepted" | "expired"
    offers: tuple[dict[str, str], ...] = ()  # {"by", "by_name", "name", "org", "note"}

    _datetimes = ("created_at", "expires_at")
    _tuples = ("offers",)
