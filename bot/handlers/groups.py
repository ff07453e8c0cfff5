"""``group start|join|leave|digest now|settings|pairs``: a channel becomes a career group."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot import groups
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.models import Group, UserKey
from bot.parsing import choose
from bot.replies import Button, Message, Outbound, Reply, run, say

USAGE = (
    "/leap group start | join [named] | leave | digest now | pairs on [weekly|biweekly] | "
    "pairs off | settings [digest DAY HH:MM | stop]"
)


def _key(ctx: Ctx) -> UserKey:
    if not ctx.where.channel or ctx.where.is_dm:
        raise Problem(
            "Group commands work in a channel: run them there, e.g. "
            "/leap group start in #career-switchers."
        )
    return groups.key_for(ctx.actor.platform, ctx.actor.workspace, ctx.where.channel)


def _group(ctx: Ctx) -> tuple[UserKey, Group]:
    key = _key(ctx)
    group = ctx.store.group(key)
    if group is None or not group.active:
        raise Problem(
            "This channel is not a Leap group yet. Someone who manages it can run "
            "/leap group start."
        )
    return key, group


def _public(text: str, *buttons: Button) -> Reply:
    return Reply(Message(text, buttons=buttons), public=True)


def _may_manage(ctx: Ctx, group: Group) -> bool:
    return ctx.actor.is_admin or group.started_by == ctx.actor.user


def group_command(ctx: Ctx, text: str) -> list[Outbound]:
    word, _, rest = text.strip().partition(" ")
    word, rest = word.lower(), rest.strip()
    handlers = {
        "start": _start,
        "join": _join,
        "leave": _leave,
        "digest": _digest,
        "settings": _settings,
        "pairs": _pairs,
    }
    if word not in handlers:
        raise Problem(f"Usage: {USAGE}")
    return handlers[word](ctx, rest)


def _start(ctx: Ctx, _rest: str) -> list[Outbound]:
    key = _key(ctx)
    if not (ctx.actor.can_manage_channel or ctx.actor.is_admin):
        raise Problem(
            "Only someone who manages this channel or the workspace can make it a "
            "Leap group. Ask them to run /leap group start."
        )
    if not ctx.where.bot_can_post:
        raise Problem(
            "I am not a member of this private channel, so its weekly digest could not be "
            "posted here. Type /invite @Leap in this channel, then /leap group start again."
        )
    existing = ctx.store.group(key)
    now = ctx.now()
    if existing is not None and existing.active:
        return [say("This channel is already a Leap group.", run("Join it", "group join"))]
    group = Group(
        key.user[1:],
        ctx.where.channel_name or ctx.where.channel,
        ctx.actor.user,
        now,
        tz=ctx.profile.tz,
    )
    ctx.store.save_group(key, group)
    groups.plan(ctx.store, key, group, now)
    return [
        _public(
            f"#{group.channel_name} is now a Leap group for informational interviews. Members "
            "who join share progress counts in a weekly digest (never contacts or notes), can "
            "ask the group for introductions, and can pair up to practise.",
            run("Join", "group join", style="primary"),
            run("Join with my name shown", "group join named"),
        )
    ]


def _join(ctx: Ctx, rest: str) -> list[Outbound]:
    key, group = _group(ctx)
    named = rest.lower() == "named"
    if rest and not named:
        raise Problem(
            "Say /leap group join, or /leap group join named to allow your name in "
            "the digest's shout-outs."
        )
    name = ctx.actor.display_name or ctx.actor.user
    ctx.store.save_group(key, group.joined(ctx.actor.user, name, named))
    shown = "with your name in shout-outs" if named else "as counts only (no name)"
    return [
        say(
            f"You joined #{group.channel_name}, {shown}. Nothing else of yours is shared. "
            "Leave any time: /leap group leave",
            run("Ask for an introduction", "help intro"),
        )
    ]


def _leave(ctx: Ctx, _rest: str) -> list[Outbound]:
    key, group = _group(ctx)
    if ctx.actor.user not in group.members:
        return [say("You are not a member of this group; nothing of yours is shared here.")]
    ctx.store.save_group(key, group.left(ctx.actor.user))
    return [
        say(
            f"You left #{group.channel_name}. The next digest will not count you.",
            run("Join again", "group join"),
        )
    ]


def _digest(ctx: Ctx, rest: str) -> list[Outbound]:
    key, group = _group(ctx)
    if rest.lower() != "now":
        raise Problem("To preview the digest: /leap group digest now")
    stats = groups.week_stats(ctx.store, key, group, ctx.now())
    when = (
        f"Posted {groups.DAYS[group.digest_day].capitalize()}s at {group.digest_time} ({group.tz})."
    )
    return [
        Reply(
            Message(
                groups.digest_text(stats, group.channel_name) + "\n" + when,
                title="Digest preview (only you see this)",
            )
        )
    ]


def _settings(ctx: Ctx, rest: str) -> list[Outbound]:
    key, group = _group(ctx)
    if not rest:
        return [
            say(
                f"Digest: {groups.DAYS[group.digest_day].capitalize()} {group.digest_time} "
                f"({group.tz}) · practice pairs: {group.pairs} · members: "
                f"{len(group.members)}"
            )
        ]
    if not _may_manage(ctx, group):
        raise Problem(
            "Sorry — only the person who started this group or a workspace admin "
            "can change its settings."
        )
    words = rest.split()
    if words[0].lower() == "stop":
        ctx.store.save_group(key, replace(group, active=False))
        groups.plan(ctx.store, key, replace(group, active=False), ctx.now())
        return [
            _public(
                f"#{group.channel_name} is no longer a Leap group. Members' own "
                "pipelines are untouched."
            )
        ]
    if words[0].lower() == "digest" and len(words) == 3:
        day = choose("day", words[1], groups.DAYS, "/leap group settings digest monday 09:00")
        clock = words[2]
        if (
            len(clock) != 5
            or clock[2] != ":"
            or not (clock[:2] + clock[3:]).isdigit()
            or int(clock[:2]) > 23
            or int(clock[3:]) > 59
        ):
            raise Problem("Give the time as HH:MM, e.g. /leap group settings digest monday 09:00")
        updated = replace(group, digest_day=groups.DAYS.index(day), digest_time=clock)
        ctx.store.save_group(key, updated)
        groups.plan(ctx.store, key, updated, ctx.now())
        return [say(f"The digest will be posted {day.capitalize()}s at {clock} ({group.tz}).")]
    raise Problem("Usage: /leap group settings [digest DAY HH:MM | stop]")


def _pairs(ctx: Ctx, rest: str) -> list[Outbound]:
    key, group = _group(ctx)
    words = rest.lower().split()
    if not words or words[0] not in ("on", "off"):
        raise Problem("Usage: /leap group pairs on [weekly|biweekly], or /leap group pairs off")
    if not _may_manage(ctx, group):
        raise Problem(
            "Sorry — only the person who started this group or a workspace admin "
            "can switch practice pairs."
        )
    cadence = "off" if words[0] == "off" else (words[1] if len(words) > 1 else "weekly")
    if cadence not in ("off", "weekly", "biweekly"):
        raise Problem("Pairs can be weekly or biweekly: /leap group pairs on biweekly")
    updated = replace(group, pairs=cadence)
    ctx.store.save_group(key, updated)
    groups.plan(ctx.store, key, updated, ctx.now())
    if cadence == "off":
        return [_public("Practice pairs are off.")]
    return [
        _public(
            f"Practice pairs are on ({cadence}). Members will be paired by direct "
            "message to rehearse an informational interview."
        )
    ]


def _member_action(ctx: Ctx, channel: str, change: dict[str, Any], text: str) -> list[Outbound]:
    key = groups.key_for(ctx.actor.platform, ctx.actor.workspace, channel)
    group = ctx.store.group(key)
    if group is None or ctx.actor.user not in group.members:
        return [say("That group is gone, or you are no longer in it.")]
    ctx.store.save_group(key, group.changed(ctx.actor.user, **change))
    return [say(text)]


FEATURE = Feature(
    commands=(
        CommandSpec(
            "group",
            USAGE,
            "make a channel a career group; join, leave, digest, practice pairs",
            group_command,
            group=True,
            examples=(
                "/leap group start",
                "/leap group join named",
                "/leap group digest now",
                "/leap group pairs on weekly",
                "/leap group settings digest friday 16:00",
            ),
            params=(
                Param(
                    "action",
                    "start, join, leave, digest now, pairs on, settings",
                    "rest",
                    required=True,
                ),
            ),
        ),
    ),
    actions={
        "pair-met": lambda ctx, v: _member_action(
            ctx, v, {"met": True, "missed": 0}, "Great — noted. Keep practising."
        ),
        "pair-skip": lambda ctx, v: _member_action(ctx, v, {}, "No problem; next round then."),
        "pair-stay": lambda ctx, v: _member_action(
            ctx,
            v,
            {"missed": 0, "asked_to_stay": False, "no_pairs": False},
            "You stay in the practice pairs.",
        ),
        "pair-leave": lambda ctx, v: _member_action(
            ctx,
            v,
            {"no_pairs": True},
            "You are out of the practice pairs; you remain in the group.",
        ),
    },
)
