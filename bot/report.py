"""The decision report as data: options side by side on the four decision questions.

Pure: given the user's contacts, debriefs and goal, ``build`` works out which options the
user is weighing (fields, organisations, or a field at one organisation), what each
interview said about each question and in whose words, how far to trust it, which gaps
remain, and which conversation in the pipeline would close the biggest one. The handler
(``bot/handlers/overview.py``) turns it into text; ``bot/charts.py`` into a chart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.models import Contact, Interview
from bot.parsing import fold
from bot.pipeline import KNOWN

DECISIONS = (
    ("succeed", "Could you succeed there?"),
    ("fit", "Is it a good fit for you?"),
    ("want", "Do you want it?"),
    ("lead", "Where can it lead?"),
)
QUESTION_LABELS = {
    "succeed": "could I succeed",
    "fit": "is it a fit",
    "want": "do I want it",
    "lead": "where it leads",
}
JUNIOR = ("junior", "mid")
SENIOR = ("senior", "executive")
OPEN_STAGES = ("scheduled", "asked", "to-ask")  # conversations still to have, soonest first
DISAGREE = 2  # two scores this far apart on one question are a disagreement


@dataclass(frozen=True, slots=True)
class Voice:
    """One interview's answer to one question: the score and the user's own words."""

    name: str
    level: str
    held_at: datetime
    score: int
    words: str


@dataclass(frozen=True, slots=True)
class Answer:
    key: str
    voices: tuple[Voice, ...]

    @property
    def average(self) -> float:
        return sum(v.score for v in self.voices) / len(self.voices)

    @property
    def spread(self) -> tuple[Voice, Voice] | None:
        """The two voices furthest apart, when they disagree."""
        if len(self.voices) < 2:
            return None
        low = min(self.voices, key=lambda v: v.score)
        high = max(self.voices, key=lambda v: v.score)
        return (high, low) if high.score - low.score >= DISAGREE else None


@dataclass(frozen=True, slots=True)
class Option:
    """One thing the user is choosing between, and what they heard about it."""

    key: str
    label: str
    interviews: tuple[Interview, ...]
    answers: dict[str, Answer]
    contacts: tuple[Contact, ...]  # everyone in the pipeline for this option


@dataclass(frozen=True, slots=True)
class Gap:
    text: str
    weight: int
    option: str  # the option's key, "" for the whole decision
    fits: Callable[[Contact], bool]  # would a conversation with this contact close it?


@dataclass(frozen=True, slots=True)
class Suggestion:
    contact: Contact
    gap: Gap
    why: str


@dataclass(frozen=True, slots=True)
class Report:
    axis: str  # "field" | "org"
    options: tuple[Option, ...]
    gaps: tuple[Gap, ...]
    suggestion: Suggestion | None


def level_label(level: str) -> str:
    return {"mid": "mid-level"}.get(level, level) or "level unknown"


def _axis(interviews: list[Interview], contacts: list[Contact], goal: str, objective: str) -> str:
    """Fields or organisations: what the goal names, else where the interviews differ."""
    folded_goal = fold(goal)
    orgs = {fold(c.org) for c in contacts if c.org}
    if objective == "change-employer" or any(o in folded_goal for o in orgs if len(o) > 2):
        return "org"
    source: Iterable[Contact | Interview] = interviews or contacts
    fields = {fold(x.field) for x in source if x.field}
    spread_orgs = {fold(x.org) for x in source if x.org}
    if len(fields) <= 1 and len(spread_orgs) > 1:
        return "org"
    return "field"


def _key(axis: str, item: Contact | Interview) -> str:
    return fold(item.org if axis == "org" else item.field)


def _options(
    axis: str, interviews: list[Interview], contacts: list[Contact], names: dict[str, Contact]
) -> list[Option]:
    keys: dict[str, str] = {}  # key -> label as first written
    items: list[Contact | Interview] = [*interviews, *contacts]
    for item in items:
        keys.setdefault(_key(axis, item), (item.org if axis == "org" else item.field).strip())
    options = []
    for key, label in keys.items():
        mine = tuple(i for i in interviews if _key(axis, i) == key)
        people = tuple(c for c in contacts if _key(axis, c) == key)
        if not label:
            label = "no organisation given" if axis == "org" else "field not given"
        elif axis == "field":  # one employer only: "data science at Globex"
            orgs = {i.org for i in mine if i.org} or {c.org for c in people if c.org}
            if len(orgs) == 1:
                label = f"{label} at {next(iter(orgs))}"
        else:  # one field only at this organisation: "data science at Globex"
            fields = {i.field for i in mine if i.field} or {c.field for c in people if c.field}
            if len(fields) == 1:
                label = f"{next(iter(fields))} at {label}"
        answers = {}
        for q, _ in DECISIONS:
            voices = tuple(
                Voice(
                    names[i.contact_id].name if i.contact_id in names else "someone removed",
                    i.level,
                    i.held_at,
                    i.scores[q],
                    i.answers.get(q, ""),
                )
                for i in sorted(mine, key=lambda i: i.held_at)
                if q in i.scores
            )
            if voices:
                answers[q] = Answer(q, voices)
        options.append(Option(key, label, mine, answers, people))
    # most heard-from first; options with nothing at all (no contact, no interview) vanish
    options.sort(key=lambda o: (-len(o.interviews), -len(o.contacts), o.label.lower()))
    return options


def _unanswered(key: str, label: str) -> str:
    return {
        "succeed": f"nobody has told you whether you could succeed in {label}",
        "fit": f"nobody has told you whether {label} would fit you",
        "want": f"no conversation has shown you yet whether you want {label}",
        "lead": f"nobody has told you where {label} leads",
    }[key]


def _option_gaps(option: Option, axis: str) -> list[Gap]:
    key, label = option.key, option.label

    def inside(c: Contact) -> bool:
        return _key(axis, c) == key

    if not option.interviews:
        return [Gap(f"nobody has told you anything about {label} yet", 100, key, inside)]
    gaps = [
        Gap(_unanswered(q, label), 60, key, inside) for q, _ in DECISIONS if q not in option.answers
    ]
    levels = {i.level for i in option.interviews}
    if len(option.interviews) == 1:
        gaps.append(Gap(f"only one person has spoken about {label}", 45, key, inside))
    if not levels & set(JUNIOR):
        gaps.append(
            Gap(
                f"no one junior: nobody newer has told you what the first years in {label} "
                "are like",
                35,
                key,
                lambda c: inside(c) and c.level in JUNIOR,
            )
        )
    if not levels & set(SENIOR):
        gaps.append(
            Gap(
                f"no one senior: nobody with years in {label} has told you how it changes",
                30,
                key,
                lambda c: inside(c) and c.level in SENIOR,
            )
        )
    orgs = {fold(i.org) for i in option.interviews if i.org}
    if axis == "field" and len(orgs) == 1:
        (org,) = orgs
        gaps.append(
            Gap(
                f"one organisation only: all you know of {label.split(' at ')[0]} comes from "
                "one employer",
                25,
                key,
                lambda c: inside(c) and bool(c.org) and fold(c.org) != org,
            )
        )
    for q, answer in option.answers.items():
        pair = answer.spread
        if pair:
            high, low = pair
            gaps.append(
                Gap(
                    f"{high.name} and {low.name} disagree on {QUESTION_LABELS[q]} in {label} "
                    f"({high.score} against {low.score}): a third voice would tell",
                    20,
                    key,
                    inside,
                )
            )
    return gaps


def _pick(contacts: Iterable[Contact], gap: Gap) -> Contact | None:
    """The pipeline contact who would close ``gap``: furthest along, then known people,
    then referrals, then the order they were added."""
    found = [c for c in contacts if c.stage in OPEN_STAGES and gap.fits(c)]
    if not found:
        return None
    return min(
        found,
        key=lambda c: (OPEN_STAGES.index(c.stage), c.met not in KNOWN, not c.referred_by),
    )


def _why(contact: Contact, gap: Gap) -> str:
    who = [level_label(contact.level)] if contact.level else []
    if contact.met in KNOWN:
        who.append(f"your {contact.met}")
    elif contact.via:
        who.append(f"referred by {contact.via}")
    about = f" ({', '.join(who)})" if who else ""
    return f"{contact.name}{about} could close the biggest gap: {gap.text}"


def last_decided(decisions: tuple[dict[str, Any], ...]) -> datetime | None:
    """When the user last closed a goal with ``/leap decide`` (None if never)."""
    found = []
    for decision in decisions:
        try:
            found.append(datetime.fromisoformat(str(decision.get("decided_at"))))
        except ValueError:
            continue
    return max(found, default=None)


def in_hand(
    interviews: list[Interview], decisions: tuple[dict[str, Any], ...]
) -> tuple[list[Interview], datetime | None]:
    """The interviews of the goal in hand: those held after the last decision (the ones
    before it answered that decision), and when that decision was made."""
    since = last_decided(decisions)
    if since is None:
        return interviews, None
    return [i for i in interviews if i.held_at > since], since


def build(
    contacts: list[Contact],
    interviews: list[Interview],
    *,
    goal: str = "",
    objective: str = "",
    scope: str = "",
) -> Report:
    """The report over everything, or over one field or organisation (``scope``)."""
    wanted = fold(scope)
    if wanted:

        def matches(x: Contact | Interview) -> bool:
            return bool((x.field and wanted in fold(x.field)) or (x.org and wanted in fold(x.org)))

        interviews = [i for i in interviews if matches(i)]
        contacts = [c for c in contacts if matches(c)]
    names = {c.id: c for c in contacts}
    live = [c for c in contacts if c.stage != "declined"]
    axis = _axis(interviews, live, goal, objective)
    options = _options(axis, interviews, live, names)
    gaps = [g for o in options for g in _option_gaps(o, axis)]
    if len(options) == 1 and options[0].interviews:
        only = options[0]
        gaps.append(
            Gap(
                f"one option only: nothing yet to compare {only.label} with",
                40,
                "",
                lambda c: _key(axis, c) != only.key,
            )
        )
    gaps.sort(key=lambda g: -g.weight)
    suggestion = None
    for gap in gaps:
        contact = _pick(live, gap)
        if contact is not None:
            suggestion = Suggestion(contact, gap, _why(contact, gap))
            break
    return Report(axis, tuple(options), tuple(gaps), suggestion)
