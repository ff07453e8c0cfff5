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
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.timeasks import (
    NIGHT_END,
    NIGHT_START,
    PARTS,
    night_alternative,
    part_of_day,
    vague_options,
)
from bot.timewords import (
    BARE_HOUR_RE,
    CLOCK_EXAMPLES,
    CLOCK_RE,
    DATE_EXAMPLES,
    DAY_WORDS,
    DURATION_EXAMPLES,
    RELATIVE_RE,
    WEEKDAY_WORDS_RE,
    WEEKDAYS,
    WHEN_EXAMPLES,
    TimeParseError,
    aware,
    dates,
    duration,
    extract_clock,
    localize,
    normalize,
    unparseable,
)
from bot.timezones import MONTH_NAMES as _MONTH_NAMES
from bot.timezones import format_both, format_date, format_local, place_of, zones_for

__all__ = [
    "CLOCK_EXAMPLES",
    "DATE_EXAMPLES",
    "DURATION_EXAMPLES",
    "WHEN_EXAMPLES",
    "ParsedTime",
    "TimeParseError",
    "format_date",
    "format_local",
    "parse_clock",
    "parse_date",
    "parse_duration",
    "parse_when",
]


@dataclass(frozen=True, slots=True)
class ParsedTime:
    at: datetime  # aware, in UTC
    local: datetime  # aware, in the user's zone
    ambiguous: tuple[datetime, ...] = ()  # other readings (aware UTC) when the text is ambiguous
    ask: str = ""  # not sure: confirm before booking, offering ``at`` and ``ambiguous``
    echo: str = ""  # how the text was read, worth saying when booking (another zone, say)

    @property
    def options(self) -> tuple[datetime, ...]:
        return (self.at, *self.ambiguous)

    @property
    def unsure(self) -> bool:
        return bool(self.ask or self.ambiguous)


_H_CLOCK_RE = re.compile(r"(?<![\w.:])(?<!in )(\d{1,2})h(\d{2})?\b(?!\s*(?:from now|later))")
_TODAY_WEEKDAY_RE = re.compile(rf"^(?:(?:this|coming)\s+)?({WEEKDAY_WORDS_RE})\.?$")


def _h_clock(s: str) -> str:
    """ "14h30" -> "14:30", "9h" -> "9:00" (not "in 2h", a duration)."""
    return _H_CLOCK_RE.sub(lambda m: f"{m[1]}:{m[2] or '00'}", s)


def _extract_zone(s: str) -> tuple[tuple[str, ...], str]:
    """A zone named right after the time ("3pm est", "15:00 cet", "3pm london", "2pm new
    york time"): the zones it may mean, and the text without it."""
    found = CLOCK_RE.search(s) or BARE_HOUR_RE.search(s)
    if not found:
        return (), s
    head, tail = s[: found.end()], s[found.end() :].split()
    for n in (3, 2, 1):
        if len(tail) < n:
            continue
        zones = zones_for(" ".join(tail[:n]))
        if zones:
            rest = tail[n + 1 :] if tail[n : n + 1] == ["time"] else tail[n:]
            return zones, " ".join([head, *rest])
    return (), s


def parse_when(text: str, now: datetime, tz: ZoneInfo, *, future: bool = True) -> ParsedTime:
    """Parse a date and time of day written in the user's zone ``tz`` (or in a zone named
    after the time). When unsure — a past date without a year, a night hour, a part of the
    day, a vague phrase, a place in several zones — the result ``ask``s before booking."""
    now_utc = aware(now)
    s = _h_clock(normalize(text))
    if not s:
        raise TimeParseError("Please tell me when, e.g. “tomorrow 3pm” or “Dec 3 9:30am”.")
    zones, s = _extract_zone(s)
    if len(zones) > 1:
        readings = [_parse_in(text, s, now_utc, ZoneInfo(z), tz, future) for z in zones]
        return ParsedTime(
            readings[0].at,
            readings[0].local,
            tuple(r.at for r in readings[1:]),
            ask=f"“{text.strip()}”: which place did you mean? "
            + ", ".join(f"{place_of(z)} ({z})" for z in zones)
            + ".",
        )
    there = ZoneInfo(zones[0]) if zones else tz
    return _parse_in(text, s, now_utc, there, tz, future)


