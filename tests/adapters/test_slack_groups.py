"""Group channels that work on a real Slack workspace, through the real slack-bolt.

Slack refuses a post in a channel the app has not joined (``not_in_channel``) unless it
holds ``chat:write.public`` — public channels only; a private channel needs an invite.
The strict fake (``tests/fakes/slack_rules.py``) answers the same way, with the scopes
of Leap's own manifest.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.scheduler import NudgeRunner
from adapters.slack.deliver import api_client
from adapters.slack.messenger import SlackMessenger, single_workspace
from bot.models import UserKey
from tests.adapters.test_slack_rig import TOKEN, Rig, replies, texts
from tests.fakes.slack_api import Call, FakeSlackAPI

PRIVATE, PUBLIC = "G7", "C5"


@pytest.fixture
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def rig(api: FakeSlackAPI, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(api, tmp_path / "data")
    yield made
    made.close()


def answers(api: FakeSlackAPI) -> list[Call]:
    return replies(api)


def digests(rig: Rig, api: FakeSlackAPI, channel: str) -> list[Call]:
    """Let a week and a day pass with the scheduler; the digests posted in ``channel``."""
    runner = NudgeRunner(
        rig.leap, SlackMessenger(single_workspace(api_client(api.base_url, TOKEN)))
    )
    rig.clock.advance(timedelta(days=8))
    runner.deliver_due(rig.clock.now())
    return [c for c in api.calls_to("chat.postMessage") if c.args.get("channel") == channel]


def test_any_channel_member_starts_a_group_and_its_digest_is_posted(
    rig: Rig, api: FakeSlackAPI
) -> None:
    rig.command("group start", user="U2", channel=PUBLIC, channel_name="switchers")  # no admin
    rig.idle()
    assert "is now a Leap group" in texts(answers(api)[-1])
    (digest,) = digests(rig, api, PUBLIC)  # Leap never joined: chat:write.public covers it
    assert api.refusals == []
    assert "switchers" in texts(digest)


def test_a_private_channel_asks_for_an_invite_first(rig: Rig, api: FakeSlackAPI) -> None:
    api.add_channel(PRIVATE, private=True, members={"U2"})
    rig.command("group start", user="U2", channel=PRIVATE, channel_name="cohort")
    rig.idle()
    assert "/invite @Leap" in texts(answers(api)[-1])
    assert rig.store.group(UserKey("slack", "T1", "#" + PRIVATE)) is None
    assert digests(rig, api, PRIVATE) == []  # nothing to post, nothing refused
    assert [e for _m, e in api.refusals if e == "not_in_channel"] == []

    api.add_channel(PRIVATE, private=True, members={"U2", api.bot_user_id})  # /invite @Leap
    rig.command("group start", user="U2", channel=PRIVATE, channel_name="cohort")
    rig.idle()
    assert "is now a Leap group" in texts(answers(api)[-1])
    assert len(digests(rig, api, PRIVATE)) == 1
    # The one refusal: asking about the channel before the invite (it was invisible).
    assert api.refusals == [("conversations.info", "channel_not_found")]


def test_a_digest_slack_refuses_is_told_to_the_starter_by_dm(rig: Rig, api: FakeSlackAPI) -> None:
    api.add_channel(PRIVATE, private=True, members={"U2", api.bot_user_id})
    rig.command("group start", user="U2", channel=PRIVATE, channel_name="cohort")
    rig.idle()
    api.add_channel(PRIVATE, private=True, members={"U2"})  # someone removed Leap
    assert digests(rig, api, PRIVATE) != []  # tried…
    assert ("chat.postMessage", "not_in_channel") in api.refusals  # …and Slack refused
    told = [c for c in api.calls_to("chat.postMessage") if c.args.get("channel") == "DU2"]
    assert told, "the group's starter hears that the digest was not posted"
