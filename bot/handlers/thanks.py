"""``thanks NAME [sent]``: a same-day thank-you in the right form, then mark it sent."""

from __future__ import annotations

from bot import nudges
from bot.coach import drafts
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx
from bot.handlers.common import resolve
from bot.handlers.debrief import has_met, not_met_yet
from bot.models import Contact, Interview
from bot.parsing import ref
from bot.replies import Message, Outbound, Reply, run, say


def _latest_interview(ctx: Ctx, contact: Contact) -> Interview | None:
    found = [i for i in ctx.store.interviews(ctx.user) if i.contact_id == contact.id]
    return max(found, key=lambda i: i.held_at) if found else None


def _declined(ctx: Ctx, contact: Contact, sent: bool) -> list[Outbound]:
    """They said no: a two-line thank-you for answering, and no meeting to record."""
    if sent:
        return [
            say(
                f"Noted. {contact.first_name} stays in your list as declined; ask someone "
                "else in the same field.",
                run("Add someone", "add"),
                run("Your next step", "next"),
            )
        ]
    me = ctx.profile.display_name or ctx.actor.display_name or "[your name]"
    draft = (
        f"Hi {contact.first_name},\n\nThank you for getting back to me — I understand, and I "
        f"appreciate the reply. All the best,\n{me}"
    )
    return [
        Reply(
            Message(
                f"{contact.first_name} declined, so this thanks them for answering.\n\n{draft}",
                title=f"Thank-you to {contact.name}",
                buttons=(run("Add someone else", "add"), run("Your next step", "next")),
            )
        )
    ]


def thanks(ctx: Ctx, text: str) -> list[Outbound]:
    words = text.split()
    sent = len(words) > 1 and words[-1].lower() == "sent"
    name = " ".join(words[:-1]) if sent else text
    contact = resolve(
        ctx, name, lambda r: f"thanks {r}" + (" sent" if sent else ""), "/leap thanks Maria"
    )
    r = ref(contact)
    if contact.stage == "declined":
        return _declined(ctx, contact, sent)
    if not has_met(contact, ctx.now()):
        return not_met_yet(ctx, contact, "thanks")
    if sent:
        updated = contact.with_changes(ctx.now(), stage="thanked", thanked_at=ctx.now())
        nudges.save_and_replan(ctx, updated)
        leads = [
            c
            for c in ctx.store.contacts(ctx.user)
            if c.referred_by == contact.id and c.stage == "to-ask"
        ]
        onward = (
            (
                f" {contact.first_name} suggested {len(leads)} "
                f"{'person' if len(leads) == 1 else 'people'} — ask them next."
            )
            if leads
            else ""
        )
        button = (
            run(f"Ask {leads[0].first_name}", f"ask {ref(leads[0])}", style="primary")
            if leads
            else run("Your next step", "next")
        )
        return [
            say(
                f"Thank-you to {contact.first_name} marked sent.{onward}",
                button,
                run("Your report", "report"),
            )
        ]
    interview = _latest_interview(ctx, contact)
    referrals = [c.name for c in ctx.store.contacts(ctx.user) if c.referred_by == contact.id]
    me = ctx.profile.display_name or ctx.actor.display_name
    talked = drafts.when_we_talked(contact.meeting_at, ctx.now(), ctx.tz)
    draft = drafts.thanks(contact, interview, referrals, me=me, talked=talked)
    how = (
        "A handwritten card suits someone this senior or traditional: copy this onto a "
        "card and post it today."
        if draft.handwritten
        else "Send it today, the way you usually write to them (email or message)."
    )
    return [
        Reply(
            Message(
                f"{how}\n\n{draft.text}",
                title=f"Thank-you to {contact.name}",
                buttons=(
                    run("Mark as sent", f"thanks {r} sent", style="primary"),
                    run("Show", f"show {r}"),
                ),
            )
        )
    ]


FEATURE = Feature(
    commands=(
        CommandSpec(
            "thanks",
            "/leap thanks NAME [sent]",
            "draft the thank-you; mark it sent",
            thanks,
            examples=("/leap thanks Maria", "/leap thanks Maria sent"),
            params=(
                Param("name", "the contact", "contact", required=True),
                Param("sent", "sent, once you sent it", "choice", ("sent",)),
            ),
            section="interview",
        ),
    )
)
