"""Export and forget: the user's data in their own hands."""

from __future__ import annotations

import csv
import io
import json

from bot.core import Leap
from bot.events import Where
from bot.replies import DirectMessage, Reply
from tests.support.chat import Chat, text_of


def test_export_gives_all_records_as_json_and_contacts_as_csv(alice: Chat) -> None:
    alice.say("add Maria Lopez at Acme; note likes tea")
    alice.say("ask maria sent")
    outs = alice.say("export")
    assert "1 contact," in text_of(outs)
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
    assert "Deleted:" in text and "1 contact," in text
    assert leap.store.contacts(alice.actor.key) == []
    assert leap.store.nudges(alice.actor.key) == []
    assert leap.store.due_nudges(leap.clock.now().replace(year=2030)) == [] or all(
        u != alice.actor.key for u, _ in leap.store.due_nudges(leap.clock.now().replace(year=2030))
    )
    assert alice.actor.key not in list(leap.store.users())


def test_forget_me_leaves_groups_and_introductions(leap: Leap) -> None:
    room = Where(channel="C1", channel_name="switchers", is_dm=False)
    alice = Chat(leap, "alice", where=room)
    alice.actor = type(alice.actor)(
        "console", "local", "alice", display_name="Alice", can_manage_channel=True
    )
    alice.say("group start")
    alice.say("group join named")
    bob = Chat(leap, "bob", where=room)
    bob.say("group join")
    alice.say("intro nursing")
    bob.buttons = alice.buttons
    bob.click("I can introduce")
    bob.submit({"name": "Priya Shah", "org": "", "note": ""})
    bob.where = Where()
    bob.say("forget me")
    bob.click("Yes, delete everything")
    assert "you left 1 group" in text_of(bob.last)
    from bot.groups import key_for

    key = key_for("console", "local", "C1")
    group = leap.store.group(key)
    assert group is not None and "bob" not in group.members
    assert all(o.get("by") != "bob" for i in leap.store.intros(key) for o in i.offers)


def test_an_offer_still_works_after_another_offerer_forgets_themselves(leap: Leap) -> None:
    room = Where(channel="C1", channel_name="switchers", is_dm=False)
    alice = Chat(leap, "alice", where=room)
    alice.actor = type(alice.actor)(
        "console", "local", "alice", display_name="Alice", can_manage_channel=True
    )
    alice.say("group start")
    alice.say("group join")
    helpers = []
    for name, person in (("bob", "Priya Shah"), ("carol", "Tom Reed")):
        chat = Chat(leap, name, where=room)
        chat.say("group join")
        chat.buttons = ()
        helpers.append((chat, person))
    alice.say("intro nursing")
    post = alice.buttons
    offers = []
    for chat, person in helpers:
        chat.buttons = post
        chat.click("I can introduce")
        outs = chat.submit({"name": person, "org": "", "note": ""})
        offers += [o for o in outs if isinstance(o, DirectMessage)]
    bob = helpers[0][0]
    bob.where = Where()
    bob.say("forget me")
    bob.click("Yes, delete everything")
    alice.where = Where()
    alice.buttons = offers[1].message.buttons  # Carol's offer
    alice.click("Yes, please")
    assert "Accepted: Tom Reed" in text_of(alice.last)
