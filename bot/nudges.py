"""Which nudges a change plans or cancels, and when each falls due.

The plan is derived from a contact's state: ``replan`` computes the nudges that state
calls for and reconciles the stored ones. Ids are deterministic (contact, kind, anchor),
so replanning twice never doubles a nudge and a nudge already sent is never planned
again. Times are computed in the user's zone, then placed (``place``) outside quiet hours,
pauses and public holidays: moved later — except a reminder tied to a meeting, which is
never moved past the meeting: it moves earlier into allowed time, or is dropped with a
reason the user sees in /leap nudges.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import nudge_kinds as kinds
from bot.context import Ctx
from bot.models import Contact, Nudge, NudgeState, Profile
from bot.pipeline import short_date
from bot.workdays import add_business_days, country_of, holiday

IDLE = kinds.IDLE
IDLE_AFTER = timedelta(weeks=kinds.IDLE_WEEKS[0])
LEAD = timedelta(minutes=15)  # a reminder moved before its meeting comes at least this early
Placed = tuple[datetime | None, str]  # (when, or None with the reason it was dropped)


def _at(day: datetime, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    local = day.astimezone(tz)
    return datetime.combine(local.date(), time(hour, minute), tz)


def country(profile: Profile) -> str:
    return country_of(profile.country, profile.tz)


def stopped(contact: Contact, profile: Profile, family: str) -> bool:
    return family in profile.muted_kinds or family in contact.muted_nudges


def wanted(contact: Contact, profile: Profile, now: datetime) -> dict[str, datetime]:
    """The nudges this contact's state calls for: kind -> ideal due time (aware)."""
    tz = ZoneInfo(profile.tz)
    out: dict[str, datetime] = {}
    if contact.stage == "asked" and contact.asked_at:
        out["follow-up-3"] = add_business_days(contact.asked_at, 3, tz, country(profile))
        out["follow-up-7"] = add_business_days(contact.asked_at, 7, tz, country(profile))
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
    if contact.stage in ("scheduled", "met") and meeting and contact.thanked_at is None:
        end = meeting + timedelta(minutes=contact.meeting_minutes)
        evening = _at(end, 19, 0, tz)
        out["thanks-eve"] = max(evening, end + timedelta(hours=1))
        out["thanks-morning"] = _at(end + timedelta(days=1), 9, 0, tz)
    if contact.stage in ("met", "thanked") and meeting:
        out["keep-chain"] = _at(meeting + timedelta(days=7), 10, 0, tz)
    return {k: v for k, v in out.items() if not stopped(contact, profile, kinds.family_of(k))}


