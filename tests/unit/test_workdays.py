"""Business days and public holidays (bot.workdays), in the user's zone and country."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.workdays import add_business_days, country_of, guess_country, holiday

PARIS = ZoneInfo("Europe/Paris")
NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


# --- add_business_days ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (datetime(2026, 12, 4, 10), 1, datetime(2026, 12, 7, 10)),  # Fri -> Mon
        (datetime(2026, 12, 3, 10), 3, datetime(2026, 12, 8, 10)),  # Thu -> Tue
        (datetime(2026, 12, 5, 10), 1, datetime(2026, 12, 7, 10)),  # Sat -> Mon
        (datetime(2026, 12, 1, 10), 5, datetime(2026, 12, 8, 10)),  # a full week
        (datetime(2026, 12, 1, 10), 0, datetime(2026, 12, 1, 10)),
        (datetime(2026, 12, 7, 10), -1, datetime(2026, 12, 4, 10)),  # Mon -> Fri
    ],
)
def test_add_business_days_skips_weekends(start: datetime, days: int, expected: datetime) -> None:
    result = add_business_days(start.replace(tzinfo=PARIS), days, PARIS)
    assert result.tzinfo is UTC
    assert result == expected.replace(tzinfo=PARIS)


def test_add_business_days_across_dst_keeps_wall_clock() -> None:
    start = datetime(2026, 10, 30, 9, tzinfo=NY)  # Fri, EDT = 13:00 UTC
    assert add_business_days(start, 1, NY) == datetime(2026, 11, 2, 14, tzinfo=UTC)  # Mon EST
    start = datetime(2027, 3, 26, 9, tzinfo=BERLIN)  # Fri, CET = 08:00 UTC
    assert add_business_days(start, 1, BERLIN) == datetime(2027, 3, 29, 7, tzinfo=UTC)  # CEST


def test_add_business_days_judges_weekend_in_the_users_zone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)  # Fri in UTC, Sat 08:30 in Tokyo
    result = add_business_days(start, 1, tokyo)
    assert result.astimezone(tokyo) == datetime(2026, 12, 7, 8, 30, tzinfo=tokyo)


def test_business_days_skip_the_public_holidays_of_the_country() -> None:
    start = datetime(2026, 12, 22, 10, tzinfo=PARIS)  # Tue; 25 Dec and 1 Jan are Fridays
    assert add_business_days(start, 3, PARIS, "FR") == datetime(2026, 12, 28, 10, tzinfo=PARIS)
    assert add_business_days(start, 3, PARIS) == datetime(2026, 12, 25, 10, tzinfo=PARIS)
    start = datetime(2026, 12, 29, 10, tzinfo=PARIS)  # Tue -> Wed, Thu, (Fri 1 Jan), Mon
    assert add_business_days(start, 3, PARIS, "FR") == datetime(2027, 1, 4, 10, tzinfo=PARIS)


def test_holidays_are_per_country() -> None:
    assert holiday(date(2026, 7, 14), "FR") and not holiday(date(2026, 7, 14), "US")
    assert holiday(date(2026, 7, 4), "US") and not holiday(date(2026, 7, 4), "FR")
    assert holiday(date(2026, 7, 14), "") == ""


@pytest.mark.parametrize(
    ("zone", "country"),
    [("Europe/Paris", "FR"), ("America/New_York", "US"), ("Asia/Tokyo", "JP"), ("UTC", "")],
)
def test_the_country_is_guessed_from_an_obvious_time_zone(zone: str, country: str) -> None:
    assert guess_country(zone) == country
    assert country_of("", zone) == country
    assert country_of("DE", zone) == "DE"  # a setting wins over the guess
