"""The group module: the weekly digest, practice pairs, the group's own schedule, and the
scheduled rounds that delivery runs when a group's timer fires.

A group is stored under a workspace-level key ``UserKey(platform, workspace, "#CHANNEL")``;
its members are typed ``GroupMember`` records changed through ``Group``'s methods (join,
leave, rounds). Only members who joined are counted, and the digest shows counts and
fields — names only of members who allowed it, never a contact's name or a note. The
commands live in ``bot/handlers/groups.py``; they call in here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.coach.questions import pick_questions
from bot.context import Ctx
from bot.events import Delivered, DeliveryFailed
from bot.models import Group, Nudge, NudgeNote, NudgeState, UserKey
from bot.replies import Button, ChannelPost, DirectMessage, Message, Outbound
from bot.store import Store

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DIGEST, PAIRS = "group-digest", "group-pairs"
CADENCE = {"weekly": timedelta(days=7), "biweekly": timedelta(days=14)}
MISSED_LIMIT = 3
RETRY = timedelta(hours=1)  # a failed digest post is tried again after this, then doubling


def key_for(platform: str, workspace: str, channel: str) -> UserKey:
    return UserKey(platform, workspace, "#" + channel)


def is_group_key(key: UserKey) -> bool:
    return key.user.startswith("#")


def member_key(group_key: UserKey, user: str) -> UserKey:
    return UserKey(group_key.platform, group_key.workspace, user)


def pair_buttons(channel: str) -> tuple[Button, ...]:
    """The check-in on a practice plan; its value names the group's channel."""
    return (Button("We met", "pair-met", channel), Button("Not this time", "pair-skip", channel))


def next_digest(group: Group, now: datetime) -> datetime:
    tz = ZoneInfo(group.tz)
    local = now.astimezone(tz)
    at = time.fromisoformat(group.digest_time)
    days = (group.digest_day - local.weekday()) % 7
    when = datetime.combine(local.date() + timedelta(days=days), at, tz)
    return when if when > now else when + timedelta(days=7)


def plan(store: Store, key: UserKey, group: Group, now: datetime) -> None:
    """Keep the group's two timers (digest, pairing round) in line with its settings."""
    existing = {n.kind: n for n in store.nudges(key)}
    wanted: dict[str, datetime] = {}
    if group.active:
        wanted[DIGEST] = next_digest(group, now)
        if group.pairs in CADENCE:
            last = existing.get(PAIRS)
            after = now
            if last is not None and last.sent_at is not None:  # biweekly skips a week
                after = max(now, last.sent_at + CADENCE[group.pairs] - timedelta(hours=1))
            wanted[PAIRS] = next_digest(replace(group, digest_time="10:00"), after)
    for kind in (DIGEST, PAIRS):
        current = existing.get(kind)
        if kind in wanted:
            due = wanted[kind]
            if current is not None and _awaited(current, due):
                continue
            if current is None:
                store.save_nudge(key, Nudge(f"g_{kind}", kind, due, now))
            elif current.state != NudgeState.PLANNED or current.due_at != due:
                store.save_nudge(
                    key, replace(current, state=NudgeState.PLANNED, due_at=due, claimed_at=None)
                )
        elif current is not None and current.state == NudgeState.PLANNED:
            store.save_nudge(key, replace(current, state=NudgeState.CANCELLED))


def _awaited(timer: Nudge, regular: datetime) -> bool:
    """A timer that must not be replanned: a post being sent (claimed, awaiting its report;
    a stale claim is taken again by delivery) or a retry after a failed post."""
    if timer.state == NudgeState.CLAIMED:
        return True
    return timer.state == NudgeState.PLANNED and timer.attempts > 0 and timer.due_at < regular


def week_stats(store: Store, key: UserKey, group: Group, now: datetime) -> dict[str, object]:
    """Counts over opted-in members for the last seven days."""
    since = now - timedelta(days=7)
    held = thanked = referred = 0
    fields: set[str] = set()
    named: list[tuple[str, int]] = []
    for user, member in sorted(group.members.items()):
        mk = member_key(key, user)
        interviews = [i for i in store.interviews(mk) if i.held_at >= since]
        contacts = store.contacts(mk)
        held += len(interviews)
        thanked += sum(1 for c in contacts if c.thanked_at and c.thanked_at >= since)
        referred += sum(1 for c in contacts if c.created_at >= since and (c.referred_by or c.via))
        fields.update(c.field.strip().lower() for c in contacts if c.field.strip())
        if member.named and interviews:
            named.append((member.name or user, len(interviews)))
    return {
        "held": held,
        "thanked": thanked,
        "referred": referred,
        "fields": sorted(fields),
        "named": named,
        "members": len(group.members),
    }


