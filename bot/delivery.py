"""Delivering due nudges: claim, decide if still useful, say it; record the outcome.

``due(ctx_for, now, store_due)`` claims what fell due and returns the direct messages; the
adapter sends them and reports back with ``Delivered`` or ``DeliveryFailed``. Each claim is
taken with the clock's time at the moment of claiming, one user at a time, so a slow run
never hands another process a claim that looks stale. A claim that is never reported (a
crash mid-send) goes stale after the store's claim timeout and is delivered again, so
nothing is lost; a nudge reported sent is never sent again. A user's reminders due within
a few minutes of each other fold into one message (``bot.nudge_compose``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from bot import groups, nudge_kinds, nudges
from bot.context import Ctx
from bot.events import Delivered, DeliveryFailed
from bot.models import Contact, Nudge, NudgeState, UserKey
from bot.nudge_compose import fold, nudge_message
from bot.replies import DirectMessage, Outbound

log = logging.getLogger("leap.delivery")
LATE = timedelta(hours=1)
FOLD_WINDOW = timedelta(minutes=5)  # a user's reminders due this close together: one DM
MAX_ATTEMPTS = 8
BATCH = 500


def due(
    ctx_for: Callable[[UserKey], Ctx], now: datetime, store_due: list[tuple[UserKey, Nudge]]
) -> list[Outbound]:
    """Claim and phrase the nudges in ``store_due`` (already fetched, earliest first)."""
    by_user: dict[UserKey, list[Nudge]] = {}
    for user, nudge in store_due:
        by_user.setdefault(user, []).append(nudge)
    out: list[Outbound] = []
    for user, items in by_user.items():
        try:
            ctx = ctx_for(user)
            with ctx.store.transaction(user):
                out.extend(_for_user(ctx, items, now))
        except Exception:  # one user's bad record must not hold up everyone else's nudges
            log.exception("nudges of one user could not be prepared; skipped this round")
    return out


def _for_group(ctx: Ctx, items: list[Nudge], now: datetime) -> list[Outbound]:
    """A group's digest or pairing round (the group module runs its own timers)."""
    return groups.run_timers(ctx, items, now)


def _soon(ctx: Ctx, items: list[Nudge], now: datetime) -> list[Nudge]:
    """The due items, and this user's other reminders due within the fold window."""
    if not items:
        return items
    known = {n.id for n in items}
    until = now + FOLD_WINDOW
    more = [
        n
        for n in ctx.store.nudges(ctx.user)
        if n.state == NudgeState.PLANNED and now < n.due_at <= until and n.id not in known
    ]
    return items + sorted(more, key=lambda n: n.due_at)


def _for_user(ctx: Ctx, items: list[Nudge], now: datetime) -> list[Outbound]:
    store, user, profile = ctx.store, ctx.user, ctx.profile
    if groups.is_group_key(user):
        return _for_group(ctx, items, now)
    ready: list[tuple[Nudge, Contact | None]] = []
    for nudge in _soon(ctx, items, now):
        claimed = store.claim_nudge(user, nudge.id, ctx.now(), due_by=now + FOLD_WINDOW)
        if claimed is None:
            continue
        contact = store.contact(user, claimed.contact_id) if claimed.contact_id else None
        family = nudge_kinds.family_of(claimed.kind)
        muted = (*profile.muted_kinds, *(contact.muted_nudges if contact else ()))
        if not profile.nudges_on or family in muted:
            store.save_nudge(user, replace(claimed, state=NudgeState.CANCELLED))
        elif not nudge_kinds.useful(claimed, contact, now):
            store.save_nudge(user, replace(claimed, state=NudgeState.DROPPED))
        else:
            at, reason = nudges.place(claimed.kind, max(now, claimed.due_at), profile, contact, now)
            if at is None:
                store.save_nudge(user, replace(claimed, state=NudgeState.DROPPED, reason=reason))
            elif at > now + FOLD_WINDOW:  # quiet hours, a pause or a holiday began since
                store.save_nudge(
                    user, replace(claimed, state=NudgeState.PLANNED, due_at=at, claimed_at=None)
                )
            else:
                ready.append((claimed, contact))
    if len(ready) == 1:
        nudge, contact = ready[0]
        return [DirectMessage(user, nudge_message(ctx, nudge, contact, now), (nudge.id,))]
    late = bool(ready) and min(n.due_at for n, _ in ready) < now - LATE
    return [DirectMessage(user, message, ids) for message, ids in fold(ctx, ready, now, late)]


def delivered(ctx: Ctx, event: Delivered) -> None:
    now = ctx.now()
    mine = {n.id: n for n in ctx.store.nudges(ctx.user)}
    for nid in event.nudge_ids:
        nudge = mine.get(nid)
        if nudge is None or nudge.state not in (NudgeState.CLAIMED, NudgeState.PLANNED):
            continue
        if nudge.kind == nudges.IDLE:  # backs off (2, 4, 8 quiet weeks), then stops
            sent = replace(nudge, sent_at=now, claimed_at=None, repeats=nudge.repeats + 1)
            again = nudges.next_idle(sent, ctx.profile)
            state = NudgeState.SENT if again is None else NudgeState.PLANNED
            ctx.store.save_nudge(ctx.user, replace(sent, state=state, due_at=again or now))
        else:
            ctx.store.save_nudge(ctx.user, replace(nudge, state=NudgeState.SENT, sent_at=now))


def failed(ctx: Ctx, event: DeliveryFailed) -> None:
    now = ctx.now()
    mine = {n.id: n for n in ctx.store.nudges(ctx.user)}
    for nid in event.nudge_ids:
        nudge = mine.get(nid)
        if nudge is None or nudge.state not in (NudgeState.CLAIMED, NudgeState.PLANNED):
            continue
        attempts = nudge.attempts + 1
        if event.permanent or attempts >= MAX_ATTEMPTS:
            ctx.store.save_nudge(
                ctx.user,
                replace(
                    nudge, state=NudgeState.FAILED, attempts=attempts, last_error=event.error[:200]
                ),
            )
            if event.permanent:
                ctx.save_profile(replace(ctx.profile, dm_problem=event.error[:100]))
            continue
        backoff = min(timedelta(minutes=2**attempts), timedelta(hours=6))
        ctx.store.save_nudge(
            ctx.user,
            replace(
                nudge,
                state=NudgeState.PLANNED,
                attempts=attempts,
                claimed_at=None,
                due_at=now + backoff,
                last_error=event.error[:200],
            ),
        )
