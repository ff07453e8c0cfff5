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
    store.checkpoint()
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


def test_a_file_from_a_newer_leap_refuses_its_user_and_is_left_alone(folder: Path) -> None:
    first = TinyDBStore(str(folder))
    first.save_contact(ALICE, contact("c_1"))
    first.save_contact(BOB, contact("c_1"))
    first.close()
    target = folder / "users" / "slack" / "T1" / "U_ALICE.json"
    data = json.loads(target.read_text("utf-8"))
    (meta_id,) = data["_meta"]
    data["_meta"][meta_id]["schema"] = SCHEMA_VERSION + 1
    target.write_text(json.dumps(data), "utf-8")
    before = target.read_bytes()
    again = TinyDBStore(str(folder))
    try:
        with pytest.raises(StoreError, match=r"newer Leap \(schema 2\).*Upgrade") as raised:
            again.contacts(ALICE)
        assert str(target) in str(raised.value)
        assert again.contacts(BOB) == [contact("c_1")]  # everyone else is served
        assert again.set_aside() == []  # a newer file is not damage: never moved
    finally:
        again.close()
    assert target.read_bytes() == before


def test_a_folder_from_a_newer_leap_is_refused_when_its_index_is_rebuilt(folder: Path) -> None:
    first = TinyDBStore(str(folder))
    first.save_contact(ALICE, contact("c_1"))
    first.close()
    target = only_file(folder)
    data = json.loads(target.read_text("utf-8"))
    (meta_id,) = data["_meta"]
    data["_meta"][meta_id]["schema"] = SCHEMA_VERSION + 1
    target.write_text(json.dumps(data), "utf-8")
    (folder / "due-index.json").unlink()  # e.g. a backup of the user files alone
    with pytest.raises(StoreError, match=r"newer Leap \(schema 2\).*Upgrade"):
        TinyDBStore(str(folder))


# -- the files themselves ----------------------------------------------------------------


def test_each_user_file_is_json_with_a_schema_version_and_its_owner(
    store: TinyDBStore, folder: Path
) -> None:
    store.save_profile(ALICE, profile())
    store.save_contact(ALICE, contact("c_1"))
    store.checkpoint()
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
    assert sorted(p.name for p in folder.iterdir()) == ["due-index.json", "leap.lock", "users"]
    again = TinyDBStore(str(folder))
    try:
        assert set(again.users()) == set(ODD_NAMES)
        for i, key in enumerate(ODD_NAMES):
            assert [c.id for c in again.contacts(key)] == [f"c_{i}"]
    finally:
        again.close()


def test_leftover_temporary_files_are_never_read_and_cleared_at_close(folder: Path) -> None:
    first = TinyDBStore(str(folder))
    first.save_contact(ALICE, contact("c_1"))
    first.close()
    home = only_file(folder).parent
    (home / ".tmp-k3j4h5g6.tmp").write_bytes(b'{"contacts": {"1": {"id": "torn')
    (home / ".tmp-old00000.json").write_bytes(b'{"half a')  # an older Leap's leftovers
    again = TinyDBStore(str(folder))
    try:
        assert again.contacts(ALICE) == [contact("c_1")]
        assert list(again.users()) == [ALICE]
    finally:
        again.close()
    assert [p.name for p in user_files(folder)] == ["U_ALICE.json"]


def journal_lines(folder: Path) -> list[bytes]:
    return [
        line for p in sorted(folder.glob("journal-*.log")) for line in p.read_bytes().splitlines()
    ]


