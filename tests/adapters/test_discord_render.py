"""The neutral UI model rendered for Discord: escaping, limits, stateless components.
No network: these build discord.py objects and read their payloads."""

from __future__ import annotations

import asyncio

from adapters.discord.commands import _description, group_description
from adapters.discord.modals import (
    build_modal,
    form_custom_id,
    omitted_values,
    parse_custom_id,
    submitted_values,
)
from adapters.discord.render import MAX_CONTENT, escape, render, split_text
from bot.replies import (
    MAX_TEXT_CHARS,
    Button,
    File,
    Form,
    FormField,
    Message,
    Option,
    Select,
)


def test_escape_neutralises_markdown_mentions_and_tags() -> None:
    text = escape("**bold** @everyone @here <@123456789012345678> <#42> <t:1:R>\n# Head")
    assert "**bold**" not in text and "\\*\\*bold\\*\\*" in text
    assert "@everyone" not in text and "@here" not in text
    assert "<@1" not in text and "<#42>" not in text.replace("\\<#42>", "")
    assert "\\<t:1:R>" in text and text.endswith("\\# Head")


def test_long_text_is_split_at_lines_within_discords_limit() -> None:
    lines = [f"• contact number {i} — next: ask them for 20 minutes" for i in range(200)]
    pieces = split_text("\n".join(lines))
    assert len(pieces) > 1 and all(0 < len(p) <= MAX_CONTENT for p in pieces)
    assert "\n".join(pieces).split("\n") == lines
    long_line = "\\*" * 1500  # escapes are never separated from their character
    pieces = split_text(long_line)
    assert all(len(p) <= MAX_CONTENT and not p.endswith("\\") for p in pieces)
    assert "".join(pieces) == long_line


def test_a_long_message_becomes_parts_with_buttons_and_files_on_the_last() -> None:
    async def build() -> None:  # views want a running loop
        message = Message(
            "*" * MAX_TEXT_CHARS,
            title="All",
            buttons=(Button("Go", "run", "x"),),
            files=(File("a.ics", b"BEGIN:VCALENDAR"),),
        )
        parts = render(message)
        assert len(parts) == 3  # 2,800 stars escaped are 5,600 characters
        assert parts[0].content.startswith("**All**\n")
        assert parts[0].view is None and parts[-1].view is not None
        assert [f.filename for f in parts[-1].files] == ["a.ics"]
        assert parts[-1].kwargs()["allowed_mentions"].to_dict() == {"parse": []}

    asyncio.run(build())


def test_buttons_are_deduplicated_capped_and_keep_state_in_custom_id() -> None:
    async def build() -> None:
        buttons = tuple(Button(f"B{i}", "run", f"show {i % 30}") for i in range(40))
        select = Select("Pick", "set-tz", tuple(Option(f"Z{i}", f"z{i % 30}") for i in range(40)))
        (part,) = render(Message("x", buttons=buttons, select=select))
        assert part.view is not None
        rows = part.view.to_components()
        ids = [c["custom_id"] for row in rows for c in row["components"]]
        assert len(ids) == len(set(ids)) == 21  # 20 buttons + the select on its own row
        assert ids[0] == "leap:run:show 0" and ids[-1] == "leap-select:set-tz"
        assert len(rows[-1]["components"][0]["options"]) == 25
        assert part.view.timeout is None

    asyncio.run(build())


def test_modal_shows_five_fields_and_reads_rows_or_labels() -> None:
    fields = tuple(FormField(f"f{i}", f"Field {i}", initial=f"v{i}") for i in range(7))
    form = Form(
        "edit",
        "Edit Maria",
        fields=(
            *fields[:4],
            FormField(
                "level",
                "Seniority",
                "choice",
                initial="mid",
                choices=(Option("junior", "junior"), Option("mid", "mid")),
            ),
            *fields[4:],
        ),
        context="c_1",
    )
    custom_id = form_custom_id(form)
    assert custom_id == "leap-form:edit:c_1" and parse_custom_id(custom_id) == ("edit", "c_1")
    assert parse_custom_id("other:thing") is None
    assert form_custom_id(Form("add", "Add", (), context="x" * 100)) is None
    assert omitted_values(form) == {"f4": "v4", "f5": "v5", "f6": "v6"}

    async def build() -> None:
        modal = build_modal(form, custom_id)
        data = modal.to_dict()
        assert data["title"] == "Edit Maria" and len(data["components"]) == 5
        select = data["components"][4]["component"]
        assert [o.get("default", False) for o in select["options"]] == [False, True]

    asyncio.run(build())
    assert submitted_values(
        [
            {"type": 1, "components": [{"type": 4, "custom_id": "name", "value": "Sam"}]},
            {"type": 18, "component": {"type": 3, "custom_id": "level", "values": ["mid"]}},
            {"type": 18, "component": {"type": 3, "custom_id": "met", "values": []}},
            {"type": 10, "content": "text"},
        ]
    ) == {"name": "Sam", "level": "mid", "met": ""}


def test_descriptions_fit_discord() -> None:
    assert group_description() == "Leap coaches informational interviews"
    cut = _description("word " * 40)
    assert len(cut) <= 100 and cut.endswith("…")
    assert _description("", "fallback") == "fallback"