def _parse_in(
    text: str, s: str, now_utc: datetime, there: ZoneInfo, tz: ZoneInfo, future: bool
) -> ParsedTime:
    """``s`` read in zone ``there``; questions and echoes are for the user in ``tz``."""
    now_local = now_utc.astimezone(there)
    vague = vague_options(s, now_local)
    if vague is not None and not CLOCK_RE.search(s):
        options = [localize(d.date(), d.hour, d.minute, there) for d in vague]
        return ParsedTime(
            options[0],
            options[0].astimezone(tz),
            tuple(options[1:]),
            ask=f"“{text.strip()}” is not a time yet. How about one of these? "
            "Or type your own, e.g. “next Tue 10am”.",
        )
    part = part_of_day(s)
    if part is not None:
        s = part[0]
    clock, s = extract_clock(s, text)
    s = re.sub(r"^(?:on|at)\s+", "", s)  # "14:00 on dec 3"
    if clock and not clock[2] and clock[0] < 12 and re.search(r"\btonight\b", s):
        clock = (clock[0] + 12, clock[1], False)
    asks: list[str] = []
    if part is not None:
        if clock is None:
            proposed, *others = PARTS[part[1]]
            day = dates(s or "today", now_local, text)[0]
            options = [localize(day, h, m, there) for h, m in (proposed, *others)]
            if future and options[0] < now_utc:
                raise TimeParseError(
                    f"This {part[1]} has passed. Say which day, e.g. “tomorrow {part[1]}”."
                )
            upcoming = [o for o in options if o >= now_utc] if future else options
            return ParsedTime(
                upcoming[0],
                upcoming[0].astimezone(tz),
                tuple(upcoming[1:]),
                ask=f"“{text.strip()}”: shall I say {format_local(upcoming[0], tz)}? "
                "Or pick another time.",
            )
        if part[1] in ("afternoon", "evening") and not clock[2] and clock[0] < 12:
            clock = (clock[0] + 12, clock[1], False)
    days: list[date] | None = None
    rel = RELATIVE_RE.match(s)
    dur = duration(rel["a"] or rel["b"]) if rel else None
    if dur is not None:
        delta, sub_day = dur
        if sub_day:
            if clock:
                raise unparseable(text)
            return _finish([now_utc + delta], now_utc, tz, future)
        days = [(now_local + delta).date()]
    elif s:
        days = dates(s, now_local, text)
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
        at = localize(now_local.date(), hour, minute, there)
        if future and at <= now_utc:
            at = localize(now_local.date() + timedelta(days=1), hour, minute, there)
        return _checked(_finish([at], now_utc, tz, future), text, there, tz, asks)
    today = now_local.date()
    weekday = _TODAY_WEEKDAY_RE.match(s)
    if weekday and WEEKDAYS[weekday[1]] == today.weekday():  # "friday 3pm" on a Friday
        at = localize(today, hour, minute, there)
        if at > now_utc or not future:
            days = [today]
        else:
            days = [today + timedelta(days=7)]
            asks.append(
                f"Today is {DAY_WORDS.split()[today.weekday()].title()} and "
                f"{hour:02d}:{minute:02d} has passed: next week's, "
                f"{format_date(days[0])}?"
            )
    elif len(days) == 1 and _rolled_over(s, days[0], today):
        d = days[0]
        asks.append(
            f"{d.day} {_MONTH_NAMES[d.month - 1]} has passed this year: "
            f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}?"
        )
    readings = [localize(d, hour, minute, there) for d in days]
    return _checked(_finish(readings, now_utc, tz, future), text, there, tz, asks)


def _rolled_over(s: str, d: date, today: date) -> bool:
    """A month and day with no year that already passed this year (so it became next
    year's): worth asking, since it may be a slip."""
    if re.search(r"\b\d{4}\b", s) or d.year == today.year:
        return False
    try:
        return date(today.year, d.month, d.day) < today
    except ValueError:  # 29 Feb
        return False


def _checked(
    parsed: ParsedTime, text: str, there: ZoneInfo, tz: ZoneInfo, asks: list[str]
) -> ParsedTime:
    """Add what to ask (a night hour for the user) and what to echo (another zone)."""
    echo = format_both(parsed.at, there, tz) if str(there) != str(tz) else ""
    options = list(parsed.options)
    local = parsed.at.astimezone(tz)
    if local.hour >= NIGHT_START or local.hour < NIGHT_END:
        asks.append(
            f"{local:%H:%M} is at night for you. Is that right, or did you mean "
            f"{night_alternative(local):%H:%M}?"
        )
        daytime = night_alternative(local).astimezone(UTC)
        if daytime not in options:
            options.append(daytime)
    if not asks:
        return replace(parsed, echo=echo)
    return ParsedTime(
        options[0],
        options[0].astimezone(tz),
        tuple(options[1:]),
        ask=f"“{text.strip()}”: " + " ".join(asks),
        echo=echo,
    )


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
    now_local = aware(now).astimezone(tz)
    s = normalize(text)
    err = TimeParseError(
        f"Sorry, I couldn't understand “{text.strip() or '(nothing)'}” as a "
        "date. Try “Dec 20”, “2026-12-20”, “next monday” or “in 2 weeks”.",
        DATE_EXAMPLES,
    )
    if not s:
        raise err
    rel = RELATIVE_RE.match(s)
    if rel and (dur := duration(rel["a"] or rel["b"])):
        return (
            (now_local + dur[0]).date()
            if not dur[1]
            else ((now_local.astimezone(UTC) + dur[0]).astimezone(tz).date())
        )
    try:
        found = dates(s, now_local, text)
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
    dur = duration(" ".join(text.strip().lower().split()))
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
        clock, rest = extract_clock(s, text)
    except TimeParseError:
        raise err from None
    if clock is None or rest:
        raise err
    return clock[0], clock[1]
