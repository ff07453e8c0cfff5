"""One user's unreadable file stays that user's problem (TinyDB store).

Each kind of damage: the file is moved to ``set-aside/`` byte for byte (never rewritten),
the operator gets a log line naming the file and the fix, that user gets a clear reply,
and every other user is served — commands and due nudges alike. A data folder Leap cannot
use is one line from the ``leap`` command, never a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.core import Leap
from bot.events import Tick, Where
from bot.models import UserKey
from bot.replies import DirectMessage
from bot.store import StoreError, UserDataUnavailable
from storage.tinydb_store import SET_ASIDE, TinyDBStore
from tests.contract.samples import ALICE, BOB, T0, contact, nudge
from tests.support.chat import Chat

REPO = Path(__file__).resolve().parents[2]


def _wrong_owner(original: bytes) -> bytes:
    data = json.loads(original)
    (meta,) = data["_meta"].values()
    meta["user"] = ["slack", "T1", "U_SOMEONE_ELSE"]
    return json.dumps(data).encode()


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "garbage": lambda _o: b"\xff\xfe\x00\x81\x9c not json at all",
    "truncated": lambda o: o[: len(o) // 2],
    "empty": lambda _o: b"",
    "a list": lambda _o: b"[1, 2, 3]",
    "a string": lambda _o: b'"hello"',
    "bad table": lambda _o: b'{"contacts": {"1": {"id": "c_1"}}, "_meta": {"1": {"schema": 1}}}',
    "bad meta": lambda _o: b'{"_meta": {"1": "not a dict"}, "contacts": 5}',
    "bad schema": lambda _o: b'{"_meta": {"1": {"schema": "one", "user": ["a", "b", "c"]}}}',
    "wrong field type": lambda _o: b'{"contacts": {"1": {"id": "c_1", "name": 5, "x": 1}}}',
    "another user's records": _wrong_owner,
}


ASKED = contact("c_1", stage="asked")


def alice_file(folder: Path) -> Path:
    return folder / "users" / "slack" / "T1" / "U_ALICE.json"


def two_users_then_damage(folder: Path, damage: str) -> tuple[bytes, bytes]:
    """Alice and Bob each have a contact and a due nudge; then Alice's file is damaged."""
    first = TinyDBStore(str(folder))
    for key in (ALICE, BOB):
        first.save_contact(key, ASKED)
        first.save_nudge(key, nudge("n_1", T0, kind="follow-up-3"))  # due; useful: "asked"
    first.close()
    target = alice_file(folder)
    original = target.read_bytes()
    broken = DAMAGE[damage](original)
    target.write_bytes(broken)
    return original, broken


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_an_unreadable_file_is_set_aside_and_only_its_user_is_refused(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "data"
    _original, broken = two_users_then_damage(folder, damage)
    with caplog.at_level(logging.ERROR, logger="leap.storage.tinydb"):
        store = TinyDBStore(str(folder))
    try:
        (aside,) = store.set_aside()
        kept = Path(aside.kept_at)
        assert kept.parent == folder / SET_ASIDE / "slack" / "T1"
        assert kept.read_bytes() == broken  # kept exactly, never rewritten
        assert not alice_file(folder).exists()
        assert aside.original == str(alice_file(folder))
        assert aside.key == ALICE and aside.blocking
        (line,) = [r.getMessage() for r in caplog.records]
        assert str(alice_file(folder)) in line and str(kept) in line
        assert "move it back" in line and "restart Leap" in line
        # Bob is served, reads and writes, and his nudge is due; Alice's is not listed.
        assert store.contacts(BOB) == [ASKED]
        store.save_contact(BOB, contact("c_2"))
        assert [(u, n.id) for u, n in store.due_nudges(T0)] == [(BOB, "n_1")]
        assert list(store.users()) == [BOB]
        # Alice is refused, and a write of hers never creates a file over the damage.
        with pytest.raises(UserDataUnavailable):
            store.contacts(ALICE)
        with pytest.raises(UserDataUnavailable):
            store.save_contact(ALICE, contact("c_9"))
        assert not alice_file(folder).exists()
    finally:
        store.close()


def test_the_user_is_told_and_everyone_else_is_served_through_leap(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    two_users_then_damage(folder, "truncated")
    store = TinyDBStore(str(folder))
    try:
        leap = Leap(store, FakeClock(T0))
        alice = Chat(leap, "U_ALICE", platform="slack", workspace="T1")
        bob = Chat(leap, "U_BOB", platform="slack", workspace="T1")
        said = alice.text("contacts")
        assert "cannot read your saved Leap records" in said
        assert "nothing was changed" in said
        assert "O'Brien" in bob.text("contacts")
        sent = leap.handle(Tick(T0))
        assert {o.to for o in sent if isinstance(o, DirectMessage)} == {BOB}
    finally:
        store.close()
    assert not alice_file(folder).exists()


def test_a_set_aside_file_still_refuses_its_user_after_a_restart_until_repaired(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    original, _broken = two_users_then_damage(folder, "garbage")
    TinyDBStore(str(folder)).close()
    again = TinyDBStore(str(folder))
    try:
        (aside,) = again.set_aside()
        assert aside.blocking and aside.key == ALICE
        assert aside.original == str(alice_file(folder))
        with pytest.raises(UserDataUnavailable):
            again.profile(ALICE)
    finally:
        again.close()
    alice_file(folder).write_bytes(original)  # the operator restores a good copy
    repaired = TinyDBStore(str(folder))
    try:
        assert repaired.contacts(ALICE) == [ASKED]
        (aside,) = repaired.set_aside()  # still listed (the copy is there), no longer refusing
        assert not aside.blocking
    finally:
        repaired.close()


def test_a_stray_file_is_set_aside_without_refusing_anyone(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "users").mkdir(parents=True)
    stray = folder / "users" / "notes.json"
    stray.write_text("{}", "utf-8")
    store = TinyDBStore(str(folder))
    try:
        (aside,) = store.set_aside()
        assert aside.key is None and not aside.blocking
        assert Path(aside.kept_at).read_text("utf-8") == "{}" and not stray.exists()
        store.save_contact(ALICE, contact("c_1"))
    finally:
        store.close()


def test_two_damaged_files_of_one_user_are_both_kept(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    two_users_then_damage(folder, "empty")
    first = TinyDBStore(str(folder))
    assert len(first.set_aside()) == 1  # found (files are read when needed; this reads all)
    first.close()
    alice_file(folder).write_bytes(b"[]")  # damaged again, by hand
    store = TinyDBStore(str(folder))
    try:
        kept = sorted(Path(a.kept_at).read_bytes() for a in store.set_aside())
        assert kept == [b"", b"[]"]
    finally:
        store.close()


# -- a data folder Leap cannot use ------------------------------------------------------------


def test_a_data_folder_that_cannot_be_made_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    with pytest.raises(StoreError, match="Cannot use the data folder") as raised:
        TinyDBStore(str(blocker / "data"))
    assert "--data" in str(raised.value) and "\n" not in str(raised.value)


def test_a_read_only_data_folder_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    real_open = open

    def read_only(path: str, *args: object, **kwargs: object) -> object:
        if str(path).endswith("leap.lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", read_only)
    with pytest.raises(StoreError, match=r"Permission denied.*writable"):
        TinyDBStore(str(folder))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_data_folder_really_chmodded(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="writable"):
            TinyDBStore(str(folder))
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("where", ["under-a-file", "unreadable-user-file"])
def test_the_leap_command_says_one_line_not_a_traceback(tmp_path: Path, where: str) -> None:
    if where == "under-a-file":
        blocker = tmp_path / "a-file"
        blocker.write_text("x", "utf-8")
        data = blocker / "data"
    else:
        data = tmp_path / "data"
        two_users_then_damage(data, "truncated")
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "console", "--data", str(data)],
        input="/leap contacts\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr
    if where == "under-a-file":
        assert done.returncode != 0
        assert done.stderr.strip().count("\n") == 0
        assert done.stderr.startswith("leap: Cannot use the data folder")
    else:  # the console user is someone else: Leap starts and serves them
        assert done.returncode == 0, done.stderr
        assert UserKey("slack", "T1", "U_ALICE").user not in done.stdout
        assert "set aside" in done.stderr.lower()


def test_a_damaged_group_file_refuses_only_that_group(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    first = TinyDBStore(str(folder))
    leap = Leap(first, FakeClock(T0))
    room = Where(channel="C1", channel_name="careers", is_dm=False)
    alice = Chat(leap, "U_ALICE", platform="slack", workspace="T1", where=room)
    alice.actor = replace(alice.actor, can_manage_channel=True)
    alice.say("group start")
    alice.say("group join")
    first.close()
    group_file = folder / "users" / "slack" / "T1" / "%23C1.json"
    group_file.write_bytes(b"{broken")
    store = TinyDBStore(str(folder))
    try:
        leap = Leap(store, FakeClock(T0))
        alice.leap = leap
        said = alice.text("group digest now")
        assert "cannot read this group's saved Leap records" in said
        alice.where = Where()
        assert "cannot read" not in alice.text("contacts")  # her own records are fine
    finally:
        store.close()
