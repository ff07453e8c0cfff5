"""``forget me`` leaves no trace: after it, the user's id is in no stored record at all.

A real history through ``Leap``: Alice starts a group, joins it, is paired with Bob and
Carol, asks for an introduction that Bob offers and she accepts (so Bob holds a reminder
about it), and offers one on Carol's request. Then she forgets herself. Every record of
every key, dumped raw from the store (the files, or every row of every table), is then
searched for her id and her name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.core import Leap
from bot.events import ActionClicked, Tick, Where
from bot.replies import DirectMessage
from bot.store import Store
from storage.tinydb_store import TinyDBStore
from tests.contract.postgres_support import require_url
from tests.contract.test_store_contract import STORES, Harness
from tests.support.chat import Chat, text_of

ME = "U_ALICE_7Q"
ROOM = Where(channel="C_ROOM", channel_name="switchers", is_dm=False)
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # digest at 09:00, pairs at 10:00


@pytest.fixture(params=sorted(STORES))
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Harness]:
    opened = Harness(STORES[request.param](tmp_path))
    yield opened
    opened.store.close()


def raw_dump(store: Store) -> str:
    """Every byte the store keeps, as text: all files, or all rows of all tables."""
    if isinstance(store, TinyDBStore):
        texts = []
        for folder, _dirs, names in os.walk(store.root):
            for name in names:
                if name != "leap.lock":
                    texts.append(Path(folder, name).read_text("utf-8", "replace"))
        return "\n".join(texts)
    import psycopg

    from storage.postgres_store import PostgresStore

    assert isinstance(store, PostgresStore)
    url = require_url()
    schema = store.schema or "public"
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            )
        ]
        assert tables, "no tables found: the dump would prove nothing"
        rows = []
        for table in tables:
            sql = f'SELECT row_to_json(t)::text FROM "{schema}"."{table}" t'
            rows += [r[0] for r in conn.execute(sql)]  # type: ignore[arg-type]
    return "\n".join(rows)


def chat(leap: Leap, user: str, manager: bool = False) -> Chat:
    c = Chat(leap, user, platform="slack", workspace="T1", where=ROOM)
    c.actor = replace(c.actor, display_name=user.title(), can_manage_channel=manager)
    c.say("help")
    return c


def a_full_history(store: Store, clock: FakeClock) -> tuple[Leap, Chat]:
    leap = Leap(store, clock)
    alice = chat(leap, ME, manager=True)
    alice.say("group start")
    alice.say("group join named")
    bob, carol = chat(leap, "U_BOB"), chat(leap, "U_CAROL")
    bob.say("group join")
    carol.say("group join")
    alice.say("group pairs on weekly")
    alice.where = Where()
    alice.say("add Maria Lopez; field nursing")
    alice.where = ROOM
    # Alice asks; Bob offers Kim; Alice accepts: Bob now holds a reminder about it.
    alice.say("intro nursing")
    bob.buttons = alice.buttons
    bob.click("I can introduce")
    (offer,) = [o for o in bob.submit({"name": "Kim Park"}) if isinstance(o, DirectMessage)]
    accept = next(b for b in offer.message.buttons if b.action == "intro-accept")
    said = leap.handle(ActionClicked(alice.actor, accept.action, accept.value, Where()))
    assert "Kim Park is in your list" in text_of(said)
    assert any("intro-remind" in n.kind for n in store.nudges(bob.actor.key))
    # Carol asks; Alice offers someone.
    carol.say("intro law")
    alice.buttons = carol.buttons
    alice.click("I can introduce")
    alice.submit({"name": "Dana Fox"})
    # A pairing round and a digest: Alice is in the pair history.
    clock.set(MONDAY)
    leap.handle(Tick(clock.now()))
    group = next(store.group(k) for k in store.users() if k.user == "#C_ROOM")
    assert group is not None and any(ME in h for h in group.pair_history)
    return leap, alice


def test_forget_me_leaves_no_record_naming_the_user(harness: Harness) -> None:
    clock = FakeClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    store = harness.store
    _leap, alice = a_full_history(store, clock)
    before = raw_dump(store)
    assert ME in before and "Alice" in before  # the search can find her
    alice.where = Where()
    alice.say("forget me")
    said = text_of(alice.click("Yes, delete everything"))
    assert said.startswith("Deleted:") and "you left 1 group" in said
    for dump in (raw_dump(store), raw_dump(harness.reopen())):
        assert ME not in dump
        assert ME.lower() not in dump.lower()
        assert "Alice" not in dump and "U_Alice" not in dump  # her name, as others saw it
    # Everyone else keeps theirs: Bob's reminder is cancelled, the group goes on.
    store = harness.store
    bob_key = alice.actor.key.__class__("slack", "T1", "U_BOB")
    assert store.contacts(bob_key) == [] and store.profile(bob_key) is not None
    remind = [n for n in store.nudges(bob_key) if n.kind == "intro-remind"]
    assert [n.state for n in remind] == ["cancelled"]
    group = next(store.group(k) for k in store.users() if k.user == "#C_ROOM")
    assert group is not None and sorted(group.members) == ["U_BOB", "U_CAROL"]
    clock.advance(timedelta(days=7))
    Leap(store, clock).handle(Tick(clock.now()))  # the next round runs without her
