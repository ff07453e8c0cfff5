"""Where each contact stands and the one next step that moves them along."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.models import STAGE_LABELS, STAGES, Contact
from bot.parsing import ref
from bot.replies import Button, run

KNOWN = ("relative", "friend", "classmate", "colleague")  # people the user already knows


@dataclass(frozen=True, slots=True)
class Step:
    text: str
    button: Button
    urgency: int  # higher first when choosing what to do now


def short_date(at: datetime, tz: ZoneInfo) -> str:
    local = at.astimezone(tz)
    return local.strftime("%a %d %b, %H:%M").replace(" 0", " ")


def short_day(at: datetime, tz: ZoneInfo) -> str:
    """``Tue 1 Dec`` in the user's zone."""
    local = at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b}"


def urgency(contact: Contact, now: datetime) -> int:
    """How much the contact's next step matters now (higher first): a thank-you today,
    then a debrief while it is fresh, preparing for a meeting, asking or agreeing a time,
    waiting for an answer; nothing for people thanked or who declined."""
    if contact.stage == "scheduled":
        if contact.meeting_at is None:
            return 2
        return 3 if contact.meeting_at > now else 5
    return URGENCY.get(contact.stage, 0)


URGENCY = {"to-ask": 2, "asked": 1, "met": 6, "thanked": 0}


def next_step(contact: Contact, now: datetime, tz: ZoneInfo) -> Step:
    """The most useful thing to do next with this contact."""
    r = ref(contact)
    first = contact.first_name
    level = urgency(contact, now)
    if contact.stage == "to-ask":
        return Step(
            f"ask {first} for 20 minutes of advice",
            run(f"Draft a request to {first}", f"ask {r}"),
            level,
        )
    if contact.stage == "asked":
        since = f" (asked {short_date(contact.asked_at, tz)})" if contact.asked_at else ""
        return Step(
            f"wait for {first}'s answer{since}", run(f"{first} replied", f"replied {r} yes"), level
        )
    if contact.stage == "scheduled" and contact.meeting_at is not None:
        if contact.meeting_at > now:
            when = short_date(contact.meeting_at, tz)
            return Step(f"prepare for {when}", run(f"Prepare for {first}", f"prep {r}"), level)
        return Step("debrief while it is fresh", run(f"Debrief {first}", f"debrief {r}"), level)
    if contact.stage == "scheduled":
        return Step("agree a time", Button(f"Schedule {first}", "schedule-form", contact.id), level)
    if contact.stage == "met":
        return Step(
            f"thank {first} today", run(f"Thank {first}", f"thanks {r}", style="primary"), level
        )
    if contact.stage == "thanked":
        return Step("keep in touch and follow their leads", run("Your network", "tree"), level)
    return Step("no reply needed; ask someone else", run("Add someone", "add"), level)


def stage_label(stage: str) -> str:
    return STAGE_LABELS.get(stage, stage)


def most_urgent(contacts: list[Contact], now: datetime, tz: ZoneInfo) -> tuple[Contact, Step]:
    """The contact whose next step matters most now, with that step. Among equals, people the
    user knows come first, then referrals (start with people you know), then the oldest."""
    top = max(
        contacts,
        key=lambda c: (urgency(c, now), c.met in KNOWN, bool(c.referred_by)),
    )
    return top, next_step(top, now, tz)


def stage_counts(contacts: list[Contact]) -> list[tuple[str, int]]:
    """(stage label, count) for each stage that has contacts, in journey order."""
    counted = [(s, sum(1 for c in contacts if c.stage == s)) for s in STAGES]
    return [(stage_label(s), n) for s, n in counted if n]
