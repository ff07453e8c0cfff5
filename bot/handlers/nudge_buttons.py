"""The buttons every reminder carries: Done (records what it asked for), snooze (options
that suit the reminder, never past its meeting) and Stop (with an explicit scope: this
reminder, this kind for this contact, or this kind everywhere), and turning kinds back on."""

from __future__ import annotations

from dataclasses import replace

from bot import nudge_kinds as kinds
from bot import nudges
from bot.context import Ctx, Problem
from bot.models import Contact, Nudge, NudgeState
from bot.nudge_compose import snooze_until, snoozes
from bot.parsing import ref
from bot.pipeline import short_date
from bot.replies import Button, Message, Outbound, Update, run
from bot.timeparse import format_date


def _find(ctx: Ctx, base: str) -> Nudge | None:
    return next((n for n in ctx.store.nudges(ctx.user) if n.id == base), None)


def _contact(ctx: Ctx, nudge: Nudge) -> Contact | None:
    return ctx.store.contact(ctx.user, nudge.contact_id) if nudge.contact_id else None


def _settle(ctx: Ctx, base: str, state: NudgeState) -> None:
    """This reminder is dealt with: it and any snoozed copy still planned end in ``state``."""
    for n in ctx.store.nudges(ctx.user):
        if n.id.split("~")[0] != base:
            continue
        if n.id == base and n.state in (NudgeState.SENT, NudgeState.PLANNED, NudgeState.CLAIMED):
            ctx.store.save_nudge(ctx.user, replace(n, state=state))
        elif n.state == NudgeState.PLANNED:
            ctx.store.save_nudge(ctx.user, replace(n, state=NudgeState.CANCELLED))


def done(ctx: Ctx, base: str) -> list[Outbound]:
    nudge = _find(ctx, base)
    kind = kinds.kind_of(nudge.kind) if nudge else None
    if nudge is None or kind is None:
        return [Update(Message("That reminder is gone; nothing to mark."))]
    _settle(ctx, base, NudgeState.DONE)
    contact, now = _contact(ctx, nudge), ctx.now()
    after = (run("Your next step", "next"),)
    if contact is None:
        return [Update(Message(f"Done — noted: {kind.label}.", buttons=after))]
    first = contact.first_name
    if kind.done_stage == "met" and contact.stage == "scheduled":
        nudges.save_and_replan(ctx, contact.with_changes(now, stage="met"))
        return [
            Update(
                Message(
                    f"Noted: your talk with {first} happened. Debrief while it is fresh.",
                    buttons=(run("Debrief now", f"debrief {ref(contact)}", style="primary"),),
                )
            )
        ]
    if kind.done_stage == "thanked" and contact.stage in ("scheduled", "met"):
        thanked = contact.with_changes(now, stage="thanked", thanked_at=now)
        nudges.save_and_replan(ctx, thanked)
        return [Update(Message(f"Marked: thank-you to {first} sent.", buttons=after))]
    note = kind.done_note or f"did the “{kind.label}” reminder"
    day = format_date(now.astimezone(ctx.tz).date())
    noted = (*contact.notes, f"{day}: {note}")
    ctx.store.save_contact(ctx.user, contact.with_changes(now, notes=noted))
    return [Update(Message(f"Noted on {first}: {note} ({day}).", buttons=after))]


def snooze(ctx: Ctx, value: str) -> list[Outbound]:
    base, _, how = value.partition("|")
    nudge = _find(ctx, base)
    kind = kinds.kind_of(nudge.kind) if nudge else None
    if nudge is None or kind is None:
        return [Update(Message("That reminder is gone; nothing to snooze."))]
    now, tz, contact = ctx.now(), ctx.tz, _contact(ctx, nudge)
    if how not in snoozes(kind, contact, now, tz):
        limit = kinds.deadline(kind, contact)
        why = f"it would land after the meeting ({short_date(limit, tz)})" if limit else ""
        return [
            Update(Message(f"That snooze no longer fits this reminder{': ' + why if why else ''}."))
        ]
    due, reason = nudges.place(nudge.kind, snooze_until(how, now, tz), ctx.profile, contact, now)
    if due is None:
        return [Update(Message(f"Not snoozed: {reason}."))]
    copy_id = f"{base}~{int(due.timestamp() // 60)}"
    ctx.store.save_nudge(
        ctx.user, Nudge(copy_id, nudge.kind, due, now, contact_id=nudge.contact_id, note=nudge.note)
    )
    return [
        Update(
            Message(
                f"Snoozed until {short_date(due, tz)}.", buttons=(run("Your reminders", "nudges"),)
            )
        )
    ]


