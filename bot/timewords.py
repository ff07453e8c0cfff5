"""Reading the parts of a typed time: month and weekday words, clock times ("3pm",
"15:00", "at 4"), durations ("1h30m") and dates ("Dec 3", "12/3", "next monday").

``bot.timeparse`` puts these together into a time to book; the conventions are described
there. Pure functions: "now" is always passed in.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.timezones import format_date

WHEN_EXAMPLES = ("tomorrow 3pm", "next Tue at 10", "Dec 3 9:30am", "2026-12-03 14:00")
DATE_EXAMPLES = ("Dec 20", "2026-12-20", "next monday", "in 2 weeks")
DURATION_EXAMPLES = ("90m", "2h", "1h30m", "3d", "1w")
CLOCK_EXAMPLES = ("21:00", "9pm", "8:30am", "08:00")


class TimeParseError(ValueError):
    """str(err) is a user-facing sentence; ``examples`` lists phrasings that work."""

    def __init__(self, message: str, examples: tuple[str, ...] = WHEN_EXAMPLES) -> None:
        super().__init__(message)
        self.examples = examples


_MONTH_WORDS = (
    "january february march april may june july august september october november december"
)
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_WORDS.split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
DAY_WORDS = "monday tuesday wednesday thursday friday saturday sunday"
WEEKDAYS = {d: i for i, d in enumerate(DAY_WORDS.split())}
WEEKDAYS.update({d[:3]: i for d, i in list(WEEKDAYS.items())})
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
WEEKDAY_WORDS_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_REL_DAYS = {
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "tmrw": 1,
    "tmr": 1,
    "day after tomorrow": 2,
    "the day after tomorrow": 2,
}

CLOCK_RE = re.compile(
    r"(?:\bat\s+)?(?:(?P<named>noon|midday|midnight)\b"
    r"|\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<mer>[ap])\.?m\b\.?"
    r"|\b(?P<h2>\d{1,2}):(?P<m2>\d{2})(?::\d{2})?\b)"
)
BARE_HOUR_RE = re.compile(
    rf"(?:\bat\s+|\b(?P<dw>today|tonight|tomorrow|tmrw|{WEEKDAY_WORDS_RE})\.?\s+(?:at\s+)?)"
    r"(?P<h>\d{1,2})\b(?!\s*(?:st|nd|rd|th|[:/.]\d))"
)
_DUR_UNIT = r"(?:weeks?|wks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m)(?![a-z])"
_DUR_TOKEN_RE = re.compile(rf"(?:(?P<num>\d+(?:\.\d+)?)\s*|(?P<art>an?)\s+)(?P<unit>{_DUR_UNIT})")
_DUR_PLAIN = rf"(?:\d+(?:\.\d+)?\s*|an?\s+){_DUR_UNIT}"
_DUR_FULL_RE = re.compile(rf"{_DUR_PLAIN}(?:\s*(?:,|and)?\s*{_DUR_PLAIN})*")
_UNIT_MINUTES = {"w": 7 * 24 * 60, "d": 24 * 60, "h": 60, "m": 1}
_WEEKDAY_RE = re.compile(rf"^(?:(?:next|this|coming)\s+)?({WEEKDAY_WORDS_RE})\.?$")
_WEEKDAY_PREFIX_RE = re.compile(rf"^({WEEKDAY_WORDS_RE})\.?\s+(.+)$")
_ISO_RE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_NUMERIC_RE = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_MONTH_DAY_RE = re.compile(
    rf"^(?:(?:the\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MON})\.?"
    rf"|(?P<m2>{_MON})\.?\s+(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)(?:\s+(?P<y>\d{{4}}))?$"
)
_ORDINAL_RE = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)$")
RELATIVE_RE = re.compile(r"^in\s+(?P<a>.+)$|^(?P<b>.+?)\s+from\s+now$")


def normalize(text: str) -> str:
    s = re.sub(r"^on\s+", "", re.sub(r"[\s,]+", " ", text.strip().lower()).strip())
    return re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(\d)", r"\1 \2", s)


def unparseable(text: str) -> TimeParseError:
    shown = text.strip() or "(nothing)"
    return TimeParseError(
        f"Sorry, I couldn't understand “{shown}” as a date and time. "
        f"Try something like “{WHEN_EXAMPLES[0]}”, “{WHEN_EXAMPLES[1]}”, "
        f"“{WHEN_EXAMPLES[2]}” or “{WHEN_EXAMPLES[3]}”."
    )


def _hm(h: int, m: int, mer: str | None, raw_h: str, text: str) -> tuple[int, int]:
    if mer:
        if not 1 <= h <= 12 or m > 59:
            raise TimeParseError(f"“{text.strip()}” has a time of day that isn't valid.")
        return (h % 12 + (12 if mer == "p" else 0), m)
    if h > 23 or m > 59:
        raise TimeParseError(f"“{text.strip()}” has a time of day that isn't valid.")
    if 1 <= h <= 7 and not raw_h.startswith("0"):
        h += 12  # bare 1-7 means afternoon (business hours)
    return (h, m)


def extract_clock(s: str, text: str) -> tuple[tuple[int, int, bool] | None, str]:
    """Find one time of day in s; return ((hour, minute, had_am_pm), s without it)."""
    found = list(CLOCK_RE.finditer(s))
    if not found:
        found = list(BARE_HOUR_RE.finditer(s))
        if len(found) == 1:
            mt = found[0]
            h, m = _hm(int(mt["h"]), 0, None, mt["h"], text)
            rest = f"{s[: mt.start()]} {mt['dw'] or ''} {s[mt.end() :]}"
            return (h, m, False), " ".join(rest.split())
    if len(found) != 1:
        if found:
            raise TimeParseError(f"“{text.strip()}” has more than one time; please give one.")
        return None, s
    mt = found[0]
    if mt["named"]:
        clock = (0 if mt["named"] == "midnight" else 12, 0, True)
    elif mt["mer"]:
        clock = (*_hm(int(mt["h"]), int(mt["m"] or 0), mt["mer"], mt["h"], text), True)
    else:
        clock = (*_hm(int(mt["h2"]), int(mt["m2"]), None, mt["h2"], text), False)
    return clock, " ".join(f"{s[: mt.start()]} {s[mt.end() :]}".split())


def duration(s: str) -> tuple[timedelta, bool] | None:
    """Parse "1h30m", "2 days", "an hour" -> (delta, has hour/minute units); None if no match."""
    if not _DUR_FULL_RE.fullmatch(s):
        return None
    minutes, sub_day = 0.0, False
    for mt in _DUR_TOKEN_RE.finditer(s):
        unit = mt["unit"][0]
        minutes += (float(mt["num"]) if mt["num"] else 1.0) * _UNIT_MINUTES[unit]
        sub_day = sub_day or unit in "hm"
    try:
        return timedelta(minutes=round(minutes)), sub_day
    except OverflowError:
        return None


def _make_date(year: int | None, month: int, day: int, today: date) -> date | None:
    """The date in an explicit year, else its next occurrence on or after today; None if invalid."""
    full = None if year is None else year + 2000 if year < 100 else year
    for y in range(today.year, today.year + 9) if full is None else (full,):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if year is not None or d >= today:
            return d
    return None


_DATE_WORDS = frozenset(
    {*_MONTHS, *WEEKDAYS, "st", "nd", "rd", "th"}
    | set(
        [
            "the",
            "of",
            "next",
            "this",
            "last",
            "coming",
            "following",
            "after",
            "before",
            "from",
            "now",
            "in",
            "a",
            "an",
            "on",
            "day",
            "days",
            "week",
            "weeks",
            "month",
            "months",
            "year",
            "years",
            "tomorrow",
            "today",
            "yesterday",
            "weekend",
            "fortnight",
        ]
    )
)


def dateparser_parse(s: str, base: datetime) -> datetime | None:
    """dateparser, the way Leap asks it. Its import and its first parse take a few hundred
    ms (it loads its language data then): ``bot.warmup`` runs one off the request path."""
    import dateparser

    found: datetime | None = dateparser.parse(
        s,
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "future",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "DATE_ORDER": "MDY",
            "REQUIRE_PARTS": ["day"],
        },
    )
    return found


def _dateparser_date(s: str, today_local: datetime) -> date | None:
    """Fallback for phrasings like "next week", "day after tomorrow", "december the 3rd".

    dateparser silently drops numbers it does not understand ("next week 10" -> next week,
    "dec 3 10" -> year 2110) and its PREFER_DATES_FROM=future moves *today's* month/day to next
    year ("dec 1" on Dec 1 -> next Dec 1), so: refuse stray digits and redo the year ourselves.
    """
    guard = re.sub(r"\b\d{4}\b|\b\d+\s*(?:st|nd|rd|th|days?|weeks?|months?|years?)\b", "", s)
    if re.search(r"\d", guard):
        return None
    if any(w not in _DATE_WORDS for w in re.findall(r"[a-z]+", guard)):
        return None  # "after lunch with bob": not a date, and dateparser is slow to say so
    res = dateparser_parse(s, today_local.replace(tzinfo=None))
    if res is None:
        return None
    today = today_local.date()
    if re.search(rf"\b(?:{_MON})\b", s) and not re.search(r"\b\d{4}\b", s):
        if res.year not in (today.year, today.year + 1):
            return None
        return _make_date(None, res.month, res.day, today)
    return date(res.year, res.month, res.day)


def dates(s: str, now_local: datetime, text: str) -> list[date]:
    """Resolve the date part (no clock) to one date, or several for ambiguous numeric dates."""
    today = now_local.date()
    if s in _REL_DAYS:
        return [today + timedelta(days=_REL_DAYS[s])]
    if mt := _WEEKDAY_RE.match(s):
        return [today + timedelta(days=(WEEKDAYS[mt[1]] - today.weekday() - 1) % 7 + 1)]
    if mt := _ISO_RE.match(s):
        if d := _make_date(int(mt[1]), int(mt[2]), int(mt[3]), today):
            return [d]
        raise unparseable(text)
    if mt := _NUMERIC_RE.match(s):
        a, b, y = int(mt[1]), int(mt[2]), int(mt[3]) if mt[3] else None
        readings = [d for d in (_make_date(y, a, b, today), _make_date(y, b, a, today)) if d]
        if not readings:
            raise unparseable(text)
        return list(dict.fromkeys(readings))
    if mt := _MONTH_DAY_RE.match(s):
        y = int(mt["y"]) if mt["y"] else None
        month = _MONTHS[mt["m1"] or mt["m2"]]
        if d := _make_date(y, month, int(mt["d1"] or mt["d2"]), today):
            return [d]
        raise unparseable(text)
    if mt := _ORDINAL_RE.match(s):
        for k in range(13):
            year, month = divmod(today.month - 1 + k, 12)
            d_or_none = _make_date(today.year + year, month + 1, int(mt[1]), today)
            if d_or_none and d_or_none >= today:
                return [d_or_none]
        raise unparseable(text)
    mt = _WEEKDAY_PREFIX_RE.match(s)  # "thu dec 3": check the weekday matches
    if mt and mt[2] not in _REL_DAYS and not _WEEKDAY_RE.match(mt[2]):
        found = dates(mt[2], now_local, text)
        if any(d.weekday() != WEEKDAYS[mt[1]] for d in found):
            raise TimeParseError(
                f"{format_date(found[0])} is not a "
                f"{DAY_WORDS.split()[WEEKDAYS[mt[1]]].title()}; "
                "please check the date."
            )
        return found
    if d := _dateparser_date(s, now_local):
        return [d]
    raise unparseable(text)


def localize(d: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    """Wall-clock time in tz -> aware UTC. fold=0: gap times move forward, repeats take the 1st."""
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=tz).astimezone(UTC)


def aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)
