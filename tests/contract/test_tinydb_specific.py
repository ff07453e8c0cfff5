"""What only the TinyDB store promises: its files, its folder lock, its refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

import storage.atomic
from bot.models import UserKey
from bot.store import StoreError
from storage import open_store
from storage.tinydb_store import SCHEMA_VERSION, TinyDBStore
from tests.contract.samples import (
    ALICE,
    BOB,
    T0,
    contact,
    conversation,
    interview,
    nudge,
    profile,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(folder: Path) -> Iterator[TinyDBStore]:
    opened = TinyDBStore(str(folder))
    yield opened
    opened.close()


def user_files(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "users").rglob("*") if p.is_file())


def only_file(folder: Path) -> Path:
    (found,) = user_files(folder)
    return found


def in_other_process(folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with ``folder`` as ``FOLDER`` in a fresh Python process."""
    script = f"FOLDER = {str(folder)!r}\n{code}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(REPO),
        timeout=60,
        check=False,
    )


OPEN_AND_REPORT = """
from bot.store import StoreError
from storage.tinydb_store import TinyDBStore
try:
    TinyDBStore(FOLDER).close()
except StoreError as err:
    print("REFUSED:", err)
else:
    print("OPENED")
"""


# -- persistence -------------------------------------------------------------------------


def test_reopening_keeps_every_record_of_every_user(folder: Path) -> None:
    first = TinyDBStore(str(folder))
    for key in (ALICE, BOB):
        first.save_profile(key, profile())
        first.save_contact(key, contact("c_1"))
        first.save_conversation(key, conversation())
        first.save_interview(key, interview("i_1"))
        first.save_nudge(key, nudge("n_1"))
    first.close()
    again = TinyDBStore(str(folder))
    try:
        for key in (ALICE, BOB):
            assert again.profile(key) == profile()
            assert again.contacts(key) == [contact("c_1")]
            assert again.conversation(key) == conversation()
            assert again.interviews(key) == [interview("i_1")]
            assert again.nudges(key) == [nudge("n_1")]
        assert set(again.users()) == {ALICE, BOB}
    finally:
        again.close()


def test_the_due_index_is_rebuilt_on_reopen(folder: Path) -> None:
    first = TinyDBStore(str(folder), claim_timeout=timedelta(minutes=5))
    first.save_nudge(ALICE, nudge("n_planned", T0 + timedelta(minutes=1)))
    first.save_nudge(BOB, nudge("n_claimed", T0))
    first.save_nudge(BOB, nudge("n_sent", T0, state="sent"))
    assert first.claim_nudge(BOB, "n_claimed", T0) is not None
    assert [n.id for _u, n in first.due_nudges(T0 + timedelta(minutes=2))] == ["n_planned"]
    first.close()
    # One process owns the folder, so claims live in its memory: a restart forgets an
    # unfinished claim and the nudge is due again at once (never lost, never waits).
    again = TinyDBStore(str(folder), claim_timeout=timedelta(minutes=5))
    try:
        assert [n.id for _u, n in again.due_nudges(T0 + timedelta(minutes=2))] == [
            "n_claimed",
            "n_planned",
        ]
    finally:
        again.close()


def test_open_store_takes_a_folder_or_a_tinydb_url(folder: Path) -> None:
    opened = open_store(f"tinydb://{folder}")
    opened.save_contact(ALICE, contact("c_1"))
    opened.close()
    again = open_store(str(folder))
    assert again.contacts(ALICE) == [contact("c_1")]
    again.close()
    with pytest.raises(StoreError, match="No data folder"):
        open_store("")


# -- the folder lock ---------------------------------------------------------------------


