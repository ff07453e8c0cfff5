"""Which nudges a change plans or cancels, and when each falls due.

The plan is derived from a contact's state: ``replan`` computes the nudges that state
calls for and reconciles the stored ones. Ids are deterministic (contact, kind, anchor),
so replanning twice never doubles a nudge and a nudge already sent is never planned
again. Times are computed in the user's zone, then moved out of quiet hours and pauses —
moved, never dropped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.context import Ctx
from bot.models import Contact, Nudge, Profile
from bot.timeparse import add_business_days

FOLLOW_UPS = ("follow-up-3", "follow-up-7")
MEETING = ("prep-eve", "prep-hour", "wrap-up", "did-it-happen")
THANKS = ("thanks-eve", "thanks-morning")
CHAIN = ("keep-chain",)
IDLE = "idle-summary"
FAMILIES = {
    "follow-ups": FOLLOW_UPS,
    "prep": ("prep-eve", "prep-hour"),
    "wrap-up": ("wrap-up",),
    "did-it-happen": ("did-it-happen",),
    "thanks": THANKS,
    "keep-chain": CHAIN,
    "summary": (IDLE,),
    "intros": ("intro-stall", "intro-remind"),
    "pairs": ("pair-plan",),
}
MANAGED = frozenset(FOLLOW_UPS + MEETING + THANKS + CHAIN)  # the kinds replan() derives
FAMILY_OF = {kind: family for family, kinds in FAMILIES.items() for kind in kinds}
IDLE_AFTER = timedelta(days=14)
KIND_LABELS = {
    "follow-up-3": "follow-up idea",
    "follow-up-7": "follow-up draft",
    "prep-eve": "prepare",
    "prep-hour": "one hour before",
    "wrap-up": "wrap-up hint",
    "did-it-happen": "did it happen?",
    "thanks-eve": "thank-you",
    "thanks-morning": "thank-you",
    "keep-chain": "keep the chain",
    "idle-summary": "weekly summary",
    "intro-stall": "introduction follow-up",
    "intro-remind": "introduction to make",
    "pair-plan": "practice pair",
}


def _at(day: datetime, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    local = day.astimezone(tz)
    return datetime.combine(local.date(), time(hour, minute), tz)


def wanted(contact: Contact, profile: Profile, now: datetime) -> dict[str, datetime]:
    """The nudges this contact's state calls for: kind -> ideal due time (aware)."""
    tz = ZoneInfo(profile.tz)
    out: dict[str, datetime] = {}
    if contact.stage == "asked" and contact.asked_at:
        out["follow-up-3"] = add_business_days(contact.asked_at, 3, tz)
        out["follow-up-7"] = add_business_days(contact.asked_at, 7, tz)
    meeting = contact.meeting_at
    if contact.stage == "scheduled" and meeting:
        end = meeting + timedelta(minutes=contact.meeting_minutes)
        local = meeting.astimezone(tz)
        eve = _at(meeting - timedelta(days=1), 18, 0, tz)
        morning = _at(meeting, 8, 30, tz)
        out["prep-eve"] = (
            eve if local.hour < 12 or morning > meeting - timedelta(hours=2) else morning
        )
        out["prep-hour"] = meeting - timedelta(hours=1)
        if profile.wrapup_hint:
            out["wrap-up"] = end - timedelta(minutes=2)
        out["did-it-happen"] = end + timedelta(minutes=15)
    if contact.stage == "met" and meeting:
        end = meeting + timedelta(minutes=contact.meeting_minutes)
        evening = _at(end, 19, 0, tz)
        out["thanks-eve"] = (
            evening if evening > end + timedelta(hours=1) else end + timedelta(hours=1)
        )
        out["thanks-morning"] = _at(end + timedelta(days=1), 9, 0, tz)
    if contact.stage in ("met", "thanked") and meeting:
        out["keep-chain"] = _at(meeting + timedelta(days=7), 10, 0, tz)
    muted = set(profile.muted_kinds)
    return {k: v for k, v in out.items() if FAMILY_OF[k] not in muted}


def nudge_id(contact_id: str, kind: str, anchor: datetime | None) -> str:
    stamp = int(anchor.timestamp() // 60) if anchor else 0
    return f"n_{contact_id}_{kind}_{stamp}"


def _anchor(contact: Contact, kind: str) -> datetime | None:
    return contact.asked_at if kind in FOLLOW_UPS else contact.meeting_at


def allowed(due: datetime, profile: Profile) -> datetime:
    """The first moment at or after ``due`` outside quiet hours and any pause."""
    tz = ZoneInfo(profile.tz)
    if profile.paused_until and due < profile.paused_until:
        due = profile.paused_until
    start = time.fromisoformat(profile.quiet_start)
    end = time.fromisoformat(profile.quiet_end)
    local = due.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    inside = (start <= clock or clock < end) if start > end else (start <= clock < end)
    if not inside:
        return due
    day = local.date() if clock < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tz)


def replan(ctx: Ctx, contact: Contact) -> None:
    """Bring the stored plan for one contact in line with its state."""
    store, user, now = ctx.store, ctx.user, ctx.now()
    want = wanted(contact, ctx.profile, now) if ctx.profile.nudges_on else {}
    want_ids = {nudge_id(contact.id, k, _anchor(contact, k)): (k, v) for k, v in want.items()}
    existing = {n.id: n for n in store.nudges(user) if n.contact_id == contact.id}
    for nid, nudge in existing.items():
        if nudge.kind not in MANAGED or "~" in nid:
            continue  # snoozed copies and introduction follow-ups are not derived from state
        if nudge.state == "planned" and nid not in want_ids:
            store.save_nudge(user, replace(nudge, state="cancelled"))
    for nid, (kind, due) in want_ids.items():
        if due <= now and nid not in existing:
            continue  # the moment has passed already: never plan a nudge in the past
        due = allowed(due, ctx.profile)
        found = existing.get(nid)
        if found is None:
            store.save_nudge(user, Nudge(nid, kind, due, now, contact_id=contact.id))
        elif found.state == "cancelled" and due > now:  # wanted again (reminders back on)
            store.save_nudge(user, replace(found, state="planned", due_at=due))
        elif found.state == "planned" and found.due_at != due:
            store.save_nudge(user, replace(found, due_at=due))
    touch(ctx)


def forget_contact(ctx: Ctx, contact_id: str) -> None:
    for nudge in ctx.store.nudges(ctx.user):
        if nudge.contact_id == contact_id and nudge.state == "planned":
            ctx.store.save_nudge(ctx.user, replace(nudge, state="cancelled"))


def touch(ctx: Ctx) -> None:
    """Activity: the weekly idle summary moves to two weeks from now."""
    now = ctx.now()
    nid = f"n_user_{IDLE}"
    current = next((n for n in ctx.store.nudges(ctx.user) if n.id == nid), None)
    if not ctx.profile.nudges_on or "summary" in ctx.profile.muted_kinds:
        if current and current.state == "planned":
            ctx.store.save_nudge(ctx.user, replace(current, state="cancelled"))
        return
    due = allowed(_at(now + IDLE_AFTER, 10, 0, ZoneInfo(ctx.profile.tz)), ctx.profile)
    if current is None:
        ctx.store.save_nudge(ctx.user, Nudge(nid, IDLE, due, now))
    elif current.due_at != due or current.state != "planned":
        ctx.store.save_nudge(
            ctx.user, replace(current, due_at=due, state="planned", attempts=0, last_error="")
        )


def replan_all(ctx: Ctx) -> None:
    for contact in ctx.store.contacts(ctx.user):
        replan(ctx, contact)
    touch(ctx)
