"""The core's records: what Leap knows about a user and their contacts.

Every record belongs to one ``UserKey`` (platform, workspace, user). Records are frozen
values; the store turns them into plain dicts with ``to_dict``/``from_dict`` so that any
store (TinyDB, a server database) keeps the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Self

from bot.names import formal_name, given_name
from bot.record import Record as Record  # re-exported: records are imported from here
from bot.record import field_names

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
MET_HOW = ("relative", "friend", "classmate", "colleague", "event", "other")


@dataclass(frozen=True, slots=True, order=True)
class UserKey:
    """Who owns a record: one user of one workspace of one platform."""

    platform: str
    workspace: str
    user: str

    def as_tuple(self) -> tuple[str, str, str]:
        return (self.platform, self.workspace, self.user)


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
    met_at: str = ""  # which event, when ``met`` is "event"
    muted_nudges: tuple[str, ...] = ()  # reminder families stopped for this contact only
    replied_at: datetime | None = None

    _datetimes = (
        "created_at",
        "updated_at",
        "asked_at",
        "meeting_at",
        "thanked_at",
        "replied_at",
    )
    _tuples = ("notes", "my_questions", "muted_nudges")

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
    country: str = ""  # ISO code for public holidays; "" = guessed from the time zone
    # goals closed with ``/leap decide``: {goal, objective, decision, why, decided_at (ISO),
    # evidence: [lines from the report], helped: [contact ids]} — oldest first, kept to read
    decisions: tuple[dict[str, Any], ...] = ()

    _datetimes = ("created_at", "paused_until")
    _tuples = ("muted_kinds", "decisions")


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
    thanks_for: str = ""  # "what will you thank them for?", in the user's words (optional)
    field: str = ""
    org: str = ""
    level: str = ""

    _datetimes = ("held_at",)
    _tuples = ("referrals",)


class NudgeState(StrEnum):
    """Where a nudge is in its life. Stored as its string value."""

    PLANNED = "planned"
    CLAIMED = "claimed"  # a delivery is sending it (goes stale after the claim timeout)
    SENT = "sent"
    DONE = "done"  # the user pressed Done: what it asked for is recorded
    CANCELLED = "cancelled"  # no longer wanted (state changed, stopped, reminders off)
    DROPPED = "dropped"  # no longer useful, or no allowed time before its meeting
    FAILED = "failed"  # undeliverable
    PAUSED = "paused"  # Leap was removed from the workspace: waits, unsent (bot/workspaces.py)


NUDGE_STATES = tuple(NudgeState)


@dataclass(frozen=True, slots=True)
class NudgeNote:
    """What a nudge without a contact needs to say: a group pairing's channel and plan,
    or an introduction's asker and the person to introduce."""

    channel: str = ""
    text: str = ""
    asker: str = ""
    person: str = ""

    @classmethod
    def read(cls, data: Any, kind: str) -> NudgeNote:
        if isinstance(data, dict):
            return cls(**{k: str(v) for k, v in data.items() if k in cls.__dataclass_fields__})
        if isinstance(data, str) and data:  # before typed notes: "channel|text", "asker|name"
            first, _, second = data.partition("|")
            if kind == "intro-remind":
                return cls(asker=first, person=second)
            return cls(channel=first, text=second)
        return cls()


@dataclass(frozen=True, slots=True)
class Nudge(Record):
    """A planned reminder. Its ``due_at`` is UTC; delivery claims it, then marks it sent."""

    id: str
    kind: str
    due_at: datetime
    created_at: datetime
    contact_id: str = ""
    state: NudgeState = NudgeState.PLANNED
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    attempts: int = 0
    last_error: str = ""
    note: NudgeNote = field(default_factory=NudgeNote)
    reason: str = ""  # why it was dropped, in the user's words (shown in /leap nudges)
    repeats: int = 0  # times a repeating nudge (the inactivity summary) was sent

    _datetimes = ("due_at", "created_at", "claimed_at", "sent_at")

    def to_dict(self) -> dict[str, Any]:
        out = Record.to_dict(self)
        out["state"] = str(self.state)
        out["note"] = {k: v for k, v in vars_of(self.note).items() if v}
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Nudge:
        kind = str(data.get("kind", ""))
        fixed = {**data, "note": NudgeNote.read(data.get("note"), kind)}
        fixed["state"] = NudgeState(data.get("state") or NudgeState.PLANNED)
        build: Any = Record.__dict__["from_dict"].__func__  # no super() in slotted dataclasses
        return build(cls, fixed)  # type: ignore[no-any-return]


