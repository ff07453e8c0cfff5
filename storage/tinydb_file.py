"""One user's TinyDB file: its decoded records, what is saved, and its text.

The file on disk is a TinyDB database (``{"table": {"doc_id": {document}}}``): stock
TinyDB opens it, and a file written by stock TinyDB loads here. Reading skips TinyDB's
document layer (``json.loads`` straight to records), and writing does not re-encode the
whole database on every change, which is what TinyDB's storages do: each document's JSON
is kept once encoded (``_frags``) and only a changed document is encoded again, so the
text of a file is a join of cached pieces. The encoding is ``json.dumps`` with compact
separators, exactly what a whole-database dump would give.

``records`` is the live view: it includes claims, which are kept in memory only (the
store's own business); ``_claimed_from`` remembers the saved record under each claim so a
claim never reaches the disk. Inside a transaction every change is noted in an undo log
(a failed inner transaction is undone as a savepoint) and in ``touched`` (what the journal
entry of the unit must carry).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, cast

from bot.models import (
    Contact,
    Conversation,
    Group,
    Interview,
    Intro,
    Nudge,
    NudgeState,
    Profile,
    Record,
    UserKey,
)

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
# (kind, id, the record before or None if it was new, the saved record under a claim)
Undo = tuple[str, str, Record | None, Record | None]


def encode(doc: dict[str, Any]) -> str:
    return json.dumps(doc, separators=(",", ":"))


def _created(record: Record) -> datetime:
    return cast(Contact, record).created_at


def decode_tables(data: dict[str, Any]) -> dict[str, dict[str, Record]]:
    """A TinyDB database's documents as records, by kind and id (``ValueError`` & co. if
    a document is not a record of its kind)."""
    records: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
    for kind, cls in KINDS.items():
        table = data.get(kind) or {}
        if not isinstance(table, dict):
            raise TypeError(f"table {kind!r} is not a JSON object")
        for doc in table.values():
            if not isinstance(doc, dict):
                raise TypeError(f"a document of {kind!r} is not a JSON object")
            record = cls.from_dict(dict(doc))
            records[kind][SINGLE if kind in SINGLES else str(doc["id"])] = record
    return records


class UserFile:
    """One user's records, live and saved, and the text of their TinyDB file."""

    def __init__(self, user: UserKey, path: str, data: dict[str, Any] | None) -> None:
        self.user = user
        self.path = path
        self.records = decode_tables(data or {})
        self.depth = 0  # open transactions on this user
        self.undo: list[Undo] = []
        self.touched: dict[str, set[str]] = {}  # changed in the open unit of work
        self.forgotten = False  # forgotten in the open unit of work
        self.generation = 0  # bumped by every saved change; the checkpoint compares it
        self.saved_generation = 0  # what the file on disk holds
        self._claimed_from: dict[str, Nudge] = {}
        self._listing: dict[str, list[Record]] = {}
        self._doc_ids: dict[str, dict[str, int]] | None = None
        self._frags: dict[str, dict[int, str]] | None = None
        self._next_id: dict[str, int] = {}
        self._meta: str | None = None
        if data:
            self._adopt_doc_ids(data)

    # -- reading ---------------------------------------------------------------------
    def has_records(self) -> bool:
        return any(self.records.values())

    def dirty(self) -> bool:
        return self.generation != self.saved_generation

    def listing(self, kind: str) -> list[Record]:
        """The records of a kind (contacts oldest first), cached until one changes."""
        found = self._listing.get(kind)
        if found is None:
            found = list(self.records[kind].values())
            if kind == "contacts":
                found.sort(key=_created)
            self._listing[kind] = found
        return found

    def next_due(self, claim_timeout: timedelta) -> tuple[float | None, float | None]:
        """When a nudge of this user is next deliverable: live (a claim waits until it is
        stale) and as saved (claims do not outlive the process)."""
        live: float | None = None
        saved: float | None = None
        for nudge in cast(dict[str, Nudge], self.records["nudges"]).values():
            if nudge.state == NudgeState.PLANNED:
                at = nudge.due_at.timestamp()
                live = at if live is None or at < live else live
                saved = at if saved is None or at < saved else saved
            elif nudge.state == NudgeState.CLAIMED and nudge.claimed_at is not None:
                at = (nudge.claimed_at + claim_timeout).timestamp()
                live = at if live is None or at < live else live
                before = self._claimed_from.get(nudge.id)
                if before is not None and before.state == NudgeState.PLANNED:
                    at = before.due_at.timestamp()  # the claim is not saved: due at once
                saved = at if saved is None or at < saved else saved
        return live, saved

    # -- changing (noted for undo and for the journal) ---------------------------------
    def _note(self, kind: str, rid: str) -> None:
        if self.depth:
            saved = self._claimed_from.get(rid) if kind == "nudges" else None
            self.undo.append((kind, rid, self.records[kind].get(rid), saved))

    def put(self, kind: str, rid: str, record: Record) -> None:
        self._note(kind, rid)
        self.touched.setdefault(kind, set()).add(rid)
        self.store(kind, rid, record)

    def delete(self, kind: str, rid: str) -> bool:
        if rid not in self.records[kind]:
            return False
        self._note(kind, rid)
        self.touched.setdefault(kind, set()).add(rid)
        self.remove(kind, rid)
        return True

    def forget(self) -> dict[str, int]:
        """Delete every record; the file itself goes when the unit of work ends."""
        counts = {kind: len(recs) for kind, recs in self.records.items() if recs}
        for kind, recs in self.records.items():
            for rid in list(recs):
                self._note(kind, rid)
                self.remove(kind, rid)
        if not self.forgotten:
            self.undo.append((FORGOTTEN, "", None, None))
            self.forgotten = True
        self.touched.clear()
        return counts

    def claim(self, nudge_id: str, claimed: Nudge) -> None:
        """Mark a nudge claimed in memory only; what is saved keeps the nudge as it was."""
        before = cast(Nudge, self.records["nudges"][nudge_id])
        self._note("nudges", nudge_id)
        self._claimed_from.setdefault(nudge_id, before)
        self.records["nudges"][nudge_id] = claimed
        self._listing.pop("nudges", None)

    def unclaim(self, nudge_id: str) -> bool:
        """A claim is over (stale and forgotten): the nudge is as saved again."""
        saved = self._claimed_from.pop(nudge_id, None)
        if saved is None:
            return False
        self.records["nudges"][nudge_id] = saved
        self._listing.pop("nudges", None)
        return True

    def undo_to(self, mark: int) -> None:
        """Put back what was changed since the undo log had ``mark`` entries."""
        while len(self.undo) > mark:
            kind, rid, before, saved = self.undo.pop()
            if kind == FORGOTTEN:
                self.forgotten = False
            elif before is None:
                self.remove(kind, rid)
            elif saved is None:
                self.store(kind, rid, before)
            else:  # it was a claim over ``saved``: saved stays on disk, the claim live
                self.store(kind, rid, saved)
                self._claimed_from[rid] = cast(Nudge, saved)
                self.records[kind][rid] = before

    def end_unit(self) -> None:
        self.undo.clear()
        self.touched.clear()
        self.forgotten = False
        self.depth = 0

    def journal_part(self) -> dict[str, Any] | None:
        """What the open unit changed here, as saved records: None if nothing."""
        if not self.touched and not self.forgotten:
            return None
        part: dict[str, Any] = {"user": list(self.user.as_tuple())}
        if self.forgotten:
            part["forget"] = True
        puts: dict[str, dict[str, Any]] = {}
        dels: dict[str, list[str]] = {}
        for kind, rids in self.touched.items():
            for rid in sorted(rids):
                record = self.records[kind].get(rid)
                if record is None:
                    dels.setdefault(kind, []).append(rid)
                else:
                    puts.setdefault(kind, {})[rid] = self._saved(kind, rid, record).to_dict()
        if puts:
            part["put"] = puts
        if dels:
            part["del"] = dels
        return part

    def apply(self, part: dict[str, Any]) -> None:
        """Replay one journal part (records as saved) onto this file."""
        if part.get("forget"):
            for kind, recs in self.records.items():
                for rid in list(recs):
                    self.remove(kind, rid)
        for kind, rids in (part.get("del") or {}).items():
            for rid in rids:
                self.remove(kind, rid)
        for kind, docs in (part.get("put") or {}).items():
            cls = KINDS[kind]
            for rid, doc in docs.items():
                self.store(kind, rid, cls.from_dict(dict(doc)))
        self.generation += 1

    def store(self, kind: str, rid: str, record: Record) -> None:
        """Set a record, live and saved (no undo, no journal)."""
        if kind == "nudges":
            self._claimed_from.pop(rid, None)
        self.records[kind][rid] = record
        self._listing.pop(kind, None)
        if self._frags is not None and self._doc_ids is not None:
            self._frags[kind][self._doc_id(self._doc_ids[kind], kind, rid)] = encode(
                record.to_dict()
            )

    def remove(self, kind: str, rid: str) -> None:
        """Drop a record, live and saved (no undo, no journal)."""
        if self.records[kind].pop(rid, None) is None:
            return
        if kind == "nudges":
            self._claimed_from.pop(rid, None)
        self._listing.pop(kind, None)
        if self._frags is not None and self._doc_ids is not None:
            doc_id = self._doc_ids[kind].pop(rid, None)
            if doc_id is not None:
                self._frags[kind].pop(doc_id, None)

    # -- the text on disk --------------------------------------------------------------
    def text(self) -> str:
        """The whole file as saved: a TinyDB database, documents in doc-id order."""
        frags = self._ensure_frags()
        tables = [f'"{META}":{{"1":{self._meta_text()}}}']
        for kind in KINDS:
            docs = frags[kind]
            if docs:
                body = ",".join(f'"{doc_id}":{docs[doc_id]}' for doc_id in sorted(docs))
                tables.append(f'"{kind}":{{{body}}}')
        return "{" + ",".join(tables) + "}"

    def _meta_text(self) -> str:
        if self._meta is None:
            self._meta = encode({"schema": SCHEMA_VERSION, "user": list(self.user.as_tuple())})
        return self._meta

    def _saved(self, kind: str, rid: str, record: Record) -> Record:
        if kind == "nudges":
            return self._claimed_from.get(rid, record)
        return record

    def _adopt_doc_ids(self, data: dict[str, Any]) -> None:
        """Keep the file's own doc ids, so a rewrite changes only what changed."""
        ids: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
        for kind in KINDS:
            for doc_id, doc in (data.get(kind) or {}).items():
                rid = SINGLE if kind in SINGLES else str(doc["id"])
                ids[kind][rid] = int(doc_id)
            self._next_id[kind] = max(ids[kind].values(), default=0) + 1
        self._doc_ids = ids

    def _doc_id(self, ids: dict[str, int], kind: str, rid: str) -> int:
        """The record's TinyDB doc id: its own, or the next free one (as TinyDB numbers)."""
        doc_id = ids.get(rid)
        if doc_id is None:
            doc_id = ids[rid] = self._next_id.get(kind, 1)
            self._next_id[kind] = doc_id + 1
        return doc_id

    def _ensure_frags(self) -> dict[str, dict[int, str]]:
        if self._frags is None:
            if self._doc_ids is None:
                self._doc_ids = {kind: {} for kind in KINDS}
            frags: dict[str, dict[int, str]] = {kind: {} for kind in KINDS}
            for kind, recs in self.records.items():
                ids = self._doc_ids[kind]
                for rid, record in recs.items():
                    doc_id = self._doc_id(ids, kind, rid)
                    frags[kind][doc_id] = encode(self._saved(kind, rid, record).to_dict())
                for rid in [r for r in ids if r not in recs]:
                    del ids[rid]
            self._frags = frags
        return self._frags
