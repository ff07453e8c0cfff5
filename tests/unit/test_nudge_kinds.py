"""The nudge-kind table and the typed nudge record."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import nudge_kinds
from bot.models import Nudge, NudgeNote, NudgeState

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_every_kind_has_a_family_a_label_and_known_snoozes() -> None:
    for kind in nudge_kinds.KINDS.values():
        assert kind.family in nudge_kinds.FAMILY_LABELS, kind.name
        assert kind.label
        assert set(kind.snoozes) <= set(nudge_kinds.SNOOZE_LABELS)
    assert "week" not in nudge_kinds.KINDS["prep-hour"].snoozes  # no "next week" for "in an hour"


def test_a_nudge_round_trips_with_its_state_and_typed_note() -> None:
    nudge = Nudge("n_1", "pair-plan", T0, T0, note=NudgeNote(channel="C1", text="Meet Sam"))
    again = Nudge.from_dict(nudge.to_dict())
    assert again == nudge and again.state is NudgeState.PLANNED
    assert nudge.to_dict()["state"] == "planned"


def test_notes_stored_before_typed_notes_are_read() -> None:
    old = {"id": "n_1", "kind": "pair-plan", "due_at": T0.isoformat(),
           "created_at": T0.isoformat(), "state": "sent", "note": "C1|Meet Sam|today"}  # fmt: skip
    nudge = Nudge.from_dict(old)
    assert nudge.note == NudgeNote(channel="C1", text="Meet Sam|today")
    assert nudge.state is NudgeState.SENT
    intro = Nudge.from_dict({**old, "kind": "intro-remind", "note": "Ana|Sam Lee"})
    assert intro.note == NudgeNote(asker="Ana", person="Sam Lee")
