"""The App Home follows a user's changes without slowing their next answer.

A refresh renders the whole pipeline, so it waits for a pause in the user's requests
(``adapters.slack.debounce.Debouncer``): a burst of commands costs one refresh. It is
queued apart from the user's answers, so an answer still rides in its acknowledgement
while a refresh waits. No sleeping: the pause is ``Debouncer.flush``, and the work pool
below holds its tasks until the test lets them go.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.slack.debounce import Debouncer
from adapters.slack.pool import WorkPool
from tests.adapters.test_slack_rig import Rig, ack_json, texts
from tests.fakes.slack_api import FakeSlackAPI

HOME_OPENED = {"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "DU1"}


class HeldPool(WorkPool):
    """A work pool whose tasks wait until ``go`` is set (as if the machine were busy)."""

    def __init__(self) -> None:
        super().__init__(4)
        self.go = threading.Event()

    def submit(self, key: str, fn: Callable[..., None], *args: Any) -> None:
        def held(*inner: Any) -> None:
            assert self.go.wait(30.0), "the test never let the work go"
            fn(*inner)

        super().submit(key, held, *args)


@pytest.fixture
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


def test_a_burst_of_commands_refreshes_the_app_home_once_when_it_pauses(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    home = Debouncer(quiet=3600.0, longest=7200.0)  # the pause comes when the test says
    rig = Rig(api, tmp_path / "data", home=home)
    try:
        rig.command("help")
        rig.event(HOME_OPENED)
        rig.idle()
        assert len(api.calls_to("views.publish")) == 1  # opening it publishes at once
        for name in ("Ana Silva", "Ben Okafor", "Chen Wu"):
            rig.command(f"add {name} at Acme")
        rig.idle()
        assert len(api.calls_to("views.publish")) == 1  # nothing while the burst goes on
        home.flush()  # the user paused
        rig.idle()
        opened, refreshed = api.calls_to("views.publish")
        assert "Pipeline — to ask: 3" in texts(refreshed)
        assert "Pipeline — to ask: 3" not in texts(opened)
    finally:
        home.stop()
        rig.close()


def test_each_answer_rides_in_its_ack_while_the_app_home_refresh_waits(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    pool = HeldPool()
    rig = Rig(api, tmp_path / "data", pool=pool)
    try:
        pool.go.set()
        rig.command("help")  # the welcome rides in the ack; the help follows it
        rig.idle()
        followed = len(api.calls_to("response_url:command"))
        pool.go.clear()  # from here the machine is busy: work after the acks waits
        rig.event(HOME_OPENED)  # its publish waits in the pool
        first = rig.command("add Maria Lopez at Acme")
        second = rig.command("show maria")
        assert "Added Maria Lopez (Acme)" in str(ack_json(first).get("blocks"))
        assert "Maria Lopez" in str(ack_json(second).get("blocks"))
        assert len(api.calls_to("response_url:command")) == followed  # none waited for later
        pool.go.set()
        rig.idle()
        assert "Next: Maria" in texts(api.calls_to("views.publish")[-1])
    finally:
        pool.go.set()
        rig.close()


def test_a_debouncer_runs_once_per_key_for_many_requests() -> None:
    now = [0.0]
    ran: list[str] = []
    debouncer = Debouncer(quiet=1.0, longest=5.0, clock=lambda: now[0])
    try:
        for at in (0.0, 0.5, 0.9):
            now[0] = at
            debouncer.request("U1", lambda: ran.append("U1"))
        debouncer.request("U2", lambda: ran.append("U2"))
        assert debouncer.pending() == 2 and ran == []
        debouncer.flush()
        assert sorted(ran) == ["U1", "U2"] and debouncer.pending() == 0
    finally:
        debouncer.stop()