def vars_of(note: NudgeNote) -> dict[str, str]:
    return {name: getattr(note, name) for name in field_names(type(note))}


@dataclass(frozen=True, slots=True)
class GroupMember(Record):
    """One member's place in a group: how they are shown, and their practice-pair round."""

    name: str = ""  # shown in pair plans, and in shout-outs when ``named``
    named: bool = False  # allowed their name in the digest's shout-outs
    paired: bool = False  # paired in the current round
    met: bool = False  # said "we met" this round
    missed: int = 0  # rounds in a row paired without meeting
    asked_to_stay: bool = False  # asked whether to stay in the pairing (after MISSED_LIMIT)
    no_pairs: bool = False  # in the group, out of the practice pairs


@dataclass(frozen=True, slots=True)
class Group(Record):
    """A channel that became a Leap group. Members opted in; ``named`` members also allow
    their name in the digest. Only counts and fields are ever shown, never contacts.

    Stored as plain dicts (``members`` as ``{user: {field: value}}``): files written before
    members were typed load unchanged (unknown member keys are ignored)."""

    id: str  # the channel id
    channel_name: str
    started_by: str
    created_at: datetime
    tz: str = "UTC"
    digest_day: int = 0  # Monday
    digest_time: str = "09:00"
    pairs: str = "off"  # "off" | "weekly" | "biweekly"
    active: bool = True
    members: dict[str, GroupMember] = field(default_factory=dict)
    pair_history: tuple[str, ...] = ()  # "a|b" pairs already made
    last_digest_at: datetime | None = None

    _datetimes = ("created_at", "last_digest_at")
    _tuples = ("pair_history",)

    def to_dict(self) -> dict[str, Any]:
        out = Record.to_dict(self)
        out["members"] = {user: m.to_dict() for user, m in self.members.items()}
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        members = data.get("members") or {}
        data = {
            **data,
            "members": {
                str(user): m if isinstance(m, GroupMember) else GroupMember.from_dict(m or {})
                for user, m in members.items()
            },
        }
        return super(Group, cls).from_dict(data)

    # -- membership ------------------------------------------------------------------------
    def joined(self, user: str, name: str, named: bool) -> Group:
        """``user`` is a member (again), shown as ``name``; their pairing choices stay."""
        before = self.members.get(user, GroupMember())
        member = replace(before, name=name, named=named, missed=0)
        return replace(self, members={**self.members, user: member})

    def left(self, user: str) -> Group:
        return replace(self, members={u: m for u, m in self.members.items() if u != user})

    def changed(self, user: str, **changes: Any) -> Group:
        """One member's settings changed (``met``, ``no_pairs``...)."""
        member = replace(self.members[user], **changes)
        return replace(self, members={**self.members, user: member})

    def forgetting(self, user: str) -> Group:
        """Every trace of ``user``: membership, pair history, who started the group."""
        return replace(
            self.left(user),
            pair_history=tuple(h for h in self.pair_history if user not in h.split("|")),
            started_by="" if self.started_by == user else self.started_by,
        )

    # -- practice pairs --------------------------------------------------------------------
    def new_round(self, missed_limit: int) -> tuple[Group, list[str]]:
        """Close the last round: a member paired who did not meet missed one; everyone is
        unpaired. Returns the group and who must now be asked whether to stay."""
        members: dict[str, GroupMember] = {}
        ask: list[str] = []
        for user, m in self.members.items():
            missed = m.missed + 1 if m.paired and not m.met else m.missed
            m = replace(m, missed=missed, paired=False, met=False)
            if missed >= missed_limit and not m.asked_to_stay:
                m = replace(m, asked_to_stay=True)
                ask.append(user)
            members[user] = m
        return replace(self, members=members), ask

    def pairable(self) -> list[str]:
        return [u for u, m in self.members.items() if not m.no_pairs]

    def paired_up(self, pairs: list[list[str]]) -> Group:
        """Mark this round's pairs (a trio counts as three pairs) and remember them."""
        history = list(self.pair_history)
        members = dict(self.members)
        for pair in pairs:
            history += ["|".join(sorted((a, b))) for a in pair for b in pair if a < b]
            for user in pair:
                members[user] = replace(members[user], paired=True)
        return replace(self, members=members, pair_history=tuple(history))


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
