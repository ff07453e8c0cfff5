"""Agreeing a time and preparing: ``schedule`` (with a calendar file) and ``prep``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot import nudges
from bot.calendar import meeting_ics
from bot.coach.meetings import (
    ASK_ABOVE_MINUTES,
    GUIDE_MINUTES,
    MEDIA,
    medium_phrase,
    venue_advice,
)
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.handlers.common import contact_by_id, resolve
from bot.parsing import choose, find_contacts, ref, split_clauses
from bot.replies import (
    File,
    Form,
    FormErrors,
    FormField,
    Message,
    OpenForm,
    Option,
    Outbound,
    Reply,
    run,
)
from bot.timeparse import WHEN_EXAMPLES, TimeParseError, format_date, format_local, parse_when
from bot.wording import cut

SCHEDULE_USAGE = (
    "/leap schedule NAME WHEN [; by phone|video|in person|coffee|lunch|email] [; minutes N]"
)
SCHEDULE_EXAMPLE = "/leap schedule Maria tomorrow 3pm; by video"


def _split_name_when(ctx: Ctx, head: str) -> tuple[str, str]:
    """``"Maria Lopez next Tue at 10"``: the longest start that names one contact."""
    words = head.split()
    contacts = ctx.store.contacts(ctx.user)
    for end in range(len(words) - 1, 0, -1):
        name = " ".join(words[:end])
        if len(find_contacts(contacts, name)) >= 1:
            return name, " ".join(words[end:])
    return (words[0], " ".join(words[1:])) if words else ("", "")


def schedule(ctx: Ctx, text: str) -> list[Outbound]:
    head, clauses = split_clauses(text)
    name, when = _split_name_when(ctx, head)
    contact = resolve(
        ctx,
        name,
        lambda r: f"schedule {r} {when}" + "".join(f"; {k} {v}" for k, v in clauses),
        SCHEDULE_EXAMPLE,
    )
    if not when:
        raise Problem(
            f"When is it? For example: {SCHEDULE_EXAMPLE}. Other ways to say it: "
            + ", ".join(WHEN_EXAMPLES)
        )
    medium, minutes = contact.medium or "", contact.meeting_minutes or GUIDE_MINUTES
    confirmed = False
    for key, value in clauses:
        if key == "by":
            medium = value
        elif key in ("minutes", "min"):
            minutes = _minutes(value)
        elif key == CONFIRMED and not value:
            confirmed = True
        else:
            raise Problem(f"I don't know the clause “{key}”. Usage: {SCHEDULE_USAGE}")
    return _schedule(ctx, contact.id, when, medium, minutes, confirmed=confirmed)


CONFIRMED = "ok"  # "; ok": the user already confirmed what Leap asked (night, length, year)


def _minutes(value: str) -> int:
    if not value.strip().isdigit() or not 5 <= int(value) <= 180:
        raise Problem("Give the length in minutes, 5 to 180: ; minutes 20")
    return int(value)


def _clause(medium: str, minutes: int) -> str:
    return (f"; by {medium}" if medium else "") + f"; minutes {minutes}"


def _time_problem(err: TimeParseError) -> str:
    """The parser's message, with examples unless it already gives them."""
    text = str(err)
    if any(example in text for example in err.examples):
        return text
    return f"{text} For example: " + ", ".join(err.examples)


def _schedule(
    ctx: Ctx,
    contact_id: str,
    when: str,
    medium: str,
    minutes: int,
    *,
    confirmed: bool = False,
) -> list[Outbound]:
    """Parse ``when`` in the user's zone; book it, or ask first when unsure (which date,
    a night hour, a vague phrase, a meeting longer than the guide's 20 minutes)."""
    if medium:
        medium = choose("medium", medium, MEDIA, SCHEDULE_EXAMPLE)
    try:
        parsed = parse_when(when, ctx.now(), ctx.tz)
    except TimeParseError as err:
        raise Problem(_time_problem(err)) from err
    clause = _clause(medium, minutes)
    if parsed.unsure and not confirmed:
        buttons = tuple(
            run(
                _label(o, ctx),
                f"schedule id:{contact_id} {_iso_local(o, ctx)}{clause}; {CONFIRMED}",
            )
            for o in parsed.options[:5]
        )
        question = parsed.ask or f"“{when}” could mean more than one date. Which one?"
        return [Reply(Message(question, buttons=buttons))]
    if minutes > ASK_ABOVE_MINUTES and not confirmed:
        contact = contact_by_id(ctx, contact_id)
        at = _iso_local(parsed.at, ctx)
        return [
            Reply(
                Message(
                    f"{minutes} minutes is long for an informational interview: the guide "
                    f"keeps them to about {GUIDE_MINUTES}, and asking for less makes a yes "
                    f"easier. Book {minutes} minutes with {contact.first_name} anyway?",
                    buttons=(
                        run(
                            f"Book {GUIDE_MINUTES} minutes",
                            f"schedule id:{contact_id} {at}{_clause(medium, GUIDE_MINUTES)}; "
                            + CONFIRMED,
                            style="primary",
                        ),
                        run(
                            f"Book {minutes} minutes",
                            f"schedule id:{contact_id} {at}{clause}; {CONFIRMED}",
                        ),
                    ),
                )
            )
        ]
    return _booked(ctx, contact_id, parsed.at, medium, minutes, parsed.echo)


