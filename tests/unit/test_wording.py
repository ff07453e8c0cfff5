"""Every reply, rendered with typical values, reads as good English.

A scripted tour drives the core through the console-like ``Chat`` driver with one and many
contacts, a vowel-initial organisation and field, a long name and a titled name, and
collects every word a user could read: message texts, titles, button labels, form titles,
field labels and errors. Each is then checked for the slips that crept in before:
"a other", "1 contacts", a paragraph that starts in lower case, a title cut mid-word or
inside brackets, the same example listed twice, "by in person".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.core import Leap
from bot.events import Where
from bot.replies import Form, FormErrors, OpenForm, Outbound
from bot.wording import article, cut, plural, sentence
from tests.support.chat import Chat, advance, messages

ROOM = Where(channel="C9", channel_name="switchers", is_dm=False)


def texts(outs: list[Outbound]) -> Iterator[tuple[str, str]]:
    """(kind, text) for every word in ``outs``."""
    for m in messages(outs):
        yield "text", m.text
        if m.title:
            yield "title", m.title
        for b in m.buttons:
            yield "button", b.label
    for out in outs:
        if isinstance(out, OpenForm):
            form: Form = out.form
            yield "title", form.title
            for f in form.fields:
                yield "label", f.label
        if isinstance(out, FormErrors):
            for error in out.errors.values():
                yield "text", error


SCRIPT = (
    "help",
    "goal graduating in June and moving into operations research",
    "add {name} at {org}; role {role}; field {field}; level {level}; met {met}; "
    "note met at {event}",
    "add {name}",
    "contacts",
    "show {first}",
    "edit {first}; level executive; traditional",
    "ask {first}",
    "ask {first} shorter",
    "ask {first} formal",
    "check Are you hiring? I attached my resume.",
    "check {first}: What is your team's budget next year?",
    "check How did you get started?",
    "ask {first} sent",
    "replied {first} maybe",
    "replied {first} yes",
    "schedule {first} tomorrow 3pm; by in person",
    "schedule {first} tomorrow 3am",
    "schedule {first} next week sometime",
    "schedule {first} tomorrow 3pm; by in person; ok",
    "prep {first}",
    "prep {first}; add Do you like it?",
    "prep {first}; add What surprised you?",
    "prep {first}; first 2",
    "edit {first}; met other",
    "show {first}",
    "edit {first}; met enemy",
    "next",
    "report",
    "tree",
    "nudges",
    "settings",
    "settings tz canada",
    "contacts",
    "remove {first}",
    "export",
    "intro data science",
    "schedule",
    "when",
    "frobnicate",
)
PEOPLE = [
    dict(
        name="Priya Shah",
        first="Priya",
        org="Acme",
        role="analyst",
        field="data science",
        level="junior",
        met="friend",
        event="the meetup",
    ),
    dict(
        name="Dr. Ana Ruiz-Montenegro de la Fuente",
        first="Ana",
        org="Emerald Health",
        role="executive director",
        field="operations research",
        level="executive",
        met="other",
        event="UX Europe 2026",
    ),
    dict(
        name="Oluwaseun Adeyemi-Okonkwo",
        first="Oluwaseun",
        org="Ubisoft",
        role="UX lead",
        field="user research",
        level="mid",
        met="event",
        event="Interaction Week",
    ),
]


def tour(leap: Leap, clock: FakeClock, person: dict[str, str]) -> list[tuple[str, str, str]]:
    chat = Chat(leap, "walker" + person["first"].lower())
    seen: list[tuple[str, str, str]] = []

    def keep(command: str, outs: list[Outbound]) -> None:
        seen.extend((command, kind, text) for kind, text in texts(outs))

    keep("first use", chat.say("help"))
    for line in SCRIPT:
        command = line.format(**person)
        keep(command, chat.say(command))
        if command.startswith("add ") and "; " not in command:
            keep("click The same", chat.click("The same"))
        if command.startswith("remove "):
            keep("click Keep", chat.click("Keep"))
        if command.startswith("intro "):
            chat.where = ROOM
            chat.actor = replace(chat.actor, can_manage_channel=True)
            keep("group start", chat.say("group start"))
            keep("group join", chat.say("group join"))
            keep(command, chat.say(command))
            helper = Chat(leap, "helper" + person["first"].lower(), where=ROOM)
            helper.say("group join")
            helper.buttons = chat.buttons
            keep("offer an introduction", helper.click("I can introduce"))
            chat.where = Where()
    keep("add form", chat.say("add"))
    keep("add form submit", chat.submit({"name": "", "level": "boss"}))
    keep("edit form", chat.say(f"edit {person['first']}"))
    keep("debrief", chat.say(f"debrief {person['first']}"))
    for answer in ("They enjoy it.", "4", "3", "5", "4", "Sam Lee"):
        chat.message(answer)
        keep("debrief " + answer, chat.last)
    keep("reminders", advance(leap, clock, timedelta(days=2)))
    keep("forget", chat.say("forget me"))
    keep("forget confirmed", chat.click("Yes, delete everything"))
    return seen


@pytest.fixture
def rendered(leap: Leap, clock: FakeClock) -> list[tuple[str, str, str]]:
    return [line for person in PEOPLE for line in tour(leap, clock, person)]


ARTICLE = re.compile(r"\b(?P<a>[Aa]n?) (?P<word>[A-Za-z][\w-]*)")
ONE_PLURAL = re.compile(r"(?<![\d.,:])\b1 (?P<word>[a-z]+s)\b")
NOT_PLURAL = {"business", "process", "class", "address", "status", "news", "yes", "this", "less"}
LOWER_PARAGRAPH = re.compile(r"(?:^|\n\n)(?P<line>[a-z][^\n]*)")
CLUMSY = re.compile(r"\bby (?:in person|coffee|lunch)\b|\bas an? (?:other|event)\b")
QUOTED = re.compile(r"“([^”]{3,})”")


def test_the_tour_covers_many_replies(rendered: list[tuple[str, str, str]]) -> None:
    assert len(rendered) > 300
    assert len({text for _, _, text in rendered}) > 150


def test_articles_fit_the_word(rendered: list[tuple[str, str, str]]) -> None:
    bad = []
    for command, _kind, text in rendered:
        for m in ARTICLE.finditer(text):
            if m["a"].lower() != article(m["word"]) and m["word"].lower() not in {"e", "i"}:
                bad.append((command, m.group(0)))
    assert bad == []


def test_one_thing_is_singular(rendered: list[tuple[str, str, str]]) -> None:
    bad = [
        (command, m.group(0))
        for command, _kind, text in rendered
        for m in ONE_PLURAL.finditer(text)
        if m["word"] not in NOT_PLURAL
    ]
    assert bad == []


def test_paragraphs_start_with_a_capital(rendered: list[tuple[str, str, str]]) -> None:
    bad = [
        (command, m["line"][:60])
        for command, kind, text in rendered
        if kind == "text"
        for m in LOWER_PARAGRAPH.finditer(text)
        if not m["line"].startswith(("/leap", "e.g.", "http"))
    ]
    assert bad == []


def test_titles_and_labels_are_never_cut_badly(rendered: list[tuple[str, str, str]]) -> None:
    bad = [
        (command, text)
        for command, kind, text in rendered
        if kind in ("title", "button", "label")
        and (text.count("(") != text.count(")") or text != text.strip() or text.endswith("-"))
    ]
    assert bad == []


def test_no_example_is_listed_twice(rendered: list[tuple[str, str, str]]) -> None:
    bad = []
    for command, kind, text in rendered:
        quoted = QUOTED.findall(text)
        repeated = {q for q in quoted if quoted.count(q) > 1}
        if kind == "text" and repeated:
            bad.append((command, sorted(repeated)))
    assert bad == []


def test_no_clumsy_phrases(rendered: list[tuple[str, str, str]]) -> None:
    bad = [(command, m.group(0)) for command, _k, text in rendered for m in CLUMSY.finditer(text)]
    assert bad == []


# -- the helpers themselves ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("other", "an"),
        ("event", "an"),
        ("user", "a"),
        ("hour", "an"),
        ("MBA", "an"),
        ("UX", "a"),
        ("friend", "a"),
        ("one", "a"),
        ("answer", "an"),
    ],
)
def test_article(word: str, expected: str) -> None:
    assert article(word) == expected


def test_plural_sentence_and_cut() -> None:
    assert (plural(1, "contact"), plural(2, "contact"), plural(0, "reply", "replies")) == (
        "1 contact",
        "2 contacts",
        "0 replies",
    )
    assert sentence("my friend Tom") == "My friend Tom"
    assert cut("Introduce someone (data science)", 24) == "Introduce someone"
    assert cut("Short", 24) == "Short"
