"""``notes WORD…``: find what you wrote — debriefs and contact notes — with who and when."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.models import Contact, Interview
from bot.parsing import fold, ref
from bot.pipeline import short_day
from bot.replies import Message, Outbound, Reply, run, say
from bot.report import QUESTION_LABELS

MAX_HITS = 12
SNIPPET = 140


@dataclass(frozen=True, slots=True)
class Hit:
    contact: Contact
    when: datetime | None  # None: a note on the contact's card (notes carry no date)
    where: str  # "learned", "fit", "note", ...
    line: str


def _lines(text: str) -> list[str]:
    """A text as the lines a user would recognise: its own lines, else its sentences."""
    out = []
    for line in text.splitlines():
        out += [s for s in re.split(r"(?<=[.!?])\s+", line.strip()) if s]
    return out


def _snippet(line: str, words: list[str]) -> str:
    """The line, cut around the first matching word when it is long."""
    if len(line) <= SNIPPET:
        return line
    at = min((fold(line).find(w) for w in words if w in fold(line)), default=0)
    start = max(0, at - SNIPPET // 3)
    cut = line[start : start + SNIPPET].strip()
    return ("…" if start else "") + cut + ("…" if start + SNIPPET < len(line) else "")


def _candidates(interview: Interview) -> list[tuple[str, str]]:
    found = [("learned", line) for line in _lines(interview.learned)]
    found += [(key, words) for key, words in interview.answers.items() if words]
    if interview.thanks_for:
        found.append(("to thank them for", interview.thanks_for))
    return found


def search(contacts: list[Contact], interviews: list[Interview], words: list[str]) -> list[Hit]:
    """Every line holding all ``words`` (folded), newest debriefs first, then card notes."""
    by_id = {c.id: c for c in contacts}
    hits: list[Hit] = []
    for interview in sorted(interviews, key=lambda i: i.held_at, reverse=True):
        contact = by_id.get(interview.contact_id)
        if contact is None:
            continue
        for where, line in _candidates(interview):
            if all(w in fold(line) for w in words):
                hits.append(Hit(contact, interview.held_at, where, line))
    for contact in contacts:
        for note in contact.notes:
            for line in _lines(note):
                if all(w in fold(line) for w in words):
                    hits.append(Hit(contact, None, "note", line))
    return hits


def notes(ctx: Ctx, text: str) -> list[Outbound]:
    words = [fold(w) for w in text.split() if fold(w)]
    if not words:
        raise Problem(
            "Which words? For example: /leap notes salary — it searches your debriefs and "
            "the notes on your contacts."
        )
    hits = search(ctx.store.contacts(ctx.user), ctx.store.interviews(ctx.user), words)
    asked = " ".join(text.split())
    if not hits:
        return [
            say(
                f"Nothing in your debriefs or notes says “{asked}”. Try fewer or shorter "
                "words (“stat” finds statistics).",
                run("Your report", "report"),
            )
        ]
    lines = []
    for hit in hits[:MAX_HITS]:
        when = f", {short_day(hit.when, ctx.tz)}" if hit.when else ""
        label = QUESTION_LABELS.get(hit.where, hit.where)
        lines.append(f"• {hit.contact.name}{when} ({label}): {_snippet(hit.line, words)}")
    if len(hits) > MAX_HITS:
        lines.append(f"… and {len(hits) - MAX_HITS} more: add a word to narrow it down.")
    first = hits[0].contact
    count = f"{len(hits)} line{'s' if len(hits) != 1 else ''}"
    return [
        Reply(
            Message(
                "\n".join(lines),
                title=f"“{asked}” in your notes — {count}"[:150],
                buttons=(run(f"Show {first.first_name}", f"show {ref(first)}"),),
            )
        )
    ]


FEATURE = Feature(
    commands=(
        CommandSpec(
            "notes",
            "/leap notes WORD…",
            "search your debriefs and contact notes",
            notes,
            examples=("/leap notes salary", "/leap notes remote work"),
            params=(Param("words", "words to find", required=True),),
            section="data",
        ),
    )
)
