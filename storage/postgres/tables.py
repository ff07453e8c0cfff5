"""How each kind of record sits in PostgreSQL: its table, its hot columns, its SQL.

Every table is keyed by (platform, workspace, user_id[, id]) and keeps the whole record
as JSON in ``data``. Nudges are the exception that proves the rule: their ``state`` and
``claimed_at`` columns are the truth (a claim is one ``UPDATE`` of those two columns), and
they override what ``data`` says when a nudge is read back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

import psycopg
from psycopg.types.json import Json

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

KEY = "platform = %s AND workspace = %s AND user_id = %s"
KEY_COLUMNS = ("platform", "workspace", "user_id")


@dataclass(frozen=True, slots=True)
class Table:
    kind: str  # the name ``forget`` counts it under (the same as the TinyDB store's)
    name: str  # the SQL table
    cls: type[Record]
    single: bool  # one record per key: profile, conversation, group
    hot: tuple[str, ...] = ()  # columns beside key, id and data, filled from the record
    order: str = "seq"
    read_back: tuple[str, ...] = ()  # columns that override ``data`` when read

    @property
    def key_columns(self) -> tuple[str, ...]:
        return KEY_COLUMNS if self.single else (*KEY_COLUMNS, "id")

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column a save writes, in parameter order."""
        return (*self.key_columns, *self.hot, "data")

    @property
    def select(self) -> str:
        return ", ".join(("data", *self.read_back))

    def list_sql(self) -> str:
        return f"SELECT {self.select} FROM {self.name} WHERE {KEY} ORDER BY {self.order}"

    def get_sql(self) -> str:
        where = KEY if self.single else f"{KEY} AND id = %s"
        return f"SELECT {self.select} FROM {self.name} WHERE {where}"

    def upsert_sql(self) -> str:
        cols = self.columns
        values = ", ".join(["%s"] * len(cols))
        update = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*self.hot, "data"))
        conflict = ", ".join(self.key_columns)
        return (
            f"INSERT INTO {self.name} ({', '.join(cols)}) VALUES ({values}) "
            f"ON CONFLICT ({conflict}) DO UPDATE SET {update}"
        )

    def delete_sql(self) -> str:
        where = KEY if self.single else f"{KEY} AND id = %s"
        return f"DELETE FROM {self.name} WHERE {where}"

    def forget_sql(self) -> str:
        return f"DELETE FROM {self.name} WHERE {KEY}"

    def params(self, key: UserKey, record: Record) -> tuple[Any, ...]:
        """What ``upsert_sql`` takes for one record."""
        ident = () if self.single else (cast(Any, record).id,)
        hot = tuple(getattr(record, column) for column in self.hot)
        return (*key.as_tuple(), *ident, *hot, Json(record.to_dict()))

    def copy_row(self, key: UserKey, record: Record) -> tuple[Any, ...]:
        """One row for ``COPY ... FROM STDIN`` (the JSON already as text)."""
        ident = () if self.single else (cast(Any, record).id,)
        hot = tuple(getattr(record, column) for column in self.hot)
        return (*key.as_tuple(), *ident, *hot, json.dumps(record.to_dict()))

    def decode(self, row: Sequence[Any]) -> Record:
        data = json.loads(row[0]) if isinstance(row[0], str | bytes) else row[0]
        record = self.cls.from_dict(data)
        if self.read_back:
            record = replace(cast(Any, record), **dict(zip(self.read_back, row[1:], strict=True)))
        return record


TABLES: dict[str, Table] = {
    t.kind: t
    for t in (
        Table("profile", "profiles", Profile, single=True),
        Table(
            "contacts",
            "contacts",
            Contact,
            single=False,
            hot=("created_at",),
            order="created_at, seq",
        ),
        Table("conversation", "conversations", Conversation, single=True),
        Table("interviews", "interviews", Interview, single=False),
        Table(
            "nudges",
            "nudges",
            Nudge,
            single=False,
            hot=("due_at", "state", "claimed_at"),
            read_back=("state", "claimed_at"),
        ),
        Table("group", "groups", Group, single=True),
        Table("intros", "intros", Intro, single=False),
    )
}

USERS_SQL = " UNION ".join(
    f"SELECT platform, workspace, user_id FROM {t.name}" for t in TABLES.values()
)


def copy_records(
    conn: psycopg.Connection[Any], kind: str, rows: Iterable[tuple[UserKey, Record]]
) -> int:
    """Bulk-load records with ``COPY`` (new rows only: no upsert). Returns the count."""
    table = TABLES[kind]
    count = 0
    statement = f"COPY {table.name} ({', '.join(table.columns)}) FROM STDIN"
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for key, record in rows:
            copy.write_row(table.copy_row(key, record))
            count += 1
    return count
