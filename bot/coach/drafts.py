"""Drafts in the user's voice: the request, the follow-up and the thank-you.

Short and specific: each opens with the real connection, asks for about 20 minutes of
advice as a question, offers a call, a video chat or a coffee, and never asks for a job or
mentions a resume. Every draft must pass ``bot.coach.check.check_text`` clean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.models import Contact, Interview

STYLES = ("normal", "shorter", "formal")

CONNECTION = {
    "relative": "I hope all is well with you and the family.",
    "friend": "It has been a while — I hope things are good with you.",
    "classmate": "I hope you are well; it has been a while since our classes together.",
    "colleague": "I have been thinking back to our time working together.",
}


@dataclass(frozen=True, slots=True)
class Draft:
    text: str
    style: str
    handwritten: bool = False


def wants_formal(contact: Contact) -> bool:
    return contact.traditional or contact.level == "executive"


def _topic(contact: Contact) -> str:
    if contact.field:
        return f"{contact.field}"
    if contact.role and contact.org:
        return f"your work as {contact.role} at {contact.org}"
    if contact.role:
        return f"your work as {contact.role}"
    if contact.org:
        return f"working at {contact.org}"
    return "your line of work"


# A note that says how they met ("met at UX Europe conference", "saw her talk at …") is
# worth an opening line; other notes ("prefers mornings") stay private.
_MET_NOTE = re.compile(
    r"^(?:we )?met (?:at|during|through|via|on) (?P<met>.+)$"
    r"|^(?:saw|heard|read) (?:your|her|his|their) (?P<work>(?:talk|post|article|paper|panel|"
    r"podcast|book|interview)\b.*)$",
    re.IGNORECASE,
)


def _sentence(text: str) -> str:
    """Capitalised at the start: "my friend Tom suggested…" -> "My friend Tom suggested…"."""
    return text[:1].upper() + text[1:]


def _from_notes(contact: Contact) -> str:
    for note in reversed(contact.notes):
        found = _MET_NOTE.match(note.strip().rstrip("."))
        if found and found["met"]:
            where = found["met"].removeprefix("the ")
            return f"We met at {where}, and I have been meaning to follow up."
        if found and found["work"]:
            return f"I enjoyed your {found['work']}."
    return ""


def _connection(contact: Contact) -> str:
    """The opening: who referred them, where they met, what the notes say, how they know
    each other — the real connection first."""
    met_at = (contact.met_at or "the same event") if contact.met == "event" else ""
    if contact.via and met_at:
        return _sentence(f"{contact.via} suggested I get in touch, and we met briefly at {met_at}.")
    if contact.via:
        return _sentence(f"{contact.via} suggested I get in touch with you.")
    if met_at:
        return f"We met at {met_at}, and I have been meaning to follow up."
    noted = _from_notes(contact)
    if noted:
        return noted
    if contact.met in CONNECTION:
        return CONNECTION[contact.met]
    if contact.role and contact.org:
        return f"I came across your work as {contact.role} at {contact.org}."
    if contact.field:
        return f"I am reaching out because of your experience in {contact.field}."
    if contact.org:
        return f"I am reaching out because you work at {contact.org}."
    return "I am reaching out because your work caught my interest."


def _situation(goal: str, contact: Contact) -> str:
    goal = goal.strip().rstrip(".")
    if goal and goal.split()[0].lower().endswith("ing"):  # "changing careers to UX"
        return f"I am {goal[0].lower()}{goal[1:]}"
    if goal:
        return f"I am weighing a decision ({goal})"
    if contact.field:
        return f"I am weighing a move into {contact.field}"
    return "I am thinking carefully about my next career step"


def request(contact: Contact, *, goal: str, me: str, style: str = "normal") -> Draft:
    """The ask for about 20 minutes of advice."""
    if style == "normal" and wants_formal(contact):
        style = "formal"
    topic = _topic(contact)
    sign = me or "[your name]"
    if style == "shorter" and wants_formal(contact):  # shorter, but the register stays
        text = (
            f"Dear {contact.formal_name},\n\n{_connection(contact)} "
            f"{_situation(goal, contact)} and would value your view on {topic}. Might you "
            "spare 20 minutes, by phone or over a coffee near your office?\n\n"
            f"With thanks,\n{sign}"
        )
        return Draft(text, style)
    if style == "shorter":
        text = (
            f"Hi {contact.first_name}, {_connection(contact)} {_situation(goal, contact)} and "
            f"would value your view on {topic}. Could you spare 20 minutes for a call or a "
            f"coffee in the next few weeks?\n{sign}"
        )
        return Draft(text, style)
    if style == "formal":
        text = (
            f"Dear {contact.formal_name},\n\n{_connection(contact)} "
            f"{_situation(goal, contact)}, and your experience with {topic} would help me "
            "decide well.\n\n"
            "Would you be willing to share about 20 minutes of advice at a time that suits "
            "you? I would be glad to meet by phone, by video, or over a coffee near your "
            "office. I am only seeking your perspective, and I will keep to the time.\n\n"
            f"With thanks,\n{sign}"
        )
        return Draft(text, style)
    text = (
        f"Hi {contact.first_name},\n\n{_connection(contact)} {_situation(goal, contact)}, and "
        f"I would love to learn how {topic} looks from the inside.\n\n"
        "Could you spare about 20 minutes in the next couple of weeks for a few questions? "
        "A phone call, a video chat or a coffee — whatever is easiest for you. I am only "
        "after your advice and will keep it short.\n\n"
        f"Thanks so much,\n{sign}"
    )
    return Draft(text, style)


def follow_up(contact: Contact, *, asked_on: str, me: str) -> Draft:
    """A polite second note, a week after a request with no answer."""
    sign = me or "[your name]"
    text = (
        f"Hi {contact.first_name},\n\nI know your inbox is busy, so here is a gentle nudge on "
        f"my note from {asked_on}. If 20 minutes by phone, video or over a coffee works in "
        "the coming weeks, I would be grateful; if now is not a good time, no worries at "
        f"all.\n\nThanks,\n{sign}"
    )
    return Draft(text, "normal")


PRONOUNS = {
    "he": "you",
    "she": "you",
    "him": "you",
    "his": "your",
    "hers": "yours",
    "himself": "yourself",
    "herself": "yourself",
}
LEADING_THANKS = re.compile(r"^(?:thank(?:s| you)?\s+(?:them|him|her|you)\s+)?for\s+", re.I)
LOWER_STARTS = {"the", "a", "an", "your", "all", "how", "what", "so", "such", "that", "this"}
AFTER_OBJECT = {"for", "to", "with", "about", "and", "on", "at", "in", "that", "when", ""}


def second_person(text: str) -> str:
    """The user's "what will you thank them for?" said to the person: "her advice on
    portfolios" -> "your advice on portfolios"; a leading "for" or "thank her for" goes."""
    text = LEADING_THANKS.sub("", " ".join(text.split()).rstrip(".!"))
    words = text.split(" ") if text else []
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        following = words[i + 1].lower() if i + 1 < len(words) else ""
        if low == "her":
            out.append("you" if following in AFTER_OBJECT else "your")
        else:
            out.append(PRONOUNS.get(low, word))
    if out and (out[0].lower() in LOWER_STARTS or out[0].lower().endswith("ing")):
        out[0] = out[0].lower()
    return " ".join(out)


