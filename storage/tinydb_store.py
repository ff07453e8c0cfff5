"""The embedded store: one TinyDB file per user, reads from memory, atomic writes.

Layout under the data folder::

    leap.lock                                  held while a process uses the folder
    users/<platform>/<workspace>/<user>.json   one TinyDB database per user

A write costs in proportion to one user's records, never the whole workspace's. Every
file carries a schema version. A second process opening the same folder is refused; a
file that cannot be read stops Leap with a message naming it, and is never overwritten.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import IO, Any, TypeVar
from urllib.parse import quote, unquote

from tinydb import TinyDB

from bot.models import Contact, Conversation, Interview, Nudge, Profile, Record, UserKey
from bot.store import StoreError
from storage.atomic import AtomicJSONStorage, read_json
from storage.due_index import DueIndex

SCHEMA_VERSION = 1
META = "_meta"
R = TypeVar("R", bound=Record)

KINDS: dict[str, type[Record]] = {
    "profile": Profile,
    "contacts": Contact,
    "conversation": Conversation,
    "interviews": Interview,
    "nudges": Nudge,
}
SINGLE = "self"  # the id of the one profile and the one running conversation


def _encode(part: str) -> str:
    encoded = quote(part, safe="")
    return encoded.replace(".", "%2E") if set(encoded) <= {"."} else encoded


class _UserFile:
    """One user's TinyDB file and the decoded records it holds, kept in step."""

    def __init__(self, user: UserKey, path: str, data: dict[str, Any] | None) -> None:
        self.user = user
        self.storage: AtomicJSONStorage | None = None
        self.db = TinyDB(path, storage=AtomicJSONStorage, initial=data)
        self.storage = self.db.storage  # type: ignore[assignment]
        self.records: dict[str, dict[str, Record]] = {}
        self.doc_ids: dict[str, dict[str, int]] = {}
        self._decode()

    def _decode(self) -> None:
        self.records = {kind: {} for kind in KINDS}
        self.doc_ids = {kind: {} for kind in KINDS}
        for kind, cls in KINDS.items():
            for doc in self.db.table(kind).all():
                record = cls.from_dict(dict(doc))
                rid = doc.get("id", SINGLE)
                self.records[kind][rid] = record
                self.doc_ids[kind][rid] = doc.doc_id

    def ensure_meta(self) -> None:
        meta = self.db.table(META)
        if not meta.all():
            meta.insert({"schema": SCHEMA_VERSION, "user": list(self.user.as_tuple())})

    def put(self, kind: str, rid: str, record: Record) -> None:
        self.ensure_meta()
        table = self.db.table(kind)
        data = record.to_dict()
        doc_id = self.doc_ids[kind].get(rid)
        if doc_id is None:
            self.doc_ids[kind][rid] = table.insert(data)
        else:
            table.update(data, doc_ids=[doc_id])
        self.records[kind][rid] = record

    def delete(self, kind: str, rid: str) -> bool:
        doc_id = self.doc_ids[kind].pop(rid, None)
        if doc_id is None:
            return False
        self.db.table(kind).remove(doc_ids=[doc_id])
        del self.records[kind][rid]
        return True

    def reload(self) -> None:
        assert self.storage is not None
        self.storage.discard()
        self._decode()