def stop(ctx: Ctx, base: str) -> list[Outbound]:
    """Ask how far "Stop these" should go; nothing is stopped until the user picks."""
    nudge = _find(ctx, base)
    kind = kinds.kind_of(nudge.kind) if nudge else None
    if nudge is None or kind is None:
        raise Problem("That button is out of date.")
    contact = _contact(ctx, nudge)
    family = kinds.family_label(kind.family)
    choices = [Button("Just this reminder", "nudge-stop-one", base)]
    if contact is not None:
        choices.append(Button(f"{family.capitalize()} for {contact.first_name}",
                              "nudge-stop-contact", base))  # fmt: skip
    choices.append(Button(f"All {family}, for everyone", "nudge-stop-all", base, "danger"))
    return [Update(Message(f"Stop what, exactly? ({kind.label})", buttons=tuple(choices)))]


def stop_one(ctx: Ctx, base: str) -> list[Outbound]:
    nudge = _find(ctx, base)
    if nudge is None:
        return [Update(Message("That reminder is gone already."))]
    _settle(ctx, base, NudgeState.CANCELLED)
    family = kinds.family_label(kinds.family_of(nudge.kind))
    return [
        Update(
            Message(
                f"Stopped this reminder only. Other {family} stay on.",
                buttons=(run("Your reminders", "nudges"),),
            )
        )
    ]


def stop_contact(ctx: Ctx, base: str) -> list[Outbound]:
    nudge = _find(ctx, base)
    contact = _contact(ctx, nudge) if nudge else None
    if nudge is None or contact is None:
        return [Update(Message("That reminder or its contact is gone; nothing to stop."))]
    family = kinds.family_of(nudge.kind)
    muted = tuple(sorted({*contact.muted_nudges, family}))
    nudges.save_and_replan(ctx, contact.with_changes(ctx.now(), muted_nudges=muted))
    _settle(ctx, base, NudgeState.CANCELLED)
    name = kinds.family_label(family)
    return [
        Update(
            Message(
                f"No more {name} for {contact.first_name}. Other contacts keep theirs.",
                buttons=(Button("Turn back on", "nudge-resume", f"{family}|{contact.id}"),),
            )
        )
    ]


def stop_all(ctx: Ctx, base: str) -> list[Outbound]:
    nudge = _find(ctx, base)
    if nudge is None:
        return [Update(Message("That reminder is gone already."))]
    family = kinds.family_of(nudge.kind)
    ctx.save_profile(
        replace(ctx.profile, muted_kinds=tuple(sorted({*ctx.profile.muted_kinds, family})))
    )
    for n in ctx.store.nudges(ctx.user):
        if n.state == NudgeState.PLANNED and kinds.family_of(n.kind) == family:
            ctx.store.save_nudge(ctx.user, replace(n, state=NudgeState.CANCELLED))
    name = kinds.family_label(family)
    return [
        Update(
            Message(
                f"No more {name}, for any contact (also ones you add later). "
                "/leap nudges lists what is stopped.",
                buttons=(Button("Turn back on", "nudge-resume", family),),
            )
        )
    ]


def resume(ctx: Ctx, value: str) -> list[Outbound]:
    family, _, contact_id = value.partition("|")
    name = kinds.family_label(family)
    if contact_id:
        contact = ctx.store.contact(ctx.user, contact_id)
        if contact is None:
            return [Update(Message("That contact was removed."))]
        left = tuple(f for f in contact.muted_nudges if f != family)
        nudges.save_and_replan(ctx, contact.with_changes(ctx.now(), muted_nudges=left))
        text = f"{name.capitalize()} for {contact.first_name} are back on."
    else:
        left = tuple(f for f in ctx.profile.muted_kinds if f != family)
        ctx.save_profile(replace(ctx.profile, muted_kinds=left))
        nudges.replan_all(ctx)
        text = f"{name.capitalize()} are back on."
    return [Update(Message(text, buttons=(run("Your reminders", "nudges"),)))]


def stopped(ctx: Ctx) -> tuple[list[str], tuple[Button, ...]]:
    """What the user stopped, as lines, with a button to turn each back on."""
    lines: list[str] = []
    buttons: list[Button] = []
    for family in ctx.profile.muted_kinds:
        lines.append(f"• Stopped: {kinds.family_label(family)} — for everyone")
        buttons.append(Button(f"Turn on {kinds.family_label(family)}", "nudge-resume", family))
    for c in ctx.store.contacts(ctx.user):
        for family in c.muted_nudges:
            lines.append(f"• Stopped: {kinds.family_label(family)} — for {c.first_name}")
            buttons.append(
                Button(f"Turn on for {c.first_name}", "nudge-resume", f"{family}|{c.id}")
            )
    return lines, tuple(buttons[:5])


ACTIONS = {
    "nudge-done": done,
    "snooze": snooze,
    "nudge-stop": stop,
    "nudge-stop-one": stop_one,
    "nudge-stop-contact": stop_contact,
    "nudge-stop-all": stop_all,
    "nudge-resume": resume,
}
