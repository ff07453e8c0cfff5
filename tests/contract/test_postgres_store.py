"""What only the PostgreSQL store promises: migrations at start-up, several processes on
one database (requests of one user take turns, a nudge is claimed once), its indexes.

"Processes" here are separate ``PostgresStore`` objects with their own connection pools,
driven from threads: to the database they are exactly what separate processes are.
``test_postgres_processes.py`` runs real processes.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import psycopg
import pytest

from bot.models import Conversation, GroupMember, UserKey
from bot.store import StoreError
from storage import open_store
from storage.postgres import migrations
from storage.postgres.tables import copy_records
from storage.postgres_store import PostgresStore
from tests.contract.postgres_support import new_schema, require_url, schema_url
from tests.contract.samples import ALICE, BOB, CAREERS, T0, contact, group, interview, nudge

WAIT = 20.0  # seconds before a test that waits for another thread gives up


@pytest.fixture
def url() -> str:
    return require_url()


@pytest.fixture
def opener(url: str) -> Iterator[Callable[[], PostgresStore]]:
    """Opens stores on one fresh schema, and closes them all after the test."""
    schema = new_schema()
    opened: list[PostgresStore] = []

    def open_one() -> PostgresStore:
        opened.append(PostgresStore(url, schema))
        return opened[-1]

    yield open_one
    for store in opened:
        store.close()


def run_all(*work: Callable[[], object]) -> list[object]:
    """Run each callable in its own thread, started together; re-raise the first error."""
    results: list[object] = [None] * len(work)
    errors: list[BaseException] = []
    start = threading.Barrier(len(work))

    def run(i: int, fn: Callable[[], object]) -> None:
        try:
            start.wait(WAIT)
            results[i] = fn()
        except BaseException as err:  # handed to the test thread
            errors.append(err)

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(work)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT * 3)
    assert not any(t.is_alive() for t in threads), "a worker hung"
    if errors:
        raise errors[0]
    return results


def wait_for_lock_waiters(url: str, count: int) -> None:
    """Until ``count`` sessions wait on an advisory lock (a bounded poll of the server)."""
    deadline = time.monotonic() + WAIT
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND wait_event = 'advisory' AND datname = current_database()"
            ).fetchone()
            if row is not None and row[0] >= count:
                return
            time.sleep(0.005)
    raise AssertionError(f"no {count} session(s) waited for a user's lock")


# -- migrations ---------------------------------------------------------------------------


def test_start_up_creates_the_schema_once_and_records_each_migration(url: str) -> None:
    schema = new_schema()
    PostgresStore(url, schema).close()
    shipped = [v for v, _n, _s in migrations.available()]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'SET search_path = "{schema}"')  # type: ignore[arg-type]
        assert migrations.upgrade(conn, schema) == []  # already up to date
        rows = conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    assert [r[0] for r in rows] == shipped


def test_processes_starting_together_apply_the_migrations_once(url: str) -> None:
    schema = new_schema()
    stores = run_all(*[lambda: PostgresStore(url, schema)] * 6)
    for store in stores:
        assert isinstance(store, PostgresStore)
        store.save_contact(ALICE, contact("c_1"))
        store.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'SET search_path = "{schema}"')  # type: ignore[arg-type]
        rows = conn.execute("SELECT version FROM schema_migrations").fetchall()
    assert sorted(r[0] for r in rows) == [v for v, _n, _s in migrations.available()]


def test_a_database_upgraded_by_a_newer_leap_is_refused(url: str) -> None:
    schema = new_schema()
    PostgresStore(url, schema).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'SET search_path = "{schema}"')  # type: ignore[arg-type]
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    with pytest.raises(StoreError, match="newer Leap"):
        PostgresStore(url, schema)


def test_an_unreachable_server_is_a_clear_error_that_hides_the_password() -> None:
    with pytest.raises(StoreError) as err:
        PostgresStore("postgresql://leap:s3cret@127.0.0.1:1/leap", connect_timeout=1)
    assert "Cannot connect to the PostgreSQL database leap on 127.0.0.1:1" in str(err.value)
    assert "s3cret" not in str(err.value)


def test_a_database_that_does_not_exist_is_named_in_the_error(url: str) -> None:
    missing = url.rsplit("/", 1)[0] + "/no_such_leap_db"
    with pytest.raises(StoreError, match='database "no_such_leap_db" does not exist'):
        PostgresStore(missing, connect_timeout=5)


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_open_store_chooses_postgres_for_its_urls(url: str, scheme: str) -> None:
    schema = new_schema()
    store = open_store(schema_url(url, schema).replace("postgresql://", f"{scheme}://", 1))
    try:
        assert isinstance(store, PostgresStore)
        store.save_contact(ALICE, contact("c_1"))
    finally:
        store.close()
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(f'SELECT count(*) FROM "{schema}".contacts').fetchone()  # type: ignore[arg-type]
    assert row == (1,)  # the tables went into the schema the URL names


def test_delete_interview_says_whether_there_was_one(opener: Callable[[], PostgresStore]) -> None:
    store = opener()
    store.save_interview(ALICE, interview("i_1"))
    store.save_interview(ALICE, interview("i_2"))
    store.save_interview(BOB, interview("i_1"))
    assert store.delete_interview(ALICE, "i_1") is True
    assert store.delete_interview(ALICE, "i_1") is False
    assert [i.id for i in store.interviews(ALICE)] == ["i_2"]
    assert [i.id for i in store.interviews(BOB)] == ["i_1"]


# -- several processes on one database ----------------------------------------------------


def test_a_second_request_of_the_same_user_waits_for_the_first(
    url: str, opener: Callable[[], PostgresStore]
) -> None:
    first, second = opener(), opener()
    start = Conversation("debrief", "learned", T0, {"n": 0})
    first.save_conversation(ALICE, start)
    seen: list[Conversation | None] = []

    def other_request() -> None:
        with second.transaction(ALICE):
            seen.append(second.conversation(ALICE))

    with first.transaction(ALICE):
        assert first.conversation(ALICE) == start
        waiting = threading.Thread(target=other_request)
        waiting.start()
        wait_for_lock_waiters(url, 1)  # it waits on ALICE's lock, not on a timer
        assert seen == []
        first.save_conversation(ALICE, replace(start, step="fit", data={"n": 1}))
    waiting.join(WAIT)
    assert seen == [replace(start, step="fit", data={"n": 1})]  # it read the committed step


def test_racing_requests_of_one_user_never_lose_an_update(
    opener: Callable[[], PostgresStore],
) -> None:
    stores = [opener() for _ in range(4)]
    stores[0].save_conversation(ALICE, Conversation("debrief", "count", T0, {"n": 0}))

    def bump(store: PostgresStore) -> None:
        for _ in range(25):
            with store.transaction(ALICE):
                current = store.conversation(ALICE)
                assert current is not None
                store.save_conversation(ALICE, replace(current, data={"n": current.data["n"] + 1}))

    run_all(*[lambda s=s: bump(s) for s in stores])
    final = stores[0].conversation(ALICE)
    assert final is not None and final.data == {"n": 100}


def test_requests_of_different_users_do_not_wait_for_each_other(
    opener: Callable[[], PostgresStore],
) -> None:
    first, second = opener(), opener()
    with first.transaction(ALICE):
        first.save_contact(ALICE, contact("c_1"))
        done = run_all(lambda: second.save_contact(BOB, contact("c_2")) or "saved")
        assert done == ["saved"]
        assert second.contacts(ALICE) == []  # not committed yet
    assert second.contacts(ALICE) == [contact("c_1")]


def test_members_changing_a_group_at_once_keep_both_changes(
    opener: Callable[[], PostgresStore],
) -> None:
    stores = [opener() for _ in range(4)]
    stores[0].save_group(CAREERS, group(members={}))
    members = [UserKey("slack", "T1", f"U_{i}") for i in range(20)]

    def join(store: PostgresStore, who: UserKey) -> None:
        with store.transaction(who):  # as the core does: the member's own transaction
            current = store.group(CAREERS)
            assert current is not None
            store.save_group(
                CAREERS, replace(current, members={**current.members, who.user: GroupMember()})
            )

    run_all(*[lambda s=s, i=i: [join(s, m) for m in members[i::4]] for i, s in enumerate(stores)])
    final = stores[0].group(CAREERS)
    assert final is not None and sorted(final.members) == sorted(m.user for m in members)


def test_a_nudge_claimed_by_many_processes_at_once_goes_to_exactly_one(
    opener: Callable[[], PostgresStore],
) -> None:
    stores = [opener() for _ in range(6)]
    users = [UserKey("slack", "T1", f"U_{i:03d}") for i in range(60)]
    for user in users:
        for n in range(5):
            stores[0].save_nudge(user, nudge(f"n_{n}", T0 - timedelta(minutes=n)))
    now = T0 + timedelta(minutes=1)

    def claim_all(store: PostgresStore, seed: int, when: datetime) -> list[tuple[UserKey, str]]:
        mine = [(u, f"n_{n}") for u in users for n in range(5)]
        random.Random(seed).shuffle(mine)
        return [(u, nid) for u, nid in mine if store.claim_nudge(u, nid, when)]

    def race(when: datetime) -> Counter[tuple[UserKey, str]]:
        found = run_all(*[lambda s=s, i=i: claim_all(s, i, when) for i, s in enumerate(stores)])
        return Counter(c for claims in found for c in claims)  # type: ignore[attr-defined]

    claims = race(now)
    assert len(claims) == 300 and set(claims.values()) == {1}
    assert stores[0].due_nudges(now) == []
    assert race(now + timedelta(minutes=4)) == Counter()  # fresh claims hold
    again = race(now + timedelta(minutes=5))  # stale: claimable again, once each
    assert len(again) == 300 and set(again.values()) == {1}


def test_a_process_that_dies_mid_transaction_keeps_nothing_and_frees_the_user(
    url: str, opener: Callable[[], PostgresStore]
) -> None:
    dying, other = opener(), opener()
    with pytest.raises(psycopg.OperationalError), dying.transaction(ALICE):
        dying.save_contact(ALICE, contact("c_1"))
        with psycopg.connect(url, autocommit=True) as admin:  # the server sees it die
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_locks"
                " WHERE locktype = 'advisory' AND pid <> pg_backend_pid() AND database ="
                " (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        dying.save_contact(ALICE, contact("c_2"))
    with other.transaction(ALICE):  # the lock went with the connection
        assert other.contacts(ALICE) == []
    dying.save_contact(ALICE, contact("c_3"))  # the pool replaced the dead connection
    assert [c.id for c in other.contacts(ALICE)] == ["c_3"]


# -- indexes -------------------------------------------------------------------------------


def test_the_hot_queries_use_their_indexes(opener: Callable[[], PostgresStore]) -> None:
    store = opener()
    users = [UserKey("slack", "T1", f"U_{i:05d}") for i in range(2000)]
    with store.transaction(ALICE):
        conn = store._current().conn  # type: ignore[union-attr]
        copy_records(
            conn,
            "contacts",
            (
                (u, contact(f"c_{c}", created_at=T0 + timedelta(c)))
                for u in users
                for c in range(10)
            ),
        )
        copy_records(
            conn,
            "nudges",
            ((u, nudge(f"n_{n}", T0 + timedelta(days=n))) for u in users for n in range(10)),
        )
    assert len(store.contacts(users[7])) == 10
    with store.transaction(ALICE):
        conn = store._current().conn  # type: ignore[union-attr]
        conn.execute("ANALYZE contacts")
        conn.execute("ANALYZE nudges")
        contacts_plan = explain(
            conn,
            "SELECT data FROM contacts WHERE platform = 'slack'"
            " AND workspace = 'T1' AND user_id = 'U_00007'"
            " ORDER BY created_at, seq",
        )
        due_plan = explain(
            conn,
            "SELECT id FROM nudges WHERE state = 'planned'"
            " AND due_at <= '2026-12-02' ORDER BY due_at LIMIT 500",
        )
    assert "contacts_by_user_age" in contacts_plan and "Sort" not in contacts_plan
    assert "nudges_planned_by_due" in due_plan


def explain(conn: psycopg.Connection[object], query: str) -> str:
    rows = conn.execute(f"EXPLAIN {query}").fetchall()  # type: ignore[arg-type]
    return "\n".join(str(r[0]) for r in rows)
