"""Long answers reach a Slack DM complete, page by page, and Slack refuses none of them.

Slack refuses a chat.postMessage whose blocks hold about 12,000 characters of text
(``msg_blocks_too_long``, see ``tests/fakes/slack_rules.py``); in the bot's DM, where
the README sends people, every answer is such a post. The core pages long answers
(``bot/paging.py``); these tests read every page through the real slack-bolt.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.models import Contact, Interview, UserKey
from bot.parsing import MAX_NAME, MAX_VALUE
from tests.adapters.test_slack_rig import Rig, buttons, texts
from tests.fakes.slack_api import Call, FakeSlackAPI
from tests.fakes.slack_rules import BLOCKS_TEXT, blocks_text

U1 = UserKey("slack", "T1", "U1")
DM = "DU1"  # the bot's DM with U1 (conversations.open answers D + user id)


@pytest.fixture
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def rig(api: FakeSlackAPI, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(api, tmp_path / "data")
    # Text only: these tests read the pages; drawing a 60-person tree with the longest
    # names takes the picture port tens of seconds on a busy machine (see the report).
    made.leap.pictures = None
    made.command("help", channel=DM)  # past the welcome
    made.idle()
    api.clear()
    yield made
    made.close()


def _posts(api: FakeSlackAPI) -> list[Call]:
    return [c for c in api.calls_to("chat.postMessage") if c.args.get("channel") == DM]


def read_everything(rig: Rig, api: FakeSlackAPI, command: str) -> list[Call]:
    """``/leap COMMAND`` in the bot's DM, then "More" until the last page."""
    rig.command(command, channel=DM)
    rig.idle()
    seen = _posts(api)
    while True:
        more = [b for b in buttons(seen[-1]) if b["label"].startswith("More")]
        if not more:
            return seen
        rig.click(more[0], channel=DM)
        rig.idle()
        fresh = _posts(api)[len(seen) :]
        assert fresh, f"{more[0]['label']} answered nothing"
        seen += fresh


def long_name(i: int) -> str:
    return f"P{i:03d} " + "n" * (MAX_NAME - 5)


def test_a_tree_of_sixty_people_arrives_complete(rig: Rig, api: FakeSlackAPI) -> None:
    now = rig.clock.now()
    for i in range(60):
        parent = f"c{i // 3}" if i else ""  # everyone after the first was referred
        contact = Contact(f"c{i}", long_name(i), now, org="O" * MAX_VALUE, referred_by=parent)
        rig.store.save_contact(U1, contact)
    pages = read_everything(rig, api, "tree")
    assert api.refusals == []
    assert len(pages) > 1
    assert all(blocks_text(p.args["blocks"]) <= BLOCKS_TEXT for p in pages)
    shown = "\n".join(texts(p) for p in pages)
    assert [i for i in range(60) if f"P{i:03d} nnn" not in shown] == []


def test_a_report_after_six_long_debriefs_arrives_complete(rig: Rig, api: FakeSlackAPI) -> None:
    now = rig.clock.now()
    for i in range(6):
        org = f"Org{i} " + "o" * (MAX_VALUE - 5)
        rig.store.save_contact(U1, Contact(f"c{i}", long_name(i), now, org=org))
        answers = {k: f"{k} {i} " + "a" * (MAX_VALUE - 10) for k in ("succeed", "fit", "want")}
        scores = {"succeed": 1 + i % 5, "fit": 5 - i % 5, "want": 3}
        interview = Interview(
            f"i{i}",
            f"c{i}",
            now - timedelta(days=i),
            learned="l" * MAX_VALUE,
            answers=answers,
            scores=scores,
            field=f"F{i} " + "f" * (MAX_VALUE - 5),
            org=org,
        )
        rig.store.save_interview(U1, interview)
    pages = read_everything(rig, api, "report")
    assert api.refusals == []
    shown = "\n".join(texts(p) for p in pages)
    assert [i for i in range(6) if f"F{i} fff" not in shown] == []


def test_a_thousand_contacts_arrive_complete(rig: Rig, api: FakeSlackAPI) -> None:
    now = rig.clock.now()
    for i in range(1000):
        rig.store.save_contact(U1, Contact(f"c{i}", f"Person {i:04d}", now, org="Acme"))
    pages = read_everything(rig, api, "contacts")
    assert api.refusals == []
    shown = "\n".join(texts(p) for p in pages)
    assert [i for i in range(1000) if f"Person {i:04d}" not in shown] == []
