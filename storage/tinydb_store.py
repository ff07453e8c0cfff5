"""The embedded store: one TinyDB file per user, reads from memory, atomic writes.

Layout under the data folder::

    leap.lock                                  held while a process uses the folder
    users/<platform>/<workspace>/<user>.json   one TinyDB database per user

A write costs in proportion to one user's records, never the whole workspace's. Every
file carries a schema version and the user it belongs to. A second process opening the
same folder is refused.

Fault isolation: a user file that cannot be read (torn, garbage, empty, not a record set,
records of an unknown shape, in the wrong place) is moved to ``set-aside/`` under the same
relative path with a time stamp, never overwritten, and logged with its path and the fix.
Its user is refused (``UserDataUnavailable``) until a readable file is back in place;
every other user is served. ``set_aside()`` lists these files (for ``leap doctor``).

Transactions are one unit of work across keys: the outermost ``transaction(key)`` holds
every file written inside it (whichever key: a group, the other party of an introduction)
in memory, and writes them when it ends: one file as an atomic replacement, several by
staging each in a temporary file first, then renaming them in turn. If it raises, no
file is touched and every record is reloaded. A nested transaction is a savepoint: if it
raises, the undo logs put back what it changed in every file, and the outer one carries
on. ``forget`` inside a transaction takes effect (the file is deleted) only when the
outermost one ends well.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import datetime, timedelta
from typing import IO, Any, TypeVar, cast
from urllib.parse import quote, unquote

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
from bot.store import CLAIM_TIMEOUT, SetAside, StoreError, UserDataUnavailable
from storage.app_records import FolderAppRecords
from storage.atomic import drop, fsync_folder, is_temporary, read_json
from storage.due_index import DueIndex
from storage.tinydb_file import (
    META,
    SCHEMA_VERSION,
    SINGLE,
    UserFile,
)

R = TypeVar("R", bound=Record)
log = logging.getLogger("leap.storage.tinydb")
SET_ASIDE = "set-aside"  # unreadable files are moved here, under their relative path

MAX_PART = 120  # longest encoded path part kept readable; longer ones end in a hash


def _encode(part: str) -> str:
    """A safe, distinct file-name part for any string: never empty, never starting with a
    dot (so never ``.``, ``..`` or a temporary file's name), never too long."""
    encoded = quote(part, safe="")
    if set(encoded) <= {"."}:
        encoded = encoded.replace(".", "%2E")
    elif encoded.startswith("."):
        encoded = "%2E" + encoded[1:]
    if not encoded:
        return "="  # ``quote`` never outputs "=", so this cannot collide
    if len(encoded) > MAX_PART:
        digest = hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()[:40]
        encoded = f"{encoded[:60]}={digest}"
    return encoded


class NewerSchema(StoreError):
    """A file written by a newer Leap: upgrade Leap (no file is set aside for this)."""


def _decode_part(part: str) -> str:
    return "" if part == "=" else unquote(part)


class TinyDBStore(FolderAppRecords):
    """The ``bot.store.Store`` port on TinyDB files under one folder."""

    def __init__(self, root: str, claim_timeout: timedelta = CLAIM_TIMEOUT) -> None:
        self.root = os.path.abspath(root)
        self.claim_timeout = claim_timeout
        self._lock = threading.RLock()
        self._files: dict[UserKey, UserFile] = {}
        self._due = DueIndex()
        self._lockfile: IO[str] | None = None
        self._depth = 0  # open transactions (the lock keeps them to one thread)
        self._enlisted: dict[UserKey, UserFile] = {}  # files written in the open unit
        self._aside: list[SetAside] = []
        try:
            os.makedirs(self.root, exist_ok=True)
            self._lockfile = self._acquire_folder_lock()
        except OSError as err:
            raise StoreError(
                f"Cannot use the data folder {self.root}: {err.strerror or err}. Make it "
                "writable by this user, or point Leap at another folder with --data."
            ) from err
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
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise StoreError(
                f"Another Leap process{who} is already using the data in {self.root}. "
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
            for name in sorted(names):
                path = os.path.join(folder, name)
                if is_temporary(name):  # a write that died before its rename
                    with suppress(OSError):  # harmless if it stays: it is never read
                        os.unlink(path)
                    continue
                if name.endswith(".json"):
                    self._load_one(path)
        self._find_kept_aside()

    def _load_one(self, path: str) -> None:
        try:
            data = read_json(path)
            if data is None:
                return
            user = self._user_of(path, data)
            self._files[user] = UserFile(user, path, data)
        except NewerSchema:
            raise
        except (StoreError, AttributeError, KeyError, TypeError, ValueError) as err:
            self._set_aside(path, err)
            return
        self._index_user(user)

    def _key_of_path(self, rel: str) -> UserKey | None:
        """The user a file under ``users/`` (or ``set-aside/``) belongs to, by its place."""
        parts = rel.split(os.sep)
        if len(parts) != 3 or ".json" not in parts[2]:
            return None
        name = parts[2].rpartition(".json")[0]
        return UserKey(*(_decode_part(p) for p in (parts[0], parts[1], name)))

    def _set_aside(self, path: str, err: BaseException) -> None:
        """Move an unreadable file out of the way, keep it, and refuse only its user."""
        reason = str(err) if isinstance(err, StoreError) else f"{type(err).__name__}: {err}"
        rel = os.path.relpath(path, os.path.join(self.root, "users"))
        stamp = datetime.now().astimezone().strftime("%Y%m%dT%H%M%S")
        kept = os.path.join(self.root, SET_ASIDE, f"{rel}.{stamp}")
        n = 1
        while os.path.exists(kept):
            n += 1
            kept = os.path.join(self.root, SET_ASIDE, f"{rel}.{stamp}-{n}")
        try:
            os.makedirs(os.path.dirname(kept), exist_ok=True)
            os.rename(path, kept)  # never copied or rewritten: the bytes stay as they were
        except OSError as move_err:
            log.error("could not move %s aside (%s); leaving it in place", path, move_err)
            kept = path
        key = self._key_of_path(rel)
        entry = SetAside(path, kept, reason, key, key is not None)
        self._aside.append(entry)
        whose = "/".join(key.as_tuple()) if key else "no user (not a user file)"
        log.error(
            "Set aside an unreadable data file: %s (%s). It is kept, unchanged, at %s. "
            "Records of %s are refused until it is fixed: repair it (or restore it from a "
            "backup) and move it back to %s, or delete it to let them start afresh; then "
            "restart Leap.",
            path,
            reason,
            kept,
            whose,
            path,
        )

    def _find_kept_aside(self) -> None:
        """Files set aside by an earlier run still refuse their user until fixed."""
        aside_dir = os.path.join(self.root, SET_ASIDE)
        seen = {entry.kept_at for entry in self._aside}
        for folder, _dirs, names in os.walk(aside_dir):
            for name in sorted(names):
                kept = os.path.join(folder, name)
                if kept in seen:
                    continue
                rel = os.path.relpath(kept, aside_dir)
                key = self._key_of_path(rel)
                original = (
                    self._path(key)
                    if key
                    else os.path.join(self.root, "users", rel.rpartition(".")[0])
                )
                blocking = key is not None and key not in self._files
                reason = "set aside by an earlier run: unreadable"
                self._aside.append(SetAside(original, kept, reason, key, blocking))
                if blocking:
                    log.error(
                        "The records of %s are still set aside at %s: repair that file and "
                        "move it back to %s, or delete it; then restart Leap.",
                        "/".join(key.as_tuple()) if key else "?",
                        kept,
                        original,
                    )

    def set_aside(self) -> list[SetAside]:
        """Unreadable files moved to ``set-aside/`` (this run or earlier), oldest first."""
        with self._lock:
            return list(self._aside)

    def _refused(self, user: UserKey) -> SetAside | None:
        return next((a for a in self._aside if a.blocking and a.key == user), None)

    def _check_readable(self, user: UserKey) -> None:
        found = self._refused(user) if self._aside else None
        if found is not None:
            raise UserDataUnavailable(
                user,
                f"The records of {'/'.join(user.as_tuple())} are set aside as unreadable "
                f"at {found.kept_at}.",
            )

    def _user_of(self, path: str, data: dict[str, Any]) -> UserKey:
        meta = data.get(META) or {}
        docs = list(meta.values()) if isinstance(meta, dict) else []
        doc = docs[0] if docs and isinstance(docs[0], dict) else {}
        schema = doc.get("schema", SCHEMA_VERSION)
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
            raise StoreError(f"The data file {path} has an unknown schema version ({schema!r}).")
        if schema > SCHEMA_VERSION:
            raise NewerSchema(
                f"The data file {path} was written by a newer Leap (schema {schema}); "
                f"this one reads schema {SCHEMA_VERSION}. Upgrade Leap."
            )
        stored = doc.get("user")
        if isinstance(stored, list) and len(stored) == 3:
            user = UserKey(*[str(p) for p in stored])
        else:
            rel = os.path.relpath(path, os.path.join(self.root, "users"))
            parts = rel.split(os.sep)
            if len(parts) != 3:
                raise StoreError(
                    f"The file {path} is not where Leap keeps a user's records "
                    "(users/PLATFORM/WORKSPACE/USER.json)."
                )
            platform, workspace, name = parts
            user = UserKey(*(_decode_part(p) for p in (platform, workspace, name[:-5])))
        expected = self._path(user)
        if os.path.normpath(path) != expected:
            raise StoreError(
                f"The data file {path} holds the records of {'/'.join(user.as_tuple())}, "
                f"which belong in {expected}; Leap will not guess which is right."
            )
        return user

    def _file(self, user: UserKey) -> UserFile:
        found = self._files.get(user)
        if found is None:
            found = self._files[user] = UserFile(user, self._path(user), None)
        return found

    def _check_open(self) -> None:
        if self._lockfile is None or self._lockfile.closed:
            raise StoreError(f"The store on {self.root} is closed; nothing more can be saved.")

    # -- transactions ----------------------------------------------------------------
    @contextmanager
    def transaction(self, user: UserKey) -> Iterator[None]:
        with self._lock:
            self._check_open()
            self._check_readable(user)
            self._enlist(user)
            marks = {key: len(file.undo) for key, file in self._enlisted.items()}
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if self._depth:
                    self._undo_to(marks)  # a savepoint: the outer transaction goes on
                else:
                    self._rollback_all()
                raise
            self._depth -= 1
            if not self._depth:
                self._commit_all()

    def _enlist(self, user: UserKey) -> UserFile:
        """Make the user's file part of the open unit of work (held until it ends)."""
        file = self._file(user)
        if user not in self._enlisted:
            self._enlisted[user] = file
            file.depth = 1  # changes are logged for undo from now on
            file.storage.hold()
        return file

    def _undo_to(self, marks: dict[UserKey, int]) -> None:
        for key, file in self._enlisted.items():
            file.undo_to(marks.get(key, 0))  # a file enlisted since: all of it
            self._index_user(key)

    def _rollback_all(self) -> None:
        enlisted, self._enlisted = self._enlisted, {}
        for key, file in enlisted.items():
            self._rollback(key, file)

    def _commit_all(self) -> None:
        """Write every file the unit changed: all kept, or (short of a crash between two
        renames) none. One changed file is one atomic replacement."""
        enlisted = list(self._enlisted.items())
        self._enlisted = {}
        gone = [(k, f) for k, f in enlisted if f.forgotten and not f.has_records()]
        kept = [(k, f) for k, f in enlisted if not (f.forgotten and not f.has_records())]
        changed = [(k, f) for k, f in kept if f.storage.dirty()]
        staged: list[tuple[UserFile, str | None]] = []
        try:
            if len(changed) > 1:  # stage all first: a failure here keeps nothing
                for _key, file in changed:
                    staged.append((file, file.storage.prepare()))
                for file, tmp in staged:
                    file.storage.finish(tmp)
            for _key, file in kept:
                file.storage.release()  # the one changed file, if only one; else a no-op
            for key, file in gone:
                file.storage.discard()
                if os.path.exists(file.path):
                    os.unlink(file.path)
                    fsync_folder(os.path.dirname(file.path))
                del self._files[key]
        except BaseException:
            for _file, tmp in staged:
                if tmp is not None:
                    drop(tmp)
            for key, file in enlisted:
                self._rollback(key, file)
            raise
        for _key, file in enlisted:
            file.undo.clear()
            file.forgotten = False
            file.depth = 0

    def _rollback(self, user: UserKey, file: UserFile) -> None:
        file.reload()
        self._index_user(user)
        if not file.has_records() and not os.path.exists(file.path):
            self._files.pop(user, None)

    # -- generic record access ---------------------------------------------------------
    def _all(self, user: UserKey, kind: str, cls: type[R]) -> list[R]:
        with self._lock:
            self._check_readable(user)
            file = self._files.get(user)
            return cast(list[R], list(file.listing(kind))) if file else []

    def _get(self, user: UserKey, kind: str, rid: str, cls: type[R]) -> R | None:
        with self._lock:
            self._check_readable(user)
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

    def delete_interview(self, user: UserKey, interview_id: str) -> bool:
        return self._delete(user, "interviews", interview_id)

    def nudges(self, user: UserKey) -> list[Nudge]:
        return self._all(user, "nudges", Nudge)

    def save_nudge(self, user: UserKey, nudge: Nudge) -> None:
        with self.transaction(user):
            self._file(user).put("nudges", nudge.id, nudge)
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
        self, user: UserKey, nudge_id: str, now: datetime, due_by: datetime | None = None
    ) -> Nudge | None:
        stale_after = self.claim_timeout
        with self._lock:
            nudge = self._get(user, "nudges", nudge_id, Nudge)
            if nudge is None or nudge.due_at > (due_by or now):
                return None
            stale = nudge.claimed_at is not None and nudge.claimed_at + stale_after <= now
            if nudge.state != NudgeState.PLANNED and not (
                nudge.state == NudgeState.CLAIMED and stale
            ):
                return None
            claimed = replace(nudge, state=NudgeState.CLAIMED, claimed_at=now)
            # The claim is kept in memory only. One process owns this folder (the lock
            # file), so a claim only has to stop this process's own timers from sending
            # twice. A crash loses the claim with the process; the nudge, still planned on
            # disk, is delivered after the restart — what a stale claim gives elsewhere —
            # and a delivery costs one file write (marking it sent), not two.
            file = self._enlist(user) if self._depth else self._file(user)
            if file.depth:
                file.undo.append(("nudges", nudge_id, nudge))
            file.records["nudges"][nudge_id] = claimed
            file.forget_listing("nudges")
            self._due.update(user, claimed, self.claim_timeout)
            return claimed

    def group(self, key: UserKey) -> Group | None:
        return self._get(key, "group", SINGLE, Group)

    def save_group(self, key: UserKey, group: Group) -> None:
        self._put(key, "group", SINGLE, group)

    def intros(self, key: UserKey) -> list[Intro]:
        return self._all(key, "intros", Intro)

    def save_intro(self, key: UserKey, intro: Intro) -> None:
        self._put(key, "intros", intro.id, intro)

    def delete_intro(self, key: UserKey, intro_id: str) -> bool:
        return self._delete(key, "intros", intro_id)

    def users(self) -> Iterator[UserKey]:
        with self._lock:
            known = [user for user, file in self._files.items() if file.has_records()]
        yield from known

    def forget(self, user: UserKey) -> dict[str, int]:
        with self.transaction(user):
            counts = self._file(user).forget()
            self._due.drop_user(user)
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
