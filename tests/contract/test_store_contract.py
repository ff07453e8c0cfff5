"""The contract of ``bot.store.Store``: every store Leap can run on must pass it.

Each test runs once per entry of ``STORES``. A factory takes pytest's ``tmp_path`` and
returns a ``StoreKind``: how to open the store on the same data again and again (so tests
can close and reopen), and the claim timeout it was opened with. Adding a store is one
line in ``STORES``; a factory for a server database calls ``pytest.skip(...)`` when no
server is reachable, e.g.::

    def make_postgres(tmp_path: Path) -> StoreKind:
        url = os.environ.get("LEAP_TEST_POSTGRES")
        if not url:
            pytest.skip("no PostgreSQL server: set LEAP_TEST_POSTGRES to run this contract")
        schema = f"t_{tmp_path.name}"
        return StoreKind(lambda: PostgresStore(url, schema, claim_timeout=CLAIM_TIMEOUT))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.models import GroupMember, UserKey
from bot.store import Store, StoreError
from storage.tinydb_store import TinyDBStore
from tests.contract.postgres_support import make_postgres
from tests.contract.samples import (
    ALICE,
    BOB,
    CAREERS,
    T0,
    contact,
    conversation,
    group,
    interview,
    intro,
    nudge,
    profile,
)

CLAIM_TIMEOUT = timedelta(minutes=5)


@dataclass
class StoreKind:
    open: Callable[[], Store]
    claim_timeout: timedelta = CLAIM_TIMEOUT


def make_tinydb(tmp_path: Path) -> StoreKind:
    folder = str(tmp_path / "tinydb")
    return StoreKind(lambda: TinyDBStore(folder, claim_timeout=CLAIM_TIMEOUT))


STORES: dict[str, Callable[[Path], StoreKind]] = {
    "tinydb": make_tinydb,
    "postgres": make_postgres,
}


class Harness:
    """The store under test, and a way to close it and open it again on the same data."""

    def __init__(self, kind: StoreKind) -> None:
        self.kind = kind
        self.store = kind.open()

    def reopen(self) -> Store:
        self.store.close()
        self.store = self.kind.open()
        return self.store


@pytest.fixture(params=sorted(STORES))
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Harness]:
    opened = Harness(STORES[request.param](tmp_path))
    yield opened
    opened.store.close()


@pytest.fixture
def store(harness: Harness) -> Store:
    return harness.store


class Boom(Exception):
    pass


def snapshot(store: Store, user: UserKey) -> dict[str, object]:
    """Everything the port can tell about one user."""
    return {
        "profile": store.profile(user),
        "contacts": store.contacts(user),
        "conversation": store.conversation(user),
        "interviews": store.interviews(user),
        "nudges": store.nudges(user),
    }


def fill(store: Store, user: UserKey) -> dict[str, object]:
    store.save_profile(user, profile())
    store.save_contact(user, contact("c_1"))
    store.save_contact(user, contact("c_2", name="Sam Lee", created_at=T0 + timedelta(1)))
    store.save_conversation(user, conversation())
    store.save_interview(user, interview("i_1"))
    store.save_nudge(user, nudge("n_1", T0 + timedelta(hours=1)))
    return snapshot(store, user)


# -- round trips -----------------------------------------------------------------------


def test_a_new_user_has_nothing_and_reading_creates_nobody(store: Store) -> None:
    assert snapshot(store, ALICE) == {
        "profile": None,
        "contacts": [],
        "conversation": None,
        "interviews": [],
        "nudges": [],
    }
    assert store.contact(ALICE, "c_1") is None
    assert list(store.users()) == []


def test_profile_round_trip_keeps_every_field(harness: Harness) -> None:
    saved = profile()
    harness.store.save_profile(ALICE, saved)
    for store in (harness.store, harness.reopen()):
        loaded = store.profile(ALICE)
        assert loaded == saved
        assert loaded is not None
        assert loaded.created_at.utcoffset() == timedelta(0)
        assert loaded.paused_until == saved.paused_until  # microseconds kept
        assert isinstance(loaded.muted_kinds, tuple)


def test_contact_round_trip_keeps_every_field(harness: Harness) -> None:
    saved = contact("c_1")
    harness.store.save_contact(ALICE, saved)
    for store in (harness.store, harness.reopen()):
        assert store.contact(ALICE, "c_1") == saved
        assert store.contacts(ALICE) == [saved]
        loaded = store.contacts(ALICE)[0]
        assert isinstance(loaded.notes, tuple) and isinstance(loaded.my_questions, tuple)
        assert loaded.meeting_at is not None and loaded.meeting_at.tzinfo is not None
    minimal = contact(
        "c_2",
        org="",
        notes=(),
        updated_at=None,
        asked_at=None,
        meeting_at=None,
        thanked_at=None,
        my_questions=(),
        traditional=False,
    )
    harness.store.save_contact(ALICE, minimal)
    assert harness.reopen().contact(ALICE, "c_2") == minimal


def test_conversation_round_trip_and_end(harness: Harness) -> None:
    saved = conversation()
    harness.store.save_conversation(ALICE, saved)
    assert harness.reopen().conversation(ALICE) == saved
    harness.store.save_conversation(ALICE, replace(saved, step="fit"))
    assert harness.store.conversation(ALICE) == replace(saved, step="fit")
    harness.store.save_conversation(ALICE, None)
    assert harness.store.conversation(ALICE) is None
    harness.store.save_conversation(ALICE, None)  # ending twice is harmless
    assert harness.reopen().conversation(ALICE) is None


def test_interview_round_trip_and_update_in_place(harness: Harness) -> None:
    first, second = interview("i_1"), interview("i_2", contact_id="c_2", scores={})
    harness.store.save_interview(ALICE, first)
    harness.store.save_interview(ALICE, second)
    changed = replace(first, learned="more than I thought", scores={"fit": 2})
    harness.store.save_interview(ALICE, changed)
    for store in (harness.store, harness.reopen()):
        found = {i.id: i for i in store.interviews(ALICE)}
        assert found == {"i_1": changed, "i_2": second}


def test_delete_interview_removes_only_that_one(harness: Harness) -> None:
    harness.store.save_interview(ALICE, interview("i_1"))
    harness.store.save_interview(ALICE, interview("i_2", contact_id="c_2"))
    harness.store.save_interview(BOB, interview("i_1"))
    assert harness.store.delete_interview(ALICE, "i_1") is True
    assert harness.store.delete_interview(ALICE, "i_1") is False
    for store in (harness.store, harness.reopen()):
        assert [i.id for i in store.interviews(ALICE)] == ["i_2"]
        assert [i.id for i in store.interviews(BOB)] == ["i_1"]


def test_nudge_round_trip_and_update_in_place(harness: Harness) -> None:
    planned = nudge("n_1", T0 + timedelta(days=3))
    harness.store.save_nudge(ALICE, planned)
    sent = replace(
        planned,
        state="sent",
        sent_at=T0 + timedelta(days=3, minutes=1),
        attempts=2,
        last_error="timeout",
    )
    harness.store.save_nudge(ALICE, sent)
    for store in (harness.store, harness.reopen()):
        assert store.nudges(ALICE) == [sent]


def test_a_contact_is_updated_in_place_not_duplicated(harness: Harness) -> None:
    store = harness.store
    store.save_contact(ALICE, contact("c_1"))
    store.save_contact(ALICE, contact("c_2", created_at=T0 + timedelta(1)))
    changed = contact("c_1", role="Research lead", notes=("one",), stage="met")
    store.save_contact(ALICE, changed)
    for s in (store, harness.reopen()):
        assert [c.id for c in s.contacts(ALICE)] == ["c_1", "c_2"]
        assert s.contact(ALICE, "c_1") == changed


def test_delete_contact_says_whether_there_was_one(harness: Harness) -> None:
    store = harness.store
    store.save_contact(ALICE, contact("c_1"))
    store.save_contact(ALICE, contact("c_2"))
    assert store.delete_contact(ALICE, "c_1") is True
    assert store.delete_contact(ALICE, "c_1") is False
    assert store.delete_contact(ALICE, "c_missing") is False
    assert store.delete_contact(BOB, "c_2") is False
    store = harness.reopen()
    assert [c.id for c in store.contacts(ALICE)] == ["c_2"]
    assert store.contact(ALICE, "c_1") is None


def test_contacts_come_oldest_first(harness: Harness) -> None:
    store = harness.store
    for cid, day in (("c_b", 2), ("c_c", 3), ("c_a", 1), ("c_d", 4)):
        store.save_contact(ALICE, contact(cid, created_at=T0 + timedelta(days=day)))
    store.save_contact(ALICE, contact("c_0", created_at=T0 - timedelta(days=30)))
    want = ["c_0", "c_a", "c_b", "c_c", "c_d"]
    assert [c.id for c in store.contacts(ALICE)] == want
    store.save_contact(ALICE, contact("c_a", created_at=T0 + timedelta(days=1), role="x"))
    assert [c.id for c in store.contacts(ALICE)] == want
    assert [c.id for c in harness.reopen().contacts(ALICE)] == want


def test_a_returned_list_is_the_callers_to_change(store: Store) -> None:
    store.save_contact(ALICE, contact("c_1"))
    mine = store.contacts(ALICE)
    mine.clear()
    assert [c.id for c in store.contacts(ALICE)] == ["c_1"]


# -- isolation ---------------------------------------------------------------------------

NEIGHBOURS = (
    UserKey("discord", "T1", "U_ALICE"),  # another platform
    UserKey("slack", "T2", "U_ALICE"),  # another workspace
    UserKey("slack", "T1", "U_ALICE2"),  # another user
)


@pytest.mark.parametrize("other", NEIGHBOURS, ids=["platform", "workspace", "user"])
def test_users_differing_in_one_part_never_see_each_other(harness: Harness, other: UserKey) -> None:
    store = harness.store
    mine = fill(store, ALICE)
    assert snapshot(store, other) == snapshot(store, UserKey("x", "y", "z"))  # empty
    store.save_profile(other, profile(goal="theirs"))
    store.save_contact(other, contact("c_1", name="Their Contact"))  # same ids
    store.save_interview(other, interview("i_1", learned="theirs"))
    store.save_nudge(other, nudge("n_1", T0 + timedelta(hours=2)))
    store.save_conversation(other, conversation(step="theirs"))
    theirs = snapshot(store, other)
    assert snapshot(store, ALICE) == mine
    assert store.delete_contact(other, "c_2") is False
    assert store.delete_contact(other, "c_1") is True
    assert store.contact(ALICE, "c_1") == contact("c_1")
    store.save_conversation(other, None)
    assert store.conversation(ALICE) == conversation()
    store = harness.reopen()
    assert snapshot(store, ALICE) == mine
    assert store.profile(other) == theirs["profile"]
    assert store.contacts(other) == []


def test_users_lists_every_user_with_records(harness: Harness) -> None:
    store = harness.store
    keys = [ALICE, BOB, *NEIGHBOURS]
    for i, key in enumerate(keys):
        store.save_contact(key, contact(f"c_{i}"))
    store.save_profile(UserKey("console", "local", "me"), profile())
    want = {*keys, UserKey("console", "local", "me")}
    assert set(store.users()) == want
    assert set(harness.reopen().users()) == want


# -- transactions ------------------------------------------------------------------------


def test_a_transaction_keeps_all_its_writes(harness: Harness) -> None:
    store = harness.store
    with store.transaction(ALICE):
        mine = fill(store, ALICE)
        assert snapshot(store, ALICE) == mine  # its own writes are visible inside
    assert snapshot(store, ALICE) == mine
    assert snapshot(harness.reopen(), ALICE) == mine


def test_a_transaction_that_raises_keeps_nothing(harness: Harness) -> None:
    store = harness.store
    before = fill(store, ALICE)
    with pytest.raises(Boom), store.transaction(ALICE):
        store.save_profile(ALICE, profile(goal="changed"))
        store.save_contact(ALICE, contact("c_1", role="changed"))
        store.save_contact(ALICE, contact("c_new"))
        assert store.delete_contact(ALICE, "c_2")
        store.save_conversation(ALICE, None)
        store.save_interview(ALICE, interview("i_new"))
        store.save_nudge(ALICE, nudge("n_new", T0 - timedelta(hours=1)))
        store.save_nudge(ALICE, nudge("n_1", T0 + timedelta(hours=1), state="cancelled"))
        raise Boom
    assert snapshot(store, ALICE) == before
    assert [n.id for _u, n in store.due_nudges(T0 + timedelta(days=1))] == ["n_1"]
    store = harness.reopen()
    assert snapshot(store, ALICE) == before
    assert [n.id for _u, n in store.due_nudges(T0 + timedelta(days=1))] == ["n_1"]


def test_a_first_transaction_that_raises_leaves_no_user_behind(harness: Harness) -> None:
    store = harness.store
    with pytest.raises(Boom), store.transaction(ALICE):
        store.save_profile(ALICE, profile())
        raise Boom
    assert store.profile(ALICE) is None
    assert list(store.users()) == []
    assert list(harness.reopen().users()) == []


def test_a_failed_inner_transaction_undoes_only_itself(harness: Harness) -> None:
    store = harness.store
    store.save_contact(ALICE, contact("c_old"))
    with store.transaction(ALICE):
        store.save_contact(ALICE, contact("c_before"))
        try:
            with store.transaction(ALICE):
                store.save_contact(ALICE, contact("c_inner"))
                store.save_contact(ALICE, contact("c_before", role="inner change"))
                store.delete_contact(ALICE, "c_old")
                store.save_nudge(ALICE, nudge("n_inner", T0))
                raise Boom
        except Boom:
            pass
        assert sorted(c.id for c in store.contacts(ALICE)) == ["c_before", "c_old"]
        store.save_contact(ALICE, contact("c_after"))
    want = {
        "c_old": contact("c_old"),
        "c_before": contact("c_before"),
        "c_after": contact("c_after"),
    }
    assert {c.id: c for c in store.contacts(ALICE)} == want
    assert store.due_nudges(T0 + timedelta(days=1)) == []
    store = harness.reopen()
    assert {c.id: c for c in store.contacts(ALICE)} == want
    assert store.due_nudges(T0 + timedelta(days=1)) == []


def test_transactions_stay_all_or_nothing_after_a_failed_inner_one(harness: Harness) -> None:
    store = harness.store
    with store.transaction(ALICE):
        try:
            with store.transaction(ALICE):
                store.save_contact(ALICE, contact("c_inner"))
                raise Boom
        except Boom:
            pass
    with pytest.raises(Boom), store.transaction(ALICE):
        store.save_contact(ALICE, contact("c_1"))
        store.save_contact(ALICE, contact("c_2"))
        raise Boom
    assert store.contacts(ALICE) == []
    assert harness.reopen().contacts(ALICE) == []


def test_an_outer_transaction_that_raises_undoes_its_inner_ones(harness: Harness) -> None:
    store = harness.store
    with pytest.raises(Boom), store.transaction(ALICE):
        with store.transaction(ALICE):
            store.save_contact(ALICE, contact("c_1"))
        with store.transaction(ALICE):
            store.save_profile(ALICE, profile())
        raise Boom
    assert snapshot(store, ALICE) == snapshot(store, BOB)
    assert snapshot(harness.reopen(), ALICE) == snapshot(harness.store, BOB)


def test_a_transaction_of_one_user_leaves_another_alone(harness: Harness) -> None:
    store = harness.store
    bobs = fill(store, BOB)
    with pytest.raises(Boom), store.transaction(ALICE):
        store.save_contact(ALICE, contact("c_1"))
        raise Boom
    assert snapshot(store, BOB) == bobs
    assert store.contacts(ALICE) == []


# -- due nudges and claims ---------------------------------------------------------------


def test_due_nudges_are_the_planned_ones_due_by_then_earliest_first(store: Store) -> None:
    store.save_nudge(ALICE, nudge("n_late", T0 + timedelta(hours=2)))
    store.save_nudge(BOB, nudge("n_early", T0 - timedelta(hours=2)))
    store.save_nudge(ALICE, nudge("n_exact", T0))
    store.save_nudge(BOB, nudge("n_future", T0 + timedelta(days=1)))
    for state in ("sent", "cancelled", "failed", "dropped"):
        store.save_nudge(ALICE, nudge(f"n_{state}", T0 - timedelta(hours=5), state=state))
    found = store.due_nudges(T0)
    assert [(u, n.id) for u, n in found] == [(BOB, "n_early"), (ALICE, "n_exact")]
    assert found[0][1] == nudge("n_early", T0 - timedelta(hours=2))
    later = store.due_nudges(T0 + timedelta(hours=3))
    assert [n.id for _u, n in later] == ["n_early", "n_exact", "n_late"]
    assert [n.id for _u, n in store.due_nudges(T0 + timedelta(hours=3), limit=2)] == [
        "n_early",
        "n_exact",
    ]
    assert store.due_nudges(T0 - timedelta(days=1)) == []


def test_a_nudge_leaves_the_due_list_when_sent_and_moves_when_rescheduled(store: Store) -> None:
    first = nudge("n_1", T0)
    store.save_nudge(ALICE, first)
    store.save_nudge(ALICE, nudge("n_2", T0 + timedelta(minutes=1)))
    store.save_nudge(ALICE, replace(first, due_at=T0 + timedelta(minutes=2)))
    assert [n.id for _u, n in store.due_nudges(T0 + timedelta(hours=1))] == ["n_2", "n_1"]
    store.save_nudge(ALICE, replace(first, state="sent", sent_at=T0))
    assert [n.id for _u, n in store.due_nudges(T0 + timedelta(hours=1))] == ["n_2"]


def test_a_nudge_is_claimed_once(store: Store) -> None:
    store.save_nudge(ALICE, nudge("n_1", T0))
    now = T0 + timedelta(minutes=1)
    claimed = store.claim_nudge(ALICE, "n_1", now)
    assert claimed is not None
    assert (claimed.state, claimed.claimed_at) == ("claimed", now)
    assert store.nudges(ALICE) == [claimed]
    assert store.claim_nudge(ALICE, "n_1", now) is None
    assert store.claim_nudge(ALICE, "n_1", now + timedelta(minutes=4)) is None
    assert store.due_nudges(now) == []
    assert store.claim_nudge(ALICE, "n_missing", now) is None
    assert store.claim_nudge(BOB, "n_1", now) is None


def test_a_nudge_is_not_claimed_before_it_is_due(store: Store) -> None:
    store.save_nudge(ALICE, nudge("n_1", T0))
    assert store.claim_nudge(ALICE, "n_1", T0 - timedelta(seconds=1)) is None
    assert store.nudges(ALICE)[0].state == "planned"
    assert store.claim_nudge(ALICE, "n_1", T0) is not None


@pytest.mark.parametrize("state", ["sent", "cancelled", "failed", "dropped"])
def test_a_finished_nudge_cannot_be_claimed(store: Store, state: str) -> None:
    store.save_nudge(ALICE, nudge("n_1", T0, state=state, claimed_at=T0 - timedelta(days=1)))
    assert store.claim_nudge(ALICE, "n_1", T0 + timedelta(days=1)) is None


def test_a_stale_claim_comes_back_and_can_be_claimed_again(harness: Harness) -> None:
    store, timeout = harness.store, harness.kind.claim_timeout
    store.save_nudge(ALICE, nudge("n_1", T0))
    store.save_nudge(BOB, nudge("n_2", T0 + timedelta(minutes=1)))
    assert store.claim_nudge(ALICE, "n_1", T0) is not None
    assert [n.id for _u, n in store.due_nudges(T0 + timeout - timedelta(seconds=1))] == ["n_2"]
    stale_at = T0 + timeout
    due = store.due_nudges(stale_at)  # where a stale claim sorts is the store's choice
    assert {(u, n.id, n.state) for u, n in due} == {
        (ALICE, "n_1", "claimed"),
        (BOB, "n_2", "planned"),
    }
    store = harness.reopen()
    assert {n.id for _u, n in store.due_nudges(stale_at)} == {"n_1", "n_2"}
    again = store.claim_nudge(ALICE, "n_1", stale_at)
    assert again is not None and again.claimed_at == stale_at
    assert store.claim_nudge(ALICE, "n_1", stale_at) is None
    assert [n.id for _u, n in store.due_nudges(stale_at)] == ["n_2"]


def test_a_claim_made_in_a_failed_transaction_is_undone(store: Store) -> None:
    store.save_nudge(ALICE, nudge("n_1", T0))
    with pytest.raises(Boom), store.transaction(ALICE):
        assert store.claim_nudge(ALICE, "n_1", T0) is not None
        raise Boom
    assert store.nudges(ALICE)[0].state == "planned"
    assert [n.id for _u, n in store.due_nudges(T0)] == ["n_1"]


# -- forget ------------------------------------------------------------------------------


def test_forget_deletes_everything_of_one_user_and_counts_it(harness: Harness) -> None:
    store = harness.store
    fill(store, ALICE)
    store.save_nudge(ALICE, nudge("n_2", T0 - timedelta(hours=1), state="sent"))
    bobs = fill(store, BOB)
    counts = store.forget(ALICE)
    assert counts == {"profile": 1, "contacts": 2, "conversation": 1, "interviews": 1, "nudges": 2}
    empty = snapshot(store, UserKey("x", "y", "z"))
    assert snapshot(store, ALICE) == empty
    assert [u for u, _n in store.due_nudges(T0 + timedelta(days=1))] == [BOB]
    assert list(store.users()) == [BOB]
    assert store.forget(ALICE) == {}
    store = harness.reopen()
    assert snapshot(store, ALICE) == empty
    assert snapshot(store, BOB) == bobs
    assert list(store.users()) == [BOB]
    assert [u for u, _n in store.due_nudges(T0 + timedelta(days=1))] == [BOB]


def test_forget_of_an_unknown_user_is_empty(store: Store) -> None:
    assert store.forget(ALICE) == {}
    assert list(store.users()) == []


def test_forget_inside_a_transaction_stays_forgotten(harness: Harness) -> None:
    """The core runs every command in a transaction, and saves the profile first."""
    store = harness.store
    fill(store, ALICE)
    with store.transaction(ALICE):
        store.save_profile(ALICE, profile(display_name="New name"))
        assert store.forget(ALICE)["contacts"] == 2
        assert store.contacts(ALICE) == []
    assert snapshot(store, ALICE) == snapshot(store, BOB)
    assert snapshot(harness.reopen(), ALICE) == snapshot(harness.store, BOB)


def test_records_saved_after_forget_in_the_same_transaction_are_kept(harness: Harness) -> None:
    store = harness.store
    fill(store, ALICE)
    with store.transaction(ALICE):
        store.forget(ALICE)
        store.save_profile(ALICE, profile(goal="fresh start"))
    for s in (store, harness.reopen()):
        assert s.profile(ALICE) == profile(goal="fresh start")
        assert s.contacts(ALICE) == [] and s.nudges(ALICE) == []


def test_forget_in_a_transaction_that_raises_forgets_nothing(harness: Harness) -> None:
    store = harness.store
    mine = fill(store, ALICE)
    with pytest.raises(Boom), store.transaction(ALICE):
        store.forget(ALICE)
        raise Boom
    assert snapshot(store, ALICE) == mine
    assert [n.id for _u, n in store.due_nudges(T0 + timedelta(days=1))] == ["n_1"]
    assert snapshot(harness.reopen(), ALICE) == mine


def test_forget_in_a_failed_inner_transaction_is_undone(harness: Harness) -> None:
    store = harness.store
    mine = fill(store, ALICE)
    with store.transaction(ALICE):
        try:
            with store.transaction(ALICE):
                store.forget(ALICE)
                raise Boom
        except Boom:
            pass
        assert snapshot(store, ALICE) == mine
    assert snapshot(harness.reopen(), ALICE) == mine
    assert [n.id for _u, n in harness.store.due_nudges(T0 + timedelta(days=1))] == ["n_1"]


# -- groups ------------------------------------------------------------------------------


def test_a_group_round_trip_keeps_every_field(harness: Harness) -> None:
    store = harness.store
    assert store.group(CAREERS) is None and store.intros(CAREERS) == []
    saved = group()
    store.save_group(CAREERS, saved)
    for s in (store, harness.reopen()):
        assert s.group(CAREERS) == saved
        found = s.group(CAREERS)
        assert found is not None and isinstance(found.pair_history, tuple)
    changed = replace(saved, pairs="off", members={"U_BOB": GroupMember()}, active=False)
    harness.store.save_group(CAREERS, changed)
    assert harness.reopen().group(CAREERS) == changed


def test_a_group_saved_with_untyped_members_still_loads() -> None:
    """Groups written before ``GroupMember`` kept each member as a loose dict (with keys
    some versions added and later dropped): they load, unknown keys ignored."""
    old = group().to_dict()
    old["members"] = {
        "U_ALICE": {"named": True, "name": "Alice", "missed": 1, "joined_at": "2026-12-01"},
        "U_BOB": {},
    }
    loaded = type(group()).from_dict(old)
    assert loaded.members == {
        "U_ALICE": GroupMember("Alice", named=True, missed=1),
        "U_BOB": GroupMember(),
    }
    assert type(group()).from_dict(loaded.to_dict()) == loaded


def test_intros_round_trip_and_update_in_place(harness: Harness) -> None:
    store = harness.store
    first, second = intro("x_1"), intro("x_2", field="nursing", offers=())
    store.save_intro(CAREERS, first)
    store.save_intro(CAREERS, second)
    accepted = replace(first, state="accepted")
    store.save_intro(CAREERS, accepted)
    for s in (store, harness.reopen()):
        assert {i.id: i for i in s.intros(CAREERS)} == {"x_1": accepted, "x_2": second}
        assert all(isinstance(i.offers, tuple) for i in s.intros(CAREERS))


def test_a_group_key_and_its_members_keep_their_records_apart(harness: Harness) -> None:
    store = harness.store
    mine = fill(store, ALICE)
    store.save_group(CAREERS, group())
    store.save_intro(CAREERS, intro("x_1"))
    store.save_nudge(CAREERS, nudge("n_1", T0 - timedelta(hours=1), kind="group-digest"))
    other_channel = UserKey("slack", "T1", "#C_OTHER")
    other_workspace = UserKey("slack", "T2", "#C_CAREERS")
    for s in (store, harness.reopen()):
        assert snapshot(s, ALICE) == mine
        assert s.group(ALICE) is None and s.intros(ALICE) == []
        assert s.contacts(CAREERS) == [] and s.profile(CAREERS) is None
        assert s.group(other_channel) is None and s.group(other_workspace) is None
        assert s.intros(other_channel) == []
        assert [(u, n.id) for u, n in s.due_nudges(T0)] == [(CAREERS, "n_1")]


def test_forgetting_a_group_key_deletes_its_records(harness: Harness) -> None:
    store = harness.store
    store.save_group(CAREERS, group())
    store.save_intro(CAREERS, intro("x_1"))
    store.save_nudge(CAREERS, nudge("n_1", T0, kind="group-digest"))
    store.save_contact(ALICE, contact("c_1"))
    assert store.forget(CAREERS) == {"group": 1, "intros": 1, "nudges": 1}
    for s in (store, harness.reopen()):
        assert s.group(CAREERS) is None and s.intros(CAREERS) == []
        assert s.due_nudges(T0) == []
        assert s.contacts(ALICE) == [contact("c_1")]


def test_group_writes_in_a_failed_transaction_are_undone(harness: Harness) -> None:
    store = harness.store
    store.save_group(CAREERS, group())
    with pytest.raises(Boom), store.transaction(CAREERS):
        store.save_group(CAREERS, group(active=False))
        store.save_intro(CAREERS, intro("x_1"))
        raise Boom
    for s in (store, harness.reopen()):
        assert s.group(CAREERS) == group()
        assert s.intros(CAREERS) == []


# -- life cycle --------------------------------------------------------------------------


def test_nothing_can_be_saved_once_closed(harness: Harness) -> None:
    harness.store.close()
    with pytest.raises(StoreError, match="closed"):
        harness.store.save_contact(ALICE, contact("c_1"))
    harness.store = harness.kind.open()
    assert harness.store.contacts(ALICE) == []
