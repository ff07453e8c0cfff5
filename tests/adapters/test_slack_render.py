"""Block Kit rendering: escaping, Slack's limits, button values, modals, text from Slack."""

from __future__ import annotations

from adapters.slack.modals import FormOrigin, field_errors, modal, submitted_values
from adapters.slack.render import (
    escape,
    fallback_text,
    from_slack,
    message_blocks,
    parse_value,
    split_text,
    view_blocks,
)
from bot.replies import Button, Form, FormField, Message, Option, Select, run


def test_user_text_is_escaped_so_nothing_pings() -> None:
    assert (
        escape("<!channel> & <@U123> <!here>")
        == "&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;!here&gt;"
    )
    blocks = message_blocks(Message("Hi <!channel>", title="<@U1>"))
    assert blocks[0]["text"] == {
        "type": "mrkdwn",
        "text": "*&lt;@U1&gt;*\nHi &lt;!channel&gt;",
        "verbatim": True,  # no auto-linking or mention parsing of user text
    }
    assert fallback_text(Message("a <b>", title="T")) == "T\na &lt;b&gt;"


def test_long_text_is_split_into_sections_without_breaking_an_entity() -> None:
    text = ("&" * 2000 + "\n") * 3 + "x" * 7000
    chunks = split_text(escape(text))
    assert all(len(c) <= 3000 for c in chunks)
    assert "".join(chunks).replace("\n", "") == escape(text).replace("\n", "")
    for chunk in chunks:
        assert chunk.count("&") == chunk.count("&amp;")  # no half entity at a cut


def test_a_message_stays_within_fifty_blocks_and_label_limits() -> None:
    many = tuple(Button("L" * 100, "act", str(i)) for i in range(60))
    blocks = message_blocks(Message("word " * 40_000, buttons=many))
    assert len(blocks) <= 50
    sections = [b for b in blocks if b["type"] == "section"]
    assert sections and all(len(b["text"]["text"]) <= 3000 for b in sections)
    elements = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(elements) == 60 and all(
        len(b["elements"]) <= 25 for b in blocks if b["type"] == "actions"
    )
    assert all(len(e["text"]["text"]) <= 75 for e in elements)
    assert len({e["action_id"] for e in elements}) == 60


def test_buttons_carry_the_cores_action_and_value() -> None:
    (actions,) = message_blocks(
        Message(
            "", buttons=(run("Show Maria", "show id:c_1", "primary"), Button("Keep", "keep", "c_1"))
        )
    )
    first, second = actions["elements"]
    assert first["value"] == "run|show id:c_1" and first["style"] == "primary"
    assert "style" not in second and second["action_id"] == "leap:1"
    assert parse_value(first["value"]) == ("run", "show id:c_1")
    assert parse_value("keep|a|b") == ("keep", "a|b")


def test_a_select_renders_its_options_as_values_the_core_understands() -> None:
    select = Select("Pick a zone", "set-tz", (Option("Tokyo", "Asia/Tokyo"),))
    (actions,) = message_blocks(Message("", select=select))
    (element,) = actions["elements"]
    assert element["type"] == "static_select" and element["action_id"] == "leap:select"
    assert element["options"][0]["value"] == "set-tz|Asia/Tokyo"


def test_the_home_view_stacks_messages_with_unique_action_ids() -> None:
    blocks = view_blocks(
        [Message("one", buttons=(run("A", "a"),)), Message("two", buttons=(run("B", "b"),))]
    )
    assert [b["type"] for b in blocks] == ["section", "actions", "divider", "section", "actions"]
    ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert ids == ["leap:0", "leap:1"]


def test_a_form_becomes_a_modal_and_its_submission_comes_back() -> None:
    form = Form(
        "add",
        "A title that is far too long for Slack",
        (
            FormField("name", "Name", required=True, initial="Maria"),
            FormField(
                "level", "Level", "choice", choices=(Option("senior", "senior"),), initial="senior"
            ),
            FormField("note", "Note", "long", hint="anything"),
        ),
        submit_label="Save",
        context="c_1",
    )
    origin = FormOrigin("add", "c_1", "C1", "general", "", "http://127.0.0.1:9/r")
    view = modal(form, origin)
    assert len(view["title"]["text"]) <= 24 and view["title"]["text"].endswith("…")
    assert FormOrigin.decode(view["private_metadata"]) == origin
    assert FormOrigin.decode("not json") is None
    name, level, note = view["blocks"]
    assert name["element"]["initial_value"] == "Maria" and name["optional"] is False
    assert level["element"]["initial_option"]["value"] == "senior"
    assert note["hint"]["text"] == "anything" and note["element"]["multiline"]
    state = {
        "values": {
            "name": {"v": {"type": "plain_text_input", "value": "Maria"}},
            "level": {"v": {"type": "static_select", "selected_option": None}},
            "note": {"v": {"type": "plain_text_input", "value": None}},
        }
    }
    assert submitted_values({"state": state}) == {"name": "Maria", "level": "", "note": ""}
    errors = field_errors({"name": "Too long", "elsewhere": "Odd"}, view)
    assert errors == {"name": "Too long Odd"}


def test_text_from_slack_becomes_what_the_user_typed() -> None:
    assert (
        from_slack("Call <mailto:a@b.co|a@b.co> re <https://x.io/p|the post> &amp; &lt;tags&gt;")
        == "Call a@b.co re the post & <tags>"
    )
    assert (
        from_slack("ask <@U123|maria> in <#C1|general> <https://x.io>")
        == "ask @maria in #general https://x.io"
    )
    assert from_slack("<!channel> <@U9>") == "<!channel> <@U9>"  # kept literal, escaped later
