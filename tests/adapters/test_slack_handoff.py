"""``leap slack --http`` as two processes: the front acknowledges from its inbox, the worker
answers. Real processes (multiprocessing spawn, as in production), real loopback HTTP,
the fake Slack API in this process; worker factories in ``slack_workers.py``."""

from __future__ import annotations

import contextlib
import errno
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from adapters.slack.front import SlackFront
from adapters.slack.handoff import TRIES, ProxyTarget, WorkerLink
from adapters.slack.inbox import Inbox
from adapters.slack.server import HttpServer
from bot.models import UserKey
from storage.tinydb_store import TinyDBStore
from tests.adapters.slack_workers import (
    HOLD,
    POISON,
    echo_worker,
    held_echo_worker,
    holding_echo_worker,
    leap_worker,
)
from tests.adapters.test_slack_http import http_get, leap_slack_http, signed_post
from tests.adapters.test_slack_rig import SECRET, texts
from tests.fakes.slack_api import FakeSlackAPI, payload_body, view_submission_payload

QUICK = (0.0,)  # no wait before restarting a worker: these tests wait for events instead


@pytest.fixture(scope="module")
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


class Front:
    """The front in this process (inbox, link, checked WSGI front on loopback) and its
    worker process."""

    def __init__(self, folder: Path, link: WorkerLink, url: str) -> None:
        self.folder = folder
        self.link = link
        self.url = url

    def command(self, api: FakeSlackAPI, text: str, reply_to: str, user: str = "U1") -> Any:
        body = api.slash_command_body(
            text, user_id=user, response_url=api.response_url(reply_to), trigger_id=reply_to
        )
        return signed_post(self.url, body)

    def contacts(self, user: str = "U1") -> list[str]:
        """Once the link is stopped: the contacts the worker stored."""
        store = TinyDBStore(str(self.folder / "data"))
        try:
            return [c.name for c in store.contacts(UserKey("slack", "T1", user))]
        finally:
            store.close()


@contextmanager
def serving(
    folder: Path, factory: Any, args: tuple[Any, ...], restart_wait: tuple[float, ...] = QUICK
) -> Iterator[Front]:
    inbox = Inbox(str(folder / "inbox"))
    try:
        link = WorkerLink(inbox, factory, args, restart_wait=restart_wait)
        try:
            front = SlackFront(ProxyTarget(link), SECRET, handoff=link.take)
            with HttpServer(front, "127.0.0.1", 0) as server:
                yield Front(folder, link, server.url)
        finally:
            link.stop()
    finally:
        inbox.close()


@pytest.fixture
def leap_front(api: FakeSlackAPI, tmp_path: Path) -> Iterator[Front]:
    with serving(tmp_path, leap_worker, (str(tmp_path / "data"), api.base_url)) as front:
        yield front


