"""Tests for bot.timeparse: natural-language times in the user's zone, durations, business days."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.timeparse import (
    ParsedTime,
    TimeParseError,
    format_local,
    parse_clock,
    parse_date,
    parse_duration,
    parse_when,
)

ZONES = [
    "Europe/Paris",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Sydney",
    "America/Los_Angeles",
    "UTC",
]
WORKING = ("tomorrow 3pm", "next Tue at 10", "Dec 3 9:30am", "2026-12-03 14:00")


def wall(parts: tuple[int, ...], tz: ZoneInfo) -> datetime:
    """(y, m, d, h[, min]) as an aware datetime in tz."""
    y, mo, d, h, *rest = parts
    return datetime(y, mo, d, h, rest[0] if rest else 0, tzinfo=tz)


def local_now(tz: ZoneInfo) -> datetime:
    """The fixed "now": Tuesday 2026-12-01 09:00 local time."""
    return datetime(2026, 12, 1, 9, 0, tzinfo=tz)


# (text, expected local wall time) with now = Tue 2026-12-01 09:00 in the user's zone.
PHRASINGS = [
    ("tomorrow 3pm", (2026, 12, 2, 15, 0)),
    ("tomorrow at 15:00", (2026, 12, 2, 15, 0)),
    ("next Tue at 10", (2026, 12, 8, 10, 0)),
    ("next tuesday 10am", (2026, 12, 8, 10, 0)),
    ("Tuesday 10:30", (2026, 12, 1, 10, 30)),  # today's weekday: today, the time is ahead
    ("next Tuesday 10:30", (2026, 12, 8, 10, 30)),
    ("Dec 3 9:30am", (2026, 12, 3, 9, 30)),
    ("3 Dec 09:30", (2026, 12, 3, 9, 30)),
    ("December 3 at 9:30", (2026, 12, 3, 9, 30)),
    ("2026-12-03 14:00", (2026, 12, 3, 14, 0)),
    ("2026-12-03T14:00", (2026, 12, 3, 14, 0)),
    ("in 2 hours", (2026, 12, 1, 11, 0)),
    ("in 3 days at 4pm", (2026, 12, 4, 16, 0)),
    ("today 5pm", (2026, 12, 1, 17, 0)),
    ("monday noon", (2026, 12, 7, 12, 0)),
    ("friday at 4", (2026, 12, 4, 16, 0)),  # bare 1-7 means pm
    ("tonight 8pm", (2026, 12, 1, 20, 0)),
    ("tonight at 8", (2026, 12, 1, 20, 0)),
    ("12/3 10am", (2026, 12, 3, 10, 0)),  # month/day first; day/month in .ambiguous
    ("13/3 10am", (2027, 3, 13, 10, 0)),  # only day/month is valid
    ("10am", (2026, 12, 1, 10, 0)),  # still to come today
    ("8am", (2026, 12, 2, 8, 0)),  # already gone today -> tomorrow
    ("noon tomorrow", (2026, 12, 2, 12, 0)),
    ("Wed at 9", (2026, 12, 2, 9, 0)),
    ("thursday 2:30", (2026, 12, 3, 14, 30)),
    ("friday 07:00", (2026, 12, 4, 7, 0)),  # leading zero: 24-hour clock
    ("Sat 11:15am", (2026, 12, 5, 11, 15)),
    ("Dec 1 5pm", (2026, 12, 1, 17, 0)),  # today, not next year
    ("Nov 30 10am", (2027, 11, 30, 10, 0)),  # already past this year
    ("Jan 5 2027 9am", (2027, 1, 5, 9, 0)),
    ("the 15th at 2pm", (2026, 12, 15, 14, 0)),
    ("in 90m", (2026, 12, 1, 10, 30)),
    ("in an hour", (2026, 12, 1, 10, 0)),
    ("2 hours from now", (2026, 12, 1, 11, 0)),
    ("day after tomorrow 9am", (2026, 12, 3, 9, 0)),
    ("next week 10am", (2026, 12, 8, 10, 0)),
    ("December the 3rd at 9am", (2026, 12, 3, 9, 0)),
    ("14:00 on Dec 3", (2026, 12, 3, 14, 0)),
    ("10 a.m. tomorrow", (2026, 12, 2, 10, 0)),
    ("midnight", (2026, 12, 2, 0, 0)),
    ("Thu Dec 3, 10am", (2026, 12, 3, 10, 0)),
    ("in 1 week at 9:00", (2026, 12, 8, 9, 0)),
    ("  TOMORROW   3 PM ", (2026, 12, 2, 15, 0)),
]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("text", "expected"), PHRASINGS, ids=[p[0] for p in PHRASINGS])
def test_parse_when_phrasings(text: str, expected: tuple[int, ...], zone: str) -> None:
    tz = ZoneInfo(zone)
    result = parse_when(text, local_now(tz), tz)
    assert isinstance(result, ParsedTime)
    assert result.local == wall(expected, tz)
    assert (result.local.year, result.local.month, result.local.day) == expected[:3]
    assert (result.local.hour, result.local.minute) == expected[3:]
    assert result.local.tzinfo is tz
    assert result.at.tzinfo is UTC
    assert result.at == result.local


@pytest.mark.parametrize("zone", ZONES)
def test_now_in_another_zone_is_converted(zone: str) -> None:
    tz = ZoneInfo(zone)
    now_utc = local_now(tz).astimezone(UTC)
    assert parse_when("tomorrow 3pm", now_utc, tz).local == datetime(2026, 12, 2, 15, tzinfo=tz)


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("tomorrow 3pm", datetime(2026, 12, 1, 9), ZoneInfo("UTC"))


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("at 1", 13),
        ("at 4", 16),
        ("at 7", 19),
        ("at 8", 8),
        ("at 11", 11),
        ("at 12", 12),
        ("at 07", 7),
        ("at 18", 18),
        ("at 4:30", 16),
        ("at 04:30", 4),
        ("at 4am", 4),
    ],
)
def test_bare_hour_convention(text: str, hour: int) -> None:
    tz = ZoneInfo("Europe/Paris")
    assert parse_when(f"friday {text}", local_now(tz), tz).local.hour == hour


# --- daylight saving -----------------------------------------------------------------------

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
SYDNEY = ZoneInfo("Australia/Sydney")


@pytest.mark.parametrize(
    ("tz", "now", "text", "local", "utc"),
    [
        # New York falls back on Sun 2026-11-01 (EDT -4 -> EST -5)
        (
            NY,
            datetime(2026, 10, 30, 9, tzinfo=NY),
            "next monday 10am",
            datetime(2026, 11, 2, 10),
            datetime(2026, 11, 2, 15),
        ),
        (
            NY,
            datetime(2026, 10, 30, 9, tzinfo=NY),
            "in 3 days at 9am",
            datetime(2026, 11, 2, 9),
            datetime(2026, 11, 2, 14),
        ),
        (
            NY,
            datetime(2026, 10, 30, 9, tzinfo=NY),
            "tomorrow 10am",
            datetime(2026, 10, 31, 10),
            datetime(2026, 10, 31, 14),
        ),
        # Berlin falls back on Sun 2026-10-25 (CEST +2 -> CET +1)
        (
            BERLIN,
            datetime(2026, 10, 23, 10, tzinfo=BERLIN),
            "tomorrow 10am",
            datetime(2026, 10, 24, 10),
            datetime(2026, 10, 24, 8),
        ),
        (
            BERLIN,
            datetime(2026, 10, 23, 10, tzinfo=BERLIN),
            "sunday 10am",
            datetime(2026, 10, 25, 10),
            datetime(2026, 10, 25, 9),
        ),
        (
            BERLIN,
            datetime(2026, 10, 23, 10, tzinfo=BERLIN),
            "monday 10:00",
            datetime(2026, 10, 26, 10),
            datetime(2026, 10, 26, 9),
        ),
        # Berlin springs forward on Sun 2027-03-28 (CET +1 -> CEST +2)
        (
            BERLIN,
            datetime(2027, 3, 26, 10, tzinfo=BERLIN),
            "monday 9am",
            datetime(2027, 3, 29, 9),
            datetime(2027, 3, 29, 7),
        ),
        (
            BERLIN,
            datetime(2027, 3, 26, 10, tzinfo=BERLIN),
            "Mar 29 9:00",
            datetime(2027, 3, 29, 9),
            datetime(2027, 3, 29, 7),
        ),
        # Sydney leaves daylight saving on Sun 2027-04-04 (AEDT +11 -> AEST +10)
        (
            SYDNEY,
            datetime(2027, 4, 2, 9, tzinfo=SYDNEY),
            "monday 9am",
            datetime(2027, 4, 5, 9),
            datetime(2027, 4, 4, 23),
        ),
    ],
)
def test_wall_clock_kept_across_dst(
    tz: ZoneInfo, now: datetime, text: str, local: datetime, utc: datetime
) -> None:
    result = parse_when(text, now, tz)
    assert result.local.replace(tzinfo=None) == local
    assert result.at == utc.replace(tzinfo=UTC)


def test_spring_forward_gap_moves_forward() -> None:
    result = parse_when("2027-03-14 02:30", datetime(2027, 3, 1, 9, tzinfo=NY), NY)
    assert result.at == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)
    assert result.local.replace(tzinfo=None) == datetime(2027, 3, 14, 3, 30)
    assert result.local.tzname() == "EDT"


def test_spring_forward_gap_berlin() -> None:
    result = parse_when("Mar 28 2:30am", datetime(2027, 3, 26, 10, tzinfo=BERLIN), BERLIN)
    assert result.local.replace(tzinfo=None) == datetime(2027, 3, 28, 3, 30)
    assert result.at == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


def test_fall_back_repeated_time_takes_first_occurrence() -> None:
    result = parse_when("2026-11-01 1:30am", datetime(2026, 10, 1, 9, tzinfo=NY), NY)
    assert result.at == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert result.local.tzname() == "EDT"


def test_in_hours_is_elapsed_time_across_fall_back() -> None:
    result = parse_when("in 2 hours", datetime(2026, 11, 1, 0, 30, tzinfo=NY), NY)
    assert result.at == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert result.local.replace(tzinfo=None) == datetime(2026, 11, 1, 1, 30)
    assert result.local.tzname() == "EST"


# --- ambiguity -----------------------------------------------------------------------------

PARIS = ZoneInfo("Europe/Paris")


def utc_of(*parts: int) -> datetime:
    return wall(parts, PARIS).astimezone(UTC)


def test_ambiguous_numeric_date_returns_both_readings() -> None:
    result = parse_when("12/3 10am", local_now(PARIS), PARIS)
    assert result.at == utc_of(2026, 12, 3, 10)
    assert result.ambiguous == (utc_of(2027, 3, 12, 10),)
    assert all(a.tzinfo is UTC for a in result.ambiguous)


def test_ambiguous_numeric_date_month_first() -> None:
    result = parse_when("3/12 10am", local_now(PARIS), PARIS)
    assert result.at == utc_of(2027, 3, 12, 10)
    assert result.ambiguous == (utc_of(2026, 12, 3, 10),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13/3 10am", (2027, 3, 13, 10)),
        ("3/13 10am", (2027, 3, 13, 10)),
        ("5/5 10am", (2027, 5, 5, 10)),
        ("12/25/2026 9am", (2026, 12, 25, 9)),
    ],
)
def test_unambiguous_numeric_dates(text: str, expected: tuple[int, ...]) -> None:
    result = parse_when(text, local_now(PARIS), PARIS)
    assert result.local == wall(expected, PARIS)
    assert result.ambiguous == ()


def test_past_reading_of_ambiguous_date_is_dropped_only_when_future() -> None:
    now = local_now(PARIS)
    assert parse_when("12/3/2026 10am", now, PARIS).ambiguous == ()
    result = parse_when("12/3/2026 10am", now, PARIS, future=False)
    assert result.at == utc_of(2026, 12, 3, 10)
    assert result.ambiguous == (utc_of(2026, 3, 12, 10),)


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["today 8am", "2026-11-30 14:00", "12/1/2026 8:30am"])
def test_past_time_raises_with_understood_time(text: str) -> None:
    with pytest.raises(TimeParseError, match="in the past") as info:
        parse_when(text, local_now(PARIS), PARIS)
    assert "(Europe/Paris)" in str(info.value)
    assert info.value.examples


def test_past_error_echoes_local_time() -> None:
    with pytest.raises(TimeParseError) as info:
        parse_when("today 8am", local_now(PARIS), PARIS)
    assert "Tue 1 Dec 2026, 08:00 CET (Europe/Paris)" in str(info.value)


def test_past_time_allowed_when_not_future() -> None:
    result = parse_when("today 8am", local_now(PARIS), PARIS, future=False)
    assert result.local == datetime(2026, 12, 1, 8, tzinfo=PARIS)
    assert parse_when("8am", local_now(PARIS), PARIS, future=False).local.day == 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "garbage",
        "next blursday 10am",
        "dec 3 10",
        "4",
        "Feb 30 10am",
        "32/1 9am",
        "in 2 hours at 5pm",
        "tomorrow 3pm 4pm",
        "tomorrow 25:00",
        "13pm",
    ],
)
def test_unparseable_raises_with_examples(text: str) -> None:
    with pytest.raises(TimeParseError) as info:
        parse_when(text, local_now(PARIS), PARIS)
    assert isinstance(info.value, ValueError)
    assert info.value.examples == WORKING
    assert str(info.value)


def test_unparseable_message_lists_examples() -> None:
    with pytest.raises(TimeParseError) as info:
        parse_when("purple elephants", local_now(PARIS), PARIS)
    message = str(info.value)
    assert "purple elephants" in message
    for example in WORKING:
        assert example in message


@pytest.mark.parametrize(
    ("text", "date_shown"),
    [
        ("Dec 3", "Thu 3 Dec 2026"),
        ("tomorrow", "Wed 2 Dec 2026"),
        ("next monday", "Mon 7 Dec 2026"),
        ("in 3 days", "Fri 4 Dec 2026"),
        ("2026-12-03", "Thu 3 Dec 2026"),
    ],
)
def test_date_without_time_asks_for_a_time(text: str, date_shown: str) -> None:
    with pytest.raises(TimeParseError, match="time too") as info:
        parse_when(text, local_now(PARIS), PARIS)
    assert f"“{text} at 10am”" in str(info.value)
    assert date_shown in str(info.value)
    assert info.value.examples[0] == f"{text} at 10am"


def test_weekday_that_does_not_match_the_date() -> None:
    with pytest.raises(TimeParseError, match="not a Friday"):
        parse_when("Fri Dec 3 10am", local_now(PARIS), PARIS)


def test_import_is_cheap() -> None:
    code = "import sys, bot.timeparse; print('dateparser' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# --- parse_duration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", timedelta(minutes=90)),
        ("2d", timedelta(days=2)),
        ("1w", timedelta(weeks=1)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("45 minutes", timedelta(minutes=45)),
        ("2 hours", timedelta(hours=2)),
        ("1 hour and 30 minutes", timedelta(minutes=90)),
        ("2 hours, 15 min", timedelta(hours=2, minutes=15)),
        ("1.5h", timedelta(minutes=90)),
        ("an hour", timedelta(hours=1)),
        ("3 Days", timedelta(days=3)),
        ("2 weeks", timedelta(days=14)),
        ("10 mins", timedelta(minutes=10)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text", ["", "abc", "5", "0m", "-1h", "2 months", "h", "1x", "99999999999999w", "soon"]
)
def test_parse_duration_errors(text: str) -> None:
    with pytest.raises(TimeParseError, match="duration") as info:
        parse_duration(text)
    assert "90m" in info.value.examples


# --- parse_clock ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21:00", (21, 0)),
        ("9pm", (21, 0)),
        ("8:30am", (8, 30)),
        ("08:00", (8, 0)),
        ("12am", (0, 0)),
        ("12pm", (12, 0)),
        ("noon", (12, 0)),
        ("midnight", (0, 0)),
        ("9 PM", (21, 0)),
        ("9.30pm", (21, 30)),
        ("0:15", (0, 15)),
        ("9", (9, 0)),
        ("5", (17, 0)),
        ("05", (5, 0)),
    ],
)
def test_parse_clock(text: str, expected: tuple[int, int]) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize(
    "text", ["", "25:00", "24:00", "9:60", "13pm", "0am", "tomorrow 9pm", "noonish", "9pm 10pm"]
)
def test_parse_clock_errors(text: str) -> None:
    with pytest.raises(TimeParseError, match="time of day") as info:
        parse_clock(text)
    assert "21:00" in info.value.examples


# --- parse_date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dec 20", date(2026, 12, 20)),
        ("2026-12-20", date(2026, 12, 20)),
        ("next monday", date(2026, 12, 7)),
        ("in 2 weeks", date(2026, 12, 15)),
        ("20 December 2027", date(2027, 12, 20)),
        ("today", date(2026, 12, 1)),
        ("tomorrow", date(2026, 12, 2)),
        ("13/3", date(2027, 3, 13)),
        ("Nov 2", date(2027, 11, 2)),
        ("next week", date(2026, 12, 8)),
        ("on friday", date(2026, 12, 4)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, local_now(PARIS), PARIS) == expected


def test_parse_date_uses_the_users_zone() -> None:
    now = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # already Dec 2 in Tokyo
    assert parse_date("tomorrow", now, ZoneInfo("Asia/Tokyo")) == date(2026, 12, 3)
    assert parse_date("tomorrow", now, ZoneInfo("America/New_York")) == date(2026, 12, 2)


def test_parse_date_refuses_ambiguous_numeric_date() -> None:
    with pytest.raises(TimeParseError, match="3 Dec or 12 Mar"):
        parse_date("12/3", local_now(PARIS), PARIS)


@pytest.mark.parametrize("text", ["", "garbage", "Feb 30", "someday"])
def test_parse_date_errors(text: str) -> None:
    with pytest.raises(TimeParseError, match="as a date") as info:
        parse_date(text, local_now(PARIS), PARIS)
    assert "Dec 20" in info.value.examples


# --- format_local --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "zone", "expected"),
    [
        (
            datetime(2026, 12, 3, 14, tzinfo=UTC),
            "Europe/Paris",
            "Thu 3 Dec 2026, 15:00 CET (Europe/Paris)",
        ),
        (
            datetime(2026, 7, 3, 14, tzinfo=UTC),
            "Europe/Paris",
            "Fri 3 Jul 2026, 16:00 CEST (Europe/Paris)",
        ),
        (
            datetime(2026, 12, 3, 14, tzinfo=UTC),
            "America/New_York",
            "Thu 3 Dec 2026, 09:00 EST (America/New_York)",
        ),
        (
            datetime(2026, 12, 3, 14, tzinfo=UTC),
            "Asia/Tokyo",
            "Thu 3 Dec 2026, 23:00 JST (Asia/Tokyo)",
        ),
        (
            datetime(2026, 12, 3, 14, tzinfo=UTC),
            "Australia/Sydney",
            "Fri 4 Dec 2026, 01:00 AEDT (Australia/Sydney)",
        ),
        (datetime(2026, 12, 1, 9, tzinfo=UTC), "UTC", "Tue 1 Dec 2026, 09:00 UTC"),
    ],
)
def test_format_local(at: datetime, zone: str, expected: str) -> None:
    assert format_local(at, ZoneInfo(zone)) == expected


def test_format_local_echoes_parse_when() -> None:
    result = parse_when("Dec 3 3pm", local_now(PARIS), PARIS)
    assert format_local(result.at, PARIS) == "Thu 3 Dec 2026, 15:00 CET (Europe/Paris)"


# -- when unsure, ask (issue 15) ----------------------------------------------------------------
FRIDAY = datetime(2026, 12, 4, 9, 30, tzinfo=PARIS)  # Fri 4 Dec 2026, 09:30 in Paris


def local(parsed: ParsedTime) -> list[str]:
    return [o.astimezone(PARIS).strftime("%a %d %b %H:%M") for o in parsed.options]


def test_a_past_date_without_a_year_asks_about_next_year() -> None:
    parsed = parse_when("Dec 3 at 14:30", FRIDAY, PARIS)
    assert parsed.unsure and "3 Dec has passed this year: 3 Dec 2027?" in parsed.ask
    assert local(parsed) == ["Fri 03 Dec 14:30"] and parsed.at.year == 2027
    assert not parse_when("Dec 3 2027 14:30", FRIDAY, PARIS).unsure


@pytest.mark.parametrize(
    ("text", "expected", "unsure"),
    [
        ("friday 3pm", "Fri 04 Dec 15:00", False),
        ("this friday 11:00", "Fri 04 Dec 11:00", False),
        ("next friday 3pm", "Fri 11 Dec 15:00", False),
        ("friday 8am", "Fri 11 Dec 08:00", True),
    ],
)
def test_today_s_weekday_means_today_while_the_time_is_ahead(
    text: str, expected: str, unsure: bool
) -> None:
    parsed = parse_when(text, FRIDAY, PARIS)
    assert (local(parsed)[0], parsed.unsure) == (expected, unsure)


@pytest.mark.parametrize("text", ["tomorrow 3am", "monday 23:00", "tuesday at 10pm", "sat 05:30"])
def test_night_hours_are_confirmed_with_the_daytime_reading_offered(text: str) -> None:
    parsed = parse_when(text, FRIDAY, PARIS)
    assert "is at night for you" in parsed.ask and len(parsed.options) == 2
    assert not parse_when("tomorrow 7am", FRIDAY, PARIS).unsure


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Monday morning", "Mon 07 Dec 10:00"),
        ("tuesday afternoon", "Tue 08 Dec 14:00"),
        ("wednesday evening", "Wed 09 Dec 18:00"),
        ("this afternoon", "Fri 04 Dec 14:00"),
    ],
)
def test_a_part_of_the_day_proposes_a_time_and_echoes_it(text: str, first: str) -> None:
    parsed = parse_when(text, FRIDAY, PARIS)
    assert local(parsed)[0] == first and len(parsed.options) == 3
    assert "shall I say" in parsed.ask and first[-5:] in parsed.ask
    assert local(parse_when("monday afternoon at 3", FRIDAY, PARIS)) == ["Mon 07 Dec 15:00"]


@pytest.mark.parametrize(
    ("text", "paris", "zone"),
    [
        ("tomorrow 3pm EST", "Sat 05 Dec 21:00", "EST (America/New_York)"),
        ("Monday 15:00 CET", "Mon 07 Dec 15:00", "CET (Europe/Paris)"),
        ("tomorrow 3pm London", "Sat 05 Dec 16:00", "GMT (Europe/London)"),
        ("Monday 2pm New York time", "Mon 07 Dec 20:00", "EST (America/New_York)"),
        ("tuesday 9am PST", "Tue 08 Dec 18:00", "PST (America/Los_Angeles)"),
    ],
)
def test_an_explicit_zone_is_understood_and_echoed_in_both(
    text: str, paris: str, zone: str
) -> None:
    parsed = parse_when(text, FRIDAY, PARIS)
    assert local(parsed) == [paris]
    if "Paris" not in zone:
        assert zone in parsed.echo and "CET (Europe/Paris) for you" in parsed.echo


def test_a_place_in_several_zones_asks_which() -> None:
    parsed = parse_when("tomorrow 3pm Portland", FRIDAY, PARIS)
    assert "which place" in parsed.ask and len(parsed.options) == 2
    # IST may be India, Ireland or Israel: it asks rather than picks
    assert parse_when("tomorrow 3pm ist", FRIDAY, PARIS).unsure


@pytest.mark.parametrize(
    ("text", "expected"),
    [("tomorrow 14h30", "Sat 05 Dec 14:30"), ("Monday 9h", "Mon 07 Dec 09:00")],
)
def test_french_style_hours(text: str, expected: str) -> None:
    assert local(parse_when(text, FRIDAY, PARIS)) == [expected]
    assert parse_when("in 2h", FRIDAY, PARIS).at == FRIDAY.astimezone(UTC) + timedelta(hours=2)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("next week sometime", ["Tue 08 Dec", "Wed 09 Dec", "Thu 10 Dec"]),
        ("early next week", ["Mon 07 Dec", "Mon 07 Dec", "Tue 08 Dec"]),
        ("whenever suits them", ["Mon 07 Dec", "Tue 08 Dec", "Wed 09 Dec"]),
    ],
)
def test_vague_phrases_get_three_concrete_options(text: str, days: list[str]) -> None:
    parsed = parse_when(text, FRIDAY, PARIS)
    assert [o[:10] for o in local(parsed)] == days and "is not a time yet" in parsed.ask


def test_the_held_out_phrasings_are_never_silently_misread() -> None:
    from bench.timeparse import outcome
    from tests.data.time_heldout import TIME_HELD_OUT

    for text, _expected, wanted in TIME_HELD_OUT:
        got, options = outcome(text, FRIDAY, PARIS)
        assert not (got == "book" and options[0] != wanted), text


# -- through the chat ---------------------------------------------------------------------------
from tests.support.chat import Chat, text_of  # noqa: E402


def _maria(alice: Chat) -> None:
    alice.say("add Maria Lopez")
    alice.say("replied maria yes")


def test_schedule_asks_before_a_night_hour_and_books_the_chosen(alice: Chat) -> None:
    _maria(alice)
    text = alice.text("schedule maria tomorrow 3am")
    assert "03:00 is at night for you" in text and "Booked" not in text
    alice.click("Wed 2 Dec 2026, 15:00")
    assert "Booked: Maria Lopez, Wed 2 Dec 2026, 15:00" in text_of(alice.last)


def test_schedule_with_another_zone_echoes_both(alice: Chat) -> None:
    _maria(alice)
    text = alice.text("schedule maria tomorrow 10am EST")
    assert "Booked: Maria Lopez, Wed 2 Dec 2026, 16:00 CET" in text
    assert "Read as Wed 2 Dec 2026, 10:00 EST (America/New_York) = 16:00 CET" in text


def test_schedule_next_week_sometime_offers_three_buttons(alice: Chat) -> None:
    _maria(alice)
    text = alice.text("schedule maria next week sometime")
    assert "is not a time yet" in text and len(alice.buttons) == 3
    alice.click("Wed 9 Dec")
    assert "Booked: Maria Lopez, Wed 9 Dec 2026, 14:00" in text_of(alice.last)


def test_schedule_monday_morning_proposes_ten(alice: Chat) -> None:
    _maria(alice)
    assert "shall I say Mon 7 Dec 2026, 10:00 CET" in alice.text("schedule maria monday morning")
    alice.click("Mon 7 Dec 2026, 10:00")
    assert "Booked: Maria Lopez, Mon 7 Dec 2026, 10:00" in text_of(alice.last)


def test_a_long_meeting_asks_first(alice: Chat) -> None:
    _maria(alice)
    text = alice.text("schedule maria tomorrow 3pm; minutes 90")
    assert "90 minutes is long" in text and "Booked" not in text
    alice.click("Book 20 minutes")
    assert "20 minutes" in text_of(alice.last) and "Booked" in text_of(alice.last)
    alice.text("schedule maria tomorrow 4pm; minutes 45")
    alice.click("Book 45 minutes")
    assert "45 minutes" in text_of(alice.last) and "Moved" in text_of(alice.last)


def test_coffee_and_lunch_are_mediums_with_venue_advice(alice: Chat) -> None:
    _maria(alice)
    text = alice.text("schedule maria tomorrow 3pm; by coffee")
    assert "20 minutes, over coffee." in text and "quiet place near them" in text
    assert "over lunch" in alice.text("schedule maria tomorrow 1pm; by lunch")


def test_a_time_error_lists_its_examples_once(alice: Chat) -> None:
    _maria(alice)
    text = alice.text("schedule maria purple")
    assert text.count("tomorrow 3pm") == 1


def test_settings_tz_takes_a_city_and_asks_for_a_country_with_several(alice: Chat) -> None:
    assert "Europe/Paris" in alice.text("settings tz paris")
    assert "America/New_York" in alice.text("settings tz new york")
    text = alice.text("settings tz canada")
    assert "more than one time zone" in text
    alice.click("Vancouver")
    assert "America/Vancouver" in text_of(alice.last)
