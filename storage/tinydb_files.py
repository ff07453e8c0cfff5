"""The TinyDB store's files: a write-ahead journal, lazy loading, the checkpoint, claims.

Opening a folder reads the due index (one small file) and replays the journal left by a
run that did not close cleanly; nothing else. A user's file is read when that user first
acts or has a nudge due; of the files with nothing unwritten, at most ``max_in_memory``
are held (least recently used let go first), and files with changes are held until the
checkpoint writes them, so memory follows the users active in the process, not the
workspace. The folder's layout and lock: ``storage/folder.py``.

A unit of work (the outermost ``transaction``) is one line in the journal, covering
every file it touched (a group, the other party of an introduction): it is durable once
that line is synced, and atomic across files, since a replay applies a whole line or
none. Files are rewritten from the journal by a background checkpoint
(``storage/checkpoint.py``), each atomically, and always at ``close()``. If a unit
raises, the undo logs put back what it changed and nothing reaches the journal; a nested
transaction that raises is a savepoint. ``forget`` writes the files at once and deletes
the journals, so no copy of the user's records is left behind.

Fault isolation: a user file that cannot be read is set aside (``Folder.set_aside``); its
user is refused (``UserDataUnavailable``) until a readable file is back in place, and
every other user is served.

Claims are held in this process's memory only (one process owns the folder): a claimed
nudge is never written as claimed, and a restart makes it due again at once. The port
itself (records, the due scan, claiming) is ``storage/tinydb_store.py``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import datetime, timedelta
from typing import cast

from bot.models import Nudge, NudgeState, UserKey
from bot.store import CLAIM_TIMEOUT, StoreError, UserDataUnavailable
from storage.atomic import fsync_folder, read_json, write_files
from storage.checkpoint import Checkpointer
from storage.due_index import DueIndex
from storage.folder import Folder, NewerSchema
from storage.journal import Journal, JournalDamaged, journals, move_aside, read_lines
from storage.tinydb_file import UserFile

log = logging.getLogger("leap.storage.tinydb")
MAX_IN_MEMORY = 2000  # users whose records are held; more are read again when needed
CHECKPOINT_EVERY = 30.0  # seconds a change may wait in the journal only
CHECKPOINT_BYTES = 4 << 20  # a journal this long is written out at once
INDEX = "due-index.json"


class TinyDBFiles:
    """A data folder's user files, held and written as units of work."""

    def __init__(
        self,
        root: str,
        claim_timeout: timedelta = CLAIM_TIMEOUT,
        *,
        max_in_memory: int = MAX_IN_MEMORY,
        checkpoint_every: float = CHECKPOINT_EVERY,
    ) -> None:
        self.folder = Folder(root)
        self.root = self.folder.root
        self.claim_timeout = claim_timeout
        self.max_in_memory = max_in_memory
        self._lock = threading.RLock()
        self._checkpointing = threading.Lock()
        self._files: dict[UserKey, UserFile] = {}
        # The held files with nothing unwritten, least recently used first: the ones that
        # may be let go. A file leaves it when changed and comes back once written.
        self._clean: OrderedDict[UserKey, None] = OrderedDict()
        self._dirty: dict[UserKey, UserFile] = {}  # changed since their file was written
        self._old_journals: list[str] = []  # replayed or rotated, deleted once written
        self._index_stale = False
        self._forgotten_in_unit = False
        # Claims this process holds, by claim time (oldest first). One process owns the
        # folder, so a claim only has to stop its own timers from sending twice; claims
        # are never written, and outlive a file being let go and read again.
        self._claims: dict[tuple[UserKey, str], datetime] = {}
        self._unit_claims: set[tuple[UserKey, str]] = set()  # taken in the open unit
        self._depth = 0  # open transactions (the lock keeps them to one thread)
        self._enlisted: dict[UserKey, UserFile] = {}  # files written in the open unit
        self._due = DueIndex()
        self._journal: Journal | None = None
        self._checkpointer: Checkpointer | None = None
        self.folder.lock()
        try:
            self._open()
        except BaseException:
            self.folder.unlock()
            raise
        self._checkpointer = Checkpointer(self._checkpoint_if_needed, checkpoint_every)

    # -- opening ---------------------------------------------------------------------
    def _open(self) -> None:
        self.folder.find_kept_aside()
        found = journals(self.root)
        index = DueIndex.load(os.path.join(self.root, INDEX))
        if index is None:
            index = self._rebuild_index()
        self._due = index
        unclean = [path for _n, path in found if os.path.getsize(path)]
        if unclean:
            self.folder.sweep_temporary()  # a run that died may have left some behind
            self._replay(unclean)
        self._old_journals = [path for _n, path in found]
        for aside in self.folder.aside:  # a file put back in place: its nudges count again
            if aside.key is not None and not aside.blocking:
                with suppress(UserDataUnavailable):
                    self._refresh_due(aside.key, self._file(aside.key))
        self._journal = Journal(self.root, found[-1][0] + 1 if found else 1)

    def _rebuild_index(self) -> DueIndex:
        """Read every file once (a folder from before the index, or the index was lost)."""
        times = {}
        for key in self.folder.keys_on_disk():
            try:
                file = self._load(key)
            except UserDataUnavailable:
                continue
            times[key] = file.next_due(self.claim_timeout)
        self._index_stale = True
        if times:
            log.info("Rebuilt the due-nudge index from %d user files.", len(times))
        return DueIndex.built(times)

    def _replay(self, paths: list[str]) -> None:
        for number, path in enumerate(paths):
            try:
                for entry in read_lines(path):
                    for part in entry.get("files", []):
                        self._replay_part(part)
            except JournalDamaged:
                move_aside(self.root, paths[number:])
                break
        self._index_stale = True

    def _replay_part(self, part: dict[str, object]) -> None:
        key = UserKey(*cast(list[str], part["user"]))
        try:
            file = self._file(key)
        except UserDataUnavailable:
            log.error("A journal change for %s was not replayed: its file is set aside.", key)
            return
        file.apply(part)
        self._dirty[key] = file
        self._clean.pop(key, None)
        self._refresh_due(key, file)

    # -- loading and letting go ----------------------------------------------------------
    def _load(self, user: UserKey) -> UserFile:
        path = self.folder.path(user)
        try:
            data = read_json(path)
            if data is not None:
                self.folder.owner(path, data)
            return UserFile(user, path, data)
        except NewerSchema:
            raise
        except (StoreError, AttributeError, KeyError, TypeError, ValueError) as err:
            self.folder.set_aside(path, err)
            self._due.drop_user(user)
            self._check_readable(user)
            raise  # not reached: the user is refused now

    def _file(self, user: UserKey) -> UserFile:
        found = self._files.get(user)
        if found is not None:
            if user in self._clean:
                self._clean.move_to_end(user)
            return found
        self._check_readable(user)
        try:
            found = self._load(user)
        except NewerSchema as err:
            raise UserDataUnavailable(user, str(err)) from err
        if self._reclaim(user, found):
            self._refresh_due(user, found)
        self._files[user] = found
        self._clean[user] = None
        if len(self._clean) > self.max_in_memory:
            self._let_go(user)
        return found

    def _let_go(self, keep: UserKey | None = None) -> None:
        """Hold at most ``max_in_memory`` files with nothing unwritten: forget the least
        recently used. Files with changes are held until the checkpoint writes them (it is
        asked for when as many wait)."""
        busy: list[UserKey] = []
        while len(self._clean) > self.max_in_memory:
            key, _ = self._clean.popitem(last=False)
            file = self._files.get(key)
            if file is None:
                continue
            if file.depth or key in self._enlisted or key == keep:
                busy.append(key)
            else:
                del self._files[key]
        for key in busy:
            self._clean[key] = None

    def _check_readable(self, user: UserKey) -> None:
        found = self.folder.refused(user) if self.folder.aside else None
        if found is not None:
            raise UserDataUnavailable(
                user,
                f"The records of {'/'.join(user.as_tuple())} are set aside as unreadable "
                f"at {found.kept_at}.",
            )

    def _check_open(self) -> None:
        if not self.folder.locked() or self._journal is None:
            raise StoreError(f"The store on {self.root} is closed; nothing more can be saved.")

    # -- transactions ----------------------------------------------------------------
    @contextmanager
    def transaction(self, user: UserKey) -> Iterator[None]:
        synced: tuple[Journal, int] | None = None
        with self._lock:
            self._check_open()
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
                synced = self._commit_all()
        if synced is not None:
            synced[0].sync(synced[1])  # outside the lock: one fdatasync for many threads
        if self._forgotten_in_unit and not self._depth:
            self._forgotten_in_unit = False
            self._write_forgotten()

    def _write_forgotten(self) -> None:
        """Delete a forgotten user's file and the journals holding their records now."""
        try:
            self.checkpoint()
        except OSError as err:
            log.error(
                "Records were forgotten, but their file could not be deleted yet (%s); "
                "Leap tries again in the background and at the next start.",
                err,
            )

    def _enlist(self, user: UserKey) -> UserFile:
        """Make the user's file part of the open unit of work (held until it ends)."""
        file = self._file(user)
        if user not in self._enlisted:
            self._enlisted[user] = file
            file.depth = 1  # changes are logged for undo from now on
        return file

    def _undo_to(self, marks: dict[UserKey, int]) -> None:
        for key, file in self._enlisted.items():
            file.undo_to(marks.get(key, 0))  # a file enlisted since: all of it
            self._refresh_due(key, file)

    def _rollback_all(self) -> None:
        for taken in self._unit_claims:  # a claim taken in a failed unit is undone with it
            self._claims.pop(taken, None)
        self._unit_claims.clear()
        enlisted, self._enlisted = self._enlisted, {}
        for key, file in enlisted.items():
            file.undo_to(0)
            file.end_unit()
            self._refresh_due(key, file)

    def _commit_all(self) -> tuple[Journal, int] | None:
        """One journal line for everything the unit changed, in every file."""
        enlisted = list(self._enlisted.items())
        parts = [(key, file, file.journal_part()) for key, file in enlisted]
        changed = [(key, file, part) for key, file, part in parts if part is not None]
        if not changed:
            self._enlisted = {}
            self._unit_claims.clear()
            for _key, file in enlisted:
                file.end_unit()
            return None
        journal = cast(Journal, self._journal)
        try:
            line = journal.append({"files": [part for _k, _f, part in changed]})
        except BaseException:
            self._rollback_all()
            raise
        self._enlisted = {}
        self._unit_claims.clear()
        for key, file, _part in changed:
            file.generation += 1
            self._dirty[key] = file
            self._clean.pop(key, None)  # held until written
            self._forgotten_in_unit |= file.forgotten
        for key, file in enlisted:
            file.end_unit()
            self._refresh_due(key, file)
        many = journal.size > CHECKPOINT_BYTES or len(self._dirty) > self.max_in_memory
        if many and self._checkpointer is not None:
            self._checkpointer.request()
        return journal, line

    # -- writing the files (the checkpoint) ----------------------------------------------
    def checkpoint(self) -> None:
        """Write every changed file and the due index, then drop the journals they came
        from. Runs in the background and at ``close()``; safe to call any time."""
        with self._checkpointing:
            with self._lock:
                if not (self._dirty or self._old_journals or self._index_stale):
                    return
                journal = cast(Journal, self._journal)
                retired = [*self._old_journals, journal.path]
                journal.close()
                self._journal = Journal(self.root, journal.number + 1)
                self._old_journals = retired
                work = [
                    (key, file, file.generation, file.text() if file.has_records() else None)
                    for key, file in self._dirty.items()
                ]
                index = self._due.dump()
                self._index_stale = False
            try:
                write_files([(file.path, text) for _k, file, _g, text in work])
                self._due.save(os.path.join(self.root, INDEX), index)
            except BaseException:
                with self._lock:
                    self._index_stale = True
                raise
            with self._lock:
                for key, file, generation, _text in work:
                    file.saved_generation = max(file.saved_generation, generation)
                    if not file.dirty():
                        self._dirty.pop(key, None)
                        if not file.has_records() and not file.depth:
                            self._files.pop(key, None)
                            self._clean.pop(key, None)
                        elif key in self._files:
                            self._clean[key] = None
                self._old_journals = [p for p in self._old_journals if p not in retired]
                if len(self._clean) > self.max_in_memory:
                    self._let_go()
            for path in retired:
                with suppress(FileNotFoundError):
                    os.unlink(path)
            fsync_folder(self.root)

    def _checkpoint_if_needed(self) -> bool:
        if self._dirty or self._old_journals or self._index_stale:
            self.checkpoint()
            return True
        return False

    def _reclaim(self, user: UserKey, file: UserFile) -> bool:
        """A file read again: the claims held on its nudges still planned stand. Whether
        any did (its due time then moves)."""
        if not self._claims:
            return False
        held = False
        for nid, found in list(file.records["nudges"].items()):
            at = self._claims.get((user, nid))
            if at is None or not isinstance(found, Nudge):
                continue
            if found.state == NudgeState.PLANNED and found.due_at <= at:
                file.claim(nid, claimed_at(found, at))
                held = True
            else:
                del self._claims[(user, nid)]
        return held

    def _refresh_due(self, user: UserKey, file: UserFile) -> None:
        live, saved = file.next_due(self.claim_timeout)
        self._due.set(user, live, saved)

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        if not self.folder.locked():
            return
        try:
            self.checkpoint()
        finally:
            with self._lock:
                journal, self._journal = self._journal, None
                if journal is not None:
                    journal.close()
                    if os.path.getsize(journal.path) == 0 and not self._dirty:
                        os.unlink(journal.path)
                self.folder.sweep_temporary()
                self.folder.unlock()


def claimed_at(nudge: Nudge, at: datetime) -> Nudge:
    """The nudge as claimed at ``at``."""
    return replace(nudge, state=NudgeState.CLAIMED, claimed_at=at)