class TinyDBStore:
    """The ``bot.store.Store`` port on TinyDB files under one folder."""

    def __init__(self, root: str, claim_timeout: timedelta = timedelta(minutes=5)) -> None:
        self.root = os.path.abspath(root)
        self.claim_timeout = claim_timeout
        self._lock = threading.RLock()
        self._files: dict[UserKey, _UserFile] = {}
        self._due = DueIndex()
        os.makedirs(self.root, exist_ok=True)
        self._lockfile = self._acquire_folder_lock()
        try:
            self._load_all()
        except BaseException:
            self.close()
            raise

    # -- opening ---------------------------------------------------------------------
    def _acquire_folder_lock(self) -> IO[str]:
        path = os.path.join(self.root, "leap.lock")
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until close()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            handle.close()
            raise StoreError(
                f"Another Leap process is already using the data in {self.root}. "
                "Stop it first, or point this one at another folder with --data."
            ) from err
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        return handle

    def _path(self, user: UserKey) -> str:
        parts = [_encode(p) for p in user.as_tuple()]
        return os.path.join(self.root, "users", parts[0], parts[1], parts[2] + ".json")

    def _load_all(self) -> None:
        users_dir = os.path.join(self.root, "users")
        for folder, _dirs, names in os.walk(users_dir):
            for name in names:
                if not name.endswith(".json") or name.startswith(".tmp-"):
                    continue
                path = os.path.join(folder, name)
                data = read_json(path)
                if data is None:
                    continue
                user = self._user_of(path, data)
                self._files[user] = _UserFile(user, path, data)
                self._index_user(user)

    def _user_of(self, path: str, data: dict[str, Any]) -> UserKey:
        meta = data.get(META, {})
        doc = next(iter(meta.values()), {}) if isinstance(meta, dict) else {}
        schema = doc.get("schema", SCHEMA_VERSION)
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise StoreError(
                f"The data file {path} was written by a newer Leap (schema {schema}); "
                f"this one reads schema {SCHEMA_VERSION}. Upgrade Leap."
            )
        stored = doc.get("user")
        if isinstance(stored, list) and len(stored) == 3:
            return UserKey(*[str(p) for p in stored])
        rel = os.path.relpath(path, os.path.join(self.root, "users"))
        platform, workspace, user = rel.split(os.sep)
        return UserKey(unquote(platform), unquote(workspace), unquote(user[:-5]))

    def _file(self, user: UserKey) -> _UserFile:
        found = self._files.get(user)
        if found is None:
            found = self._files[user] = _UserFile(user, self._path(user), None)
        return found

    # -- transactions ----------------------------------------------------------------
    @contextmanager
    def transaction(self, user: UserKey) -> Iterator[None]:
        with self._lock:
            file = self._file(user)
            assert file.storage is not None
            file.storage.hold()
            try:
                yield
            except BaseException:
                file.reload()
                self._index_user(user)
                raise
            try:
                file.storage.release()
            except BaseException:
                file.reload()
                self._index_user(user)
                raise

    # -- generic record access ---------------------------------------------------------
    def _all(self, user: UserKey, kind: str, cls: type[R]) -> list[R]:
        with self._lock:
            file = self._files.get(user)
            if file is None:
                return []
            return [r for r in file.records[kind].values() if isinstance(r, cls)]

    def _get(self, user: UserKey, kind: str, rid: str, cls: type[R]) -> R | None:
        with self._lock:
            file = self._files.get(user)
            found = file.records[kind].get(rid) if file else None
            return found if isinstance(found, cls) else None

    def _put(self, user: UserKey, kind: str, rid: str, record: Record) -> None:
        with self.transaction(user):
            self._file(user).put(kind, rid, record)

    def _delete(self, user: UserKey, kind: str, rid: str) -> bool:
        with self.transaction(user):
            return self._file(user).delete(kind, rid)

    # -- the port --------------------------------------------------------------------
    def profile(self, user: UserKey) -> Profile | None:
        return self._get(user, "profile", SINGLE, Profile)

    def save_profile(self, user: UserKey, profile: Profile) -> None:
        self._put(user, "profile", SINGLE, profile)

    def contacts(self, user: UserKey) -> list[Contact]:
        return self._all(user, "contacts", Contact)

    def contact(self, user: UserKey, contact_id: str) -> Contact | None:
        return self._get(user, "contacts", contact_id, Contact)

    def save_contact(self, user: UserKey, contact: Contact) -> None:
        self._put(user, "contacts", contact.id, contact)

    def delete_contact(self, user: UserKey, contact_id: str) -> bool:
        return self._delete(user, "contacts", contact_id)

    def conversation(self, user: UserKey) -> Conversation | None:
        return self._get(user, "conversation", SINGLE, Conversation)

    def save_conversation(self, user: UserKey, conversation: Conversation | None) -> None:
        if conversation is None:
            self._delete(user, "conversation", SINGLE)
        else:
            self._put(user, "conversation", SINGLE, conversation)

    def interviews(self, user: UserKey) -> list[Interview]:
        return self._all(user, "interviews", Interview)

    def save_interview(self, user: UserKey, interview: Interview) -> None:
        self._put(user, "interviews", interview.id, interview)

    def nudges(self, user: UserKey) -> list[Nudge]:
        return self._all(user, "nudges", Nudge)

    def save_nudge(self, user: UserKey, nudge: Nudge) -> None:
        with self._lock:
            self._put(user, "nudges", nudge.id, nudge)
            self._due.update(user, nudge, self.claim_timeout)

    def due_nudges(self, before: datetime, limit: int = 1000) -> list[tuple[UserKey, Nudge]]:
        with self._lock:
            found: list[tuple[UserKey, Nudge]] = []
            for user, nid in self._due.due(before, limit):
                nudge = self._get(user, "nudges", nid, Nudge)
                if nudge is not None:
                    found.append((user, nudge))
            return found

    def claim_nudge(
        self, user: UserKey, nudge_id: str, now: datetime, stale_after: timedelta
    ) -> Nudge | None:
        with self._lock:
            nudge = self._get(user, "nudges", nudge_id, Nudge)
            if nudge is None or nudge.due_at > now:
                return None
            stale = nudge.claimed_at is not None and nudge.claimed_at + stale_after <= now
            if nudge.state != "planned" and not (nudge.state == "claimed" and stale):
                return None
            claimed = Nudge.from_dict(
                {**nudge.to_dict(), "state": "claimed", "claimed_at": now.isoformat()}
            )
            self.save_nudge(user, claimed)
            return claimed

    def users(self) -> Iterator[UserKey]:
        with self._lock:
            known = list(self._files)
        yield from known

    def forget(self, user: UserKey) -> dict[str, int]:
        with self._lock:
            file = self._files.pop(user, None)
            if file is None:
                return {}
            counts = {kind: len(recs) for kind, recs in file.records.items() if recs}
            self._due.drop_user(user)
            if os.path.exists(file.db.storage.path):  # type: ignore[attr-defined]
                os.unlink(file.db.storage.path)  # type: ignore[attr-defined]
            return counts

    def close(self) -> None:
        with self._lock:
            if self._lockfile is not None and not self._lockfile.closed:
                fcntl.flock(self._lockfile, fcntl.LOCK_UN)
                self._lockfile.close()

    def _index_user(self, user: UserKey) -> None:
        self._due.drop_user(user)
        for nudge in self.nudges(user):
            self._due.update(user, nudge, self.claim_timeout)
