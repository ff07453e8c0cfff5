"""Nudges as Slack DMs: delivered with their buttons, failures classified for retrying."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient

from adapters.messaging import SendError
from adapters.scheduler import NudgeRunner
from adapters.slack.deliver import api_client
from adapters.slack.messenger import SlackMessenger, single_workspace
from bot.models import UserKey
from bot.replies import Button, ChannelPost, DirectMessage, Message
from tests.adapters.test_slack_rig import TOKEN, Rig, button, replies, texts
from tests.fakes.slack_api import FakeSlackAPI

U1 = UserKey("slack", "T1", "U1")


@pytest.fixture
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


def messenger(api: FakeSlackAPI) -> SlackMessenger:
    return SlackMessenger(single_workspace(api_client(api.base_url, TOKEN)))


def test_a_direct_message_opens_the_dm_and_posts_with_buttons(api: FakeSlackAPI) -> None:
    note = Message(
        "Follow up with <@U9> & co?",
        title="Reminder",
        buttons=(Button("Done", "nudge-done", "n_1"),),
    )
    messenger(api).send(DirectMessage(U1, note, nudge_ids=("n_1",)))
    (opened,) = api.calls_to("conversations.open")
    assert opened.args["users"] == "U1" and opened.token == TOKEN
    (post,) = api.calls_to("chat.postMessage")
    assert post.args["channel"] == "DU1"
    assert "*Reminder*\nFollow up with &lt;@U9&gt; &amp; co?" in texts(post)
    assert button(post, "Done")["value"] == "nudge-done|n_1"


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        ("account_inactive", True),
        ("user_not_found", True),
        ("cannot_dm_bot", True),
        ("internal_error", False),
        ("fatal_error", False),
    ],
)
def test_slack_refusals_become_send_errors(api: FakeSlackAPI, error: str, permanent: bool) -> None:
    api.set_response("chat.postMessage", {"ok": False, "error": error})
    with pytest.raises(SendError) as raised:
        messenger(api).send(DirectMessage(U1, Message("hi")))
    assert raised.value.reason == error and raised.value.permanent is permanent


def test_a_workspace_without_installation_is_a_permanent_failure(api: FakeSlackAPI) -> None:
    nowhere = SlackMessenger(lambda _team: None)
    with pytest.raises(SendError) as raised:
        nowhere.send(DirectMessage(U1, Message("hi")))
    assert raised.value.permanent
    with pytest.raises(SendError):
        nowhere.send(DirectMessage(UserKey("discord", "G1", "1"), Message("hi")))


def test_a_rate_limited_nudge_is_retried_after_retry_after(api: FakeSlackAPI) -> None:
    api.set_response(
        "chat.postMessage",
        {"ok": False, "error": "ratelimited"},
        status=429,
        headers={"Retry-After": "0"},
        times=1,
    )
    messenger(api).send(DirectMessage(U1, Message("hi")))
    assert len(api.calls_to("chat.postMessage")) == 2


def test_channel_posts_go_to_the_channel(api: FakeSlackAPI) -> None:
    messenger(api).post(ChannelPost("slack", "T1", "C42", Message("Weekly round-up")))
    assert api.calls_to("chat.postMessage")[0].args["channel"] == "C42"


def test_the_runner_delivers_a_due_follow_up_and_its_button_works(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    rig = Rig(api, tmp_path / "data")
    try:
        rig.command("add Maria Lopez at Acme")
        rig.idle()  # a first use: the welcome rode in the ack, the answer follows it
        rig.command("ask maria")
        rig.idle()
        rig.click(button(replies(api)[-1], "Mark as sent"))
        rig.idle()
        api.clear()
        runner = NudgeRunner(
            rig.leap,
            SlackMessenger(single_workspace(WebClient(base_url=api.base_url, token=TOKEN))),
        )
        sent = runner.deliver_due(rig.clock.advance(timedelta(days=6)))
        assert sent, "a follow-up fell due"
        (dm,) = [c for c in api.calls_to("chat.postMessage") if "Maria" in texts(c)]
        assert dm.args["channel"] == "DU1"
        states = {n.kind: n.state for n in rig.store.nudges(U1)}
        assert states["follow-up-3"] == "sent"
        done = button(dm, "Done")
        assert done["value"].startswith("nudge-done|")
        rig.click(done, channel="DU1")
        rig.idle()
        (answer,) = api.calls_to("response_url:click")
        assert answer.args["replace_original"] is True and "Noted on Maria" in texts(answer)
        assert not runner.deliver_due(rig.clock.now()), "nothing is sent twice"
    finally:
        rig.close()
