"""``intro FIELD [at ORG]``: ask the group who knows someone; offers arrive privately."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta

from bot import groups
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.models import Contact, Intro, Nudge, NudgeNote
from bot.parsing import check_name, check_value, ref
from bot.replies import (
    Button,
    DirectMessage,
    Form,
    FormField,
    Message,
    OpenForm,
    Outbound,
    Reply,
    Update,
    run,
    say,
)
from bot.wording import cut

EXPIRES = timedelta(days=14)
STALL = timedelta(days=5)


def intro(ctx: Ctx, text: str) -> list[Outbound]:
    if not ctx.where.channel or ctx.where.is_dm:
        raise Problem(
            "Ask for introductions in your group's channel: /leap intro UX research at Acme"
        )
    key = groups.key_for(ctx.actor.platform, ctx.actor.workspace, ctx.where.channel)
    group = ctx.store.group(key)
    if group is None or not group.active or ctx.actor.user not in group.members:
        raise Problem("Join this channel's Leap group first (/leap group join), then ask.")
    field, sep, org = text.strip().partition(" at ")
    field = check_value("field", field)
    if not field:
        raise Problem("Which field? For example: /leap intro UX research at Acme")
    now = ctx.now()
    request = Intro(
        ctx.ids.new("r"),
        ctx.actor.user,
        field,
        now,
        now + EXPIRES,
        org=check_value("org", org) if sep else "",
    )
    ctx.store.save_intro(key, request)
    where = f" at {request.org}" if request.org else ""
    asker = ctx.actor.display_name or "A member"
    return [
        Reply(
            Message(
                f"{asker} is exploring {field}{where}: who knows someone they could talk to for 20 "
                "minutes of advice? (Open for two weeks.)",
                buttons=(
                    Button("I can introduce someone", "intro-offer", f"{group.id}|{request.id}"),
                ),
            ),
            public=True,
        )
    ]


def _lookup(ctx: Ctx, value: str) -> tuple[Intro, str]:
    """The request a button or form names (``CHANNEL|REQUEST[|OFFER]``), in any state."""
    channel, _, intro_id = value.partition("|")
    key = groups.key_for(ctx.actor.platform, ctx.actor.workspace, channel)
    found = next((i for i in ctx.store.intros(key) if i.id == intro_id.split("|")[0]), None)
    if found is None:
        raise Problem("That request is gone.")
    return found, channel


def _still_open(ctx: Ctx, request: Intro, channel: str) -> Intro:
    if request.state == "open" and request.expires_at <= ctx.now():
        request = replace(request, state="expired")
        key = groups.key_for(ctx.actor.platform, ctx.actor.workspace, channel)
        ctx.store.save_intro(key, request)
    if request.state != "open":
        raise Problem(f"That request is {request.state}; thank you all the same.")
    return request


def _find(ctx: Ctx, value: str) -> tuple[Intro, str]:
    request, channel = _lookup(ctx, value)
    return _still_open(ctx, request, channel), channel


def _offer(ctx: Ctx, value: str) -> list[Outbound]:
    request, channel = _lookup(ctx, value)
    if request.asker == ctx.actor.user:  # whatever its state: it is still theirs
        raise Problem("That is your own request — your group will answer it.")
    request = _still_open(ctx, request, channel)
    return [
        OpenForm(
            Form(
                "intro-offer",
                cut(f"Introduce someone ({request.field})", 24),
                (
                    FormField("name", "Their name", required=True),
                    FormField("org", "Organisation", initial=request.org),
                    FormField("note", "A line about them", "long"),
                ),
                submit_label="Offer",
                context=f"{channel}|{request.id}",
            )
        )
    ]


def _offered(ctx: Ctx, values: Mapping[str, str], context: str) -> list[Outbound]:
    request, channel = _find(ctx, context)
    name = check_name(values.get("name", ""), "Priya Shah")
    org, note = (
        check_value("org", values.get("org", "")),
        check_value("note", values.get("note", "")),
    )
    by_name = ctx.actor.display_name or ctx.actor.user
    offer = {
        "id": ctx.ids.new("o"),
        "by": ctx.actor.user,
        "by_name": by_name,
        "name": name,
        "org": org,
        "note": note,
    }
    key = groups.key_for(ctx.actor.platform, ctx.actor.workspace, channel)
    ctx.store.save_intro(key, replace(request, offers=(*request.offers, offer)))
    index = offer["id"]
    asker = groups.member_key(key, request.asker)
    about = f" ({org})" if org else ""
    line = f" — “{note}”" if note else ""
    return [
        say(f"Thanks — your offer to introduce {name} went privately to the asker."),
        DirectMessage(
            asker,
            Message(
                f"{by_name} can introduce you to {name}{about} for your question about "
                f"{request.field}{line}.",
                buttons=(
                    Button("Yes, please", "intro-accept", f"{channel}|{request.id}|{index}"),
                    Button("No thanks", "intro-decline", f"{channel}|{request.id}|{index}"),
                ),
            ),
        ),
    ]


def _accept(ctx: Ctx, value: str) -> list[Outbound]:
    request, channel = _lookup(ctx, value)
    if request.asker != ctx.actor.user:
        raise Problem("Only the person who asked can accept an introduction.")
    request = _still_open(ctx, request, channel)
    offer_id = value.rsplit("|", 1)[1]
    offer = next((o for o in request.offers if o.get("id") == offer_id), None)
    if offer is None:
        raise Problem("That offer was withdrawn; the request stays open for others.")
    now = ctx.now()
    key = groups.key_for(ctx.actor.platform, ctx.actor.workspace, channel)
    contact = Contact(
        ctx.ids.new("c"),
        offer["name"],
        now,
        org=offer.get("org", ""),
        field=request.field,
        via=offer["by_name"],
        notes=(f"Introduced by {offer['by_name']} through #{channel}",),
    )
    ctx.store.save_contact(ctx.user, contact)
    ctx.store.save_intro(key, replace(request, state="accepted"))
    ctx.store.save_nudge(
        ctx.user,
        Nudge(
            f"n_{contact.id}_intro-stall", "intro-stall", now + STALL, now, contact_id=contact.id
        ),
    )
    helper = groups.member_key(key, offer["by"])
    ctx.store.save_nudge(
        helper,
        Nudge(
            f"n_{request.id}_intro-remind",
            "intro-remind",
            now + STALL,
            now,
            note=NudgeNote(asker=ctx.actor.display_name or "a member", person=offer["name"]),
        ),
    )
    return [
        Update(
            Message(
                f"Accepted: {contact.label} is in your list, introduced by {offer['by_name']}.",
                buttons=(run(f"Ask {contact.first_name}", f"ask {ref(contact)}"),),
            )
        ),
        DirectMessage(
            helper,
            Message(
                f"{ctx.actor.display_name or 'The asker'} accepted your offer: please introduce "
                f"them to {offer['name']} (an email or message to both is perfect)."
            ),
        ),
    ]


def _decline(ctx: Ctx, value: str) -> list[Outbound]:
    return [Update(Message("Declined. The request stays open for other offers."))]


FEATURE = Feature(
    commands=(
        CommandSpec(
            "intro",
            "/leap intro FIELD [at ORG]",
            "ask your group who knows someone in a field",
            intro,
            group=True,
            examples=("/leap intro UX research", "/leap intro nursing at City Hospital"),
            params=(Param("field", "the field (and “at ORG”)", "rest", required=True),),
        ),
    ),
    actions={"intro-offer": _offer, "intro-accept": _accept, "intro-decline": _decline},
    forms={"intro-offer": _offered},
)
