"""Natural-language times in the user's time zone, plus durations (business days: workdays).

All functions are pure: "now" is always passed in. Conventions (see also the tests):

* The clock part of the text ("3pm", "15:00", "at 10", "noon") is extracted by our own regexes,
  so we always know whether the user gave a time. A bare hour with no am/pm and no leading zero
  (``at 4``, ``friday at 4``, ``4:30``) in 1-7 means pm (business hours): 16:00, 16:30.
  8-12 are read as written; ``07:00`` (leading zero) and 0/13-23 are 24-hour clock.
  "tonight" turns any hour < 12 without am/pm into pm.
* Weekday names ("tuesday", "next tue", "this fri") mean the first such day *after* today;
  say "today" for today. A time with no date means today if still to come, else tomorrow.
* Dates without a year take the next occurrence on or after today.
* Numeric dates "a/b" read month/day first (US); when day/month is also valid the other reading
  is returned in ``ParsedTime.ambiguous``. With ``future=True`` readings in the past are dropped.
* "in 2 hours" is elapsed time (exact across DST); "in 3 days at 4pm" is a calendar date and
  needs a clock time, like every other date (meetings need a time).
* Nonexistent local times (spring-forward gap) move forward by the gap; repeated local times
  (fall-back) take the first occurrence (fold=0).
* dateparser (imported lazily) is only the fallback for other date phrasings ("next week",
  "day after tomorrow", "december the 3rd"); see ``_dateparser_date`` for why it is guarded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

WHEN_EXAMPLES = ("tomorrow 3pm", "next Tue at 10", "Dec 3 9:30am", "2026-12-03 14:00")
DATE_EXAMPLES = ("Dec 20", "2026-12-20", "next monday", "in 2 weeks")
DURATION_EXAMPLES = ("90m", "2h", "1h30m", "3d", "1w")
CLOCK_EXAMPLES = ("21:00", "9pm", "8:30am", "08:00")


class TimeParseError(ValueError):
    """str(err) is a user-facing sentence; ``examples`` lists phrasings that work."""

    def __init__(self, message: str, examples: tuple[str, ...] = WHEN_EXAMPLES) -> None:
        super().__init__(message)
        self.examples = examples


@dataclass(frozen=True, slots=True)
class ParsedTime:
    at: datetime  # aware, in UTC
    local: datetime  # aware, in the user's zone
    ambiguous: tuple[datetime, ...] = ()  # other readings (aware UTC) when the text is ambiguous


_MONTH_WORDS = (
    "january february march april may june july august september october november december"
)
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_WORDS.split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_DAY_WORDS = "monday tuesday wednesday thursday friday saturday sunday"
_WEEKDAYS = {d: i for i, d in enumerate(_DAY_WORDS.split())}
_WEEKDAYS.update({d[:3]: i for d, i in list(_WEEKDAYS.items())})
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_WD = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
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
_DAY_NAMES = tuple(d[:3].title() for d in _DAY_WORDS.split())
_MONTH_NAMES = tuple(m[:3].title() for m in _MONTH_WORDS.split())

_CLOCK_RE = re.compile(
    r"(?:\bat\s+)?(?:(?P<named>noon|midday|midnight)\b"
    r"|\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<mer>[ap])\.?m\b\.?"
    r"|\b(?P<h2>\d{1,2}):(?P<m2>\d{2})(?::\d{2})?\b)"
)
_BARE_HOUR_RE = re.compile(
    rf"(?:\bat\s+|\b(?P<dw>today|tonight|tomorrow|tmrw|{_WD})\.?\s+(?:at\s+)?)"
    r"(?P<h>\d{1,2})\b(?!\s*(?:st|nd|rd|th|[:/.]\d))"
)
_DUR_UNIT = r"(?:weeks?|wks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m)(?![a-z])"
_DUR_TOKEN_RE = re.compile(rf"(?:(?P<num>\d+(?:\.\d+)?)\s*|(?P<art>an?)\s+)(?P<unit>{_DUR_UNIT})")
_DUR_PLAIN = rf"(?:\d+(?:\.\d+)?\s*|an?\s+){_DUR_UNIT}"
_DUR_FULL_RE = re.compile(rf"{_DUR_PLAIN}(?:\s*(?:,|and)?\s*{_DUR_PLAIN})*")
_UNIT_MINUTES = {"w": 7 * 24 * 60, "d": 24 * 60, "h": 60, "m": 1}
_WEEKDAY_RE = re.compile(rf"^(?:(?:next|this|coming)\s+)?({_WD})\.?$")
_WEEKDAY_PREFIX_RE = re.compile(rf"^({_WD})\.?\s+(.+)$")
_ISO_RE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_NUMERIC_RE = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_MONTH_DAY_RE = re.compile(
    rf"^(?:(?:the\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MON})\.?"
    rf"|(?P<m2>{_MON})\.?\s+(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)(?:\s+(?P<y>\d{{4}}))?$"
)
_ORDINAL_RE = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)$")
_RELATIVE_RE = re.compile(r"^in\s+(?P<a>.+)$|^(?P<b>.+?)\s+from\s+now$")


def _normalize(text: str) -> str:
    s = re.sub(r"^on\s+", "", re.sub(r"[\s,]+", " ", text.strip().lower()).strip())
    return re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(\d)", r"\1 \2", s)


def _unparseable(text: str) -> TimeParseError:
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


def _extract_clock(s: str, text: str) -> tuple[tuple[int, int, bool] | None, str]:
    """Find one time of day in s; return ((hour, minute, had_am_pm), s without it)."""
    found = list(_CLOCK_RE.finditer(s))
    if not found:
        found = list(_BARE_HOUR_RE.finditer(s))
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


def _duration(s: str) -> tuple[timedelta, bool] | None:
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


def _dateparser_date(s: str, today_local: datetime) -> date | None:
    """Fallback for phrasings like "next week", "day after tomorrow", "december the 3rd".

    dateparser silently drops numbers it does not understand ("next week 10" -> next week,
    "dec 3 10" -> year 2110) and its PREFER_DATES_FROM=future moves *today's* month/day to next
    year ("dec 1" on Dec 1 -> next Dec 1), so: refuse stray digits and redo the year ourselves.
    """
    guard = re.sub(r"\b\d{4}\b|\b\d+\s*(?:st|nd|rd|th|days?|weeks?|months?|years?)\b", "", s)
    if re.search(r"\d", guard):
        return None
    import dateparser  # slow import, so only when needed

    res = dateparser.parse(
        s,
        languages=["en"],
        settings={
            "RELATIVE_BASE": today_local.replace(tzinfo=None),
            "PREFER_DATES_FROM": "future",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "DATE_ORDER": "MDY",
            "REQUIRE_PARTS": ["day"],
        },
    )
    if res is None:
        return None
    today = today_local.date()
    if re.search(rf"\b(?:{_MON})\b", s) and not re.search(r"\b\d{4}\b", s):
        if res.year not in (today.year, today.year + 1):
            return None
        return _make_date(None, res.month, res.day, today)
    return date(res.year, res.month, res.day)


def _dates(s: str, now_local: datetime, text: str) -> list[date]:
    """Resolve the date part (no clock) to one date, or several for ambiguous numeric dates."""
    today = now_local.date()
    if s in _REL_DAYS:
        return [today + timedelta(days=_REL_DAYS[s])]
    if mt := _WEEKDAY_RE.match(s):
        return [today + timedelta(days=(_WEEKDAYS[mt[1]] - today.weekday() - 1) % 7 + 1)]
    if mt := _ISO_RE.match(s):
        if d := _make_date(int(mt[1]), int(mt[2]), int(mt[3]), today):
            return [d]
        raise _unparseable(text)
    if mt := _NUMERIC_RE.match(s):
        a, b, y = int(mt[1]), int(mt[2]), int(mt[3]) if mt[3] else None
        readings = [d for d in (_make_date(y, a, b, today), _make_date(y, b, a, today)) if d]
        if not readings:
            raise _unparseable(text)
        return list(dict.fromkeys(readings))
    if mt := _MONTH_DAY_RE.match(s):
        y = int(mt["y"]) if mt["y"] else None
        month = _MONTHS[mt["m1"] or mt["m2"]]
        if d := _make_date(y, month, int(mt["d1"] or mt["d2"]), today):
            return [d]
        raise _unparseable(text)
    if mt := _ORDINAL_RE.match(s):
        for k in range(13):
            year, month = divmod(today.month - 1 + k, 12)
            d_or_none = _make_date(today.year + year, month + 1, int(mt[1]), today)
            if d_or_none and d_or_none >= today:
                return [d_or_none]
        raise _unparseable(text)
    mt = _WEEKDAY_PREFIX_RE.match(s)  # "thu dec 3": check the weekday matches
    if mt and mt[2] not in _REL_DAYS and not _WEEKDAY_RE.match(mt[2]):
        found = _dates(mt[2], now_local, text)
        if any(d.weekday() != _WEEKDAYS[mt[1]] for d in found):
            raise TimeParseError(
                f"{format_date(found[0])} is not a "
                f"{_DAY_WORDS.split()[_WEEKDAYS[mt[1]]].title()}; "
                "please check the date."
            )
        return found
    if d := _dateparser_date(s, now_local):
        return [d]
    raise _unparseable(text)


def _localize(d: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    """Wall-clock time in tz -> aware UTC. fold=0: gap times move forward, repeats take the 1st."""
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=tz).astimezone(UTC)


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def parse_when(text: str, now: datetime, tz: ZoneInfo, *, future: bool = True) -> ParsedTime:
    """Parse a date and time of day written in the user's zone ``tz``."""
    now_utc = _aware(now)
    now_local = now_utc.astimezone(tz)
    s = _normalize(text)
    if not s:
        raise TimeParseError("Please tell me when, e.g. “tomorrow 3pm” or “Dec 3 9:30am”.")
    clock, s = _extract_clock(s, text)
    s = re.sub(r"^(?:on|at)\s+", "", s)  # "14:00 on dec 3"
    if clock and not clock[2] and clock[0] < 12 and re.search(r"\btonight\b", s):
        clock = (clock[0] + 12, clock[1], False)
    days: list[date] | None = None
    rel = _RELATIVE_RE.match(s)
    dur = _duration(rel["a"] or rel["b"]) if rel else None
    if dur is not None:
        delta, sub_day = dur
        if sub_day:
            if clock:
                raise _unparseable(text)
            return _finish([now_utc + delta], now_utc, tz, future)
        days = [(now_local + delta).date()]
    elif s:
        days = _dates(s, now_local, text)
    if clock is None:
        assert days is not None
        shown = text.strip()
        raise TimeParseError(
            f"I understood the date ({format_date(days[0])}) but I need a time too, "
            f"e.g. “{shown} at 10am”.",
            (f"{shown} at 10am", f"{shown} 15:00"),
        )
    hour, minute = clock[0], clock[1]
    if days is None:  # time only: today if still to come, else tomorrow
        at = _localize(now_local.date(), hour, minute, tz)
        if future and at <= now_utc:
            at = _localize(now_local.date() + timedelta(days=1), hour, minute, tz)
        return _finish([at], now_utc, tz, future)
    return _finish([_localize(d, hour, minute, tz) for d in days], now_utc, tz, future)