def digest_text(stats: dict[str, object], channel_name: str) -> str:
    fields = stats["fields"]
    named = stats["named"]
    assert isinstance(fields, list) and isinstance(named, list)
    lines = [
        f"This week in #{channel_name} ({stats['members']} members taking part):",
        f"Conversations held: {stats['held']} · Thank-yous sent: {stats['thanked']} · "
        f"New contacts from referrals: {stats['referred']}",
        "Fields being explored: " + (", ".join(fields[:12]) if fields else "none yet"),
    ]
    if named:
        lines.append(
            "Shout-outs: "
            + ", ".join(f"{name} ({n} conversation{'s' if n != 1 else ''})" for name, n in named)
        )
    lines.append("Who knows someone useful for a fellow member? /leap intro FIELD asks the group.")
    return "\n".join(lines)


def _best_matching(people: list[str], used: Counter[frozenset[str]]) -> list[list[str]]:
    """Pairs for an even list, least-used pairs first (exhaustive for small groups)."""
    if len(people) > 14:  # large groups: greedy, least used partner first
        pool, out = list(people), []
        while pool:
            first = pool.pop(0)
            partner = min(pool, key=lambda m: used[frozenset((first, m))])
            pool.remove(partner)
            out.append([first, partner])
        return out
    best: list[list[str]] = []
    best_cost = -1

    def search(pool: list[str], chosen: list[list[str]], cost: int) -> None:
        nonlocal best, best_cost
        if best_cost >= 0 and cost >= best_cost:
            return
        if not pool:
            best, best_cost = [list(p) for p in chosen], cost
            return
        first, rest = pool[0], pool[1:]
        for partner in sorted(rest, key=lambda m: used[frozenset((first, m))]):
            remaining = [m for m in rest if m != partner]
            search(remaining, [*chosen, [first, partner]], cost + used[frozenset((first, partner))])
            if best_cost == 0:
                return

    search(people, [], 0)
    return best


def rotate(members: list[str], history: tuple[str, ...]) -> list[list[str]]:
    """This round's pairs: the least-repeated pairing; an odd one out joins a trio."""
    used: Counter[frozenset[str]] = Counter(frozenset(h.split("|")) for h in history)
    people = sorted(members)
    if len(people) < 2:
        return []
    extra = ""
    if len(people) % 2:
        # the one who has been in a trio least recently... simply: the least-paired member
        extra = min(people, key=lambda m: (sum(c for p, c in used.items() if m in p), m))
        people.remove(extra)
    pairs = _best_matching(people, used)
    if extra:
        target = min(pairs, key=lambda p: sum(used[frozenset((extra, m))] for m in p))
        target.append(extra)
    return pairs


# -- scheduled rounds (delivery calls these when a group's timer fires) ----------------------
def run_timers(ctx: Ctx, items: list[Nudge], now: datetime) -> list[Outbound]:
    """A group's timers fell due. A pairing round is done once its plans are made; a
    digest stays claimed until the adapter reports its post (``reported``): only a post
    that went out counts as posted."""
    store, key = ctx.store, ctx.user
    out: list[Outbound] = []
    for nudge in items:
        claimed = store.claim_nudge(key, nudge.id, ctx.now())
        if claimed is None:
            continue
        made = deliver(store, key, claimed.kind, now, claimed.id)
        if claimed.kind != DIGEST or not made:  # nothing to wait for
            store.save_nudge(key, replace(claimed, state=NudgeState.SENT, sent_at=now))
        out.extend(made)
    group = store.group(key)
    if group is not None:
        plan(store, key, group, now)  # the next digest and round
    return out


def deliver(
    store: Store, key: UserKey, kind: str, now: datetime, timer_id: str = ""
) -> list[Outbound]:
    """A group's timer fired: the digest to post, or this round's practice pairs."""
    group = store.group(key)
    if group is None or not group.active:
        return []
    if kind == DIGEST:
        stats = week_stats(store, key, group, now)
        return [
            ChannelPost(
                key.platform,
                key.workspace,
                group.id,
                Message(digest_text(stats, group.channel_name)),
                nudge_ids=(timer_id,) if timer_id else (),
            )
        ]
    return pair_round(store, key, group, now)


