"""The TinyDB store opens without reading the workspace, keeps the TinyDB format, and lets
go of files it does not need (memory follows the users who act, not the workspace)."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from tinydb import TinyDB

from bot.models import Nudge, NudgeState, UserKey
from storage.tinydb_store import TinyDBStore
from tests.contract.samples import ALICE, BOB, T0, contact, nudge, profile


def key(n: int) -> UserKey:
    return UserKey("slack", "T1", f"U{n:03d}")


def test_a_file_leap_writes_is_a_tinydb_database_and_stock_tinydb_files_load(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    store = TinyDBStore(str(folder))
    store.save_profile(ALICE, profile())
    for i in range(3):
        store.save_contact(ALICE, contact(f"c_{i}", name=f"Zoë {i} 山田"))
    store.delete_contact(ALICE, "c_1")
    store.save_contact(ALICE, contact("c_2", name="Zoë changed"))
    store.close()
    path = folder / "users" / "slack" / "T1" / "U_ALICE.json"
    with TinyDB(str(path)) as db:  # stock TinyDB, stock JSONStorage
        assert [d["id"] for d in db.table("contacts").all()] == ["c_0", "c_2"]
        assert db.table("contacts").all()[1]["name"] == "Zoë changed"
        assert db.table("profile").all()[0]["tz"] == profile().tz
        # and a file stock TinyDB wrote loads in Leap
        db.table("contacts").insert(contact("c_9", name="Written by TinyDB").to_dict())
    again = TinyDBStore(str(folder))
    try:
        assert [c.name for c in again.contacts(ALICE)] == [
            "Zoë 0 山田",
            "Zoë changed",
            "Written by TinyDB",
        ]
        again.save_contact(ALICE, contact("c_10"))
    finally:
        again.close()
    data = json.loads(path.read_text("utf-8"))
    ids = {doc_id: doc["id"] for doc_id, doc in data["contacts"].items()}
    assert ids == {"1": "c_0", "2": "c_2", "3": "c_9", "4": "c_10"}  # TinyDB's own ids kept


def test_opening_reads_no_user_file_until_that_user_acts_or_is_due(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = TinyDBStore(str(folder))
    store.save_nudge(ALICE, nudge("n_1", T0))
    store.save_contact(BOB, contact("c_1"))  # Bob has nothing due
    store.close()
    bob_file = folder / "users" / "slack" / "T1" / "U_BOB.json"
    bob_file.write_bytes(b"{damaged")  # if opening or the due scan read it, it would be set aside
    again = TinyDBStore(str(folder))
    try:
        assert [(u, n.id) for u, n in again.due_nudges(T0)] == [(ALICE, "n_1")]
        assert bob_file.exists()  # never read: nobody needed it
        assert again.folder.aside == []
    finally:
        again.close()
    assert bob_file.read_bytes() == b"{damaged"


def test_files_are_let_go_past_the_limit_and_read_again_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = TinyDBStore(str(folder), max_in_memory=5, claim_timeout=timedelta(hours=1))
    try:
        for n in range(20):
            store.save_contact(key(n), contact("c_1", name=f"Person {n}"))
            store.save_nudge(key(n), nudge("n_1", T0 + timedelta(minutes=n)))
        assert store.claim_nudge(key(0), "n_1", T0) is not None  # a claim outlives letting go
        store.checkpoint()  # written: now they may be let go
        for n in range(20):
            assert [c.name for c in store.contacts(key(n))] == [f"Person {n}"]
        assert len(store._files) <= 5
        due = [u for u, _n in store.due_nudges(T0 + timedelta(minutes=30))]
        assert due == [key(n) for n in range(1, 20)]  # user 0's nudge is still claimed
        assert store.claim_nudge(key(0), "n_1", T0 + timedelta(minutes=1)) is None
    finally:
        store.close()


def test_unwritten_changes_are_never_let_go(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    first = TinyDBStore(str(folder))
    for n in range(10):
        first.save_contact(key(n), contact("c_1", name=f"Person {n}"))
    first.close()
    store = TinyDBStore(str(folder), max_in_memory=2)
    try:
        for n in range(5):  # changed, not yet written: the oldest files held
            store.save_contact(key(n), contact("c_1", name=f"Changed {n}"))
        for n in range(5, 10):  # reading more files makes room by letting clean ones go
            assert [c.name for c in store.contacts(key(n))] == [f"Person {n}"]
        for n in range(5):
            assert [c.name for c in store.contacts(key(n))] == [f"Changed {n}"]
        store.checkpoint()
        assert len(store._files) <= 2  # once written, they may go
    finally:
        store.close()
    again = TinyDBStore(str(folder))
    try:
        assert [again.contacts(key(n))[0].name for n in range(10)] == [
            *(f"Changed {n}" for n in range(5)),
            *(f"Person {n}" for n in range(5, 10)),
        ]
    finally:
        again.close()


def test_the_due_index_survives_a_restart_and_a_lost_index_is_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = TinyDBStore(str(folder))
    store.save_nudge(ALICE, nudge("n_late", T0 + timedelta(hours=2)))
    store.save_nudge(BOB, nudge("n_soon", T0 + timedelta(minutes=5)))
    store.close()
    for lose_it in (False, True):
        if lose_it:
            (folder / "due-index.json").unlink()
        again = TinyDBStore(str(folder))
        try:
            assert again.due_nudges(T0) == []
            assert [n.id for _u, n in again.due_nudges(T0 + timedelta(hours=3))] == [
                "n_soon",
                "n_late",
            ]
        finally:
            again.close()


def test_random_changes_claims_and_restarts_agree_with_a_plain_scan(tmp_path: Path) -> None:
    """The due scan reads per-user times: it must find exactly what scanning every nudge
    finds, through claims, letting go, checkpoints and restarts."""
    rng = random.Random(7)
    folder = str(tmp_path / "data")
    timeout = timedelta(minutes=5)
    store = TinyDBStore(folder, claim_timeout=timeout, max_in_memory=2)
    users = [ALICE, BOB, UserKey("slack", "T2", "U_CY"), UserKey("🦊", "w", "u")]
    truth: dict[tuple[UserKey, str], Nudge] = {}
    clock = T0  # time only moves forward, as the timer's does
    try:
        for step in range(600):
            clock += timedelta(seconds=rng.randrange(40))
            user, nid = rng.choice(users), f"n_{rng.randrange(12)}"
            roll = rng.random()
            if roll < 0.02:
                store.close()  # claims are forgotten: a claimed nudge is planned again
                truth = {k: _unclaimed(v) for k, v in truth.items()}
                store = TinyDBStore(folder, claim_timeout=timeout, max_in_memory=2)
            elif roll < 0.05:
                store.checkpoint()
            elif roll < 0.25 and (user, nid) in truth:
                claimed = store.claim_nudge(user, nid, clock)
                if claimed is not None:
                    truth[(user, nid)] = claimed
            else:
                state = rng.choice(("planned", "planned", "sent", "cancelled"))
                item = nudge(nid, clock + timedelta(minutes=rng.randrange(-20, 60)), state=state)
                store.save_nudge(user, item)
                truth[(user, nid)] = item
            if step % 20 == 0:
                before = clock + timedelta(minutes=rng.randrange(30))
                found = [(u, n.id) for u, n in store.due_nudges(before, 10_000)]
                # (as a set: a claim gone stale and forgotten sorts by its due time again)
                assert set(found) == set(scan(truth, before, timeout))
                limit = rng.randrange(1, 5)
                assert [(u, n.id) for u, n in store.due_nudges(before, limit)] == found[:limit]
    finally:
        store.close()


def _unclaimed(item: Nudge) -> Nudge:
    if item.state != NudgeState.CLAIMED:
        return item
    return replace(item, state=NudgeState.PLANNED, claimed_at=None)


def scan(
    truth: dict[tuple[UserKey, str], Nudge], before: datetime, timeout: timedelta
) -> list[tuple[UserKey, str]]:
    found = []
    for (user, nid), item in truth.items():
        if item.state == NudgeState.PLANNED:
            when = item.due_at
        elif item.state == NudgeState.CLAIMED and item.claimed_at is not None:
            when = item.claimed_at + timeout
        else:
            continue
        if when <= before:
            found.append((when, user.as_tuple(), nid, user))
    return [(user, nid) for _w, _t, nid, user in sorted(found)]
