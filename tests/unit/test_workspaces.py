"""Leap removed from a workspace: its reminders wait unsent, and go on when it is back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.clock import FakeClock
from bot.core import Leap
from bot.events import Tick, WorkspaceChanged
from bot.models import UserKey
from bot.replies import DirectMessage
from storage.tinydb_store import TinyDBStore
from tests.contract.samples import ALICE, CAREERS, T0, nudge

CAROL = UserKey("slack", "T2", "U_CAROL")  # another workspace
LATER = T0 + timedelta(days=1)


def due_keys(store: TinyDBStore) -> list[tuple[UserKey, str]]:
    return sorted((key, n.id) for key, n in store.due_nudges(LATER))


def test_removing_leap_pauses_the_workspace_and_installing_it_again_resumes(
    tmp_path: Path,
) -> None:
    store = TinyDBStore(str(tmp_path))
    leap = Leap(store, FakeClock(T0))
    try:
        store.save_nudge(ALICE, nudge("n_a", kind="idle", contact_id=""))
        store.save_nudge(ALICE, nudge("n_sent", state="sent", sent_at=T0))
        store.save_nudge(ALICE, nudge("n_claimed", state="claimed", claimed_at=T0))
        store.save_nudge(CAREERS, nudge("n_digest", kind="group-digest", contact_id=""))
        store.save_nudge(CAROL, nudge("n_c", kind="idle", contact_id=""))

        assert leap.handle(WorkspaceChanged("slack", "T1", installed=False)) == []
        assert due_keys(store) == [(CAROL, "n_c")]
        assert {n.id: n.state for n in store.nudges(ALICE)} == {
            "n_a": "paused",
            "n_sent": "sent",  # what was sent stays sent
            "n_claimed": "paused",
        }
        sent = leap.handle(Tick(LATER))
        assert {o.to for o in sent if isinstance(o, DirectMessage)} <= {CAROL}

        leap.handle(WorkspaceChanged("slack", "T1", installed=True))
        assert (ALICE, "n_a") in due_keys(store) and (CAREERS, "n_digest") in due_keys(store)
        assert {n.id: n.state for n in store.nudges(ALICE)}["n_sent"] == "sent"
    finally:
        store.close()


def test_a_paused_workspace_survives_a_restart(tmp_path: Path) -> None:
    store = TinyDBStore(str(tmp_path))
    store.save_nudge(ALICE, nudge("n_a", kind="idle", contact_id=""))
    Leap(store, FakeClock(T0)).handle(WorkspaceChanged("slack", "T1", installed=False))
    store.close()
    store = TinyDBStore(str(tmp_path))
    try:
        assert store.due_nudges(LATER) == []
    finally:
        store.close()