def reported(ctx: Ctx, event: Delivered | DeliveryFailed) -> list[Outbound]:
    """An adapter reported a group's channel post: record it, or retry and tell the starter."""
    store, key, now = ctx.store, ctx.user, ctx.now()
    timers = {n.id: n for n in store.nudges(key)}
    out: list[Outbound] = []
    for nid in event.nudge_ids:
        timer = timers.get(nid)
        group = store.group(key)
        if timer is None or timer.state != NudgeState.CLAIMED or group is None:
            continue
        if isinstance(event, Delivered):
            done = replace(timer, state=NudgeState.SENT, sent_at=now, attempts=0, last_error="")
            store.save_nudge(key, done)
            if timer.kind == DIGEST:
                store.save_group(key, replace(group, last_digest_at=now))
            plan(store, key, group, now)
            continue
        attempts = timer.attempts + 1
        again = min(now + RETRY * 2 ** min(attempts - 1, 6), next_digest(group, now))
        store.save_nudge(
            key,
            replace(
                timer,
                state=NudgeState.PLANNED,
                claimed_at=None,
                due_at=again,
                attempts=attempts,
                last_error=event.error[:200],
            ),
        )
        if attempts == 1 and group.started_by:  # once per run of failures: no DM storm
            text = _post_problem(key.platform, group, event.error, again)
            out.append(DirectMessage(member_key(key, group.started_by), Message(text)))
    return out


NOT_ALLOWED = ("not_in_channel", "missing access", "missing permissions", "50001", "50013", "403")
GONE = ("channel_not_found", "is_archived", "10003", "not a discord channel", "takes no messages")


def _post_problem(platform: str, group: Group, error: str, again: datetime) -> str:
    """What went wrong with a digest post, and what the group's starter can do about it."""
    where = f"#{group.channel_name}"
    said = error.lower()
    if any(code in said for code in GONE):
        fix = (
            f"{where} seems archived or deleted: unarchive it, or end the group there with "
            "/leap group settings stop."
        )
    elif any(code in said for code in NOT_ALLOWED):
        fix = (
            f"Invite me: type /invite @Leap in {where}."
            if platform == "slack"
            else f"Let me post there: in {where}'s permissions, allow Leap to view the "
            "channel and send messages."
        )
    else:
        fix = f"If this keeps happening, check that Leap may post in {where}."
    when = again.astimezone(ZoneInfo(group.tz)).strftime("%a %H:%M")
    return (
        f"I could not post this week's digest in {where} ({error[:80]}). {fix} "
        f"I will try again {when} ({group.tz}); nothing is counted as posted until then."
    )


def pair_round(store: Store, key: UserKey, group: Group, now: datetime) -> list[Outbound]:
    """Close the last round, pair the members who practise, and send each their plan."""
    group, ask = group.new_round(MISSED_LIMIT)
    out: list[Outbound] = [_ask_to_stay(key, group, user) for user in ask]
    pairs = rotate(group.pairable(), group.pair_history)
    group = group.paired_up(pairs)
    questions = [q.text for q in pick_questions(None, None)][:3]
    for pair in pairs:
        names = {u: group.members[u].name or u for u in pair}
        for user in pair:
            others = " and ".join(names[u] for u in pair if u != user)
            plays = pair[0]
            role = "you play the contact" if user == plays else f"{names[plays]} plays the contact"
            text = (
                f"Practice partner{'s' if len(pair) > 2 else ''} this round in "
                f"#{group.channel_name}: {others}. Take 20 minutes: {role}, the other asks. "
                "Try these:\n"
                + "\n".join(f"• {q}" for q in questions)
                + "\nThen swap, and tell each other one thing to improve."
            )
            out.extend(_to_member(store, member_key(key, user), group.id, text, now))
    store.save_group(key, group)
    return out


def _ask_to_stay(key: UserKey, group: Group, user: str) -> Outbound:
    return DirectMessage(
        member_key(key, user),
        Message(
            f"You have skipped three practice rounds in #{group.channel_name}. Stay in the "
            "pairing?",
            buttons=(
                Button("Stay in", "pair-stay", group.id),
                Button("Leave pairs", "pair-leave", group.id),
            ),
        ),
    )


def _to_member(
    store: Store, member: UserKey, channel: str, text: str, now: datetime
) -> list[Outbound]:
    """A practice plan, kept as the member's reminder: sent now (and reported, so a failed
    DM is tried again like any reminder), or at the first moment their quiet hours or pause
    allow."""
    from bot import nudges  # here: nudge texts import this module (for the pair buttons)

    profile = store.profile(member)
    due = now if profile is None else nudges.allowed(now, profile)
    plan = Nudge(
        f"n_pair_{channel}_{int(now.timestamp() // 60)}",
        "pair-plan",
        due,
        now,
        note=NudgeNote(channel=channel, text=text),
    )
    store.save_nudge(member, plan)
    if due > now or (profile is not None and not profile.nudges_on):
        return []  # delivery sends it when allowed (or cancels it if reminders are off)
    claimed = store.claim_nudge(member, plan.id, now)
    if claimed is None:
        return []
    return [DirectMessage(member, Message(text, buttons=pair_buttons(channel)), (plan.id,))]
