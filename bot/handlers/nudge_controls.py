"""The user's hand on the reminders: ``nudges [on|off]``, ``pause until DATE``, and the
Done / Snooze / Stop buttons every nudge carries."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from bot import nudges
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.models import Nudge
from bot.pipeline import short_date
from bot.replies import Button, Message, Outbound, Reply, Update, run, say
from bot.timeparse import TimeParseError, format_date, parse_date


def nudges_command(ctx: Ctx, text: str) -> list[Outbound]:
    word = text.strip().lower()
    if word in ("on", "off"):
        ctx.save_profile(replace(ctx.profile, nudges_on=word == "on"))
        if word == "off":
            for n in ctx.store.nudges(ctx.user):
                if n.state == "planned":
                    ctx.store.save_nudge(ctx.user, replace(n, state="cancelled"))
            return [
                say(
                    "Reminders are off. Nothing will be sent until /leap nudges on.",
                    run("Turn back on", "nudges on"),
                )
            ]
        nudges.replan_all(ctx)
        return [say("Reminders are on again.", run("See them", "nudges"))]
    if word:
        raise Problem("Say /leap nudges to list them, or /leap nudges on|off.")
    names = {c.id: c.first_name for c in ctx.store.contacts(ctx.user)}
    mine = ctx.store.nudges(ctx.user)
    planned = sorted((n for n in mine if n.state == "planned"), key=lambda n: n.due_at)
    failed = [n for n in mine if n.state == "failed"]
    lines = [
        f"• {short_date(n.due_at, ctx.tz)} — {nudges.KIND_LABELS.get(n.kind, n.kind)}"
        + (f" ({names[n.contact_id]})" if n.contact_id in names else "")
        + (f" — retrying after: {n.last_error}" if n.last_error else "")
        for n in planned[:15]
    ]
    if len(planned) > 15:
        lines.append(f"… and {len(planned) - 15} more")
    lines += [
        f"• Undeliverable: {nudges.KIND_LABELS.get(n.kind, n.kind)}"
        + (f" ({names[n.contact_id]})" if n.contact_id in names else "")
        + f" — {n.last_error}"
        for n in failed[-5:]
    ]
    state = "on" if ctx.profile.nudges_on else "off"
    if ctx.profile.paused_until and ctx.profile.paused_until > ctx.now():
        state += f", paused until {short_date(ctx.profile.paused_until, ctx.tz)}"
    head = (
        f"Reminders are {state}; times in {ctx.profile.tz}, quiet hours "
        f"{ctx.profile.quiet_start}–{ctx.profile.quiet_end}."
    )
    body = "\n".join([head, *lines]) if lines else head + "\nNothing planned right now."
    return [
        Reply(
            Message(
                body,
                title="Your reminders",
                buttons=(
                    run(
                        "Turn off" if ctx.profile.nudges_on else "Turn on",
                        "nudges off" if ctx.profile.nudges_on else "nudges on",
                    ),
                    run("Your next step", "next"),
                ),
            )
        )
    ]


def pause(ctx: Ctx, text: str) -> list[Outbound]:
    words = text.strip()
    if words.lower() in ("off", "end", "stop"):
        ctx.save_profile(replace(ctx.profile, paused_until=None))
        nudges.replan_all(ctx)
        return [say("Pause ended; reminders resume.", run("See them", "nudges"))]
    if not words.lower().startswith("until "):
        raise Problem("Say until when: /leap pause until Dec 20 (or /leap pause off).")
    try:
        day = parse_date(words[6:], ctx.now(), ctx.tz)
    except TimeParseError as err:
        raise Problem(f"{err} For example: /leap pause until Dec 20") from err
    until = datetime.combine(day, time(8, 0), ctx.tz)
    if until <= ctx.now():
        raise Problem("That date has passed; give a date ahead, e.g. /leap pause until Dec 20")
    ctx.save_profile(replace(ctx.profile, paused_until=until))
    moved = 0
    for n in ctx.store.nudges(ctx.user):
        if n.state == "planned" and n.due_at < until:
            ctx.store.save_nudge(ctx.user, replace(n, due_at=until))
            moved += 1
    return [
        say(
            f"Paused until {format_date(day)}, 08:00. {moved} reminder"
            f"{'s' if moved != 1 else ''} moved to then — none dropped.",
            run("End the pause", "pause off"),
        )
    ]


def _find(ctx: Ctx, base: str) -> Nudge | None:
    return next((n for n in ctx.store.nudges(ctx.user) if n.id == base), None)


def _done(ctx: Ctx, base: str) -> list[Outbound]:
    nudge = _find(ctx, base)
    if nudge is not None:
        for n in ctx.store.nudges(ctx.user):  # done with this one and any snoozed copy
            if n.id.split("~")[0] == base and n.state == "planned":
                ctx.store.save_nudge(ctx.user, replace(n, state="cancelled"))
    return [Update(Message("Done — good. ", buttons=(run("Your next step", "next"),)))]


def _snooze(ctx: Ctx, value: str) -> list[Outbound]:
    base, _, how = value.partition("|")
    nudge = _find(ctx, base)
    if nudge is None:
        return [Update(Message("That reminder is gone; nothing to snooze."))]
    now, tz = ctx.now(), ctx.tz
    if how == "1h":
        due = now + timedelta(hours=1)
    elif how == "week":
        due = datetime.combine((now + timedelta(days=7)).astimezone(tz).date(), time(9), tz)
    else:
        due = datetime.combine((now + timedelta(days=1)).astimezone(tz).date(), time(9), tz)
    due = nudges.allowed(due, ctx.profile)
    copy_id = f"{base}~{int(due.timestamp() // 60)}"
    ctx.store.save_nudge(
        ctx.user, Nudge(copy_id, nudge.kind, due, now, contact_id=nudge.contact_id)
    )
    return [
        Update(
            Message(
                f"Snoozed until {short_date(due, tz)}.", buttons=(run("Your reminders", "nudges"),)
            )
        )
    ]


def _stop(ctx: Ctx, kind: str) -> list[Outbound]:
    family = nudges.FAMILY_OF.get(kind)
    if family is None:
        raise Problem("That button is out of date.")
    muted = tuple(sorted({*ctx.profile.muted_kinds, family}))
    ctx.save_profile(replace(ctx.profile, muted_kinds=muted))
    for n in ctx.store.nudges(ctx.user):
        if n.state == "planned" and nudges.FAMILY_OF.get(n.kind) == family:
            ctx.store.save_nudge(ctx.user, replace(n, state="cancelled"))
    return [
        Update(
            Message(
                f"No more “{nudges.KIND_LABELS.get(kind, kind)}” reminders. The others stay on.",
                buttons=(run("Your reminders", "nudges"),),
            )
        )
    ]


def _no_show(ctx: Ctx, value: str) -> list[Outbound]:
    contact_id, _, stamp = value.partition("|")
    contact = ctx.store.contact(ctx.user, contact_id)
    if contact is None:
        return [Update(Message("That contact was removed."))]
    held = int(contact.meeting_at.timestamp() // 60) if contact.meeting_at else 0
    if contact.stage != "scheduled" or (stamp and stamp != str(held)):
        return [
            Update(
                Message(
                    f"That meeting with {contact.first_name} was changed since; "
                    "nothing was undone.",
                    buttons=(run("Show", f"show id:{contact.id}"),),
                )
            )
        ]
    updated = contact.with_changes(ctx.now(), stage="scheduled", meeting_at=None)
    ctx.store.save_contact(ctx.user, updated)
    nudges.replan(ctx, updated)
    return [
        Update(
            Message(
                f"Noted: the talk with {contact.first_name} did not happen. When you "
                f"agree a new time: /leap schedule {contact.first_name} WHEN",
                buttons=(Button("Agree a new time", "schedule-form", contact.id),),
            )
        )
    ]


FEATURE = Feature(
    commands=(
        CommandSpec(
            "nudges",
            "/leap nudges [on|off]",
            "your planned reminders; turn them off or on",
            nudges_command,
            examples=("/leap nudges", "/leap nudges off"),
            params=(Param("switch", "on or off", "choice", ("on", "off")),),
            section="reminders",
            short="list",
        ),
        CommandSpec(
            "pause",
            "/leap pause until DATE | off",
            "pause reminders (a vacation)",
            pause,
            examples=("/leap pause until Dec 20", "/leap pause off"),
            params=(Param("until", "until DATE, or off", "rest", required=True),),
            section="reminders",
        ),
    ),
    actions={"nudge-done": _done, "snooze": _snooze, "nudge-stop": _stop, "no-show": _no_show},
)
