"""The Slack inbox (``adapters/slack/inbox.py``): every request acknowledged before it was
handled is on disk until it is done, and comes back after a crash, oldest first.

A crash is a real one where it matters (a process that puts, then ``os._exit``), or the
in-process equivalent (``abandon``): the lock is let go and nothing more is written, as
when the kernel closes a dead process's files."""

from __future__ import annotations

import errno
import gc
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.slack.inbox import Inbox, InboxLocked, InboxLog, Request
from storage.journal import move_aside

ROOT = Path(__file__).resolve().parents[2]
FORM = {"content-type": "application/x-www-form-urlencoded"}
SMALL = 2_000  # bytes per log before the next one starts: a few requests each


@pytest.fixture
def folder(tmp_path: Path) -> str:
    return str(tmp_path / "inbox")


@pytest.fixture
def opened() -> Iterator[list[Inbox]]:
    """Inboxes a test opened, closed at its end if it did not close or abandon them."""
    inboxes: list[Inbox] = []
    yield inboxes
    for inbox in inboxes:
        if not inbox._lockfile.closed:
            inbox.close()


def open_inbox(opened: list[Inbox], folder: str, rotate_at: int | None = None) -> Inbox:
    inbox = Inbox(folder) if rotate_at is None else Inbox(folder, rotate_at=rotate_at)
    opened.append(inbox)
    return inbox


def abandon(inbox: Inbox) -> None:
    """A crash, as far as the folder can tell: the lock goes, nothing more is written."""
    inbox._lockfile.close()


def logs(folder: str) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith("journal-"))


def bodies(requests: list[Request]) -> list[str]:
    return [r.body for r in requests]


def test_a_request_waits_until_done_and_done_twice_does_no_harm(
    folder: str, opened: list[Inbox]
) -> None:
    inbox = open_inbox(opened, folder)
    first = inbox.put("text=add+Ana", FORM)
    second = inbox.put("text=add+Bo", FORM)
    assert first.id != second.id
    assert inbox.waiting() == [first, second] and len(inbox) == 2
    inbox.done(first.id)
    inbox.done(first.id, "not-a-request")
    assert inbox.waiting() == [second] and len(inbox) == 1
    inbox.close()
    again = open_inbox(opened, folder)
    assert again.waiting() == [second]  # closed with one waiting: it comes back


CRASH = """
import json, os, sys
from adapters.slack.inbox import Inbox
inbox = Inbox(sys.argv[1])
ids = []
for n, body in enumerate(json.loads(sys.argv[2])):
    headers = {"content-type": "application/json", "x-slack-retry-num": str(n)}
    ids.append(inbox.put(body, headers).id)
inbox.done(ids[1], ids[3])
print(json.dumps(ids), flush=True)
os._exit(0)
"""


def test_after_a_crash_exactly_the_requests_not_done_come_back_oldest_first(
    folder: str, opened: list[Inbox]
) -> None:
    events = [{"type": "event_callback", "n": n, "text": "Zoë → café\n"} for n in range(5)]
    sent = [json.dumps(event, ensure_ascii=False) for event in events]
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH, folder, json.dumps(sent)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    ids = json.loads(crashed.stdout)
    inbox = open_inbox(opened, folder)  # the dead process's lock is gone with it
    back = inbox.waiting()
    assert [r.id for r in back] == [ids[0], ids[2], ids[4]]
    assert bodies(back) == [sent[0], sent[2], sent[4]]  # byte for byte
    assert back[1].headers == {"content-type": "application/json", "x-slack-retry-num": "2"}
    later = inbox.put("text=later", FORM)
    assert inbox.waiting()[-1] == later and later.id not in ids
    inbox.done(*ids, later.id)
    inbox.close()
    assert os.listdir(folder) == ["inbox.lock"]


def test_a_second_inbox_on_the_same_folder_is_refused(folder: str, opened: list[Inbox]) -> None:
    inbox = open_inbox(opened, folder)
    kept = inbox.put("text=add+Ana", FORM)
    with pytest.raises(InboxLocked, match="another Leap process"):
        Inbox(folder)
    assert inbox.waiting() == [kept]  # the refused one touched nothing
    inbox.close()
    assert open_inbox(opened, folder).waiting() == [kept]  # free again once closed


