"""One user's TinyDB file and the decoded records it holds, kept in step.

Writes go through TinyDB (and ``AtomicJSONStorage``, which replaces the file atomically);
reads come from the decoded records in memory. Inside a transaction every change is
noted in an undo log, so a failed inner transaction can be undone as a savepoint.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from tinydb import TinyDB

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
from storage.atomic import AtomicJSONStorage

SCHEMA_VERSION = 1
META = "_meta"
KINDS: dict[str, type[Record]] = {
    "profile": Profile,
    "contacts": Contact,
    "conversation": Conversation,
    "interviews": Interview,
    "nudges": Nudge,
    "group": Group,
    "intros": Intro,
}
SINGLE = "self"  # the id of the one profile, running conversation or group of a key
SINGLES = frozenset({"profile", "conversation", "group"})  # kinds with one record per key
FORGOTTEN = "-forgotten"  # undo-log marker: the user was forgotten in this transaction
Undo = tuple[str, str, Record | None]  # (kind, id, the record before, None if it was new)


def _created(record: Record) -> datetime:
    return cast(Contact, record).created_at


class UserFile:
    """One user's TinyDB file and the decoded records it holds, kept in step."""

    def __init__(self, user: UserKey, path: str, data: dict[str, Any] | None) -> None:
        self.user = user
        self.path = path
        self.db = TinyDB(path, storage=AtomicJSONStorage, initial=data if data else {})
        self.storage = cast(AtomicJSONStorage, self.db.storage)
        self.records: dict[str, dict[str, Record]] = {}
        self.doc_ids: dict[str, dict[str, int]] = {}
        self.depth = 0  # open transactions on this user
        self.undo: list[Undo] = []
        self.forgotten = False
        self._listing: dict[str, list[Record]] = {}
        self._decode()

    def _decode(self) -> None:
        self.records = {kind: {} for kind in KINDS}
        self.doc_ids = {kind: {} for kind in KINDS}
        self._listing = {}
        for kind, cls in KINDS.items():
            for doc in self.db.table(kind).all():
                record = cls.from_dict(dict(doc))
                rid = SINGLE if kind in SINGLES else str(doc["id"])
                self.records[kind][rid] = record
                self.doc_ids[kind][rid] = doc.doc_id

    def forget_listing(self, kind: str) -> None:
        self._listing.pop(kind, None)

    def has_records(self) -> bool:
        return any(self.records.values())

    def listing(self, kind: str) -> list[Record]:
        """The records of a kind (contacts oldest first), cached until one changes."""
        found = self._listing.get(kind)
        if found is None:
            found = list(self.records[kind].values())
            if kind == "contacts":
                found.sort(key=_created)
            self._listing[kind] = found
        return found

    def ensure_meta(self) -> None:
        meta = self.db.table(META)
        if not meta.all():
            meta.insert({"schema": SCHEMA_VERSION, "user": list(self.user.as_tuple())})

    def put(self, kind: str, rid: str, record: Record) -> None:
        if self.depth:
            self.undo.append((kind, rid, self.records[kind].get(rid)))
        self._put(kind, rid, record)

    def delete(self, kind: str, rid: str) -> bool:
        if rid not in self.records[kind]:
            return False
        if self.depth:
            self.undo.append((kind, rid, self.records[kind][rid]))
        self._delete(kind, rid)
        return True

    def forget(self) -> dict[str, int]:
        """Delete every record; the file itself goes when the transaction ends."""
        counts = {kind: len(recs) for kind, recs in self.records.items() if recs}
        for kind, recs in self.records.items():
            if not recs:
                continue
            if self.depth:
                self.undo.extend((kind, rid, record) for rid, record in recs.items())
            self.db.table(kind).truncate()
            recs.clear()
            self.doc_ids[kind].clear()
            self._listing.pop(kind, None)
        if not self.forgotten:
            self.undo.append((FORGOTTEN, "", None))
            self.forgotten = True
        return counts

    def undo_to(self, mark: int) -> None:
        """Put back what was changed since the undo log had ``mark`` entries."""
        while len(self.undo) > mark:
            kind, rid, before = self.undo.pop()
            if kind == FORGOTTEN:
                self.forgotten = False
            elif before is None:
                self._delete(kind, rid)
            else:
                self._put(kind, rid, before)

    def _put(self, kind: str, rid: str, record: Record) -> None:
        self.ensure_meta()
        table = self.db.table(kind)
        data = record.to_dict()
        doc_id = self.doc_ids[kind].get(rid)
        if doc_id is None:
            self.doc_ids[kind][rid] = table.insert(data)
        else:
            table.update(data, doc_ids=[doc_id])
        self.records[kind][rid] = record
        self._listing.pop(kind, None)

    def _delete(self, kind: str, rid: str) -> None:
        doc_id = self.doc_ids[kind].pop(rid, None)
        if doc_id is not None:
            self.db.table(kind).remove(doc_ids=[doc_id])
        self.records[kind].pop(rid, None)
        self._listing.pop(kind, None)

    def reload(self) -> None:
        """Forget everything not written; read the records back from the file."""
        self.undo.clear()
        self.depth = 0
        self.forgotten = False
        self.storage.discard()
        self._decode()
