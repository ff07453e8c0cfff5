"""The server store: PostgreSQL through psycopg 3 and a connection pool, shared by any
number of Leap processes.

Transactions: the outermost ``transaction(user)`` takes a pooled connection, begins a
database transaction and takes a transaction-level advisory lock on the user's key, so two
requests of the same user (in any process) run one after the other and a conversation is
never advanced twice from the same step. The connection is held in a thread-local for the
block; every call of that thread inside it uses it, whichever key it names. A nested
``transaction`` is a savepoint. Inside a transaction, another key is locked too the first
time the block writes to it, and a group key (``#CHANNEL``) as soon as it is read, since
members change a group by read-modify-write. Reads outside a transaction use any pooled
connection; a write outside one runs in its own short transaction, with the lock.

Claims: ``claim_nudge`` is one conditional ``UPDATE``: of processes claiming the same
nudge at once, exactly one gets it. A claim older than the timeout is claimable again, so
the nudges of a process that died mid-delivery are delivered by another.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

import psycopg
from psycopg.adapt import AdaptersMap
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.string import TextLoader
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.models import (
    Contact,
    Conversation,
    Group,
    Interview,
    Intro,
    Nudge,
    Profile,
    Record,
    UserKey,
)
from bot.store import CLAIM_TIMEOUT, SetAside, StoreError
from storage.app_records import PostgresAppRecords
from storage.postgres import migrations
from storage.postgres.tables import KEY, TABLES, USERS_SQL, Table
from storage.redact import scrub, shown

log = logging.getLogger("leap.storage.postgres")
R = TypeVar("R", bound=Record)
Conn = psycopg.Connection[Any]
SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
DECODED = 4096  # records kept decoded, by their stored text (records are immutable)

# Equally due nudges are taken user by user (a user's nudges stay in one batch), each
# process walking the users in its own order (its salt): processes waking together start
# on different users instead of queueing for the same ones.
TURN = "hashtextextended(platform || workspace || user_id, %(salt)s), user_id, id"
DUE_SQL = f"""
SELECT platform, workspace, user_id, data, state, claimed_at FROM (
  (SELECT platform, workspace, user_id, id, data, state, claimed_at, due_at AS at
     FROM nudges WHERE state = 'planned' AND due_at <= %(before)s
     ORDER BY due_at, {TURN} LIMIT %(limit)s)
  UNION ALL
  (SELECT platform, workspace, user_id, id, data, state, claimed_at,
          claimed_at + %(timeout)s AS at
     FROM nudges WHERE state = 'claimed' AND claimed_at <= %(stale)s
     ORDER BY claimed_at, {TURN} LIMIT %(limit)s)
) AS due
ORDER BY at, {TURN} LIMIT %(limit)s
"""
CLAIM_SQL = f"""
UPDATE nudges SET state = 'claimed', claimed_at = %s
 WHERE {KEY} AND id = %s AND due_at <= %s
   AND (state = 'planned' OR (state = 'claimed' AND claimed_at <= %s))
