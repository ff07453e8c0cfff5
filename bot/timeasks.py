"""When a time is not clear enough to book: vague phrases, parts of the day, night hours.

Leap never guesses silently. These helpers turn "next week sometime" into three concrete
options, "Monday morning" into a proposed time with alternatives, and spot night hours
that deserve a second look. All pure: dates and "now" are passed in.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

NIGHT_START, NIGHT_END = 22, 6  # 22:00-06:00 local is night: confirm first

# Part of the day -> (proposed clock, alternatives); the first is what Leap proposes.
PARTS = {
    "morning": ((10, 0), (9, 0), (11, 0)),
    "afternoon": ((14, 0), (15, 0), (16, 0)),
    "evening": ((18, 0), (18, 30), (19, 0)),
    "lunchtime": ((12, 30), (12, 0), (13, 0)),
}
_PART_RE = re.compile(r"\b(?:in the )?(morning|afternoon|evening|lunch ?time|tonight)\b")
_THIS_PART_RE = re.compile(r"\bthis (morning|afternoon|evening)\b")

_VAGUE_WORDS = re.compile(
    r"\b(?:when(?:ever)? (?:it )?(?:suits|works)(?: for)?(?: (?:them|you|me|us|him|her|everyone))?"
    r"|when(?:ever)? (?:they(?:'re)?|you(?:'re)?|she(?:'s)?|he(?:'s)?) (?:are |is )?free"
    r"|some ?time|some ?day|whenever|any ?time|at some point|sometime soon|soon|asap)\b"
)
_WEEK_RE = re.compile(
    r"^(?:(?P<edge>early|late|later|the end of|end of|the start of|start of)\s+)?"
    r"(?:in\s+)?(?:the\s+)?(?P<which>next|this|coming|following)\s+week$"
    r"|^(?P<later>later|sometime) this week$|^(?:by )?(?:the )?end of (?:the|this) week$"
)
_DAYS_RE = re.compile(r"^(?:in )?the (?:next|coming) (?:few|couple of|2|3) days$|^in a few days$")
_OPTION_CLOCKS = ((10, 0), (14, 0), (11, 0))


def part_of_day(s: str) -> tuple[str, str] | None:
    """``("monday", "morning")`` for "monday morning"; None when no part of day is named.
    "this afternoon" and "tonight" mean today."""
    s = _THIS_PART_RE.sub(r"today \1", s)
    found = _PART_RE.search(s)
    if found is None:
        return None
    part = found[1].replace(" ", "")
    if part == "tonight":
        part, rest = "evening", f"{s[: found.start()]} today {s[found.end() :]}"
    else:
        rest = f"{s[: found.start()]} {s[found.end() :]}"
    return " ".join(rest.split()), part


def _business_days(start: date, count: int, until: date | None = None) -> list[date]:
    out: list[date] = []
    d = start
    while len(out) < count and (until is None or d <= until):
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def vague_options(s: str, now_local: datetime) -> list[datetime] | None:
    """Three concrete (naive, local) times for a vague phrase, or None if it is not one.

    "next week (sometime)": Tue, Wed, Thu of next week; "early next week": Mon and Tue;
    "later this week": the working days left this week (then next week's); "whenever",
    "soon", "in the next few days": the next three working days. Times 10:00, 14:00, 11:00.
    """
    words = " ".join(_VAGUE_WORDS.sub(" ", s).split())
    vague_word = words != s
    today = now_local.date()
    monday_next = today + timedelta(days=7 - today.weekday())
    week = _WEEK_RE.match(words) if words else None
    days: list[date]
    if week and week["which"] in ("next", "coming", "following"):
        edge = week["edge"] or ""
        if edge in ("early", "the start of", "start of"):
            days = [monday_next, monday_next, monday_next + timedelta(days=1)]
        elif edge in ("late", "later", "the end of", "end of"):
            days = [monday_next + timedelta(days=k) for k in (3, 4, 4)]
        else:
            days = [monday_next + timedelta(days=k) for k in (1, 2, 3)]
    elif week:  # this week / later this week / end of the week
        friday = today + timedelta(days=4 - today.weekday()) if today.weekday() < 5 else today
        days = _business_days(today + timedelta(days=1), 3, friday)
        days += _business_days(monday_next, 3 - len(days))
    elif _DAYS_RE.match(words) or (vague_word and not words):
        days = _business_days(today + timedelta(days=1), 3)
    else:
        return None
    return [
        datetime.combine(d, time(*clock)) for d, clock in zip(days, _OPTION_CLOCKS, strict=True)
    ]


def is_night(local: datetime) -> bool:
    return local.hour >= NIGHT_START or local.hour < NIGHT_END


def night_alternative(local: datetime) -> datetime:
    """The daytime reading of a night hour: 03:00 -> 15:00, 23:00 -> 11:00 the same day."""
    return local + timedelta(hours=12) if local.hour < 12 else local - timedelta(hours=12)