def filler(inbox: Inbox, until: int) -> None:
    """Requests put and done, each about a quarter of ``SMALL``, until log number ``until``
    has started."""
    for _ in range(100):
        if int(logs(inbox.folder)[-1][8:16]) >= until:
            return
        inbox.done(inbox.put("x" * (SMALL // 4), FORM).id)
    raise AssertionError(f"the inbox did not rotate past {SMALL} bytes: {logs(inbox.folder)}")


def test_rotation_keeps_every_waiting_request_and_deletes_only_logs_wholly_done(
    folder: str, opened: list[Inbox]
) -> None:
    inbox = open_inbox(opened, folder, rotate_at=SMALL)
    live = inbox.put("live, in the first log", FORM)
    handled = inbox.put("handled later, its done line in the second log", FORM)
    filler(inbox, until=2)
    second = inbox.put("in the second log", FORM)
    inbox.done(handled.id, second.id)  # the second log's own requests are all done
    filler(inbox, until=4)
    # The first log has a live request: nothing after it may go either, since a later
    # log holds the ``done`` line of one of its requests.
    assert logs(folder) == [f"journal-0000000{n}.log" for n in (1, 2, 3, 4)]
    abandon(inbox)
    again = open_inbox(opened, folder, rotate_at=SMALL)
    assert again.waiting() == [live]  # not ``handled``: its done line was kept
    again.done(live.id)
    assert logs(folder) == ["journal-00000005.log"]  # the oldest, all done, are gone
    again.close()
    assert os.listdir(folder) == ["inbox.lock"]


def test_requests_waiting_in_several_logs_all_come_back_in_order(
    folder: str, opened: list[Inbox]
) -> None:
    inbox = open_inbox(opened, folder, rotate_at=SMALL)
    kept = []
    for n in range(3):
        kept.append(inbox.put(f"waiting {n}", FORM))
        filler(inbox, until=n + 2)
    abandon(inbox)
    again = open_inbox(opened, folder, rotate_at=SMALL)
    assert again.waiting() == kept
    again.done(kept[0].id)
    assert logs(folder)[0] == "journal-00000002.log"  # the first log alone is done
    again.done(kept[2].id)
    assert logs(folder)[0] == "journal-00000002.log"  # the second still holds kept[1]
    again.close()
    assert open_inbox(opened, folder).waiting() == [kept[1]]


def test_closing_with_nothing_waiting_leaves_only_the_lock(
    folder: str, opened: list[Inbox]
) -> None:
    inbox = open_inbox(opened, folder, rotate_at=SMALL)
    filler(inbox, until=3)
    assert logs(folder) == ["journal-00000003.log"]  # the first two, all done, are gone
    inbox.done(inbox.put("one more", FORM).id)
    inbox.close()
    assert os.listdir(folder) == ["inbox.lock"]
    assert open_inbox(opened, folder).waiting() == []


def three_requests(folder: str, opened: list[Inbox]) -> tuple[list[Request], str]:
    inbox = open_inbox(opened, folder)
    kept = [inbox.put(f"request {n}", FORM) for n in range(3)]
    abandon(inbox)
    (log,) = logs(folder)
    return kept, os.path.join(folder, log)


def end_of_lines(path: str) -> int:
    """Where the zeros laid after the last line begin."""
    with open(path, "rb") as handle:
        return handle.read().rindex(b"\n") + 1


@pytest.mark.parametrize("tear", ["cut mid-line", "half a line over the zeros", "garbage"])
def test_a_torn_last_line_is_ignored(
    folder: str, opened: list[Inbox], tear: str, caplog: pytest.LogCaptureFixture
) -> None:
    kept, path = three_requests(folder, opened)
    end = end_of_lines(path)
    with open(path, "r+b") as handle:
        if tear == "cut mid-line":  # the last request was being written
            line_start = handle.read(end - 1).rindex(b"\n") + 1
            handle.truncate(line_start + (end - line_start) // 2)
        elif tear == "half a line over the zeros":
            handle.seek(end)
            handle.write(b'1234abcd {"id":"1.9","body":"half wri')
        else:
            handle.seek(end)
            handle.write(b"\xff\xfe not a line at all \x00\x01")
    expected = kept[:2] if tear == "cut mid-line" else kept
    with caplog.at_level(logging.ERROR):
        again = open_inbox(opened, folder)
    assert again.waiting() == expected
    assert not os.path.exists(os.path.join(folder, "set-aside"))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_damaged_line_sets_the_log_aside_and_keeps_what_was_read_before_it(
    folder: str, opened: list[Inbox], caplog: pytest.LogCaptureFixture
) -> None:
    kept, path = three_requests(folder, opened)
    with open(path, "r+b") as handle:
        raw = handle.read()
        second = raw.index(b"\n") + 1
        handle.seek(second + 12)  # inside the second line's JSON: its checksum fails
        handle.write(b"#")
    with caplog.at_level(logging.ERROR):
        again = open_inbox(opened, folder)
    assert again.waiting() == [kept[0]]
    (aside,) = os.listdir(os.path.join(folder, "set-aside"))
    assert aside.startswith(os.path.basename(path) + ".")
    with open(os.path.join(folder, "set-aside", aside), "rb") as handle:
        assert handle.read() == raw[: second + 12] + b"#" + raw[second + 13 :]  # as it was
    assert any("could not be read" in r.getMessage() for r in caplog.records)
    # The request read before the damage survives another crash: it is not only in the
    # set-aside copy, which nobody replays.
    abandon(again)
    assert open_inbox(opened, folder).waiting() == [kept[0]]


def damage_second_line(path: str) -> None:
    with open(path, "r+b") as handle:
        handle.seek(handle.read().index(b"\n") + 1 + 12)  # its checksum fails
        handle.write(b"#")


def test_a_damaged_log_does_not_hide_the_requests_of_the_logs_after_it(
    folder: str, opened: list[Inbox]
) -> None:
    """Requests do not depend on each other: a later log, synced before its 200s, is read
    even when an earlier one is damaged (say, its unsynced ``done`` lines half written)."""
    kept, path = three_requests(folder, opened)
    later = open_inbox(opened, folder)
    after = later.put("acknowledged in the next run", FORM)
    abandon(later)
    damage_second_line(path)  # found damaged only now, with the next run's log behind it
    again = open_inbox(opened, folder)
    assert again.waiting() == [kept[0], after]
    (aside,) = os.listdir(os.path.join(folder, "set-aside"))
    assert aside.startswith(os.path.basename(path) + ".")  # that log alone


def test_what_a_damaged_log_held_is_written_again_before_the_log_is_set_aside(
    folder: str, opened: list[Inbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, path = three_requests(folder, opened)
    damage_second_line(path)

    def crash_once_moved(root: str, paths: list[str]) -> None:
        move_aside(root, paths)
        raise KeyboardInterrupt("killed just after the damaged log was moved aside")

    monkeypatch.setattr("adapters.slack.inbox.move_aside", crash_once_moved)
    with pytest.raises(KeyboardInterrupt):
        Inbox(folder)
    gc.collect()  # the half-opened inbox lets go of its lock, as a dead process would
    monkeypatch.undo()
    assert open_inbox(opened, folder).waiting() == [kept[0]]


def test_a_log_that_cannot_be_started_leaves_the_inbox_working_and_is_tried_again(
    folder: str, opened: list[Inbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = open_inbox(opened, folder, rotate_at=SMALL)
    waiting = inbox.put("still waiting", FORM)

    class DiskFull(InboxLog):
        def __init__(self, root: str, number: int, size: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("adapters.slack.inbox.InboxLog", DiskFull)
    for _ in range(8):  # well past SMALL: every done would start the next log
        inbox.done(inbox.put("x" * (SMALL // 4), FORM).id)
    assert logs(folder) == ["journal-00000001.log"]
    monkeypatch.undo()
    filler(inbox, until=2)  # space again: the next log starts
    abandon(inbox)
    assert open_inbox(opened, folder).waiting() == [waiting]


def test_done_after_closing_writes_nothing_and_the_request_comes_back(
    folder: str, opened: list[Inbox]
) -> None:
    inbox = open_inbox(opened, folder)
    request = inbox.put("handled as the front stopped", FORM)
    inbox.close()
    inbox.done(request.id)  # a report that arrived too late: no error, nothing written
    assert open_inbox(opened, folder).waiting() == [request]