@pytest.fixture(scope="module")
def shared_front(api: FakeSlackAPI, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    """One Leap front and worker for the tests that neither stop nor kill it."""
    folder = tmp_path_factory.mktemp("shared")
    with serving(folder, leap_worker, (str(folder / "data"), api.base_url)) as front:
        yield front


def answers(api: FakeSlackAPI, name: str, count: int) -> list[str]:
    return [texts(c) for c in api.wait_for(f"response_url:{name}", count=count, timeout=20)]


def test_a_command_is_acked_empty_then_answered_by_the_worker_and_stored(
    leap_front: Front, api: FakeSlackAPI
) -> None:
    answer = leap_front.command(api, "add Maria Lopez at Acme", "stored")
    assert answer.status == 200 and answer.body == ""  # nothing rides in the ack
    welcome, added = answers(api, "stored", 2)
    assert "I'm Leap" in welcome and "Added Maria Lopez (Acme)" in added
    leap_front.link.settle(timeout=20)
    assert len(leap_front.link.inbox) == 0  # done: it will not be handled again
    leap_front.link.stop()
    assert leap_front.contacts() == ["Maria Lopez"]


def test_stopping_lets_the_worker_finish_what_it_was_given(
    leap_front: Front, api: FakeSlackAPI
) -> None:
    for n in range(5):
        assert leap_front.command(api, f"add Person {n}", f"stop-{n}").status == 200
    leap_front.link.stop()  # at once: no waiting for the answers
    assert len(leap_front.link.inbox) == 0  # every one reported done before the worker left
    gone = http_get(leap_front.url.removesuffix("/slack/events") + "/slack/install")
    assert (gone.status, gone.body) == (503, "busy\n")  # no worker: busy, not a 500
    assert sorted(leap_front.contacts()) == [f"Person {n}" for n in range(5)]
    for n in range(5):
        assert any(f"Added Person {n}" in t for t in answers(api, f"stop-{n}", 1))


def test_a_worker_killed_with_a_request_waiting_is_replaced_and_it_is_handled_once(
    leap_front: Front, api: FakeSlackAPI
) -> None:
    link = leap_front.link
    assert leap_front.command(api, "add Ana Diaz", "before").status == 200
    assert any("Added Ana Diaz" in t for t in answers(api, "before", 2))
    link.settle(timeout=20)
    first = link.pid
    os.kill(first, signal.SIGSTOP)  # it takes the next request but never handles it
    assert leap_front.command(api, "add Bo Chen", "during").status == 200
    os.kill(first, signal.SIGKILL)
    assert any("Added Bo Chen" in t for t in answers(api, "during", 1))
    link.settle(timeout=20)
    assert link.pid != first
    link.stop()
    assert sorted(leap_front.contacts()) == ["Ana Diaz", "Bo Chen"]
    assert len(api.calls_to("response_url:before")) == 2  # Ana's was not handled again
    assert len(api.calls_to("response_url:during")) == 1  # nor Bo's twice


def test_a_poisonous_request_is_dropped_after_three_workers_and_the_others_are_answered(
    api: FakeSlackAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    waits = (0.0,) * TRIES + (600.0,)  # a fourth restart in a row would wait ten minutes
    args = (api.base_url,)
    with caplog.at_level(logging.ERROR), serving(tmp_path, echo_worker, args, waits) as front:
        first = front.link.pid
        assert front.command(api, POISON, "poison").status == 200
        for n in range(3):  # acknowledged behind it: the same user's (U1), and others'
            assert front.command(api, f"hi {n}", f"behind-{n}", user=f"U{n}").status == 200
        front.link.settle(timeout=60)  # every request done or dropped
        dropped = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
        assert dropped == [f"a Slack request stopped {TRIES} workers; it was dropped"]
        restarts = [r for r in caplog.records if "the Slack worker stopped" in r.getMessage()]
        assert len(restarts) == TRIES and front.link.pid != first
        for n in range(3):  # (a worker that died just after answering may answer twice)
            assert set(echoes(api, f"behind-{n}")) == {f"echo: hi {n}"}
        assert front.command(api, "hello", "after").status == 200
        assert echoes(api, "after") == ["echo: hello"]
        front.link.settle(timeout=20)
        # That worker served: its stop is not a fourth in a row, so no ten minutes' wait.
        os.kill(front.link.pid, signal.SIGKILL)
        assert front.command(api, "again", "after-kill").status == 200
        assert echoes(api, "after-kill") == ["echo: again"]
    assert not api.calls_to("response_url:poison")


def test_a_request_in_hand_when_a_poisonous_one_struck_is_not_dropped_with_it(
    api: FakeSlackAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    marks = tmp_path / "marks"
    marks.mkdir()
    args = (api.base_url, str(marks))
    with caplog.at_level(logging.ERROR), serving(tmp_path, holding_echo_worker, args) as front:
        assert front.command(api, HOLD, "held", user="U2").status == 200
        for _ in range(2000):  # until the worker has it in hand
            if (marks / "holding").exists():
                break
            time.sleep(0.01)
        assert front.command(api, POISON, "poison-2").status == 200  # both in hand: it dies
        front.link.settle(timeout=60)
    dropped = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert dropped == [f"a Slack request stopped {TRIES} workers; it was dropped"]
    # Suspected once, it was then handled alone, so no later death counted against it.
    assert set(echoes(api, "held")) == {"echo: hold"}
    assert not api.calls_to("response_url:poison-2")


def echoes(api: FakeSlackAPI, name: str) -> list[str]:
    return [c.args["text"] for c in api.wait_for(f"response_url:{name}", timeout=20)]


def test_a_form_is_answered_in_its_ack_through_the_worker(
    shared_front: Front, api: FakeSlackAPI
) -> None:
    assert shared_front.command(api, "add", "form", user="U7").status == 200
    (opened,) = api.wait_for("views.open", predicate=lambda c: c.args["trigger_id"] == "form")
    view = opened.args["view"]
    state = {"name": {"v": "x" * 100}, "org": {"v": "Acme"}}
    payload = view_submission_payload(
        view["callback_id"], state, private_metadata=view["private_metadata"], user_id="U7"
    )
    payload["view"]["blocks"] = view["blocks"]
    answer = signed_post(shared_front.url, payload_body(payload))
    assert answer.status == 200
    errors = answer.json()  # the worker's core answered, and it rode in this ack
    assert errors["response_action"] == "errors" and "80" in errors["errors"]["name"]


def test_the_install_pages_are_the_workers(shared_front: Front) -> None:
    base = shared_front.url.removesuffix("/slack/events")
    # a worker without OAuth has no install page: bolt's 404 there comes back as it is
    for page in ("/slack/install", "/slack/oauth_redirect?code=1&state=2"):
        answer = http_get(base + page)
        assert (answer.status, answer.body) == (404, "Not Found")
    assert http_get(base + "/healthz").body == "ok\n"


# -- leap slack --http itself, killed and started again ---------------------------------------


def worker_of(pid: int) -> int:
    """The worker process ``leap slack --http`` started (not multiprocessing's tracker)."""
    with open(f"/proc/{pid}/task/{pid}/children") as handle:
        children = [int(c) for c in handle.read().split()]
    for child in children:
        with open(f"/proc/{child}/cmdline", "rb") as handle:
            if b"spawn_main" in handle.read():
                return child
    raise AssertionError(f"no worker among {children}")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_a_request_acked_before_both_processes_were_killed_is_handled_at_the_next_start(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with leap_slack_http(api, data) as (front, url, _started):
        worker = worker_of(front.pid)
        os.kill(worker, signal.SIGSTOP)  # it never gets to the request
        killed = api.response_url("killed")
        body = api.slash_command_body("add Maria Lopez at Acme", response_url=killed)
        answer = signed_post(url, body)
        assert answer.status == 200 and answer.body == ""
        front.kill()  # the front first, so that it starts no other worker
        front.wait()
        os.kill(worker, signal.SIGKILL)
    assert not api.calls_to("response_url:killed")
    assert [n for n in os.listdir(tmp_path / "data-slack-inbox") if n.startswith("journal-")]
    with leap_slack_http(api, data) as (front, url, _started):
        welcome, added = answers(api, "killed", 2)  # handed over at start, unasked
        assert "I'm Leap" in welcome and "Added Maria Lopez (Acme)" in added
        front.terminate()
        assert front.wait(timeout=30) == 0
    assert os.listdir(tmp_path / "data-slack-inbox") == ["inbox.lock"]
    store = TinyDBStore(str(data))
    try:
        assert [c.name for c in store.contacts(UserKey("slack", "T1", "U1"))] == ["Maria Lopez"]
    finally:
        store.close()


def test_a_worker_still_starting_when_the_front_stops_is_stopped_too(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    """SIGTERM during a restart: the worker that was starting must not outlive the front
    (the front's exit would wait for it forever, and it for orders)."""
    held = tmp_path / "held"
    held.mkdir()
    with serving(tmp_path, held_echo_worker, (api.base_url, str(held))) as front:
        assert front.command(api, POISON, "stopping").status == 200
        starting = wait_for_file(held, "held-")  # the next worker is starting, held
        pid = int(starting.removeprefix("held-"))
        stopping = threading.Thread(target=front.link.stop)
        try:
            stopping.start()  # (it waits for the restart under way)
            (held / "go").touch()
            stopping.join(30)
            assert not stopping.is_alive()
            assert child_ends(pid), "the worker started during stop() outlived it"
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            child_ends(pid)


def wait_for_file(folder: Path, prefix: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [n for n in os.listdir(folder) if n.startswith(prefix)]
        if found:
            return found[0]
        threading.Event().wait(0.01)
    raise AssertionError(f"no {prefix}* in {folder} within {timeout} s")


def child_ends(pid: int, timeout: float = 10.0) -> bool:
    """Whether the child process ``pid`` ends (and is reaped) within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid not in [p.pid for p in multiprocessing.active_children()]:
            return True
        threading.Event().wait(0.02)
    return False


def test_stopping_ends_a_worker_stuck_in_a_request_which_is_handled_at_the_next_start(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    """The worker does not hear SIGTERM (the front decides when it stops): one stuck in a
    request must still end with the front, not outlive it beside a closed inbox."""
    marks = tmp_path / "marks"
    marks.mkdir()
    args = (api.base_url, str(marks))
    with serving(tmp_path, holding_echo_worker, args) as front:
        stuck = front.link.pid
        try:
            assert front.command(api, HOLD, "stuck", user="U2").status == 200
            wait_for_file(marks, "holding")
            front.link.stop(timeout=1.0)
            assert stuck not in [p.pid for p in multiprocessing.active_children()]
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(stuck, signal.SIGKILL)
    with serving(tmp_path, holding_echo_worker, args):  # the request came back from the inbox
        assert echoes(api, "stuck") == ["echo: hold"]


def test_a_done_report_that_cannot_be_written_does_not_stop_workers_being_replaced(
    api: FakeSlackAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serving(tmp_path, echo_worker, (api.base_url,)) as front:
        real, failed = front.link.inbox.done, threading.Event()

        def done_failing_once(*request_ids: str) -> None:
            if not failed.is_set():
                failed.set()
                raise OSError(errno.ENOSPC, "No space left on device")
            real(*request_ids)

        monkeypatch.setattr(front.link.inbox, "done", done_failing_once)
        assert front.command(api, "one", "disk-full").status == 200
        assert failed.wait(20)
        first = front.link.pid
        os.kill(first, signal.SIGKILL)
        assert front.command(api, "two", "after-disk-full").status == 200
        assert echoes(api, "after-disk-full") == ["echo: two"]
        assert front.link.pid != first