RETURNING data, state, claimed_at
"""


@dataclass(slots=True)
class _Tx:
    """The open transaction of one thread: its connection and the keys it has locked."""

    conn: Conn
    locked: set[int] = field(default_factory=set)


def describe(url: str) -> str:
    """Where a URL points, without its password: for messages."""
    try:
        info = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the PostgreSQL server in DATABASE_URL (which cannot be parsed)"
    host = str(info.get("host") or "localhost").rsplit("@", 1)[-1]  # no password part
    port = f":{info['port']}" if info.get("port") else ""
    return f"PostgreSQL database {info.get('dbname') or '(default)'!s} on {host}{port}"


class PostgresStore(PostgresAppRecords):
    """The ``bot.store.Store`` port on PostgreSQL. ``schema`` keeps the tables in their own
    schema (created if missing); by default they go where the server's search_path says."""

    def __init__(
        self,
        url: str,
        schema: str | None = None,
        claim_timeout: timedelta = CLAIM_TIMEOUT,
        pool_size: int = 8,
        connect_timeout: float = 15.0,
    ) -> None:
        if schema is not None and not SCHEMA_NAME.fullmatch(schema):
            raise StoreError(f"{schema!r} is not a schema name Leap uses (a-z, 0-9, _).")
        self.where = describe(url)
        self.schema = schema
        self.claim_timeout = claim_timeout
        self._salt = secrets.randbits(62)  # each process orders equally-due nudges its own way
        self._local = threading.local()
        self._lock_prefix = f"{schema or ''}\0"
        try:
            given = conninfo_to_dict(url).get("options")
            parts = [str(given) if given else "", "-c TimeZone=UTC"]
            if schema:
                parts.append(f"-c search_path={schema}")
            options = " ".join(p for p in parts if p)
            self._conninfo = conninfo = make_conninfo(url, options=options, application_name="leap")
        except psycopg.ProgrammingError as err:  # its text may quote the password: scrubbed
            raise StoreError(
                f"DATABASE_URL cannot be read as a PostgreSQL URL ({scrub(str(err), url)}): "
                f"{shown(url)}"
            ) from None
        self._adapters = AdaptersMap(psycopg.adapters)
        self._adapters.register_loader("json", TextLoader)  # decoded by ``_decode``
        self._decoded: dict[tuple[Any, ...], Record] = {}
        self._pool: ConnectionPool[Conn] | None = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=max(1, pool_size),
            kwargs={"autocommit": True, "context": self._adapters},
            open=False,
            name="leap",
        )
        try:  # one plain connection first: a refusal says why (no pool retrying quietly)
            with psycopg.connect(
                conninfo, autocommit=True, connect_timeout=max(1, round(connect_timeout))
            ) as first:
                applied = migrations.upgrade(first, schema)
            self._pool.open(wait=True, timeout=connect_timeout)
        except (PoolTimeout, psycopg.OperationalError) as err:
            self.close()
            raise StoreError(
                f"Cannot connect to the {self.where}: {scrub(str(err), url)}. Check "
                "DATABASE_URL and that the server is running."
            ) from None
        except psycopg.Error as err:
            self.close()
            raise StoreError(
                f"The {self.where} refused Leap's set-up: {scrub(str(err), url)}."
            ) from None
        except BaseException:
            self.close()
            raise
        if applied:
            log.info("upgraded the %s to schema %s", self.where, applied[-1])

    def _app_conn(self) -> AbstractContextManager[Conn]:
        return self._open_pool().connection()  # app records: one autocommit statement each

    # -- connections and transactions ---------------------------------------------------
    def _open_pool(self) -> ConnectionPool[Conn]:
        if self._pool is None:
            raise StoreError(f"The store on the {self.where} is closed; nothing more can be saved.")
        return self._pool

    @contextmanager
    def _reader(self) -> Iterator[Conn]:
        """A connection for reads outside a transaction. Once the store is closed, reads
        still work (as they do on the TinyDB store), each on a connection of its own."""
        if self._pool is not None:
            with self._pool.connection() as conn:
                yield conn
            return
        with psycopg.connect(self._conninfo, autocommit=True, context=self._adapters) as conn:
            yield conn

    def _current(self) -> _Tx | None:
        return cast(_Tx | None, getattr(self._local, "tx", None))

    def _lock_id(self, key: UserKey) -> int:
        text = self._lock_prefix + "\0".join(key.as_tuple())
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True)

    def _lock(self, tx: _Tx, key: UserKey) -> None:
        lock = self._lock_id(key)
        if lock not in tx.locked:
            tx.conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock,))
            tx.locked.add(lock)

    @contextmanager
    def transaction(self, user: UserKey) -> Iterator[None]:
        tx = self._current()
        if tx is not None:  # nested: a savepoint; locks taken inside it go with it
            before = set(tx.locked)
            try:
                with tx.conn.transaction():
                    self._lock(tx, user)
                    yield
            except BaseException:
                tx.locked = before
                raise
            return
        with self._open_pool().connection() as conn:
            self._local.tx = tx = _Tx(conn)
            try:
                with conn.transaction():
                    self._lock(tx, user)
                    yield
            finally:
                self._local.tx = None

    @contextmanager
    def _reading(self, key: UserKey) -> Iterator[Conn]:
        tx = self._current()
        if tx is None:
            with self._reader() as conn:
                yield conn
            return
        if key.user.startswith("#"):  # a group: read-modify-write by many members
            self._lock(tx, key)
        yield tx.conn

    @contextmanager
    def _writing(self, key: UserKey) -> Iterator[Conn]:
        tx = self._current()
        if tx is None:
            with self.transaction(key):
                yield cast(_Tx, self._current()).conn
            return
        self._lock(tx, key)
        yield tx.conn

    # -- generic record access ------------------------------------------------------------
    def _all(self, key: UserKey, table: Table, cls: type[R]) -> list[R]:
        with self._reading(key) as conn:
            rows = conn.execute(table.list_sql(), key.as_tuple()).fetchall()
        return [cast(R, self._decode(table, row)) for row in rows]

    def _get(self, key: UserKey, table: Table, cls: type[R], rid: str | None = None) -> R | None:
        params = key.as_tuple() if rid is None else (*key.as_tuple(), rid)
        with self._reading(key) as conn:
            row = conn.execute(table.get_sql(), params).fetchone()
        return None if row is None else cast(R, self._decode(table, row))

    def _put(self, key: UserKey, table: Table, record: Record) -> None:
        with self._writing(key) as conn:
            conn.execute(table.upsert_sql(), table.params(key, record))

    def _delete(self, key: UserKey, table: Table, rid: str | None = None) -> bool:
        params = key.as_tuple() if rid is None else (*key.as_tuple(), rid)
        with self._writing(key) as conn:
            return conn.execute(table.delete_sql(), params).rowcount > 0

    def _decode(self, table: Table, row: Sequence[Any]) -> Record:
        """The record a row holds. The same stored text always decodes to an equal (frozen)
        record, so a user's records read again and again are decoded once."""
        key = (table.kind, *row)
        found = self._decoded.get(key)
        if found is None:
            found = table.decode(row)
            if len(self._decoded) >= DECODED:
                self._decoded.clear()
            self._decoded[key] = found
        return found

    def put_many(self, key: UserKey, kind: str, records: list[Record]) -> None:
        """Save many records of one kind in one round of statements (for migration)."""
        table = TABLES[kind]
        with self._writing(key) as conn, conn.cursor() as cur:
            cur.executemany(table.upsert_sql(), [table.params(key, r) for r in records])

    # -- the port -------------------------------------------------------------------------
    def profile(self, user: UserKey) -> Profile | None:
        return self._get(user, TABLES["profile"], Profile)

    def save_profile(self, user: UserKey, profile: Profile) -> None:
        self._put(user, TABLES["profile"], profile)

    def contacts(self, user: UserKey) -> list[Contact]:
        return self._all(user, TABLES["contacts"], Contact)

    def contact(self, user: UserKey, contact_id: str) -> Contact | None:
        return self._get(user, TABLES["contacts"], Contact, contact_id)

    def save_contact(self, user: UserKey, contact: Contact) -> None:
        self._put(user, TABLES["contacts"], contact)

    def delete_contact(self, user: UserKey, contact_id: str) -> bool:
        return self._delete(user, TABLES["contacts"], contact_id)

    def conversation(self, user: UserKey) -> Conversation | None:
        return self._get(user, TABLES["conversation"], Conversation)

    def save_conversation(self, user: UserKey, conversation: Conversation | None) -> None:
        if conversation is None:
            self._delete(user, TABLES["conversation"])
        else:
            self._put(user, TABLES["conversation"], conversation)

    def interviews(self, user: UserKey) -> list[Interview]:
        return self._all(user, TABLES["interviews"], Interview)

    def save_interview(self, user: UserKey, interview: Interview) -> None:
        self._put(user, TABLES["interviews"], interview)

    def delete_interview(self, user: UserKey, interview_id: str) -> bool:
        return self._delete(user, TABLES["interviews"], interview_id)

    def nudges(self, user: UserKey) -> list[Nudge]:
        return self._all(user, TABLES["nudges"], Nudge)

    def save_nudge(self, user: UserKey, nudge: Nudge) -> None:
        self._put(user, TABLES["nudges"], nudge)

    def due_nudges(self, before: datetime, limit: int = 1000) -> list[tuple[UserKey, Nudge]]:
        params = {
            "before": before,
            "stale": before - self.claim_timeout,
            "timeout": self.claim_timeout,
            "limit": max(0, limit),
            "salt": self._salt,
        }
        tx = self._current()
        if tx is not None:
            rows = tx.conn.execute(DUE_SQL, params).fetchall()
        else:
            with self._reader() as conn:
                rows = conn.execute(DUE_SQL, params).fetchall()
        table = TABLES["nudges"]
        return [
            (UserKey(p, w, u), cast(Nudge, self._decode(table, rest))) for p, w, u, *rest in rows
        ]

    def claim_nudge(
        self, user: UserKey, nudge_id: str, now: datetime, due_by: datetime | None = None
    ) -> Nudge | None:
        stale = now - self.claim_timeout
        params = (now, *user.as_tuple(), nudge_id, due_by or now, stale)
        with self._writing(user) as conn:
            row = conn.execute(CLAIM_SQL, params).fetchone()
        return None if row is None else cast(Nudge, self._decode(TABLES["nudges"], row))

    def group(self, key: UserKey) -> Group | None:
        return self._get(key, TABLES["group"], Group)

    def save_group(self, key: UserKey, group: Group) -> None:
        self._put(key, TABLES["group"], group)

    def intros(self, key: UserKey) -> list[Intro]:
        return self._all(key, TABLES["intros"], Intro)

    def save_intro(self, key: UserKey, intro: Intro) -> None:
        self._put(key, TABLES["intros"], intro)

    def delete_intro(self, key: UserKey, intro_id: str) -> bool:
        return self._delete(key, TABLES["intros"], intro_id)

    def users(self) -> Iterator[UserKey]:
        tx = self._current()
        if tx is not None:
            rows = tx.conn.execute(USERS_SQL).fetchall()
        else:
            with self._reader() as conn:
                rows = conn.execute(USERS_SQL).fetchall()
        yield from (UserKey(*row) for row in rows)

    def forget(self, user: UserKey) -> dict[str, int]:
        counts: dict[str, int] = {}
        with self.transaction(user), self._writing(user) as conn:
            for kind, table in TABLES.items():
                gone = conn.execute(table.forget_sql(), user.as_tuple()).rowcount
                if gone > 0:
                    counts[kind] = gone
        return counts

    def set_aside(self) -> list[SetAside]:
        """Nothing is ever set aside here: rows are typed and checked by the database."""
        return []

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