def nudge_id(contact_id: str, kind: str, anchor: datetime | None) -> str:
    stamp = int(anchor.timestamp() // 60) if anchor else 0
    return f"n_{contact_id}_{kind}_{stamp}"


def _anchor(contact: Contact, kind: str) -> datetime | None:
    found = kinds.kind_of(kind)
    return contact.asked_at if found and found.anchor == "asked" else contact.meeting_at


def _quiet(profile: Profile) -> tuple[time, time]:
    return time.fromisoformat(profile.quiet_start), time.fromisoformat(profile.quiet_end)


def _in_quiet(clock: time, start: time, end: time) -> bool:
    return (start <= clock or clock < end) if start > end else (start <= clock < end)


def allowed(due: datetime, profile: Profile, meeting_day: date | None = None) -> datetime:
    """The first moment at or after ``due`` outside the pause, quiet hours and public
    holidays (a holiday that is ``meeting_day`` is allowed: the reminder is for it)."""
    tz, (start, end), where = ZoneInfo(profile.tz), _quiet(profile), country(profile)
    for _ in range(30):  # a pause or quiet hours, then a run of holidays: settles quickly
        if profile.paused_until and due < profile.paused_until:
            due = profile.paused_until
        local = due.astimezone(tz)
        clock = local.time().replace(tzinfo=None)
        if _in_quiet(clock, start, end):
            day = local.date() if clock < end else local.date() + timedelta(days=1)
            due = datetime.combine(day, end, tz)
            continue
        if where and local.date() != meeting_day and holiday(local.date(), where):
            due = datetime.combine(local.date() + timedelta(days=1), clock, tz)
            continue
        return due
    return due


def latest_allowed(
    before: datetime, profile: Profile, meeting_day: date | None, not_before: datetime
) -> datetime | None:
    """The latest allowed moment at or before ``before`` and after ``not_before``."""
    tz, (start, end), where = ZoneInfo(profile.tz), _quiet(profile), country(profile)
    due = before
    for _ in range(30):
        if due <= not_before:
            return None
        if profile.paused_until and due < profile.paused_until:
            return None  # paused from now until past this moment
        local = due.astimezone(tz)
        clock = local.time().replace(tzinfo=None)
        if _in_quiet(clock, start, end):  # go back to before the quiet hours began
            began = local.date() - timedelta(days=1 if start > end and clock < end else 0)
            due = datetime.combine(began, start, tz) - LEAD
            continue
        if where and local.date() != meeting_day and holiday(local.date(), where):
            due = datetime.combine(local.date() - timedelta(days=1), clock, tz)
            continue
        return due
    return None


def place(nudge_kind: str, due: datetime, profile: Profile, contact: Contact | None,
          now: datetime) -> Placed:  # fmt: skip
    """When a nudge of this kind ideally due at ``due`` may be sent; for one bound to a
    meeting, never after the meeting: earlier, or None with the reason it was dropped."""
    kind = kinds.kind_of(nudge_kind)
    meeting = contact.meeting_at if contact is not None else None
    tz = ZoneInfo(profile.tz)
    day = meeting.astimezone(tz).date() if kind and kind.meeting_day and meeting else None
    at = allowed(due, profile, day)
    limit = kinds.deadline(kind, contact) if kind else None
    if limit is None or at < limit:
        return at, ""
    earlier = latest_allowed(min(due, limit - LEAD), profile, day, now)
    if earlier is not None:
        return earlier, ""
    if allowed(now, profile, day) == now and now < limit:
        return now, ""
    assert meeting is not None
    when = short_date(meeting, tz)
    if profile.paused_until and profile.paused_until >= limit:
        return None, f"your pause runs past the meeting ({when})"
    return None, f"no time outside your quiet hours before the meeting ({when})"


def replan(ctx: Ctx, contact: Contact) -> None:
    """Bring the stored plan for one contact in line with its state."""
    store, user, now = ctx.store, ctx.user, ctx.now()
    want = wanted(contact, ctx.profile, now) if ctx.profile.nudges_on else {}
    want_ids = {nudge_id(contact.id, k, _anchor(contact, k)): (k, v) for k, v in want.items()}
    existing = {n.id: n for n in store.nudges(user) if n.contact_id == contact.id}
    for nid, nudge in existing.items():
        if nudge.kind not in kinds.MANAGED or nudge.state != NudgeState.PLANNED:
            continue  # introduction follow-ups are not derived from the contact's stage
        base = nid.split("~")[0]  # a snoozed copy lives while its kind is still wanted
        if base not in want_ids:
            store.save_nudge(user, replace(nudge, state=NudgeState.CANCELLED))
    for nid, (kind, ideal) in want_ids.items():
        if ideal <= now and nid not in existing:
            continue  # the moment has passed already: never plan a nudge in the past
        due, reason = place(kind, ideal, ctx.profile, contact, now)
        found = existing.get(nid)
        if due is None:
            if found is None or found.state == NudgeState.PLANNED:
                gone = found or Nudge(nid, kind, ideal, now, contact_id=contact.id)
                store.save_nudge(user, replace(gone, state=NudgeState.DROPPED, reason=reason))
        elif found is None:
            store.save_nudge(user, Nudge(nid, kind, due, now, contact_id=contact.id))
        elif found.state in (NudgeState.CANCELLED, NudgeState.DROPPED) and due > now:
            store.save_nudge(user, replace(found, state=NudgeState.PLANNED, due_at=due, reason=""))
        elif found.state == NudgeState.PLANNED and found.due_at != due:
            store.save_nudge(user, replace(found, due_at=due))
    touch(ctx)


def save_and_replan(ctx: Ctx, contact: Contact) -> None:
    """Save a changed contact, then bring its reminders in line with it."""
    ctx.store.save_contact(ctx.user, contact)
    replan(ctx, contact)


def forget_contact(ctx: Ctx, contact_id: str) -> None:
    for nudge in ctx.store.nudges(ctx.user):
        if nudge.contact_id == contact_id and nudge.state == NudgeState.PLANNED:
            ctx.store.save_nudge(ctx.user, replace(nudge, state=NudgeState.CANCELLED))


def touch(ctx: Ctx) -> None:
    """Activity: the inactivity summary starts counting again (first after two weeks)."""
    now = ctx.now()
    nid = f"n_user_{IDLE}"
    current = next((n for n in ctx.store.nudges(ctx.user) if n.id == nid), None)
    if not ctx.profile.nudges_on or "summary" in ctx.profile.muted_kinds:
        if current and current.state == NudgeState.PLANNED:
            ctx.store.save_nudge(ctx.user, replace(current, state=NudgeState.CANCELLED))
        return
    due = allowed(_at(now + IDLE_AFTER, 10, 0, ZoneInfo(ctx.profile.tz)), ctx.profile)
    if current is None:
        ctx.store.save_nudge(ctx.user, Nudge(nid, IDLE, due, now))
    elif current.due_at != due or current.state != NudgeState.PLANNED or current.repeats:
        fresh = replace(current, due_at=due, state=NudgeState.PLANNED, created_at=now)
        ctx.store.save_nudge(ctx.user, replace(fresh, attempts=0, last_error="", repeats=0))


def next_idle(nudge: Nudge, profile: Profile) -> datetime | None:
    """After the summary was sent ``nudge.repeats`` times: when next, or None to stop."""
    if nudge.repeats >= len(kinds.IDLE_WEEKS):
        return None
    since = nudge.created_at + timedelta(weeks=kinds.IDLE_WEEKS[nudge.repeats])
    return allowed(_at(since, 10, 0, ZoneInfo(profile.tz)), profile)


def replan_all(ctx: Ctx) -> None:
    for contact in ctx.store.contacts(ctx.user):
        replan(ctx, contact)
    touch(ctx)


def follow_up_promise(profile: Profile, contact: Contact) -> str:
    """What Leap will do if no answer comes, as the user's settings make it true."""
    if not profile.nudges_on:
        return "Reminders are off, so I will not remind you (/leap nudges on)."
    if stopped(contact, profile, kinds.family_of("follow-up-3")):
        return "Follow-up reminders are stopped, so I will not remind you (see /leap nudges)."
    if profile.paused_until and contact.asked_at:
        tz = ZoneInfo(profile.tz)
        first = add_business_days(contact.asked_at, 3, tz, country(profile))
        if first < profile.paused_until:
            return (
                "If no answer comes, I will remind you after 3 and 7 business days "
                f"(not before your pause ends, {short_date(profile.paused_until, tz)})."
            )
    return "If no answer comes, I will remind you after 3 and 7 business days."
