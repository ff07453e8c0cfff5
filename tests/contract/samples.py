"""Records with every field set to something other than its default, for round trips."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import (
    Contact,
    Conversation,
    Group,
    GroupMember,
    Interview,
    Intro,
    Nudge,
    Profile,
    UserKey,
)

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

ALICE = UserKey("slack", "T1", "U_ALICE")
BOB = UserKey("slack", "T1", "U_BOB")
CAREERS = UserKey("slack", "T1", "#C_CAREERS")  # a group's workspace-level key


def profile(**changes: object) -> Profile:
    values: dict[str, object] = dict(
        created_at=T0,
        tz="Europe/Paris",
        tz_confirmed=True,
        quiet_start="22:30",
        quiet_end="07:15",
        display_name="Alice Ω",
        goal="move into UX research",
        objective="fit",
        nudges_on=False,
        paused_until=T0 + timedelta(days=3, microseconds=7),
        wrapup_hint=True,
        muted_kinds=("follow-up", "thank-you"),
        dm_problem="dms-closed",
    )
    values.update(changes)
    return Profile(**values)  # type: ignore[arg-type]


def contact(cid: str = "c_1", **changes: object) -> Contact:
    values: dict[str, object] = dict(
        id=cid,
        name="María José O'Brien-Ñúñez",
        created_at=T0,
        org="Acme “Labs”",
        role="UX researcher",
        field="UX research",
        level="senior",
        met="colleague",
        via="Sam Lee",
        referred_by="c_0",
        traditional=True,
        notes=("met at the meetup", 'said "call me"', "emoji 🎉"),
        stage="scheduled",
        updated_at=T0 + timedelta(hours=1),
        asked_at=T0 + timedelta(hours=2),
        meeting_at=T0 + timedelta(days=2, hours=3),
        meeting_minutes=25,
        medium="video",
        my_questions=("What surprised you?", "Who else?"),
        thanked_at=T0 + timedelta(days=3),
    )
    values.update(changes)
    return Contact(**values)  # type: ignore[arg-type]


def conversation(**changes: object) -> Conversation:
    values: dict[str, object] = dict(
        kind="debrief",
        step="learned",
        started_at=T0 + timedelta(minutes=5),
        data={
            "contact_id": "c_1",
            "answers": {"succeed": "yes", "fit": "maybe"},
            "scores": [4, 3],
            "done": False,
            "nothing": None,
            "ratio": 0.5,
            "text": "multi\nline ✓",
        },
    )
    values.update(changes)
    return Conversation(**values)  # type: ignore[arg-type]


def interview(iid: str = "i_1", **changes: object) -> Interview:
    values: dict[str, object] = dict(
        id=iid,
        contact_id="c_1",
        held_at=T0 + timedelta(days=2),
        learned="the work is mostly synthesis",
        answers={"succeed": "probably", "fit": "yes", "want": "yes", "lead": "senior roles"},
        scores={"succeed": 4, "fit": 5, "want": 5, "lead": 3},
        referrals=("c_7", "c_8"),
        field="UX research",
        org="Acme",
        level="senior",
    )
    values.update(changes)
    return Interview(**values)  # type: ignore[arg-type]


def nudge(nid: str = "n_1", due: datetime = T0, **changes: object) -> Nudge:
    values: dict[str, object] = dict(
        id=nid,
        kind="follow-up",
        due_at=due,
        created_at=T0 - timedelta(days=1),
        contact_id="c_1",
        state="planned",
        claimed_at=None,
        sent_at=None,
        attempts=0,
        last_error="",
    )
    values.update(changes)
    return Nudge(**values)  # type: ignore[arg-type]


def group(**changes: object) -> Group:
    values: dict[str, object] = dict(
        id="C_CAREERS",
        channel_name="careers",
        started_by="U_ALICE",
        created_at=T0,
        tz="America/New_York",
        digest_day=3,
        digest_time="17:30",
        pairs="biweekly",
        active=True,
        members={
            "U_ALICE": GroupMember("Alice Ω", named=True, paired=True, missed=2),
            "U_BOB": GroupMember(met=True, asked_to_stay=True, no_pairs=True),
        },
        pair_history=("U_ALICE|U_BOB",),
        last_digest_at=T0 + timedelta(days=7),
    )
    values.update(changes)
    return Group(**values)  # type: ignore[arg-type]


def intro(iid: str = "x_1", **changes: object) -> Intro:
    values: dict[str, object] = dict(
        id=iid,
        asker="U_ALICE",
        field="UX research",
        created_at=T0,
        expires_at=T0 + timedelta(days=7),
        org="Acme",
        state="open",
        offers=({"by": "U_BOB", "by_name": "Bob", "name": "Kim", "org": "Acme", "note": "ok"},),
    )
    values.update(changes)
    return Intro(**values)  # type: ignore[arg-type]
