"""The user's hand on the reminders: ``nudges [on|off]`` (what is planned, what was
dropped and what is stopped), ``pause until DATE``, and "it didn't happen". The buttons
every reminder carries are in ``nudge_buttons``."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from bot import nudge_kinds, nudges
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.handlers import nudge_buttons
from bot.models import Nudge, NudgeState
from bot.pipeline import short_date
from bot.replies import Button, Message, Outbound, Reply, Update, run, say
from bot.timeparse import TimeParseError, format_date, parse_date


def nudges_command(ctx: Ctx, text: str) -> list[Outbound]:
    word = text.strip().lower()
    if word in ("on", "off"):
        ctx.save_profile(replace(ctx.profile, nudges_on=word == "on"))
        if word == "off":
            for n in ctx.store.nudges(ctx.user):
                if n.state == NudgeState.PLANNED:
                    ctx.store.save_nudge(ctx.user, replace(n, state=NudgeState.CANCELLED))
            return [
                say(
                    "Reminders are off. Nothing will be sent until /leap nudges on.",
                    run("Turn back on", "nudges on"),
                )
            ]
        nudges.replan_all(ctx)
        lines, resume = nudge_buttons.stopped(ctx)
        still = "\nStill stopped, as you chose:\n" + "\n".join(lines) if lines else ""
        return [say("Reminders are on again." + still, run("See them", "nudges"), *resume)]
    if word:
        raise Problem("Say /leap nudges to list them, or /leap nudges on|off.")
    return [Reply(_listing(ctx))]


def _line(n: Nudge, names: dict[str, str]) -> str:
    who = f" ({names[n.contact_id]})" if n.contact_id in names else ""
    return f"{nudge_kinds.label(n.kind)}{who}"


def _listing(ctx: Ctx) -> Message:
    now = ctx.now()
    contacts = {c.id: c for c in ctx.store.contacts(ctx.user)}
    names = {cid: c.first_name for cid, c in contacts.items()}
    mine = ctx.store.nudges(ctx.user)
    planned = sorted(
        (
            n
            for n in mine
            if n.state == NudgeState.PLANNED
            and nudge_kinds.useful(n, contacts.get(n.contact_id), max(now, n.due_at))
        ),
        key=lambda n: n.due_at,
    )
    lines = [
        f"• {short_date(n.due_at, ctx.tz)} — {_line(n, names)}"
        + (f" — retrying after: {n.last_error}" if n.last_error else "")
        for n in planned[:15]
    ]
    if len(planned) > 15:
        lines.append(f"… and {len(planned) - 15} more")
    failed = [n for n in mine if n.state == NudgeState.FAILED]
    lines += [f"• Undeliverable: {_line(n, names)} — {n.last_error}" for n in failed[-5:]]
    recent = now - timedelta(days=7)
    dropped = [n for n in mine if n.state == NudgeState.DROPPED and n.reason and n.due_at > recent]
    lines += [f"• Dropped: {_line(n, names)} — {n.reason}" for n in dropped[-5:]]
    stopped, resume = nudge_buttons.stopped(ctx)
    lines += stopped
    p = ctx.profile
    state = "on" if p.nudges_on else "off"
    if p.paused_until and p.paused_until > now:
        state += f", paused until {short_date(p.paused_until, ctx.tz)}"
    head = f"Reminders are {state}; times in {p.tz}, quiet hours {p.quiet_start}–{p.quiet_end}."
    body = "\n".join([head, *lines]) if lines else head + "\nNothing planned right now."
    switch = run(
        "Turn off" if p.nudges_on else "Turn on", "nudges off" if p.nudges_on else "nudges on"
    )
    return Message(
        body, title="Your reminders", buttons=(switch, *resume, run("Your next step", "next"))
    )


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
    moved, dropped, now = 0, 0, ctx.now()
    contacts = {c.id: c for c in ctx.store.contacts(ctx.user)}
    for n in ctx.store.nudges(ctx.user):
        if n.state != NudgeState.PLANNED:
            continue
        at, reason = nudges.place(n.kind, n.due_at, ctx.profile, contacts.get(n.contact_id), now)
        if at is None:
            ctx.store.save_nudge(ctx.user, replace(n, state=NudgeState.DROPPED, reason=reason))
            dropped += 1
        elif at != n.due_at:
            ctx.store.save_nudge(ctx.user, replace(n, due_at=at))
            moved += 1
    lost = "none dropped"
    if dropped:
        lost = f"{dropped} dropped, as the meeting comes first (see /leap nudges)"
    return [
        say(
            f"Paused until {format_date(day)}, 08:00. {moved} reminder"
            f"{'s' if moved != 1 else ''} moved to after the pause — {lost}.",
            run("End the pause", "pause off"),
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
    nudges.save_and_replan(ctx, contact.with_changes(ctx.now(), stage="scheduled", meeting_at=None))
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
            pages=True,  # on/off twice is the same as once
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
    actions={**nudge_buttons.ACTIONS, "no-show": _no_show},
)