def schedule_form(ctx: Ctx, contact_id: str) -> list[Outbound]:
    contact = contact_by_id(ctx, contact_id)
    return [
        OpenForm(
            Form(
                "schedule",
                cut(f"Schedule {contact.first_name}", 24),
                (
                    FormField("when", "When", required=True, hint="tomorrow 3pm, next Tue at 10"),
                    FormField(
                        "medium",
                        "How",
                        "choice",
                        choices=tuple(Option(m, m) for m in MEDIA),
                        initial=contact.medium,
                    ),
                    FormField("minutes", "Minutes", initial=str(contact.meeting_minutes or 20)),
                ),
                submit_label="Book",
                context=contact.id,
            )
        )
    ]


def _schedule_submitted(ctx: Ctx, values: Mapping[str, str], context: str) -> list[Outbound]:
    errors: dict[str, str] = {}
    minutes = GUIDE_MINUTES
    try:
        minutes = _minutes(values.get("minutes", "") or str(GUIDE_MINUTES))
    except Problem as problem:
        errors["minutes"] = problem.text
    try:
        if not errors:
            medium = values.get("medium", "")
            return _schedule(ctx, context, values.get("when", ""), medium, minutes)
    except Problem as problem:
        errors["medium" if "medium" in problem.text else "when"] = problem.text
    return [FormErrors(errors)]


def _label(at: datetime, ctx: Ctx) -> str:
    """A button's short name for a time: "Thu 10 Dec 2026, 11:00" (the zone is in the text)."""
    local = at.astimezone(ctx.tz)
    return f"{format_date(local.date())}, {local:%H:%M}"


def _iso_local(at: datetime, ctx: Ctx) -> str:
    return at.astimezone(ctx.tz).strftime("%Y-%m-%d %H:%M")


def _booked(
    ctx: Ctx, contact_id: str, at: datetime, medium: str, minutes: int, echo: str = ""
) -> list[Outbound]:
    contact = contact_by_id(ctx, contact_id)
    moved = contact.meeting_at is not None and contact.stage == "scheduled"
    updated = contact.with_changes(
        ctx.now(), stage="scheduled", meeting_at=at, meeting_minutes=minutes, medium=medium
    )
    nudges.save_and_replan(ctx, updated)
    lines = [
        f"{'Moved' if moved else 'Booked'}: {contact.name}, "
        f"{format_local(at, ctx.tz)}, {minutes} minutes"
        + (f", {medium_phrase(medium)}" if medium else "")
        + "."
    ]
    if echo:
        lines.append(f"Read as {echo}.")
    if venue_advice(medium):
        lines.append(venue_advice(medium))
    if medium == "email":
        lines.append(
            "Email is the last resort: it hides tone and enthusiasm. If you can, "
            "offer a short call or video chat instead."
        )
    lines.append("The calendar file is attached. Next: prepare your questions.")
    ics = meeting_ics(updated, at, minutes, ctx.now(), uid=f"{updated.id}@leap")
    r = ref(contact)
    return [
        Reply(
            Message(
                "\n".join(lines),
                files=(File("meeting.ics", ics, "text/calendar"),),
                buttons=(
                    run(f"Prepare for {contact.first_name}", f"prep {r}", style="primary"),
                    run("Your contacts", "contacts"),
                ),
            )
        )
    ]


FEATURE = Feature(
    commands=(
        CommandSpec(
            "schedule",
            SCHEDULE_USAGE,
            "agree a time; echoes it and attaches a calendar file",
            schedule,
            examples=(
                SCHEDULE_EXAMPLE,
                "/leap schedule Sam next Tue at 10; by phone",
                "/leap schedule Ana Dec 3 9:30am; by in person; minutes 30",
            ),
            details="Times are read in your time zone (/leap settings tz). Rescheduling "
            "replaces the old time.",
            params=(
                Param("name", "the contact", "contact", required=True),
                Param("when", "e.g. tomorrow 3pm, next Tue at 10", required=True),
                Param(
                    "medium",
                    "phone, video, in person, coffee, lunch or email",
                    "choice",
                    MEDIA,
                    sep="; by ",
                ),
            ),
            section="interview",
        ),
    ),
    actions={"schedule-form": schedule_form},
    forms={"schedule": _schedule_submitted},
)
