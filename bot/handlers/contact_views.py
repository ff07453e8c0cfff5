"""Looking at the pipeline: ``contacts [STAGE]`` and ``show NAME``."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.commands import CommandSpec, Feature, Param
from bot.contact_fields import describe
from bot.context import Ctx
from bot.handlers.common import resolve
from bot.models import STAGES, Contact, Interview
from bot.nudge_kinds import family_of
from bot.parsing import choose, ref
from bot.pipeline import most_urgent, next_step, short_date, short_day, stage_label
from bot.replies import Button, Message, Outbound, Reply, run, say
from bot.report import DECISIONS, QUESTION_LABELS

PAGE = re.compile(r"^(?P<rest>.*?)\s*\bpage\s+(?P<n>\d+)\s*$", re.IGNORECASE)


def _by_stage(contacts: list[Contact]) -> list[tuple[str, list[Contact]]]:
    return [(s, [c for c in contacts if c.stage == s]) for s in STAGES]


def contacts(ctx: Ctx, text: str) -> list[Outbound]:
    page = 1
    match = PAGE.match(text.strip())
    if match:
        text, page = match.group("rest"), max(1, int(match.group("n")))
    stage = ""
    if text.strip():
        stage = choose("stage", text, STAGES, "/leap contacts asked")
    everyone = ctx.store.contacts(ctx.user)
    if not everyone:
        return [
            say(
                "Your list is empty. Start with people you already know — relatives, friends, "
                "classmates, former colleagues: they are the easiest to ask.",
                run("Add a contact", "add", style="primary"),
            )
        ]
    chosen = [c for c in everyone if not stage or c.stage == stage]
    if not chosen:
        return [
            say(
                f"No contacts are {stage_label(stage)} right now.",
                run("Show all contacts", "contacts"),
            )
        ]
    now, tz, size = ctx.now(), ctx.tz, ctx.config.page_size
    ordered = [c for _s, group in _by_stage(chosen) for c in group]
    pages = (len(ordered) + size - 1) // size
    page = min(page, pages)
    shown = ordered[(page - 1) * size : page * size]
    lines: list[str] = []
    current = ""
    for contact in shown:
        if contact.stage != current:
            current = contact.stage
            count = sum(1 for c in chosen if c.stage == current)
            lines.append(f"{stage_label(current).capitalize()} ({count})")
        lines.append(f"• {contact.label} — next: {next_step(contact, now, tz).text}")
    buttons: list[Button] = [most_urgent(shown, now, tz)[1].button]
    if page < pages:
        more = f"contacts {stage} page {page + 1}".replace("  ", " ")
        buttons.append(run(f"More ({page + 1}/{pages})", more))
    buttons.append(run("Add a contact", "add"))
    title = f"Your contacts — {stage_label(stage)}" if stage else "Your contacts"
    if pages > 1:
        title += f" (page {page} of {pages})"
    return [Reply(Message("\n".join(lines), title=title, buttons=tuple(buttons)))]


def _timeline(ctx: Ctx, contact: Contact, interviews: list[Interview]) -> list[str]:
    tz, now = ctx.tz, ctx.now()
    events: list[tuple[datetime, str]] = [(contact.created_at, "added")]
    if contact.asked_at:
        events.append((contact.asked_at, "asked"))
    for nudge in ctx.store.nudges(ctx.user):
        if (
            nudge.contact_id == contact.id
            and family_of(nudge.kind) == "follow-ups"
            and nudge.sent_at
        ):
            events.append((nudge.sent_at, "follow-up reminder"))
    if contact.replied_at:
        events.append(
            (contact.replied_at, "declined" if contact.stage == "declined" else "said yes")
        )
    if contact.meeting_at:
        past = contact.meeting_at <= now
        events.append((contact.meeting_at, "met" if past else "meeting planned"))
    events += [(i.held_at, "debriefed") for i in interviews if i.held_at != contact.meeting_at]
    if contact.thanked_at:
        events.append((contact.thanked_at, "thanked"))
    events.sort(key=lambda e: e[0])
    return ["Timeline: " + " → ".join(f"{what} {short_day(at, tz)}" for at, what in events)]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _debrief_lines(interview: Interview, tz: ZoneInfo) -> list[str]:
    lines = [f"Debrief of {short_day(interview.held_at, tz)}:"]
    if interview.learned:
        lines.append(f"  Learned: {interview.learned}")
    for key, _question in DECISIONS:
        if key in interview.scores:
            words = interview.answers.get(key, "")
            lines.append(
                f"  {_upper_first(QUESTION_LABELS[key])}: {interview.scores[key]}/5"
                + (f" — {words}" if words else "")
            )
    if interview.thanks_for:
        lines.append(f"  To thank them for: {interview.thanks_for}")
    return lines


def show(ctx: Ctx, text: str) -> list[Outbound]:
    contact = resolve(ctx, text, lambda r: f"show {r}", "/leap show Maria")
    now, tz = ctx.now(), ctx.tz
    lines = [f"Stage: {stage_label(contact.stage)}"]
    details = describe(contact)
    if details:
        lines.append(details)
    interviews = sorted(
        (i for i in ctx.store.interviews(ctx.user) if i.contact_id == contact.id),
        key=lambda i: i.held_at,
    )
    lines += _timeline(ctx, contact, interviews)
    if contact.meeting_at and contact.stage == "scheduled":  # held ones are in the timeline
        lines.append(
            f"Meeting: {short_date(contact.meeting_at, tz)} ({contact.meeting_minutes}"
            f" min{', ' + contact.medium if contact.medium else ''})"
        )
    for interview in interviews[-2:]:
        lines += _debrief_lines(interview, tz)
    everyone = ctx.store.contacts(ctx.user)
    referrer = next((c for c in everyone if c.id == contact.referred_by), None)
    if referrer is not None:
        lines.append(f"Referred by: {referrer.name} ({stage_label(referrer.stage)})")
    referred = [c for c in everyone if c.referred_by == contact.id]
    if referred:
        lines.append(
            "Suggested you talk to: "
            + ", ".join(f"{c.name} ({stage_label(c.stage)})" for c in referred)
        )
    lines.extend(f"Note: {note}" for note in contact.notes[-5:])
    step = next_step(contact, now, tz)
    lines.append(f"Next: {step.text}.")
    return [
        Reply(
            Message(
                "\n".join(lines),
                title=contact.label,
                buttons=(
                    step.button,
                    run("Edit", f"edit {ref(contact)}"),
                    run("Remove", f"remove {ref(contact)}"),
                ),
            )
        )
    ]


STAGE_CHOICES = tuple(s.replace("-", " ") for s in STAGES)

FEATURE = Feature(
    commands=(
        CommandSpec(
            "contacts",
            "/leap contacts [STAGE]",
            "your pipeline by stage, each with its next step",
            contacts,
            examples=("/leap contacts", "/leap contacts asked"),
            details="Stages: " + ", ".join(STAGE_CHOICES) + ".",
            params=(Param("stage", "only this stage", "choice", STAGE_CHOICES),),
            pages=True,
            section="contact",
            short="list",
        ),
        CommandSpec(
            "show",
            "/leap show NAME",
            "everything about one contact",
            show,
            examples=("/leap show Maria",),
            params=(Param("name", "the contact", "contact", required=True),),
            pages=True,
            section="contact",
        ),
    ),
)
