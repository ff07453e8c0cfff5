"""The user's data in their own hands: ``export`` (JSON and CSV) and ``forget me``."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from bot import groups
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.csv_export import contacts_csv
from bot.models import Group, Intro, NudgeNote, NudgeState, UserKey
from bot.replies import Button, File, Message, Outbound, Reply, Update, run
from bot.wording import plural


def export_data(ctx: Ctx) -> dict[str, Any]:
    """Everything Leap keeps about this user, as plain JSON-ready data."""
    user, store = ctx.user, ctx.store
    conversation = store.conversation(user)
    return {
        "user": {"platform": user.platform, "workspace": user.workspace, "user": user.user},
        "exported_at": ctx.now().isoformat(),
        "profile": ctx.profile.to_dict(),
        "contacts": [c.to_dict() for c in store.contacts(user)],
        "interviews": [i.to_dict() for i in store.interviews(user)],
        "nudges": [n.to_dict() for n in store.nudges(user)],
        "conversation": conversation.to_dict() if conversation else None,
        "groups": [g.id for _k, g in _my_groups(ctx)],
    }


def _my_groups(ctx: Ctx) -> list[tuple[Any, Any]]:
    found = []
    for key in ctx.store.users():
        if groups.is_group_key(key) and (key.platform, key.workspace) == (
            ctx.user.platform,
            ctx.user.workspace,
        ):
            group = ctx.store.group(key)
            if group is not None and ctx.user.user in group.members:
                found.append((key, group))
    return found


def export(ctx: Ctx, _text: str) -> list[Outbound]:
    data = export_data(ctx)
    table = contacts_csv(ctx.store.contacts(ctx.user), ctx.store.interviews(ctx.user))
    files = (
        File(
            "leap-export.json",
            json.dumps(data, indent=2, ensure_ascii=False).encode(),
            "application/json",
        ),
        File("leap-contacts.csv", table.encode(), "text/csv"),
    )
    return [
        Reply(
            Message(
                f"Your data: {plural(len(data['contacts']), 'contact')}, "
                f"{plural(len(data['interviews']), 'interview')}, "
                f"{plural(len(data['nudges']), 'reminder')} — all of it, as JSON, and your "
                "contacts with what their debriefs said as CSV.",
                files=files,
            )
        )
    ]


def forget(ctx: Ctx, text: str) -> list[Outbound]:
    if text.strip().lower() != "me":
        raise Problem(
            "To delete everything Leap keeps about you: /leap forget me (it asks before deleting)."
        )
    return [
        Reply(
            Message(
                "Delete all your contacts, notes, interviews, reminders and group memberships? "
                "This cannot be undone. (/leap export first if you want a copy.)",
                buttons=(
                    Button("Yes, delete everything", "forget-confirm", "me", "danger"),
                    Button("Keep my data", "forget-cancel", "me"),
                ),
            )
        )
    ]


def _forget_in_groups(ctx: Ctx) -> int:
    """Leave every group of the workspace and take every trace of the user out of it: the
    pair history, "started by", their introduction requests (and the reminder their
    helper got for one), and the offers they made."""
    me, left = ctx.user.user, 0
    for key in list(ctx.store.users()):
        if not groups.is_group_key(key) or (key.platform, key.workspace) != (
            ctx.user.platform,
            ctx.user.workspace,
        ):
            continue
        group = ctx.store.group(key)
        if group is not None:
            left += me in group.members
            _drop_pair_plans_naming(ctx, key, group)
            cleaned = group.forgetting(me)
            if cleaned != group:
                ctx.store.save_group(key, cleaned)
        for request in ctx.store.intros(key):
            if request.asker == me:
                _drop_helper_reminders(ctx, key, request)
                ctx.store.delete_intro(key, request.id)
                continue
            offers = tuple(o for o in request.offers if o.get("by") != me)
            if offers != request.offers:
                ctx.store.save_intro(key, replace(request, offers=offers))
    return left


def _drop_pair_plans_naming(ctx: Ctx, key: UserKey, group: Group) -> None:
    """Practice plans kept as the other members' reminders name their partner: blank those
    that name the user (and cancel the ones not sent yet)."""
    me = ctx.user.user
    mine = group.members.get(me)
    names = {me, *([mine.name] if mine is not None and mine.name else [])}
    for other in group.members:
        if other == me:
            continue
        member = groups.member_key(key, other)
        for nudge in ctx.store.nudges(member):
            if nudge.kind != "pair-plan" or nudge.note.channel != group.id:
                continue
            if not any(name in nudge.note.text for name in names):
                continue
            waiting = nudge.state in (NudgeState.PLANNED, NudgeState.CLAIMED)
            state = NudgeState.CANCELLED if waiting else nudge.state
            ctx.store.save_nudge(member, replace(nudge, state=state, note=NudgeNote()))


def _drop_helper_reminders(ctx: Ctx, key: UserKey, request: Intro) -> None:
    """The helper's "did you introduce them?" reminder names the asker: cancel and blank it."""
    for offer in request.offers:
        helper = groups.member_key(key, offer.get("by", ""))
        for nudge in ctx.store.nudges(helper):
            if nudge.id == f"n_{request.id}_intro-remind":
                ctx.store.save_nudge(
                    helper, replace(nudge, state=NudgeState.CANCELLED, note=NudgeNote())
                )


def _confirm(ctx: Ctx, _value: str) -> list[Outbound]:
    left = _forget_in_groups(ctx)
    counts = ctx.store.forget(ctx.user)
    shown = (
        ", ".join(
            plural(n, kind.removesuffix("s").replace("nudge", "reminder"))
            for kind, n in sorted(counts.items())
            if n
        )
        or "nothing"
    )
    groups_left = f"; you left {left} group{'s' if left != 1 else ''}" if left else ""
    return [
        Update(
            Message(
                f"Deleted: {shown}{groups_left}. Leap keeps nothing more about "
                "you; using it again starts afresh."
            )
        )
    ]


def _cancel(ctx: Ctx, _value: str) -> list[Outbound]:
    return [Update(Message("Nothing was deleted.", buttons=(run("Your next step", "next"),)))]


FEATURE = Feature(
    commands=(
        CommandSpec(
            "export",
            "/leap export",
            "all your data as a JSON file, contacts as CSV",
            export,
            section="data",
        ),
        CommandSpec(
            "forget",
            "/leap forget me",
            "delete everything Leap keeps about you (asks first)",
            forget,
            params=(Param("who", "me", "choice", ("me",), required=True),),
            section="data",
        ),
    ),
    actions={"forget-confirm": _confirm, "forget-cancel": _cancel},
)
