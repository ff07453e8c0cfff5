"""One place per kind of nudge: what it is called, which family "Stop these" turns off,
when it is still worth sending, what it says, how it may be snoozed, whether a meeting
bounds it, and what "Done" records. Planning, delivery, texts and the buttons all read
this table; nothing else decides by a kind's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot import nudge_texts as texts
from bot.context import Ctx
from bot.models import Contact, Nudge

Useful = Callable[[Contact | None, datetime], bool]
Text = Callable[[Ctx, Nudge, Contact | None, datetime], texts.Body]
Bound = Literal["", "start", "end"]
Snooze = Literal["15m", "1h", "evening", "tomorrow", "week"]

SNOOZE_LABELS: dict[str, str] = {
    "15m": "In 15 minutes",
    "1h": "Snooze 1 hour",
    "evening": "This evening",
    "tomorrow": "Tomorrow morning",
    "week": "Next week",
}
FAMILY_LABELS: dict[str, str] = {
    "follow-ups": "follow-ups after a request",
    "prep": "prepare reminders",
    "wrap-up": "wrap-up hints",
    "did-it-happen": "“how did it go?”",
    "thanks": "thank-you reminders",
    "keep-chain": "keep-the-chain reminders",
    "summary": "inactivity summaries",
    "intros": "introduction reminders",
    "pairs": "practice pairs",
}


@dataclass(frozen=True, slots=True)
class NudgeKind:
    name: str
    label: str  # as lists show it: "follow-up idea (Maria)"
    family: str  # what "Stop these" turns off (a key of FAMILY_LABELS)
    useful: Useful  # still worth sending now, given the contact's state?
    text: Text
    snoozes: tuple[Snooze, ...]
    bound: Bound = ""  # tied to the meeting: never sent after its start / its end
    meeting_day: bool = False  # tied to a meeting: may be sent on a holiday that is its day
    managed: bool = False  # planned from the contact's stage by ``nudges.replan``
    anchor: Literal["", "asked", "meeting"] = ""  # which time makes its id
    done_note: str = ""  # noted on the contact when the user presses Done
    done_stage: Literal["", "met", "thanked"] = ""  # or the stage Done moves the contact to


def _end(c: Contact) -> datetime | None:
    return c.meeting_at + timedelta(minutes=c.meeting_minutes) if c.meeting_at else None


def _stage(*stages: str) -> Useful:
    return lambda c, now: c is not None and c.stage in stages


def _before_start(c: Contact | None, now: datetime) -> bool:
    return (
        c is not None and c.stage == "scheduled" and c.meeting_at is not None and now < c.meeting_at
    )


def _before_end(c: Contact | None, now: datetime) -> bool:
    end = _end(c) if c is not None else None
    return c is not None and c.stage == "scheduled" and end is not None and now < end


def _thanks_due(c: Contact | None, now: datetime) -> bool:
    """After the meeting, until thanked — unless it is known not to have happened (then
    its time is cleared)."""
    end = _end(c) if c is not None else None
    return c is not None and c.stage in ("scheduled", "met") and end is not None and now >= end


def _always(c: Contact | None, now: datetime) -> bool:
    return True


KINDS: dict[str, NudgeKind] = {
    k.name: k
    for k in (
        NudgeKind(
            "follow-up-3", "follow-up idea", "follow-ups", _stage("asked"),
            texts.follow_up_idea, ("1h", "tomorrow", "week"), managed=True, anchor="asked",
            done_note="looked for someone else to ask",
        ),
        NudgeKind(
            "follow-up-7", "follow-up draft", "follow-ups", _stage("asked"),
            texts.follow_up_draft, ("1h", "tomorrow", "week"), managed=True, anchor="asked",
            done_note="sent a follow-up",
        ),
        NudgeKind(
            "prep-eve", "prepare", "prep", _before_start, texts.prepare, ("1h", "tomorrow"),
            bound="start", meeting_day=True, managed=True, anchor="meeting",
            done_note="prepared",
        ),
        NudgeKind(
            "prep-hour", "one hour before", "prep", _before_start, texts.hour_before, ("15m",),
            bound="start", meeting_day=True, managed=True, anchor="meeting",
            done_note="prepared",
        ),
        NudgeKind(
            "wrap-up", "wrap-up hint", "wrap-up", _before_end, texts.wrap_up, (),
            bound="end", meeting_day=True, managed=True, anchor="meeting",
        ),
        NudgeKind(
            "did-it-happen", "did it happen?", "did-it-happen", _stage("scheduled"),
            texts.did_it_happen, ("1h", "evening", "tomorrow"), meeting_day=True,
            managed=True, anchor="meeting", done_stage="met",
        ),
        NudgeKind(
            "thanks-eve", "thank-you", "thanks", _thanks_due, texts.thank_you,
            ("1h", "evening", "tomorrow"), meeting_day=True, managed=True, anchor="meeting",
            done_stage="thanked",
        ),
        NudgeKind(
            "thanks-morning", "thank-you", "thanks", _thanks_due, texts.thank_you,
            ("1h", "evening", "tomorrow"), managed=True, anchor="meeting",
            done_stage="thanked",
        ),
        NudgeKind(
            "keep-chain", "keep the chain", "keep-chain", _stage("met", "thanked"),
            texts.keep_chain, ("tomorrow", "week"), managed=True, anchor="meeting",
            done_note="sent an update",
        ),
        NudgeKind(
            "idle-summary", "inactivity summary", "summary", _always, texts.idle_summary,
            ("week",),
        ),
        NudgeKind(
            "intro-stall", "introduction follow-up", "intros", _stage("to-ask"),
            texts.intro_stall, ("tomorrow", "week"), done_note="followed the introduction up",
        ),
        NudgeKind(
            "intro-remind", "introduction to make", "intros", _always, texts.intro_remind,
            ("tomorrow", "week"),
        ),
        NudgeKind(
            "pair-plan", "practice pair", "pairs", _always, texts.pair_plan, ("1h", "tomorrow"),
        ),
    )
}  # fmt: skip
IDLE = "idle-summary"
IDLE_WEEKS = texts.IDLE_WEEKS
MANAGED = frozenset(k.name for k in KINDS.values() if k.managed)


def kind_of(name: str) -> NudgeKind | None:
    return KINDS.get(name)


def label(name: str) -> str:
    kind = KINDS.get(name)
    return kind.label if kind else name


def family_of(name: str) -> str:
    kind = KINDS.get(name)
    return kind.family if kind else ""


def family_label(family: str) -> str:
    return FAMILY_LABELS.get(family, family)


def deadline(kind: NudgeKind, contact: Contact | None) -> datetime | None:
    """The moment a meeting-bound reminder must come before, or None."""
    if contact is None or contact.meeting_at is None or not kind.bound:
        return None
    return contact.meeting_at if kind.bound == "start" else _end(contact)


def useful(nudge: Nudge, contact: Contact | None, now: datetime) -> bool:
    kind = KINDS.get(nudge.kind)
    if kind is None:
        return False
    if nudge.contact_id and contact is None:
        return False  # its contact was removed
    return kind.useful(contact, now)