def _finish(readings: list[datetime], now_utc: datetime, tz: ZoneInfo, future: bool) -> ParsedTime:
    if future:
        upcoming = [r for r in readings if r >= now_utc]
        if not upcoming:
            raise TimeParseError(
                f"That time is in the past: {format_local(readings[0], tz)}. "
                "Please give a time in the future."
            )
        readings = upcoming
    return ParsedTime(readings[0], readings[0].astimezone(tz), tuple(readings[1:]))


def parse_date(text: str, now: datetime, tz: ZoneInfo) -> date:
    """A calendar date in ``tz`` ("Dec 20", "2026-12-20", "next monday", "in 2 weeks")."""
    now_local = _aware(now).astimezone(tz)
    s = _normalize(text)
    err = TimeParseError(
        f"Sorry, I couldn't understand “{text.strip() or '(nothing)'}” as a "
        "date. Try “Dec 20”, “2026-12-20”, “next monday” or “in 2 weeks”.",
        DATE_EXAMPLES,
    )
    if not s:
        raise err
    rel = _RELATIVE_RE.match(s)
    if rel and (dur := _duration(rel["a"] or rel["b"])):
        return (
            (now_local + dur[0]).date()
            if not dur[1]
            else ((now_local.astimezone(UTC) + dur[0]).astimezone(tz).date())
        )
    try:
        found = _dates(s, now_local, text)
    except TimeParseError:
        raise err from None
    if len(found) > 1:
        a, b = (f"{d.day} {_MONTH_NAMES[d.month - 1]}" for d in found[:2])
        raise TimeParseError(
            f"“{text.strip()}” could be {a} or {b}; please write the month as a word, e.g. “{a}”.",
            DATE_EXAMPLES,
        )
    return found[0]


