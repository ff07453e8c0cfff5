"""Long answers arrive complete, page by page, each page small enough for every platform."""

from __future__ import annotations

from bot.core import Leap
from bot.models import Contact
from bot.paging import PAGE, PAGE_CHARS, pages_of, paginate, split
from bot.parsing import MAX_NAME, MAX_VALUE
from bot.replies import Button, File, Message, Reply, Update, run
from tests.support.chat import Chat, messages

DISCORD_CONTENT = 2000


def test_pages_keep_every_line_and_stay_within_the_budget() -> None:
    lines = [f"line {i} " + "x" * (i % 97) for i in range(900)]
    pages = pages_of("\n".join(lines))
    assert len(pages) > 10
    assert all(len(p) <= PAGE_CHARS for p in pages)
    assert "\n".join(pages).split("\n") == lines


def test_a_line_longer_than_a_page_is_cut_between_words() -> None:
    long_line = " ".join(f"word{i}" for i in range(1000))
    pages = pages_of(long_line)
    assert all(len(p) <= PAGE_CHARS for p in pages)
    assert " ".join(pages).split() == long_line.split()


def test_a_page_ends_at_a_blank_line_when_one_is_near() -> None:
    section = "\n".join(["heading"] + ["a fact about the interview " * 3] * 12)
    pages = pages_of("\n\n".join([section] * 6))
    assert all(p.startswith("heading") for p in pages)


def test_a_short_answer_is_left_alone() -> None:
    outs = [Reply(Message("short", buttons=(run("Next", "next"),)))]
    assert paginate(outs, "contacts", repeatable=True) == outs


def test_a_long_answer_of_a_command_that_changes_things_comes_whole_at_once() -> None:
    text = "\n".join(f"row {i} " + "y" * 60 for i in range(200))
    ics = File("a.ics", b"x")
    outs = paginate(
        [Update(Message(text, title="Imported", buttons=(run("Next", "next"),), files=(ics,)))],
        "import",
        repeatable=False,
    )
    assert isinstance(outs[0], Update)
    assert all(isinstance(o, Reply) for o in outs[1:])
    shown = messages(outs)
    assert "\n".join(m.text for m in shown).count("row ") == 200
    assert [m.files for m in shown if m.files] == [(ics,)]
    assert [m.buttons for m in shown if m.buttons] == [(run("Next", "next"),)]
    assert shown[1].title == f"Imported (2/{len(shown)})"
    assert not any(b.action == PAGE for m in shown for b in m.buttons)


def test_split_numbers_untitled_pages() -> None:
    pages = split(Message("\n".join("z" * 80 for _ in range(100))))
    assert pages[1].text.startswith(f"(2/{len(pages)})\n")


def _many_contacts(leap: Leap, chat: Chat, count: int, *, longest: bool = False) -> None:
    """``count`` contacts; ``longest``: every field at the longest Leap accepts."""
    now = leap.clock.now()
    for i in range(count):
        long = "N" * (MAX_NAME - 5) if longest else "Example"
        contact = Contact(
            id=f"c{i}",
            name=f"{i:04d} {long}",
            created_at=now,
            org="O" * MAX_VALUE if longest else "Acme",
            role="R" * MAX_VALUE if longest else "",
            notes=("n" * MAX_VALUE,) if longest else (),
        )
        leap.store.save_contact(chat.actor.key, contact)


def _every_page(chat: Chat, command: str) -> list[Message]:
    """The answer to ``command`` and every page behind its "More" buttons."""
    seen = messages(chat.say(command))
    while True:
        more = [b for b in chat.buttons if b.label.startswith("More")]
        if not more:
            return seen
        assert len(more) == 1, [b.label for b in chat.buttons]
        seen.extend(messages(chat.click(more[0].label)))


def _within_limits(pages: list[Message]) -> None:
    for page in pages:
        assert len(page.title) + 1 + len(page.text) <= PAGE_CHARS < DISCORD_CONTENT
        assert len(page.buttons) <= 25


def test_hundreds_of_contacts_arrive_complete(leap: Leap, alice: Chat) -> None:
    _many_contacts(leap, alice, 300)  # 1,000 through Slack: test_slack_long_output.py
    pages = _every_page(alice, "contacts")
    _within_limits(pages)
    listed = "\n".join(p.text for p in pages)
    assert [i for i in range(300) if f"{i:04d} Example" not in listed] == []


def test_contacts_with_the_longest_fields_arrive_complete(leap: Leap, alice: Chat) -> None:
    _many_contacts(leap, alice, 40, longest=True)
    pages = _every_page(alice, "contacts")
    _within_limits(pages)
    listed = "\n".join(p.text for p in pages)
    assert [i for i in range(40) if f"{i:04d} NNN" not in listed] == []


def test_more_runs_the_same_command_for_the_next_page(leap: Leap, alice: Chat) -> None:
    _many_contacts(leap, alice, 12, longest=True)  # one page of the list, too long a message
    first = messages(alice.say("contacts"))
    (more,) = first[0].buttons  # the list's own buttons wait under its last page
    assert more == Button(more.label, PAGE, "2 contacts", "primary")
    second = messages(alice.click(more.label))
    assert second[0].title.startswith("Your contacts (2/")
    assert second[0].text != first[0].text
