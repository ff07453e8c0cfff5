"""A due nudge as a message: its kind's text, then Done / snooze / Stop buttons; several
due together as one message with a section and buttons per reminder."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import nudge_kinds as kinds
from bot.context import Ctx
from bot.models import Contact, Nudge
from bot.replies import Button, Message, run

FOLD_MAX = 5  # reminders per folded message: 4 buttons each + 1 stays within 25 buttons
PER_ITEM = 4  # (Discord: 5 rows of 5; Slack: 25 elements in an actions block)


def base_id(nudge: Nudge) -> str:
    return nudge.id.split("~")[0]


def snooze_until(how: str, now: datetime, tz: ZoneInfo) -> datetime:
    """When a snooze option ends, before quiet hours and holidays are applied."""
    local = now.astimezone(tz)
    if how == "15m":
        return now + timedelta(minutes=15)
    if how == "1h":
        return now + timedelta(hours=1)
    if how == "evening":
        evening = datetime.combine(local.date(), time(18), tz)
        return evening if evening > now + timedelta(minutes=30) else now + timedelta(hours=1)
    if how == "week":
        return datetime.combine(local.date() + timedelta(days=7), time(9), tz)
    return datetime.combine(local.date() + timedelta(days=1), time(9), tz)


def snoozes(
    kind: kinds.NudgeKind, contact: Contact | None, now: datetime, tz: ZoneInfo
) -> list[str]:
    """The snooze options that still end before the meeting the reminder is for."""
    limit = kinds.deadline(kind, contact)
    return [h for h in kind.snoozes if limit is None or snooze_until(h, now, tz) < limit]


def controls(ctx: Ctx, nudge: Nudge, contact: Contact | None, now: datetime) -> tuple[Button, ...]:
    kind = kinds.kind_of(nudge.kind)
    if kind is None:
        return ()
    base = base_id(nudge)
    later = [
        Button(kinds.SNOOZE_LABELS[h], "snooze", f"{base}|{h}")
        for h in snoozes(kind, contact, now, ctx.tz)
    ]
    return (Button("Done", "nudge-done", base), *later, Button("Stop these", "nudge-stop", base))


def nudge_message(ctx: Ctx, nudge: Nudge, contact: Contact | None, now: datetime) -> Message:
    kind = kinds.kind_of(nudge.kind)
    if kind is None:
        return Message(f"A reminder ({nudge.kind}).")
    text, buttons = kind.text(ctx, nudge, contact, now)
    return Message(text, buttons=buttons + controls(ctx, nudge, contact, now))


def _heading(nudge: Nudge, contact: Contact | None) -> str:
    who = f" — {contact.name}" if contact is not None else ""
    return f"{kinds.label(nudge.kind).capitalize()}{who}"


def _item_buttons(ctx: Ctx, nudge: Nudge, contact: Contact | None, now: datetime,
                  acts: tuple[Button, ...]) -> list[Button]:  # fmt: skip
    """One action, Done, the first snooze, Stop — labelled with whom they are about."""
    tag = contact.first_name if contact is not None else kinds.label(nudge.kind)
    own = controls(ctx, nudge, contact, now)
    picked = [*acts[:1], own[0], *own[1:-1][:1], own[-1]][:PER_ITEM]
    return [
        Button(f"{tag}: {b.label}" if not b.label.startswith(tag) else b.label, b.action, b.value)
        for b in picked
    ]


def fold(
    ctx: Ctx, ready: list[tuple[Nudge, Contact | None]], now: datetime, late: bool
) -> list[tuple[Message, tuple[str, ...]]]:
    """Reminders due together: one message per ``FOLD_MAX``, a section and buttons each."""
    out: list[tuple[Message, tuple[str, ...]]] = []
    for first in range(0, len(ready), FOLD_MAX):
        chunk = ready[first : first + FOLD_MAX]
        head = "While I was away, a few things came due:" if late else "A few reminders at once:"
        sections: list[str] = [head]
        buttons: list[Button] = []
        for nudge, contact in chunk:
            kind = kinds.kind_of(nudge.kind)
            if kind is None:
                continue
            text, acts = kind.text(ctx, nudge, contact, now)
            sections.append(f"■ {_heading(nudge, contact)}\n{text}")
            buttons.extend(_item_buttons(ctx, nudge, contact, now, acts))
        buttons.append(run("Your next step", "next"))
        ids = tuple(n.id for n, _ in chunk)
        out.append((Message("\n\n".join(sections), buttons=tuple(buttons)), ids))
    return out
