"""Where each kind of answer lands: public group replies, files, DMs to others, fallbacks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.slack.deliver import Origin, SlackOutlet, api_client
from adapters.slack.people import DmChannels
from bot.models import UserKey
from bot.replies import (
    ChannelPost,
    DirectMessage,
    File,
    Form,
    FormField,
    Message,
    OpenForm,
    Reply,
    Update,
)
from tests.adapters.test_slack_rig import TOKEN, Rig, replies, texts
from tests.fakes.slack_api import FakeSlackAPI


@pytest.fixture
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        fake.set_response(
            "files.getUploadURLExternal",
            {"ok": True, "file_id": "F1", "upload_url": f"{fake.url}upload/F1"},
        )
        fake.set_response("unknown:/upload/F1", "OK")
        fake.set_response("files.completeUploadExternal", {"ok": True, "files": [{"id": "F1"}]})
        yield fake


def deliver(api: FakeSlackAPI, origin: Origin, *outs: object) -> list[object]:
    """Send ``outs`` for one request; returns what was reported to the core."""
    reports: list[object] = []
    outlet = SlackOutlet(api_client(api.base_url, TOKEN), origin, DmChannels())
    outlet.send(list(outs), reports.append)  # type: ignore[arg-type]
    return reports


def test_a_group_reply_is_posted_in_the_channel(api: FakeSlackAPI) -> None:
    origin = Origin("T1", "U1", "C1", response_url=api.response_url("group"))
    deliver(api, origin, Reply(Message("Welcome, switchers"), public=True))
    (call,) = api.calls_to("response_url:group")
    assert call.args["response_type"] == "in_channel"


def test_a_file_with_a_channel_reply_goes_to_the_users_dm(api: FakeSlackAPI) -> None:
    origin = Origin("T1", "U1", "C1", response_url=api.response_url("cmd"))
    ics = File("meeting.ics", b"BEGIN:VCALENDAR", "text/calendar")
    deliver(api, origin, Reply(Message("Booked.", files=(ics,))))
    assert api.calls_to("response_url:cmd")[0].args["response_type"] == "ephemeral"
    (asked,) = api.calls_to("files.getUploadURLExternal")
    assert asked.args["filename"] == "meeting.ics"
    (uploaded,) = api.calls_to("unknown:/upload/F1")
    assert "BEGIN:VCALENDAR" in uploaded.raw_body
    assert api.calls_to("files.completeUploadExternal")[0].args["channel_id"] == "DU1"


def test_messages_for_others_and_channels_use_the_same_workspace_only(api: FakeSlackAPI) -> None:
    origin = Origin("T1", "U1", "C1", response_url=api.response_url("cmd"))
    deliver(
        api,
        origin,
        DirectMessage(UserKey("slack", "T1", "U2"), Message("Ana suggested you")),
        DirectMessage(UserKey("slack", "T9", "U3"), Message("elsewhere")),
        ChannelPost("slack", "T1", "C7", Message("Round-up")),
    )
    channels = [c.args["channel"] for c in api.calls_to("chat.postMessage")]
    assert channels == ["DU2", "C7"]


def test_without_a_response_url_an_update_becomes_a_dm(api: FakeSlackAPI) -> None:
    deliver(api, Origin("T1", "U1"), Update(Message("Done.")))
    assert api.calls_to("chat.postMessage")[0].args["channel"] == "DU1"


def test_a_failed_response_url_falls_back_to_a_dm(api: FakeSlackAPI) -> None:
    api.set_response("response_url:gone", "expired_url", status=404)
    deliver(
        api,
        Origin("T1", "U1", "C1", response_url=api.response_url("gone")),
        Reply(Message("Still reaches you")),
    )
    assert "Still reaches you" in texts(api.calls_to("chat.postMessage")[0])


def test_an_expired_trigger_offers_the_form_as_a_button(api: FakeSlackAPI) -> None:
    api.set_response("views.open", {"ok": False, "error": "expired_trigger_id"})
    form = Form("add", "Add a contact", (FormField("name", "Name", required=True),))
    deliver(
        api,
        Origin("T1", "U1", "DU1", bot_dm="DU1", trigger_id="t", command_text="add"),
        OpenForm(form),
    )
    (offer,) = api.calls_to("chat.postMessage")
    (element,) = offer.args["blocks"][0]["elements"]
    assert element["value"] == "run|add" and element["text"]["text"] == "Add a contact"


def test_schedule_sends_the_calendar_file_from_slack(api: FakeSlackAPI, tmp_path: Path) -> None:
    rig = Rig(api, tmp_path / "data")
    try:
        rig.command("add Maria Lopez at Acme")
        rig.command("schedule maria tomorrow 3pm; by video")
        rig.idle()
        assert "Booked: Maria Lopez" in texts(replies(api)[-1])
        assert api.calls_to("files.getUploadURLExternal")[0].args["filename"] == "meeting.ics"
        assert api.calls_to("files.completeUploadExternal")[0].args["channel_id"] == "DU1"
    finally:
        rig.close()


def test_a_message_too_long_for_one_post_is_posted_in_parts(api: FakeSlackAPI) -> None:
    """The last resort behind the core's paging: Slack refuses a chat.postMessage with
    about 12,000 characters of block text (msg_blocks_too_long)."""
    lines = [f"line {i:03d} " + "&" * 80 for i in range(300)]  # & is escaped to &amp;
    origin = Origin("T1", "U1", "DU1", bot_dm="DU1")
    deliver(api, origin, Reply(Message("\n".join(lines), title="Everything")))
    posts = api.calls_to("chat.postMessage")
    assert len(posts) > 1 and api.refusals == []
    shown = "\n".join(texts(p) for p in posts)
    assert [i for i in range(300) if f"line {i:03d} " not in shown] == []
