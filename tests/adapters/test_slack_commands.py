"""Every /leap command, buttons, DMs and the App Home, through the real slack-bolt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core import SORRY, build_registry
from bot.models import UserKey
from tests.adapters.test_slack_rig import Rig, button, buttons, replies, texts
from tests.fakes.slack_api import FakeSlackAPI, block_actions_payload, payload_body

U1 = UserKey("slack", "T1", "U1")
COMMANDS = [spec for spec in build_registry() if not spec.group]


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


@pytest.fixture
def rig(api: FakeSlackAPI, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(api, tmp_path / "data")
    made.command("add Maria Lopez at Acme; role UX researcher; met colleague")
    made.idle()
    api.clear()
    yield made
    made.close()


@pytest.mark.parametrize("spec", COMMANDS, ids=[s.name for s in COMMANDS])
def test_every_console_command_answers_privately_from_slack(
    rig: Rig, api: FakeSlackAPI, spec
) -> None:  # type: ignore[no-untyped-def]
    text = spec.examples[0].removeprefix("/leap ") if spec.examples else spec.name
    assert rig.command(text).status == 200
    rig.idle()
    answers = replies(api)
    opened = api.calls_to("views.open")
    assert answers or opened, f"/leap {text} got no answer"
    for call in answers:
        assert call.args["response_type"] == "ephemeral"
        assert SORRY.split("—")[0] not in call.args["text"]
        assert call.args["blocks"] and len(call.args["blocks"]) <= 50
    assert not api.calls_to("chat.postMessage")  # nothing visible to the channel


def test_first_use_welcomes_and_takes_the_time_zone_from_the_slack_profile(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    api.users["U2"] = {"tz": "America/New_York", "profile": {"display_name": "Ana"}}
    rig = Rig(api, tmp_path / "data")
    try:
        rig.command("help", user="U2")
        rig.idle()
        welcome, answer = replies(api)
        assert "Hi Ana! I'm Leap" in texts(welcome)
        assert "Which time zone" not in texts(welcome) + texts(answer)
        assert button(welcome, "Add your first contact")["value"] == "add-form|"
        profile = rig.store.profile(UserKey("slack", "T1", "U2"))
        assert profile is not None and profile.tz == "America/New_York" and profile.tz_confirmed
    finally:
        rig.close()


def test_a_zone_the_user_set_wins_over_slack_after_a_restart(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    rig = Rig(api, tmp_path / "data")
    rig.command("settings tz Asia/Tokyo")
    rig.close()
    api.users["U1"] = {"tz": "America/New_York"}
    again = Rig(api, tmp_path / "data")
    try:
        again.command("settings")
        again.idle()
        assert "Time zone: Asia/Tokyo" in texts(replies(api)[-1])
    finally:
        again.close()


def test_a_command_in_the_bots_dm_is_answered_in_the_dm(rig: Rig, api: FakeSlackAPI) -> None:
    rig.command("contacts", channel="DU1", channel_name="directmessage")
    rig.idle()
    (post,) = api.calls_to("chat.postMessage")
    assert post.args["channel"] == "DU1" and "Maria Lopez (Acme)" in texts(post)
    assert not replies(api)


def test_a_command_in_someone_elses_dm_stays_ephemeral(rig: Rig, api: FakeSlackAPI) -> None:
    rig.command("contacts", channel="DU7")
    rig.idle()
    assert not api.calls_to("chat.postMessage")
    assert replies(api)[0].args["response_type"] == "ephemeral"


def test_remove_asks_and_the_button_replaces_the_question(rig: Rig, api: FakeSlackAPI) -> None:
    rig.command("remove maria")
    rig.idle()
    question = replies(api)[0]
    yes = button(question, "Yes, remove")
    assert yes["style"] == "danger" and yes["action_id"].startswith("leap:")
    assert yes["value"].startswith("remove|c_")
    assert rig.click(yes).status == 200
    rig.idle()
    (update,) = replies(api, "click")
    assert update.args["replace_original"] is True
    assert "Removed Maria Lopez (Acme)." in texts(update)
    assert rig.contacts() == []


def test_long_lists_are_paginated_within_block_kit_limits(rig: Rig, api: FakeSlackAPI) -> None:
    for n in range(30):
        rig.command(f"add Person{n:02d} Example at Org{n}; note " + "long note " * 40)
    rig.idle()
    api.clear()
    rig.command("contacts")
    rig.idle()
    first = replies(api)[-1]
    assert "(page 1 of 3)" in texts(first)
    assert all(
        len(b["text"]["text"]) <= 3000 for b in first.args["blocks"] if b["type"] == "section"
    )
    rig.click(button(first, "More (2/3)"))
    rig.idle()
    assert "(page 2 of 3)" in texts(replies(api, "click")[-1])


def test_a_select_choice_reaches_the_core(rig: Rig, api: FakeSlackAPI) -> None:
    payload = block_actions_payload(
        "leap:select",
        action_type="static_select",
        selected_option={
            "value": "set-tz|Asia/Tokyo",
            "text": {"type": "plain_text", "text": "Tokyo"},
        },
        response_url=api.response_url("click"),
    )
    assert rig.dispatch(payload_body(payload)).status == 200
    rig.idle()
    assert "Time zone set to Asia/Tokyo" in texts(replies(api, "click")[0])


def test_a_debrief_runs_as_a_conversation_in_the_dm(rig: Rig, api: FakeSlackAPI) -> None:
    rig.command("debrief maria", channel="DU1")
    rig.idle()
    asked = api.calls_to("chat.postMessage")[-1]
    assert "You have not met Maria yet" in texts(asked)
    rig.click(button(asked, "Yes, we talked today"), channel="DU1")
    rig.idle()
    answers = [
        "Research is mostly &lt;stakeholder&gt; work.",
        "4 — skills transfer",
        "good fit",
        "(click 3)",
        "I want it: 5",
        "4 - product roles later",
        "skip",
        "Priya Shah at Globex",
    ]
    for n, text in enumerate(answers):
        if text == "(click 3)":
            asked = api.calls_to("chat.postMessage")[-1]
            assert "And a score" in texts(asked)
            rig.click(button(asked, "3"), channel="DU1")
        else:
            rig.event(
                {
                    "type": "message",
                    "channel_type": "im",
                    "channel": "DU1",
                    "user": "U1",
                    "text": text,
                    "ts": f"1.{n}",
                },
                event_id=f"EvD{n}",
            )
        rig.idle()
    # the bot's own messages and edits are not answers
    rig.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": "DU1",
            "user": "UBOT",
            "bot_id": "B1",
            "text": "echo",
            "ts": "2.0",
        },
        event_id="EvBot",
    )
    rig.event(
        {
            "type": "message",
            "subtype": "message_changed",
            "channel_type": "im",
            "channel": "DU1",
            "ts": "2.1",
        },
        event_id="EvEdit",
    )
    rig.idle()
    last = api.calls_to("chat.postMessage")[-1]
    assert last.args["channel"] == "DU1"
    assert "succeed 4/5 · fit" in texts(last)
    assert "Priya Shah" in rig.contacts()
    interview = rig.store.interviews(U1)[0]
    assert interview.learned == "Research is mostly <stakeholder> work."


def test_app_home_is_published_on_open_and_after_a_change(rig: Rig, api: FakeSlackAPI) -> None:
    rig.command("contacts")
    rig.idle()
    assert not api.calls_to("views.publish")  # never opened since start-up: fresh on open
    rig.event({"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "DU1"})
    rig.idle()
    (home,) = api.calls_to("views.publish")
    assert home.args["user_id"] == "U1" and home.args["view"]["type"] == "home"
    assert "Pipeline — to ask: 1" in texts(home) and "Next: Maria" in texts(home)
    rig.command("goal changing careers to UX research")
    rig.idle()
    latest = api.calls_to("views.publish")[-1]
    assert "Goal: changing careers to UX research" in texts(latest)
    rig.event(
        {"type": "app_home_opened", "user": "U1", "tab": "messages", "channel": "DU1"},
        event_id="Ev2",
    )
    rig.idle()
    assert len(api.calls_to("views.publish")) == 2  # the messages tab publishes nothing


def test_a_button_in_the_home_tab_answers_in_the_dm(rig: Rig, api: FakeSlackAPI) -> None:
    rig.event({"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "DU1"})
    rig.idle()
    home = api.calls_to("views.publish")[0]
    contacts = button(home, "Your contacts")
    payload = block_actions_payload(
        contacts["action_id"], contacts["value"], view={"id": "V1", "type": "home"}
    )
    rig.dispatch(payload_body(payload))
    rig.idle()
    (post,) = api.calls_to("chat.postMessage")
    assert post.args["channel"] == "DU1" and "Maria Lopez (Acme)" in texts(post)


def test_mentions_typed_as_names_ping_no_one(rig: Rig, api: FakeSlackAPI) -> None:
    rig.command("add <!channel> at <!here>; note ask &lt;@U123&gt; & co")
    rig.idle()
    rig.command("show <!channel>")
    rig.idle()
    shown = replies(api)[-1]
    assert "&lt;!channel&gt; (&lt;!here&gt;)" in texts(shown)
    assert "&lt;@U123&gt; &amp; co" in texts(shown)
    for call in api.calls:  # every text Slack would parse as mrkdwn
        parsed = [str(call.args.get("text", "")), *_mrkdwn(call.args)]
        for mention in ("<!channel>", "<!here>", "<@U123>"):
            assert not any(mention in t for t in parsed), (call.method, mention)
    labels = [b["label"] for b in buttons(shown)]
    assert any("<!channel>" in label for label in labels)  # plain_text: shown, never a ping


def test_user_text_is_sent_verbatim(rig: Rig, api: FakeSlackAPI) -> None:
    """mrkdwn defaults to verbatim false: Slack would link www.example.com and #general
    and parse "certain mentions" in a contact's note (Block Kit text object reference)."""
    rig.command("add Sam Park at www.example.com; note see #general and @here")
    rig.idle()
    rig.command("show sam")
    rig.idle()
    objects = [o for c in api.calls for o in _mrkdwn_objects(c.args)]
    assert any("www.example.com" in str(o["text"]) for o in objects)
    assert objects and all(o.get("verbatim") is True for o in objects)


