"""Modals, the "Save author" shortcut, and buttons that outlive a restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.slack.app import SHORTCUT_ID
from bot.models import UserKey
from tests.adapters.test_slack_rig import Rig, ack_json, button, replies, texts
from tests.fakes.slack_api import (
    FakeSlackAPI,
    block_actions_payload,
    message_shortcut_payload,
    payload_body,
)


@pytest.fixture
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def rig(api: FakeSlackAPI, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(api, tmp_path / "data")
    yield made
    made.close()


def test_add_without_details_opens_a_modal_with_the_trigger(rig: Rig, api: FakeSlackAPI) -> None:
    rig.command("add", trigger_id="trig-1")
    rig.idle()
    (opened,) = api.calls_to("views.open")
    view = opened.args["view"]
    assert opened.args["trigger_id"] == "trig-1"
    assert view["type"] == "modal" and view["callback_id"] == "leap-form"
    assert view["title"]["text"] == "Add a contact" and len(view["title"]["text"]) <= 24
    names = [b["block_id"] for b in view["blocks"]]
    assert names[:3] == ["name", "org", "role"]
    name_block = view["blocks"][0]
    assert name_block["optional"] is False and name_block["label"]["text"] == "Name"
    level = next(b for b in view["blocks"] if b["block_id"] == "level")
    assert level["element"]["type"] == "static_select"
    note = next(b for b in view["blocks"] if b["block_id"] == "note")
    assert note["element"]["multiline"] is True


def test_modal_errors_show_on_the_fields_then_a_good_submit_saves(
    rig: Rig, api: FakeSlackAPI
) -> None:
    rig.command("add")
    rig.idle()
    view = api.calls_to("views.open")[0].args["view"]
    api.clear()
    bad = rig.submit(
        view, {"name": "x" * 100, "org": "Acme", "role": "", "field": "", "via": "", "note": ""}
    )
    assert bad.status == 200
    answer = ack_json(bad)
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"name"} and "80" in answer["errors"]["name"]
    assert rig.contacts() == []
    good = rig.submit(
        view,
        {
            "name": "Maria Lopez",
            "org": "Acme",
            "role": "",
            "field": "",
            "via": "",
            "note": "met at the meetup",
        },
    )
    assert good.status == 200 and ack_json(good) == {}
    rig.idle()
    assert rig.contacts() == ["Maria Lopez"]
    reply = replies(api)[-1]  # the command's own response_url
    assert "Added Maria Lopez (Acme)" in texts(reply)
    assert reply.args["response_type"] == "ephemeral"


def test_edit_opens_a_prefilled_modal_and_a_select_value_is_read(
    rig: Rig, api: FakeSlackAPI
) -> None:
    rig.command("add Maria Lopez at Acme; level senior")
    rig.command("edit maria")
    rig.idle()
    view = api.calls_to("views.open")[0].args["view"]
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert blocks["name"]["element"]["initial_value"] == "Maria Lopez"
    assert blocks["level"]["element"]["initial_option"]["value"] == "senior"
    values = {"name": "Maria Lopez", "org": "Acme", "role": "", "field": "", "via": "", "note": ""}
    state = {k: {"v": v} for k, v in values.items()}
    state["level"] = {"v": {"type": "static_select", "selected_option": {"value": "executive"}}}
    from tests.fakes.slack_api import view_submission_payload

    payload = view_submission_payload("leap-form", state, private_metadata=view["private_metadata"])
    assert rig.dispatch(payload_body(payload)).status == 200
    rig.idle()
    (maria,) = rig.store.contacts(UserKey("slack", "T1", "U1"))
    assert maria.level == "executive"


def test_a_form_asked_for_in_a_dm_message_is_offered_as_a_button(
    rig: Rig, api: FakeSlackAPI
) -> None:
    rig.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": "DU1",
            "user": "U1",
            "text": "add",
            "ts": "1.0",
        }
    )
    rig.idle()
    offer = api.calls_to("chat.postMessage")[-1]
    opener = button(offer, "Add a contact")
    assert opener["value"] == "run|add"
    rig.click(opener, channel="DU1", trigger_id="trig-2")
    rig.idle()
    assert api.calls_to("views.open")[0].args["trigger_id"] == "trig-2"


def test_save_author_shortcut_adds_the_author_with_the_message_as_note(
    rig: Rig, api: FakeSlackAPI
) -> None:
    api.users["U5"] = {
        "real_name": "Sam Lee",
        "profile": {"real_name": "Sam Lee", "display_name": "sam"},
    }
    payload = message_shortcut_payload(
        SHORTCUT_ID,
        message_text="happy to chat about data careers &amp; &lt;!here&gt;",
        channel_id="C9",
        response_url=api.response_url("shortcut"),
    )
    payload["message"]["user"] = "U5"
    assert rig.dispatch(payload_body(payload)).status == 200
    rig.idle()
    (sam,) = rig.store.contacts(UserKey("slack", "T1", "U1"))
    assert sam.name == "Sam Lee"
    assert sam.notes == ("happy to chat about data careers & <!here>",)
    reply = api.calls_to("response_url:shortcut")[-1]
    assert "Added Sam Lee" in texts(reply) and reply.args["response_type"] == "ephemeral"
    # saving the same author twice is explained, not duplicated
    rig.dispatch(payload_body(payload))
    rig.idle()
    assert "You already have Sam Lee" in texts(api.calls_to("response_url:shortcut")[-1])
    assert len(rig.contacts()) == 1


def test_buttons_of_an_old_message_work_after_a_restart(api: FakeSlackAPI, tmp_path: Path) -> None:
    first = Rig(api, tmp_path / "data")
    first.command("add Maria Lopez at Acme")
    first.command("remove maria")
    first.idle()
    question = replies(api)[-1]
    first.close()  # the process ends; nothing of it survives but the data folder

    second = Rig(api, tmp_path / "data")
    try:
        assert second.click(button(question, "Yes, remove")).status == 200
        second.idle()
        (update,) = api.calls_to("response_url:click")
        assert update.args["replace_original"] is True
        assert "Removed Maria Lopez (Acme)." in texts(update)
        assert second.contacts() == []
    finally:
        second.close()


def test_an_unknown_old_button_is_answered_not_crashed(rig: Rig, api: FakeSlackAPI) -> None:
    payload = block_actions_payload(
        "leap:0", "retired-action|x", response_url=api.response_url("click")
    )
    assert rig.dispatch(payload_body(payload)).status == 200
    rig.idle()
    assert "no longer does anything" in texts(api.calls_to("response_url:click")[-1])