def refuse_journal_writes(store: TinyDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk is full for the journal (and only for it)."""
    real = os.write
    journal_fd = store._journal._fd  # type: ignore[union-attr]

    def disk_full(fd: int, data: bytes) -> int:
        if fd == journal_fd:
            real(fd, bytes(data)[:7])  # a half-written line, as a full disk leaves it
            raise OSError(28, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr("storage.journal.os.write", disk_full)


def test_a_failed_commit_changes_nothing_in_memory_or_on_disk(
    store: TinyDBStore, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_contact(ALICE, contact("c_1"))
    lines = journal_lines(folder)
    refuse_journal_writes(store, monkeypatch)
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
    assert journal_lines(folder) == lines  # no half line left behind
    store.save_contact(ALICE, contact("c_3"))
    store.close()
    again = TinyDBStore(str(folder))
    try:
        assert [c.id for c in again.contacts(ALICE)] == ["c_1", "c_3"]
    finally:
        again.close()


def test_a_failed_checkpoint_loses_nothing(
    store: TinyDBStore, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_contact(ALICE, contact("c_1"))
    store.checkpoint()
    before = only_file(folder).read_bytes()
    store.save_contact(ALICE, contact("c_2"))

    def disk_full(_src: str, _dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("storage.atomic.os.replace", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.checkpoint()
    monkeypatch.undo()
    assert only_file(folder).read_bytes() == before  # the file is as it was, no temp file
    assert [c.id for c in store.contacts(ALICE)] == ["c_1", "c_2"]  # the journal has c_2
    store.checkpoint()
    assert [c["id"] for c in json.loads(only_file(folder).read_text())["contacts"].values()] == [
        "c_1",
        "c_2",
    ]
    assert journal_lines(folder) == []


CRASH_MID_CHECKPOINT = """
import os
import storage.atomic
from storage.tinydb_store import TinyDBStore
from tests.contract.samples import ALICE, BOB, contact
store = TinyDBStore(FOLDER)
for key in (ALICE, BOB):
    store.save_contact(key, contact("c_1"))
store.checkpoint()
with store.transaction(ALICE):
    store.save_contact(ALICE, contact("c_2"))
    store.save_contact(BOB, contact("c_2"))
real, calls = storage.atomic.stage, []
def full_on_second(path, text):
    calls.append(path)
    if len(calls) == 2:
        os._exit(3)  # the process dies with one of the two files written
    return real(path, text)
storage.atomic.stage = full_on_second
store.checkpoint()
"""


def test_a_unit_over_two_files_survives_a_crash_between_their_writes(folder: Path) -> None:
    died = in_other_process(folder, CRASH_MID_CHECKPOINT)
    assert died.returncode == 3, died.stderr
    files = {p.name: json.loads(p.read_text()) for p in user_files(folder)}
    written = [name for name, data in files.items() if len(data["contacts"]) == 2]
    assert len(written) == 1  # one file has the unit's change, the other not yet
    again = TinyDBStore(str(folder))  # the journal still has the whole unit
    try:
        assert [c.id for c in again.contacts(ALICE)] == ["c_1", "c_2"]
        assert [c.id for c in again.contacts(BOB)] == ["c_1", "c_2"]
    finally:
        again.close()
    for data in (json.loads(p.read_text()) for p in user_files(folder)):
        assert len(data["contacts"]) == 2


def test_a_forget_whose_file_cannot_be_deleted_yet_is_still_a_forget(
    store: TinyDBStore,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store.save_contact(ALICE, contact("c_1"))
    store.checkpoint()

    def refuse(_path: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("storage.atomic.os.unlink", refuse)
    assert store.forget(ALICE) == {"contacts": 1}
    assert "could not be deleted yet" in caplog.text
    monkeypatch.undo()
    assert store.contacts(ALICE) == []
    assert list(store.users()) == []
    store.checkpoint()
    assert user_files(folder) == []
    assert not any(b"U_ALICE" in line for line in journal_lines(folder))


def test_a_transaction_is_one_journal_line_and_one_file_write(
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
    assert len(journal_lines(folder)) == 1 and writes == []
    with store.transaction(ALICE):
        assert len(store.contacts(ALICE)) == 4  # reading writes nothing
    assert len(journal_lines(folder)) == 1
    store.checkpoint()
    assert [w for w in writes if w.endswith("U_ALICE.json")] == [str(only_file(folder))]


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