def test_a_second_process_is_refused_with_a_clear_message(store: TinyDBStore, folder: Path) -> None:
    store.save_contact(ALICE, contact("c_1"))
    before = only_file(folder).read_bytes()
    done = in_other_process(folder, OPEN_AND_REPORT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("REFUSED: Another Leap process"), done.stdout
    assert str(folder) in done.stdout and f"(process {os.getpid()})" in done.stdout
    assert "--data" in done.stdout
    assert only_file(folder).read_bytes() == before
    store.save_contact(ALICE, contact("c_2"))  # the first one carries on
    assert [c.id for c in store.contacts(ALICE)] == ["c_1", "c_2"]


def test_the_lock_is_released_on_close_and_when_a_process_dies(folder: Path) -> None:
    TinyDBStore(str(folder)).close()
    assert in_other_process(folder, OPEN_AND_REPORT).stdout.strip() == "OPENED"
    died = in_other_process(
        folder,
        "import os\nfrom storage.tinydb_store import TinyDBStore\n"
        "TinyDBStore(FOLDER)\nos._exit(3)\n",
    )
    assert died.returncode == 3, died.stderr
    TinyDBStore(str(folder)).close()


def test_a_second_store_in_the_same_process_is_refused(store: TinyDBStore, folder: Path) -> None:
    with pytest.raises(StoreError, match="Another Leap process"):
        TinyDBStore(str(folder))
    store.save_contact(ALICE, contact("c_1"))
    assert store.contacts(ALICE) == [contact("c_1")]


# -- unreadable files: see test_fault_isolation.py (set aside, only their user refused) --


def test_a_file_from_a_newer_leap_is_refused(folder: Path) -> None:
    first = TinyDBStore(str(folder))
    first.save_contact(ALICE, contact("c_1"))
    first.close()
    target = only_file(folder)
    data = json.loads(target.read_text("utf-8"))
    (meta_id,) = data["_meta"]
    data["_meta"][meta_id]["schema"] = SCHEMA_VERSION + 1
    target.write_text(json.dumps(data), "utf-8")
    before = target.read_bytes()
    with pytest.raises(StoreError, match=r"newer Leap \(schema 2\).*Upgrade") as raised:
        TinyDBStore(str(folder))
    assert str(target) in str(raised.value)
    assert target.read_bytes() == before


# -- the files themselves ----------------------------------------------------------------


def test_each_user_file_is_json_with_a_schema_version_and_its_owner(
    store: TinyDBStore, folder: Path
) -> None:
    store.save_profile(ALICE, profile())
    store.save_contact(ALICE, contact("c_1"))
    path = only_file(folder)
    assert path == folder / "users" / "slack" / "T1" / "U_ALICE.json"
    data = json.loads(path.read_text("utf-8"))
    (meta,) = data["_meta"].values()
    assert meta == {"schema": SCHEMA_VERSION, "user": ["slack", "T1", "U_ALICE"]}
    (stored,) = data["contacts"].values()
    assert stored["name"] == contact("c_1").name  # readable, not escaped
    assert stored["created_at"] == "2026-12-01T08:00:00+00:00"


ODD_NAMES = [
    UserKey("slack", "T1", "a/b"),
    UserKey("slack", "T1", "a%2Fb"),
    UserKey("slack", "..", ".."),
    UserKey("..", "T1", "."),
    UserKey("slack", "T1", "../../escape"),
    UserKey("slack", "T1", "/etc/passwd"),
    UserKey("slack", "", "u"),
    UserKey("slack", "T1", ""),
    UserKey("slack", "T1", ".tmp-x"),
    UserKey("slack", "T1", ".hidden"),
    UserKey("slack", "T1", "Zoë 山田 🎉"),
    UserKey("slack", "T1", "x" * 300),
    UserKey("slack", "T1", "山" * 100),
    UserKey("slack", "T1", "back\\slash:colon*star?"),
]


def test_odd_user_names_map_to_distinct_safe_files_inside_the_folder(folder: Path) -> None:
    first = TinyDBStore(str(folder))
    for i, key in enumerate(ODD_NAMES):
        first.save_contact(key, contact(f"c_{i}"))
    first.close()
    root = (folder / "users").resolve()
    files = user_files(folder)
    assert len(files) == len(ODD_NAMES)
    for path in files:
        assert path.resolve().is_relative_to(root)
        assert len(path.relative_to(folder / "users").parts) == 3
        assert all(
            0 < len(part) <= 200 and not part.startswith(".")
            for part in path.relative_to(folder / "users").parts
        )
    assert sorted(p.name for p in folder.iterdir()) == ["leap.lock", "users"]
    again = TinyDBStore(str(folder))
    try:
        assert set(again.users()) == set(ODD_NAMES)
        for i, key in enumerate(ODD_NAMES):
            assert [c.id for c in again.contacts(key)] == [f"c_{i}"]
    finally:
        again.close()


def test_leftover_temporary_files_are_cleared_and_never_read(folder: Path) -> None:
    first = TinyDBStore(str(folder))
    first.save_contact(ALICE, contact("c_1"))
    first.close()
    home = only_file(folder).parent
    (home / ".tmp-k3j4h5g6.tmp").write_bytes(b'{"contacts": {"1": {"id": "torn')
    (home / ".tmp-old00000.json").write_bytes(b'{"half a')  # an older Leap's leftovers
    again = TinyDBStore(str(folder))
    try:
        assert again.contacts(ALICE) == [contact("c_1")]
        assert [p.name for p in user_files(folder)] == ["U_ALICE.json"]
    finally:
        again.close()


def test_a_failed_write_changes_nothing_in_memory_or_on_disk(
    store: TinyDBStore, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_contact(ALICE, contact("c_1"))
    before = only_file(folder).read_bytes()

    def disk_full(_src: str, _dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("storage.atomic.os.replace", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.save_contact(ALICE, contact("c_2"))
    with pytest.raises(OSError, match="No space"), store.transaction(ALICE):
        store.save_profile(ALICE, profile())
        store.delete_contact(ALICE, "c_1")
    with pytest.raises(OSError, match="No space"):
        store.save_nudge(ALICE, nudge("n_1"))
    monkeypatch.undo()
    assert [c.id for c in store.contacts(ALICE)] == ["c_1"]
    assert store.profile(ALICE) is None and store.due_nudges(T0) == []
    assert only_file(folder).read_bytes() == before
    assert [p.name for p in user_files(folder)] == ["U_ALICE.json"]  # no temp file left
    store.save_contact(ALICE, contact("c_3"))
    assert [c.id for c in store.contacts(ALICE)] == ["c_1", "c_3"]


def test_a_unit_over_two_files_that_fails_to_stage_keeps_neither(
    store: TinyDBStore, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_contact(ALICE, contact("c_1"))
    store.save_contact(BOB, contact("c_1"))
    before = {p: p.read_bytes() for p in user_files(folder)}
    real, calls = storage.atomic.stage, []

    def full_on_second(path: str, text: str) -> str:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(path, text)

    monkeypatch.setattr(storage.atomic, "stage", full_on_second)
    with pytest.raises(OSError, match="No space"), store.transaction(ALICE):
        store.save_contact(ALICE, contact("c_2"))
        store.save_contact(BOB, contact("c_2"))
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in user_files(folder)} == before  # no temp file left
    assert [c.id for c in store.contacts(ALICE)] == [c.id for c in store.contacts(BOB)] == ["c_1"]
    with store.transaction(ALICE):
        store.save_contact(ALICE, contact("c_3"))
        store.save_contact(BOB, contact("c_3"))
    again = {p: p.read_bytes() for p in user_files(folder)}
    assert len(again) == 2 and all(again[p] != before[p] for p in again)


def test_a_failed_forget_keeps_the_user(
    store: TinyDBStore, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_contact(ALICE, contact("c_1"))

    def refuse(_path: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("storage.tinydb_store.os.unlink", refuse)
    with pytest.raises(PermissionError):
        store.forget(ALICE)
    monkeypatch.undo()
    assert store.contacts(ALICE) == [contact("c_1")]
    assert list(store.users()) == [ALICE]
    assert store.forget(ALICE) == {"contacts": 1}
    assert user_files(folder) == []


def test_a_transaction_writes_the_file_once(
    store: TinyDBStore, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[str] = []
    real = storage.atomic.write_atomically

    def counted(path: str, text: str) -> None:
        writes.append(path)
        real(path, text)

    monkeypatch.setattr(storage.atomic, "write_atomically", counted)
    with store.transaction(ALICE):
        store.save_profile(ALICE, profile())
        for i in range(5):
            store.save_contact(ALICE, contact(f"c_{i}"))
        store.delete_contact(ALICE, "c_0")
    assert len(writes) == 1
    with store.transaction(ALICE):
        assert len(store.contacts(ALICE)) == 4  # reading writes nothing
    assert len(writes) == 1


# -- threads -----------------------------------------------------------------------------


def test_threads_writing_at_once_lose_nothing(folder: Path) -> None:
    store = TinyDBStore(str(folder))
    threads_n, writes_n = 8, 50
    start = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def writer(t: int) -> None:
        try:
            start.wait()
            me = UserKey("slack", "T1", f"U{t % 3}")  # threads share users
            for i in range(writes_n):
                store.save_contact(me, contact(f"c_{t}_{i}", created_at=T0))
                if i % 10 == 0:
                    with store.transaction(me):
                        store.save_nudge(me, nudge(f"n_{t}_{i}", T0))
                        store.save_contact(ALICE, contact(f"c_{t}_{i}"))
                assert store.contact(me, f"c_{t}_{i}") is not None
        except BaseException as err:  # reported below
            errors.append(err)

    workers = [threading.Thread(target=writer, args=(t,)) for t in range(threads_n)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []

    def check(s: TinyDBStore) -> None:
        for u in range(3):
            me = UserKey("slack", "T1", f"U{u}")
            want = {f"c_{t}_{i}" for t in range(threads_n) if t % 3 == u for i in range(writes_n)}
            assert {c.id for c in s.contacts(me)} == want
        assert len(s.contacts(ALICE)) == threads_n * writes_n // 10
        assert len(s.due_nudges(T0)) == threads_n * writes_n // 10

    check(store)
    store.close()
    again = TinyDBStore(str(folder))
    try:
        check(again)
    finally:
        again.close()