def parse_duration(text: str) -> timedelta:
    """ "90m", "2d", "1w", "1h30m", "45 minutes", "2 hours" -> timedelta (must be positive)."""
    dur = _duration(" ".join(text.strip().lower().split()))
    if dur is None or dur[0] <= timedelta(0):
        raise TimeParseError(
            f"Sorry, “{text.strip() or '(nothing)'}” isn't a duration I understand. "
            "Try “90m”, “2h”, “1h30m”, “3d” or “1w”.",
            DURATION_EXAMPLES,
        )
    return dur[0]


def parse_clock(text: str) -> tuple[int, int]:
    """ "21:00", "9pm", "8:30am", "08:00", "noon" -> (hour, minute). Bare 1-7 means pm."""
    s = " ".join(text.strip().lower().split())
    err = TimeParseError(
        f"Sorry, “{text.strip() or '(nothing)'}” isn't a time of day I understand. "
        "Try “21:00”, “9pm” or “8:30am”.",
        CLOCK_EXAMPLES,
    )
    if re.fullmatch(r"\d{1,2}", s):
        s = f"at {s}"
    try:
        clock, rest = _extract_clock(s, text)
    except TimeParseError:
        raise err from None
    if clock is None or rest:
        raise err
    return clock[0], clock[1]


def format_date(d: date) -> str:
    """ "Thu 3 Dec 2026"."""
    return f"{_DAY_NAMES[d.weekday()]} {d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def format_local(at: datetime, tz: ZoneInfo) -> str:
    """ "Thu 3 Dec 2026, 15:00 CET (Europe/Paris)" (English, independent of the locale)."""
    local = _aware(at).astimezone(tz)
    abbr, name = local.tzname() or "", str(tz)
    zone = abbr if abbr == name else f"{abbr} ({name})".strip()
    return f"{format_date(local.date())}, {local:%H:%M} {zone}"
