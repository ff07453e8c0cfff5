"""One transaction is one unit of work, whichever keys it writes: on every store.

A handler that writes two keys (its user and a group, or both parties of an introduction)
and then fails keeps neither; one that ends well keeps both, across a restart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.commands import CommandSpec, Feature, Registry
from bot.context import Ctx
from bot.core import SORRY, Leap, features
from bot.events import ActionClicked, Where
from bot.models import UserKey
from bot.replies import Outbound
from bot.store import Store
from tests.contract.samples import ALICE, BOB, CAREERS, T0, contact, group, intro, nudge
from tests.contract.test_store_contract import STORES, Harness
from tests.support.chat import Chat, text_of


class Boom(Exception):
    pass


@pytest.fixture(params=sorted(STORES))
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Harness]:
    opened = Harness(STORES[request.param](tmp_path))
    yield opened
    opened.store.close()


def everything(store: Store) -> dict[str, object]:
    return {
        "alice": (store.profile(ALICE), store.contacts(ALICE), store.nudges(ALICE)),
        "bob": (store.profile(BOB), store.contacts(BOB), store.nudges(BOB)),
        "group": (store.group(CAREERS), store.intros(CAREERS)),
        "users": sorted(store.users()),
    }


def test_a_failed_transaction_keeps_no_write_to_any_key(harness: Harness) -> None:
    store = harness.store
    store.save_group(CAREERS, group())
    store.save_contact(BOB, contact("c_b"))
    before = everything(store)
    with pytest.raises(Boom), store.transaction(ALICE):
        store.save_contact(ALICE, contact("c_a"))
        store.save_group(CAREERS, group(members={}))  # another key: the group
        store.save_intro(CAREERS, intro())
        store.save_contact(BOB, contact("c_b", name="Changed"))  # and another user
        store.save_nudge(BOB, nudge("n_b"))
        raise Boom
    assert everything(store) == before
    assert everything(harness.reopen()) == before


def test_a_transaction_that_ends_well_keeps_every_key(harness: Harness) -> None:
    store = harness.store
    with store.transaction(ALICE):
        store.save_contact(ALICE, contact("c_a"))
        store.save_group(CAREERS, group())
        store.save_nudge(BOB, nudge("n_b"))
    after = everything(store)
    assert after["group"] == (group(), [])
    assert everything(harness.reopen()) == after


def test_a_failed_inner_transaction_on_another_key_undoes_only_itself(harness: Harness) -> None:
    store = harness.store
    store.save_contact(BOB, contact("c_b"))
    with store.transaction(ALICE):
        store.save_contact(ALICE, contact("c_a"))
        with pytest.raises(Boom), store.transaction(BOB):
            store.save_contact(BOB, contact("c_b", name="Changed"))
            store.save_group(CAREERS, group())
            raise Boom
        store.save_nudge(ALICE, nudge("n_a"))
    for s in (store, harness.reopen()):
        assert s.contacts(BOB) == [contact("c_b")]
        assert s.group(CAREERS) is None
        assert [c.id for c in s.contacts(ALICE)] == ["c_a"]
        assert [n.id for n in s.nudges(ALICE)] == ["n_a"]


def test_an_outer_failure_undoes_inner_transactions_on_other_keys(harness: Harness) -> None:
    store = harness.store
    with pytest.raises(Boom), store.transaction(ALICE):
        with store.transaction(BOB):
            store.save_contact(BOB, contact("c_b"))
        with store.transaction(CAREERS):
            store.save_group(CAREERS, group())
        raise Boom
    for s in (store, harness.reopen()):
        assert s.contacts(BOB) == [] and s.group(CAREERS) is None
        assert list(s.users()) == []


def test_forget_of_another_key_in_a_failed_transaction_forgets_nothing(harness: Harness) -> None:
    store = harness.store
    store.save_contact(BOB, contact("c_b"))
    with pytest.raises(Boom), store.transaction(ALICE):
        store.forget(BOB)
        assert store.contacts(BOB) == []
        raise Boom
    for s in (store, harness.reopen()):
        assert s.contacts(BOB) == [contact("c_b")]


# -- through Leap.handle: a handler that crashes after writing two keys -----------------------

ROOM = Where(channel="C_CAREERS", channel_name="careers", is_dm=False)


def _crash_after_two_keys(ctx: Ctx, _text: str) -> list[Outbound]:
    ctx.store.save_group(CAREERS, replace(group(), members={}))
    ctx.store.save_contact(BOB, contact("c_from_alice"))
    ctx.store.save_contact(ctx.user, contact("c_mine"))
    raise Boom("after writing a group, another user and its own user")


def crashing_leap(store: Store) -> Leap:
    crash = Feature(commands=(CommandSpec("crash", "/leap crash", "crash", _crash_after_two_keys),))
    return Leap(store, FakeClock(T0), registry=Registry((*features(), crash)))


def test_a_crashing_handler_keeps_nothing_of_any_key(harness: Harness) -> None:
    store = harness.store
    store.save_group(CAREERS, group())
    store.save_contact(BOB, contact("c_b"))
    alice = Chat(crashing_leap(store), "U_ALICE", platform="slack", workspace="T1", where=ROOM)
    alice.say("help")  # her profile exists: the crash below is not a first use
    before = everything(store)
    assert text_of(alice.say("crash")).startswith(SORRY[:40])
    assert everything(store) == before
    assert everything(harness.reopen()) == before


def test_a_crash_at_the_end_of_accepting_an_introduction_keeps_neither_party(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Accepting writes the asker's contact and nudge, the request (group key) and the
    helper's reminder (another user): a crash after all of them keeps none."""
    store = harness.store
    store.save_group(CAREERS, group())
    store.save_intro(CAREERS, intro(offers=(dict(intro().offers[0], id="o_1"),)))
    leap = Leap(store, FakeClock(T0))
    alice = Chat(leap, "U_ALICE", platform="slack", workspace="T1")
    alice.say("help")
    before = everything(store)

    def broken(*_args: object, **_kwargs: object) -> object:
        raise Boom("sending the reply failed")

    monkeypatch.setattr("bot.handlers.intros.Update", broken)
    accept = ActionClicked(alice.actor, "intro-accept", "C_CAREERS|x_1|o_1", Where())
    assert text_of(leap.handle(accept)).startswith(SORRY[:40])
    assert everything(store) == before
    assert store.intros(CAREERS)[0].state == "open"
    assert store.nudges(UserKey("slack", "T1", "U_BOB")) == []
    assert everything(harness.reopen()) == before


def test_a_claim_in_a_failed_savepoint_is_undone_and_the_outer_work_kept(
    harness: Harness,
) -> None:
    """Delivery claims inside the user's transaction: a claim whose inner block failed
    must be claimable again, on this key or another one claimed from inside it."""
    store = harness.store
    store.save_nudge(ALICE, nudge("n_a", T0))
    store.save_nudge(BOB, nudge("n_b", T0))
    with store.transaction(ALICE):
        store.save_contact(ALICE, contact("c_a"))
        with pytest.raises(Boom), store.transaction(ALICE):
            assert store.claim_nudge(ALICE, "n_a", T0) is not None
            assert store.claim_nudge(BOB, "n_b", T0) is not None
            raise Boom
        assert {n.state for n in store.nudges(ALICE) + store.nudges(BOB)} == {"planned"}
    assert [c.id for c in store.contacts(ALICE)] == ["c_a"]
    assert sorted(n.id for _u, n in store.due_nudges(T0)) == ["n_a", "n_b"]
    assert store.claim_nudge(ALICE, "n_a", T0) is not None
