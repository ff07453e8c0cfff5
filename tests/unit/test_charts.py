"""Pictures: the chart data and alt text name everything; the PNGs are real images."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image

from adapters.pictures import PillowPictures
from bot import charts, report
from bot.charts import DecisionChart, ReferralTree
from bot.clock import FakeClock, SequentialIds
from bot.context import Config
from bot.core import Leap
from bot.models import STAGES, Contact, Interview
from bot.replies import File, Reply
from storage.tinydb_store import TinyDBStore
from tests.conftest import START
from tests.support.chat import Chat, text_of


def decoded(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()  # fails on a truncated or corrupt PNG
    assert image.format == "PNG"
    return image


def people(n: int) -> list[Contact]:
    """``n`` contacts in a referral chain of chains: each refers the next two."""
    return [
        Contact(
            id=f"c{i}",
            name=f"Person{i} Ñúñez",
            created_at=START,
            org=("Acme", "Globex", "Initech")[i % 3],
            field=("UX research", "Data science")[i % 2],
            level=("junior", "senior", "mid", "")[i % 4],
            stage=STAGES[i % len(STAGES)],
            referred_by=f"c{(i - 1) // 2}" if i else "",
        )
        for i in range(n)
    ]


def attached(outs: list[object], name: str) -> File:
    (found,) = [
        f for o in outs if isinstance(o, Reply) for f in o.message.files if f.filename == name
    ]
    return found


def test_the_decision_chart_has_every_option_and_question_with_counts() -> None:
    contacts = people(6)
    interviews = [
        Interview(
            id=f"i{i}",
            contact_id=f"c{i}",
            held_at=START,
            scores={"succeed": 4, "fit": 2 + i % 3, "want": 5},
            field=contacts[i].field,
            org=contacts[i].org,
            level=contacts[i].level,
        )
        for i in (0, 1, 2)
    ]
    chart = charts.decision_chart(report.build(contacts, interviews), "changing careers")
    assert set(chart.rows) == {"UX research", "Data science at Globex"}
    assert chart.columns == ("could I succeed", "is it a fit", "do I want it", "where it leads")
    ux = chart.cells[chart.rows.index("UX research")]
    assert ux[0] == charts.Cell(4.0, 2) and ux[3] is None  # nobody said where it leads
    for label in (*chart.rows, *chart.columns):
        assert label in chart.alt
    assert "could I succeed 4.0 from 2" in chart.alt and "where it leads unknown" in chart.alt
    image = decoded(PillowPictures().decision_chart(chart))
    assert image.width >= 800 and 150 <= image.height <= 400


def test_the_referral_tree_draws_one_to_sixty_people_and_names_them_all() -> None:
    pictures = PillowPictures()
    for n in (1, 10, 60):
        contacts = people(n)
        tree = charts.referral_tree(contacts)
        assert [node.id for node in tree.nodes][:1] == ["c0"] and len(tree.nodes) == n
        assert len(tree.edges) == n - 1
        for c in contacts:
            assert c.label in tree.alt
        image = decoded(pictures.referral_tree(tree))
        assert image.width >= 520
        assert image.height >= 28 * n  # one readable row per person
    assert "Person0 Ñúñez (Acme) led to Person1 Ñúñez (Globex)" in tree.alt
    assert {label for _stage, label in tree.legend} == {
        "to ask",
        "asked",
        "scheduled",
        "met",
        "thanked",
        "declined",
    }


def test_a_referral_loop_still_shows_everyone_once() -> None:
    a = Contact(id="a", name="Ann Lee", created_at=START, referred_by="b")
    b = Contact(id="b", name="Bob Kay", created_at=START, referred_by="a")
    tree = charts.referral_tree([a, b])
    assert sorted(n.id for n in tree.nodes) == ["a", "b"]


def test_report_and_tree_attach_pngs_with_alt_text(alice: Chat, clock: FakeClock) -> None:
    alice.say("add Maria Lopez at Acme; field UX research; level senior")
    alice.say("add Kim Park at Initech; field Data science; level junior")
    alice.say("debrief maria")
    alice.click("Yes, we talked")
    for answer in ("notes", "4 — fine", "3", "5", "4", "skip", "Tom Reed"):
        alice.message(answer)
    chart = attached(alice.say("report"), "decision-chart.png")
    assert chart.mime == "image/png" and decoded(chart.content).width > 0
    assert "UX research at Acme" in chart.alt and "Data science at Initech" in chart.alt
    tree = attached(alice.say("tree"), "referral-tree.png")
    assert decoded(tree.content).height > 0
    for name in ("Maria Lopez (Acme)", "Kim Park (Initech)", "Tom Reed"):
        assert name in tree.alt and name in text_of(alice.last)


class Broken:
    def decision_chart(self, chart: DecisionChart) -> bytes:
        raise RuntimeError("no fonts today")

    def referral_tree(self, tree: ReferralTree) -> bytes:
        raise RuntimeError("no fonts today")


def test_without_pictures_or_when_drawing_fails_the_text_still_arrives(
    store: TinyDBStore, clock: FakeClock
) -> None:
    for pictures in (None, Broken()):
        leap = Leap(store, clock, SequentialIds(), Config(default_tz="UTC"), pictures=pictures)
        chat = Chat(leap, "bob")
        chat.say("add Ana Ruiz; met friend")
        outs = chat.say("tree")
        assert "• Ana Ruiz — to ask" in text_of(outs)
        assert [f for o in outs if isinstance(o, Reply) for f in o.message.files] == []
        assert "Sorry" not in text_of(outs)
        clock.advance(timedelta(minutes=1))


class Counting:
    """Draws nothing real; counts what it was asked to draw."""

    def __init__(self) -> None:
        self.trees = 0

    def decision_chart(self, chart: DecisionChart) -> bytes:
        return b"\x89PNG"

    def referral_tree(self, tree: ReferralTree) -> bytes:
        self.trees += 1
        return b"\x89PNG"


def test_a_later_page_of_the_tree_draws_no_picture(store: TinyDBStore, clock: FakeClock) -> None:
    pictures = Counting()
    leap = Leap(store, clock, SequentialIds(), Config(default_tz="UTC"), pictures=pictures)
    chat = Chat(leap, "bob")
    for i in range(80):
        chat.say(f"add Person{i} Fernández-Lopez at Organisation {i}; met friend")
    first = chat.say("tree")
    assert len(attached(first, "referral-tree.png").content) > 0
    assert pictures.trees == 1
    more = chat.click("More")
    assert "Person" in text_of(more)  # the second page was shown
    assert [f for o in more if isinstance(o, Reply) for f in o.message.files] == []
    assert pictures.trees == 1  # the second page did not draw the tree again
