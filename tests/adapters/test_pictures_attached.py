"""Pictures travel as attachments through the real slack-bolt and discord.py: the
decision chart goes up with ``files_upload_v2`` (with its alt text) in Slack and as a
message attachment (with its description) in Discord."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.models import Contact, Interview, UserKey
from tests.adapters.test_discord_harness import actor, at, interact, known, leap_bot, open_leap, run
from tests.adapters.test_slack_rig import Rig, button, replies
from tests.conftest import START
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.slack_api import FakeSlackAPI


def seed(store: object, user: UserKey) -> None:
    """Two options, one debrief: enough for a report with a chart."""
    maria = Contact(
        "c1", "Maria Lopez", START, org="Acme", field="UX research", level="senior", stage="met"
    )
    kim = Contact("c2", "Kim Park", START, org="Initech", field="Data science", level="junior")
    store.save_contact(user, maria)  # type: ignore[attr-defined]
    store.save_contact(user, kim)  # type: ignore[attr-defined]
    interview = Interview(
        "i1",
        "c1",
        START,
        learned="stakeholders",
        scores={"succeed": 4, "fit": 3, "want": 5, "lead": 4},
        field="UX research",
        org="Acme",
        level="senior",
    )
    store.save_interview(user, interview)  # type: ignore[attr-defined]


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


def test_slack_uploads_the_decision_chart_with_its_alt_text(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    rig = Rig(api, tmp_path / "data")
    try:
        rig.command("help")  # past the first-use welcome
        seed(rig.store, UserKey("slack", "T1", "U1"))
        rig.command("report")
        rig.idle()
        (asked,) = api.calls_to("files.getUploadURLExternal")
        assert asked.args["filename"] == "decision-chart.png"
        assert "UX research at Acme" in asked.args["alt_txt"]
        assert "Data science at Initech" in asked.args["alt_txt"]
        (uploaded,) = api.calls_to("unknown:/upload/F1")
        assert uploaded.raw_body[1:4] == "PNG"  # the PNG signature, \x89 PNG
        # an ephemeral reply cannot carry files: the chart goes to the user's DM
        assert api.calls_to("files.completeUploadExternal")[0].args["channel_id"] == "DU1"
    finally:
        rig.close()


def test_discord_attaches_the_referral_tree_with_its_description(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                seed(leap.store, actor().key)
                async with leap_bot(fake, leap):
                    payload = fake.slash_payload("leap", {}, **at("tree"))
                    (sent,) = await interact(fake, payload)
                    assert sent.files == ["referral-tree.png"]
                    data = sent.json.get("data", sent.json)
                    (attachment,) = data["attachments"]
                    assert attachment["filename"] == "referral-tree.png"
                    assert "Maria Lopez (Acme): met" in attachment["description"]
                    assert "Kim Park (Initech): to ask" in attachment["description"]

    run(scenario())


def test_slack_alt_text_of_a_sixty_person_tree_stays_within_slacks_limit(
    api: FakeSlackAPI, tmp_path: Path
) -> None:
    # files.getUploadURLExternal refuses alt_txt past 1,000 characters ("alt_txt_too_large",
    # Slack's method reference); the message text lists everyone instead.
    rig = Rig(api, tmp_path / "data")
    try:
        rig.command("help")
        user = UserKey("slack", "T1", "U1")
        for i in range(60):
            referrer = f"c{(i - 1) // 2}" if i else ""
            rig.store.save_contact(
                user, Contact(f"c{i}", f"Person{i} Longname", START, referred_by=referrer)
            )
        rig.command("tree")
        rig.idle()
        (asked,) = api.calls_to("files.getUploadURLExternal")
        alt = asked.args["alt_txt"]
        assert alt.startswith("Referral tree of 60 people.") and len(alt) <= 1000
        assert alt.endswith("…")
        first = replies(api)[-1]  # the tree comes in pages (bot/paging.py): read the next
        rig.click(button(first, "More"))
        rig.idle()
        shown = [first, *replies(api, "click")]
        assert "Person59 Longname" in " ".join(str(c.args) for c in shown)
    finally:
        rig.close()