def _mrkdwn_objects(node: object) -> Iterator[dict[str, object]]:
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn":
            yield node
        for value in node.values():
            yield from _mrkdwn_objects(value)
    elif isinstance(node, list):
        for item in node:
            yield from _mrkdwn_objects(item)


def _mrkdwn(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn":
            yield str(node.get("text", ""))
        for value in node.values():
            yield from _mrkdwn(value)
    elif isinstance(node, list):
        for item in node:
            yield from _mrkdwn(item)


def test_group_commands_post_in_the_channel_and_introductions_go_by_dm(
    rig: Rig, api: FakeSlackAPI
) -> None:
    api.users["U9"] = {"is_admin": True}  # users.info: a workspace admin may start a group
    rig.command("group start", user="U9", channel="C5", channel_name="career-switchers")
    rig.idle()  # users' work runs side by side: let the group exist before anyone joins
    for user in ("U2", "U3"):
        rig.command("group join named", user=user, channel="C5")
    rig.idle()
    started, *_ = [c for c in replies(api) if "is now a Leap group" in texts(c)]
    assert started.args["response_type"] == "in_channel"  # a group command: public
    joined = [c for c in replies(api) if "You joined" in texts(c)]
    assert len(joined) == 2 and all(c.args["response_type"] == "ephemeral" for c in joined)

    rig.command("intro UX research", user="U3", channel="C5")
    rig.idle()
    ask = replies(api)[-1]
    assert ask.args["response_type"] == "in_channel"
    rig.click(button(ask, "I can introduce"), user="U2", channel="C5", trigger_id="trig-9")
    rig.idle()
    view = api.calls_to("views.open")[-1].args["view"]
    values = {b["block_id"]: "Ana Ruiz, UX lead at Globex" for b in view["blocks"]}
    assert rig.submit(view, values, user="U2").status == 200
    rig.idle()
    offer = [c for c in api.calls_to("chat.postMessage") if c.args["channel"] == "DU3"]
    assert offer and "Ana Ruiz" in texts(offer[-1])
    assert button(offer[-1], "Yes")["value"].startswith("intro-accept|")


def test_a_group_command_in_a_dm_is_explained_privately(rig: Rig, api: FakeSlackAPI) -> None:
    rig.command("group start", channel="DU1")
    rig.idle()
    (post,) = api.calls_to("chat.postMessage")
    assert post.args["channel"] == "DU1" and "work in a channel" in texts(post)