def _specific(interview: Interview | None, contact: Contact) -> str:
    """What to thank them for, in the user's words, said to them. Never the private
    debrief notes: only the answer to "what will you thank them for?"."""
    thanks_for = second_person(interview.thanks_for if interview else "")
    if not thanks_for:
        return f"Hearing how {_topic(contact)} really works was exactly what I needed."
    return f"Thank you especially for {thanks_for}."


def when_we_talked(meeting: datetime | None, now: datetime, tz: ZoneInfo) -> str:
    """ "today" only on the meeting day; then "yesterday", "last Tuesday", "on 3 December"."""
    if meeting is None:
        return "recently"
    days = (now.astimezone(tz).date() - meeting.astimezone(tz).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"last {meeting.astimezone(tz):%A}"
    local = meeting.astimezone(tz)
    return f"on {local.day} {local:%B}"


def thanks(
    contact: Contact,
    interview: Interview | None,
    referrals: list[str],
    *,
    me: str,
    talked: str = "today",
) -> Draft:
    """A same-day thank-you; a short handwritten card for the senior or traditional."""
    sign = me or "[your name]"
    leads = ""
    if referrals:
        names = (
            referrals[0]
            if len(referrals) == 1
            else ", ".join(referrals[:-1]) + " and " + referrals[-1]
        )
        leads = f" Thank you also for suggesting {names}; I will reach out as you advised."
    if wants_formal(contact):
        text = (
            f"Dear {contact.formal_name},\n\nThank you for your time and your generous advice. "
            f"{_specific(interview, contact)}{leads}\n\nWith gratitude,\n{sign}"
        )
        return Draft(text, "formal", handwritten=True)
    text = (
        f"Hi {contact.first_name},\n\nThank you for making time to talk with me {talked}. "
        f"{_specific(interview, contact)}{leads}\n\nI will let you know where I land.\n\n"
        f"Thanks again,\n{sign}"
    )
    return Draft(text, "normal")
