"""What each kind of nudge says, phrased for the moment it is sent.

One function per kind, all with the same shape: ``(ctx, nudge, contact, now) -> Body``.
The kind table (``bot.nudge_kinds``) names which one a kind uses. Words about time are
computed from ``now`` ("in 45 minutes", "tomorrow at 10:00", "this evening"), so a
reminder moved earlier or later by quiet hours still tells the truth.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.coach import drafts
from bot.coach.meetings import medium_phrase
from bot.coach.questions import top_questions
from bot.context import Ctx
from bot.groups import pair_buttons
from bot.models import Contact, Nudge
from bot.parsing import ref
from bot.pipeline import short_date, stage_counts
from bot.replies import Button, run

Body = tuple[str, tuple[Button, ...]]
IDLE_WEEKS = (2, 4, 8)  # the inactivity summary: after this many quiet weeks, then stops
IDLE_WORDS = {2: "Two", 4: "Four", 8: "Eight"}


def _stamp(contact: Contact) -> int:
    return int(contact.meeting_at.timestamp() // 60) if contact.meeting_at else 0


def relative(at: datetime, now: datetime, tz: ZoneInfo) -> str:
    """When ``at`` is, said from ``now``: "in 45 minutes", "in an hour", "today at 14:00",
    "tomorrow at 10:00", or the date."""
    left = at - now
    if timedelta(0) <= left <= timedelta(minutes=50):
        return f"in {max(1, round(left.total_seconds() / 60))} minutes"
    if timedelta(0) <= left <= timedelta(minutes=75):
        return "in an hour"
    day, today = at.astimezone(tz).date(), now.astimezone(tz).date()
    clock = at.astimezone(tz).strftime("%H:%M")
    if day == today:
        return f"today at {clock}"
    if day == today + timedelta(days=1):
        return f"tomorrow at {clock}"
    return short_date(at, tz)


def follow_up_idea(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    assert c is not None
    asked = short_date(c.asked_at, ctx.tz) if c.asked_at else "recently"
    where = f"at {c.org}" if c.org else f"in {c.field}" if c.field else "in the same field"
    return (
        f"No answer from {c.first_name} yet (asked {asked}). Meanwhile, is there someone "
        f"else {where} you could ask?",
        (run("Add someone", "add"), run(f"{c.first_name} replied", f"replied {ref(c)} yes")),
    )


def follow_up_draft(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    assert c is not None
    asked = short_date(c.asked_at, ctx.tz) if c.asked_at else "recently"
    me = ctx.profile.display_name or ctx.actor.display_name
    draft = drafts.follow_up(c, asked_on=asked, me=me)
    r, first = ref(c), c.first_name
    return (
        f"A week and no answer from {first}. A polite follow-up often works:\n\n{draft.text}",
        (run(f"{first} replied", f"replied {r} yes"), run(f"{first} declined", f"replied {r} no")),
    )


def prepare(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    assert c is not None and c.meeting_at is not None
    meeting, tz = c.meeting_at, ctx.tz
    days = (meeting.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days == 1 and now.astimezone(tz).hour >= 12:
        when = "Tonight or tomorrow morning"
    elif days >= 1:
        when = "Before then"
    else:
        when = f"Before it ({relative(meeting, now, tz)})"
    return (
        f"Coming up: {c.name}, {short_date(meeting, tz)}. {when}: know your objective, "
        "read up on them and their organisation, pick your questions.",
        (run("Open the prep", f"prep {ref(c)}", style="primary"),),
    )


def hour_before(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    assert c is not None and c.meeting_at is not None
    top = top_questions(
        c.my_questions, ctx.profile.objective or None, c.level or None, c.field or None
    )
    questions = "\n".join(f"{i}. {q}" for i, q in enumerate(top, 1))
    goal = ctx.profile.goal or "learn whether this path suits you"
    when = relative(c.meeting_at, now, ctx.tz)
    return (
        f"{when[0].upper()}{when[1:]}: {c.name}{(' ' + medium_phrase(c.medium)).rstrip()}. "
        f"Your objective: {goal}.\nTop three questions:\n{questions}",
        (run("Full prep", f"prep {ref(c)}"),),
    )


def wrap_up(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    assert c is not None
    return (
        f"Two minutes left with {c.first_name}: thank them, and ask who else you should talk to.",
        (),
    )


def did_it_happen(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    assert c is not None
    return (
        f"How did it go with {c.first_name}?",
        (
            run("Debrief now", f"debrief {ref(c)}", style="primary"),
            Button("It moved", "schedule-form", c.id),
            Button("It didn't happen", "no-show", f"{c.id}|{_stamp(c)}"),
        ),
    )


def thank_you(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    assert c is not None
    r, first, tz = ref(c), c.first_name, ctx.tz
    met_today = c.meeting_at is not None and (
        c.meeting_at.astimezone(tz).date() == now.astimezone(tz).date()
    )
    when = "today" if met_today else "yesterday" if c.meeting_at else "recently"
    if c.stage == "met":
        text = (
            f"Your thank-you to {first} is not marked sent yet. A short note today means a "
            "lot — and keeps the door open for the people they suggested."
        )
    else:  # the meeting's time has passed and nobody said whether it happened
        text = (
            f"You were to talk with {first} {when}. If it happened, a short thank-you today "
            "means a lot; if it didn't, say so and I'll stop asking."
        )
    buttons: tuple[Button, ...] = (
        run("See the draft", f"thanks {r}", style="primary"),
        run("Mark as sent", f"thanks {r} sent"),
    )
    if c.stage == "scheduled":
        buttons += (Button("It didn't happen", "no-show", f"{c.id}|{_stamp(c)}"),)
    return text, buttons


def keep_chain(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    assert c is not None
    leads = [
        x for x in ctx.store.contacts(ctx.user) if x.referred_by == c.id and x.stage == "to-ask"
    ]
    names = ", ".join(x.first_name for x in leads[:3])
    onward = f" and contact the people they suggested: {names}" if leads else ""
    buttons = (run(f"Ask {leads[0].first_name}", f"ask {ref(leads[0])}"),) if leads else ()
    days = (now - c.meeting_at).days if c.meeting_at else 7
    since = "A week" if 6 <= days <= 8 else f"{days} days" if days > 1 else "A day"
    return (
        f"{since} since you met {c.first_name}. Send a short update on what you did with "
        f"their advice{onward}.",
        buttons,
    )


def intro_stall(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    assert c is not None
    days = max(1, (now - nudge.created_at).days)
    by = f" by {c.via}" if c.via else ""
    return (
        f"{c.first_name} was introduced to you{by} {days} days ago. Ask them for 20 minutes "
        "while the introduction is fresh.",
        (run(f"Draft a request to {c.first_name}", f"ask {ref(c)}", style="primary"),),
    )


def intro_remind(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    return (
        f"Did the introduction of {nudge.note.asker or 'a member'} to {nudge.note.person} "
        "happen? A short email to both is all it takes.",
        (),
    )


def pair_plan(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    return nudge.note.text, pair_buttons(nudge.note.channel)


def idle_summary(ctx: Ctx, nudge: Nudge, c: Contact | None, now: datetime) -> Body:
    counts = [f"{s} {n}" for s, n in stage_counts(ctx.store.contacts(ctx.user))]
    weeks = IDLE_WEEKS[min(nudge.repeats, len(IDLE_WEEKS) - 1)]
    quiet = f"{IDLE_WORDS.get(weeks, str(weeks))} quiet weeks"
    return (
        f"{quiet}. Where you stand: "
        + (", ".join(counts) or "no contacts yet")
        + ". One small step keeps it going.",
        (run("Your next step", "next"),),
    )


DM_HOW = {
    "discord": "allow direct messages from server members (the server's Privacy Settings)",
    "slack": "open Leap's Messages tab in Slack and check that messages from Leap are allowed "
    "(your workspace admin may need to allow the app)",
}


def dm_problem_text(platform: str) -> str:
    """Why a reminder did not arrive and what to change, in the user's platform's words."""
    how = DM_HOW.get(platform, "check that Leap can send you direct messages")
    return (
        "I could not send you a reminder by direct message, so it is marked undeliverable "
        f"in /leap nudges. To get reminders, {how}, then /leap nudges on."
    )
