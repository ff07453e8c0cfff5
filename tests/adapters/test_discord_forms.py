"""Every contact field is reachable by form on Discord, whose modals show five inputs: the
first form takes five, a "More details" button opens a second with the rest, and both work
across a restart (their whole state is in custom_ids)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.adapters.test_discord_harness import (
    actor,
    at,
    body,
    custom_ids,
    interact,
    known,
    leap_bot,
    open_leap,
    run,
)
from tests.fakes.discord_server import FakeDiscord


def _inputs(modal: dict[str, Any]) -> list[str]:
    """The custom_ids of a modal's inputs (in labels or rows), in order."""
    out = []
    for top in modal["components"]:
        inner = [top["component"]] if "component" in top else top.get("components", [])
        out += [c["custom_id"] for c in inner]
    return out


def test_every_contact_field_can_be_filled_in_by_form_across_a_restart(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                async with leap_bot(fake, leap):
                    (opened,) = await interact(fake, fake.slash_payload("leap", {}, **at("add")))
                    assert opened.json["type"] == 9
                    first = opened.json["data"]
                    assert _inputs(first) == ["name", "org", "role", "field", "level"]
                    submit = fake.modal_submit_payload(
                        first["custom_id"],
                        {
                            "name": "Ana Ruiz",
                            "org": "City Hospital",
                            "role": "Head of nursing",
                            "field": "nursing",
                            "level": "executive",
                        },
                    )
                    added, more = await interact(fake, submit, 2)
                    assert "Added Ana Ruiz (City Hospital)" in body(added)["content"]
                    assert "how you know them, referred by, note" in body(more)["content"]
                    (button,) = custom_ids(body(more))
            with open_leap(tmp_path) as leap:  # a restart between the two forms
                async with leap_bot(fake, leap):
                    (opened,) = await interact(fake, fake.component_payload(button))
                    assert opened.json["type"] == 9
                    second = opened.json["data"]
                    assert second["title"] == "More about Ana"
                    assert _inputs(second) == ["met", "via", "note"]
                    submit = fake.modal_submit_payload(
                        second["custom_id"],
                        {"met": "colleague", "via": "Sam Lee", "note": "Runs the night shift"},
                    )
                    (updated, *_rest) = await interact(fake, submit)
                    assert "Updated Ana Ruiz" in body(updated)["content"]
        (contact,) = leap.store.contacts(actor().key)
        assert (contact.name, contact.org, contact.role) == (
            "Ana Ruiz",
            "City Hospital",
            "Head of nursing",
        )
        assert (contact.field, contact.level, contact.met, contact.via) == (
            "nursing",
            "executive",
            "colleague",
            "Sam Lee",
        )
        assert any("Runs the night shift" in n for n in contact.notes)

    run(scenario())


def test_editing_by_form_also_reaches_the_last_fields(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                from bot.events import Command

                leap.handle(Command(actor(), "add Maria Lopez at Acme; via Ben; met friend"))
                async with leap_bot(fake, leap):
                    payload = fake.slash_payload("leap", {"name": "Maria"}, **at("edit"))
                    (opened,) = await interact(fake, payload)
                    first = opened.json["data"]
                    assert _inputs(first) == ["name", "org", "role", "field", "level"]
                    submit = fake.modal_submit_payload(
                        first["custom_id"], {"name": "Maria Lopez", "org": "Acme", "role": "CTO"}
                    )
                    updated, more = await interact(fake, submit, 2)
                    assert "role → CTO" in body(updated)["content"]
                    (button,) = custom_ids(body(more))
                    (opened,) = await interact(fake, fake.component_payload(button))
                    second = opened.json["data"]
                    # the second form shows what is known, so nothing is lost by saving it
                    values = {
                        c["component"]["custom_id"]: c["component"].get("value")
                        for c in second["components"]
                        if c["component"].get("type") == 4
                    }
                    assert values["via"] == "Ben"
                    submit = fake.modal_submit_payload(
                        second["custom_id"], {"met": "friend", "via": "Ben Ode", "note": ""}
                    )
                    await interact(fake, submit)
        (contact,) = leap.store.contacts(actor().key)
        assert (contact.role, contact.via, contact.met, contact.name) == (
            "CTO",
            "Ben Ode",
            "friend",
            "Maria Lopez",
        )

    run(scenario())
