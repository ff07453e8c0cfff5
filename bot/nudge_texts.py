"""What a due nudge says, with the buttons to act on it at once."""

from __future__ import annotations

from bot.coach import drafts
from bot.coach.questions import pick_questions
from bot.context import Ctx
from bot.groups import pair_buttons
from bot.models import Contact, Nudge
from bot.parsing import ref
from bot.pipeline import short_date, stage_counts
from bot.replies import Button, Message, run


def controls(nudge: Nudge) -> tuple[Button, ...]:
    base = nudge.id.split("~")[0]
    return (
        Button("Done", "nudge-done", base),
        Button("Snooze 1 hour", "snooze", f"{base}|1h"),
        Button("Tomorrow morning", "snooze", f"{base}|tomorrow"),
        Button("Next week", "snooze", f"{base}|week"),
        Button("Stop these", "nudge-stop", nudge.kind),
    )


def _stamp(contact: Contact) -> int:
    return int(contact.meeting_at.timestamp() // 60) if contact.meeting_at else 0


def _when(ctx: Ctx, contact: Contact) -> str:
    return short_date(contact.meeting_at, ctx.tz) if contact.meeting_at else "soon"


def _body(ctx: Ctx, nudge: Nudge, c: Contact | None) -> tuple[str, tuple[Button, ...]]:
    kind = nudge.kind
    if kind == "pair-plan":
        channel, _, text = nudge.note.partition("|")
        return (
            text,
            pair_buttons(channel),
        )
    if kind == "intro-remind":
        asker, _, name = nudge.note.partition("|")
        return (
            f"Did the introduction of {asker} to {name} happen? A short email to both "
            "is all it takes.",
            (),
        )
    if c is None:
        counts = [f"{s} {n}" for s, n in stage_counts(ctx.store.contacts(ctx.user))]
        return (
            "Two quiet weeks. Where you stand: "
            + (", ".join(counts) or "no contacts yet")
            + ". One small step keeps it going.",
            (run("Your next step", "next"),),
        )
    r, first = ref(c), c.first_name
    asked = short_date(c.asked_at, ctx.tz) if c.asked_at else "recently"
    if kind == "follow-up-3":
        where = c.org or c.field or "the same field"
        return (
            f"No answer from {first} yet (asked {asked}). Meanwhile, is there someone "
            f"else at {where} you could ask?",
            (run("Add someone", "add"), run(f"{first} replied", f"replied {r} yes")),
        )
    if kind == "follow-up-7":
        me = ctx.profile.display_name or ctx.actor.display_name
        draft = drafts.follow_up(c, asked_on=asked, me=me)
        return (
            f"A week and no answer from {first}. A polite follow-up often works:\n\n{draft.text}",
            (
                run(f"{first} replied", f"replied {r} yes"),
                run(f"{first} declined", f"replied {r} no"),
            ),
        )
    if kind == "prep-eve":
        return (
            f"Coming up: {c.name}, {_when(ctx, c)}. Tonight or tomorrow morning: know "
            "your objective, read up on them and their organisation, pick your questions.",
            (run("Open the prep", f"prep {r}", style="primary"),),
        )
    if kind == "prep-hour":
        top = pick_questions(ctx.profile.objective or None, c.level or None, c.field or None)
        questions = "\n".join(f"{i}. {q.text}" for i, q in enumerate(top[:3], 1))
        goal = ctx.profile.goal or "learn whether this path suits you"
        return (
            f"In an hour: {c.name}{' by ' + c.medium if c.medium else ''}. Your objective: "
            f"{goal}.\nTop three questions:\n{questions}",
            (run("Full prep", f"prep {r}"),),
        )
    if kind == "wrap-up":
        return (
            f"Two minutes left with {first}: thank them, and ask who else you should talk to.",
            (),
        )
    if kind == "did-it-happen":
        return (
            f"How did it go with {first}?",
            (
                run("Debrief now", f"debrief {r}", style="primary"),
                Button("It moved", "schedule-form", c.id),
                Button("It didn't happen", "no-show", f"{c.id}|{_stamp(c)}"),
            ),
        )
    if kind == "intro-stall":
        return (
            f"{first} was introduced to you {c.via and 'by ' + c.via} five days ago. "
            "Ask them for 20 minutes while the introduction is fresh.",
            (run(f"Draft a request to {first}", f"ask {r}", style="primary"),),
        )
    if kind in ("thanks-eve", "thanks-morning"):
        return (
            f"Your thank-you to {first} is not marked sent yet. A short note today means a "
            "lot — and keeps the door open for the people they suggested.",
            (
                run("See the draft", f"thanks {r}", style="primary"),
                run("Mark as sent", f"thanks {r} sent"),
            ),
        )
    leads = [
        x for x in ctx.store.contacts(ctx.user) if x.referred_by == c.id and x.stage == "to-ask"
    ]
    names = ", ".join(x.first_name for x in leads[:3])
    onward = f" and contact the people they suggested: {names}" if leads else ""
    buttons = (run(f"Ask {leads[0].first_name}", f"ask {ref(leads[0])}"),) if leads else ()
    return (
        f"A week since you met {first}. Send a short update on what you did with their "
        f"advice{onward}.",
        buttons,
    )


def nudge_message(ctx: Ctx, nudge: Nudge, contact: Contact | None) -> Message:
    text, buttons = _body(ctx, nudge, contact)
    return Message(text, buttons=buttons + controls(nudge))


def catch_up(ctx: Ctx, ready: list[tuple[Nudge, Contact | None]]) -> Message:
    """Several nudges piled up while Leap was away: one message, the most useful first."""
    lines = ["While I was away, a few things came due:"]
    buttons: list[Button] = []
    for nudge, contact in ready[:6]:
        text, acts = _body(ctx, nudge, contact)
        lines.append("• " + text.split("\n")[0])
        buttons.extend(acts[:1])
    buttons.append(run("Your next step", "next"))
    unique = {b.label: b for b in buttons}  # one button per action, however many piled up
    return Message("\n".join(lines), buttons=tuple(unique.values())[:5])
