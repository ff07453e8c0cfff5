"""Delivering due nudges: claim, decide if still useful, say it; record the outcome.

``due(ctx_for, now)`` claims what fell due and returns the direct messages; the adapter
sends them and reports back with ``Delivered`` or ``DeliveryFailed``. A claim that is
never reported (a crash mid-send) goes stale and is delivered again, so nothing is lost;
a nudge reported sent is never sent again. Several nudges that piled up while Leap was
down fold into one catch-up message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from bot import groups, nudges
from bot.context import Ctx
from bot.events import Delivered, DeliveryFailed
from bot.models import Contact, Nudge, UserKey
from bot.nudge_texts import catch_up, nudge_message
from bot.replies import DirectMessage, Outbound

log = logging.getLogger("leap.delivery")
CLAIM_TIMEOUT = timedelta(minutes=5)
LATE = timedelta(hours=1)
MAX_ATTEMPTS = 8
BATCH = 500


def _useful(nudge: Nudge, contact: Contact | None, now: datetime) -> bool:
    if nudge.kind in (nudges.IDLE, "intro-remind", "pair-plan"):
        return True
    if contact is None:
        return False
    kind, stage, meeting = nudge.kind, contact.stage, contact.meeting_at
    if kind in nudges.FOLLOW_UPS:
        return stage == "asked"
    if kind in ("prep-eve", "prep-hour"):
        return stage == "scheduled" and meeting is not None and meeting > now
    if kind == "wrap-up":
        return (
            stage == "scheduled"
            and meeting is not None
            and now < meeting + timedelta(minutes=contact.meeting_minutes)
        )
    if kind == "did-it-happen":
        return stage == "scheduled"
    if kind in nudges.THANKS:
        return stage == "met"
    if kind == "intro-stall":
        return stage == "to-ask"
    return stage in ("met", "thanked")


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
    """A group's digest or pairing round: posted at most once, then planned again."""
    out: list[Outbound] = []
    for nudge in items:
        claimed = ctx.store.claim_nudge(ctx.user, nudge.id, now, CLAIM_TIMEOUT)
        if claimed is None:
            continue
        ctx.store.save_nudge(ctx.user, replace(claimed, state="sent", sent_at=now))
        out.extend(groups.deliver(ctx.store, ctx.user, claimed.kind, now))
    group = ctx.store.group(ctx.user)
    if group is not None:
        groups.plan(ctx.store, ctx.user, group, now)  # the next digest and round
    return out


def _for_user(ctx: Ctx, items: list[Nudge], now: datetime) -> list[Outbound]:
    store, user, profile = ctx.store, ctx.user, ctx.profile
    if groups.is_group_key(user):
        return _for_group(ctx, items, now)
    ready: list[tuple[Nudge, Contact | None]] = []
    for nudge in items:
        claimed = store.claim_nudge(user, nudge.id, now, CLAIM_TIMEOUT)
        if claimed is None:
            continue
        contact = store.contact(user, claimed.contact_id) if claimed.contact_id else None
        if not profile.nudges_on or nudges.FAMILY_OF.get(claimed.kind) in profile.muted_kinds:
            store.save_nudge(user, replace(claimed, state="cancelled"))
        elif not _useful(claimed, contact, now):
            store.save_nudge(user, replace(claimed, state="dropped"))
        elif (later := nudges.allowed(now, profile)) > now:
            store.save_nudge(user, replace(claimed, state="planned", due_at=later, claimed_at=None))
        else:
            ready.append((claimed, contact))
    if len(ready) >= 2 and min(n.due_at for n, _ in ready) < now - LATE:
        ids = ",".join(n.id for n, _ in ready)
        return [DirectMessage(user, catch_up(ctx, ready), nudge_id=ids)]
    return [DirectMessage(user, nudge_message(ctx, n, c), nudge_id=n.id) for n, c in ready]


def delivered(ctx: Ctx, event: Delivered) -> None:
    now = ctx.now()
    for nid in event.nudge_id.split(","):
        nudge = next((n for n in ctx.store.nudges(ctx.user) if n.id == nid), None)
        if nudge is None or nudge.state == "sent":
            continue
        if nudge.kind == nudges.IDLE:  # weekly while nothing happens, never more
            ctx.store.save_nudge(
                ctx.user,
                replace(
                    nudge,
                    state="planned",
                    sent_at=now,
                    claimed_at=None,
                    due_at=nudges.allowed(now + timedelta(days=7), ctx.profile),
                ),
            )
        else:
            ctx.store.save_nudge(ctx.user, replace(nudge, state="sent", sent_at=now))


def failed(ctx: Ctx, event: DeliveryFailed) -> None:
    now = ctx.now()
    for nid in event.nudge_id.split(","):
        nudge = next((n for n in ctx.store.nudges(ctx.user) if n.id == nid), None)
        if nudge is None or nudge.state not in ("claimed", "planned"):
            continue
        attempts = nudge.attempts + 1
        if event.permanent or attempts >= MAX_ATTEMPTS:
            ctx.store.save_nudge(
                ctx.user,
                replace(nudge, state="failed", attempts=attempts, last_error=event.error[:200]),
            )
            if event.permanent:
                ctx.save_profile(replace(ctx.profile, dm_problem=event.error[:100]))
            continue
        backoff = min(timedelta(minutes=2**attempts), timedelta(hours=6))
        ctx.store.save_nudge(
            ctx.user,
            replace(
                nudge,
                state="planned",
                attempts=attempts,
                claimed_at=None,
                due_at=now + backoff,
                last_error=event.error[:200],
            ),
        )
