"""Export and forget: the user's data in their own hands."""

from __future__ import annotations

import csv
import io
import json

from bot.core import Leap
from bot.events import Where
from bot.replies import Reply
from tests.support.chat import Chat, text_of


def test_export_gives_all_records_as_json_and_contacts_as_csv(alice: Chat) -> None:
    alice.say("add Maria Lopez at Acme; note likes tea")
    alice.say("ask maria sent")
    outs = alice.say("export")
    assert "1 contacts" in text_of(outs)
    files = {f.filename: f for o in outs if isinstance(o, Reply) for f in o.message.files}
    data = json.loads(files["leap-export.json"].content)
    assert data["contacts"][0]["name"] == "Maria Lopez"
    assert {n["kind"] for n in data["nudges"]} >= {"follow-up-3", "follow-up-7"}
    rows = list(csv.DictReader(io.StringIO(files["leap-contacts.csv"].content.decode())))
    assert rows[0]["name"] == "Maria Lopez" and rows[0]["notes"] == "likes tea"


def test_forget_me_asks_then_deletes_everything(alice: Chat, leap: Leap) -> None:
    room = Where(channel="C1", channel_name="switchers", is_dm=False)
    alice.say("add Maria Lopez")
    alice.say("ask maria sent")
    bob = Chat(leap, "bob", where=room)
    assert "Usage" not in bob.text("help")
    assert "/leap forget me" in alice.text("forget")
    alice.say("forget me")
    alice.click("Keep my data")
    assert "Nothing was deleted" in text_of(alice.last)
    assert leap.store.contacts(alice.actor.key)
    alice.say("forget me")
    alice.click("Yes, delete everything")
    text = text_of(alice.last)
    assert "Deleted:" in text and "1 contacts" in text
    assert leap.store.contacts(alice.actor.key) == []
    assert leap.store.nudges(alice.actor.key) == []
    assert leap.store.due_nudges(leap.clock.now().replace(year=2030)) == [] or all(
        u != alice.actor.key for u, _ in leap.store.due_nudges(leap.clock.now().replace(year=2030))
    )
    assert alice.actor.key not in list(leap.store.users())
