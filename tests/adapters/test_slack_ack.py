"""An acknowledged command is stored: Slack never retries a request it got a 200 for.

``HeldPool`` never runs the work queued after an acknowledgement — as if the process
were killed the moment Slack was answered. Whatever a 200 was given for must already be
in the store, and a slash command's answer must already be in the acknowledgement.
(``bench/slack.py`` measures the same with SIGKILL after a burst of 1,000 adds.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.slack.pool import WorkPool
from tests.adapters.test_slack_rig import Rig, ack_json, button, replies, texts
from tests.fakes.slack_api import FakeSlackAPI


class HeldPool(WorkPool):
    """Keeps the work after the acknowledgement and never runs it."""

    def __init__(self) -> None:
        super().__init__(1)
        self.held: list[tuple[Callable[..., None], tuple[Any, ...]]] = []

    def submit(self, key: str, fn: Callable[..., None], *args: Any) -> None:
        self.held.append((fn, args))


@pytest.fixture
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def rig(api: FakeSlackAPI, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(api, tmp_path / "data", pool=HeldPool())
    made.command("help")  # past the welcome (its answer rides in the ack too)
    yield made
    made.close()


def test_a_command_acknowledged_is_stored_and_answered_in_the_ack(
    rig: Rig, api: FakeSlackAPI
) -> None:
    response = rig.command("add Maria Lopez at Acme")
    assert response.status == 200
    assert rig.contacts() == ["Maria Lopez"]  # nothing ran after the acknowledgement
    answer = ack_json(response)
    assert answer["response_type"] == "ephemeral"
    assert "Added Maria Lopez (Acme)" in texts(replies(api)[-1])
    assert api.refusals == []


def test_a_click_acknowledged_is_stored(rig: Rig, api: FakeSlackAPI) -> None:
    rig.command("add Maria Lopez at Acme")
    rig.command("remove maria")
    question = replies(api)[-1]
    assert rig.click(button(question, "Yes, remove")).status == 200
    assert rig.contacts() == []


def test_work_past_the_budget_is_acknowledged_first_and_answered_after(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    rig = Rig(api, tmp_path / "data")
    rig.answering.budget = 0.0  # every answer is "slow"
    try:
        response = rig.command("add Maria Lopez at Acme")
        assert response.status == 200 and ack_json(response) == {}
        rig.idle()
        assert rig.contacts() == ["Maria Lopez"]
        assert "Added Maria Lopez (Acme)" in texts(api.calls_to("response_url:command")[-1])
    finally:
        rig.close()
