"""Business days and public holidays, in the user's time zone and country.

Holidays come from the maintained ``holidays`` package (national holidays of a country,
computed per year and cached). The country is the user's setting, or guessed from their
time zone when the zone belongs to one country (``Europe/Paris`` -> FR); ``UTC`` and
other zones without a country mean no holidays.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # the package takes 50 ms to import: loaded by the first holiday asked
    import holidays


@cache
def _calendar(country: str) -> holidays.HolidayBase | None:
    import holidays

    try:
        return holidays.country_holidays(country)
    except NotImplementedError:
        return None


@cache
def supported() -> frozenset[str]:
    import holidays

    return frozenset(holidays.list_supported_countries())


@lru_cache(maxsize=8192)
def holiday(day: date, country: str) -> str:
    """The name of the public holiday on ``day`` in ``country``, or "" on a working day."""
    if not country:
        return ""
    calendar = _calendar(country)
    if calendar is None:
        return ""
    return str(calendar.get(day) or "")


def is_business_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and not holiday(day, country)


def add_business_days(start: datetime, days: int, tz: ZoneInfo, country: str = "") -> datetime:
    """Move ``days`` business days (negative = back) in tz, keeping the local wall-clock
    time: weekends and the public holidays of ``country`` are skipped."""
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    local = start.astimezone(tz)
    d, step, left = local.date(), (1 if days >= 0 else -1), abs(days)
    while left:
        d += timedelta(days=step)
        if is_business_day(d, country):
            left -= 1
    return datetime.combine(d, local.time().replace(fold=0), tzinfo=tz).astimezone(UTC)


@cache
def _zone_countries() -> dict[str, str]:
    """zone -> ISO country, from the zone table shipped with tzdata (one country a zone)."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3:
                out[parts[2]] = parts[0]
    return out


def guess_country(tz: str) -> str:
    """The country a time zone belongs to, when it belongs to exactly one we know holidays
    for; "" otherwise (UTC, Etc/…)."""
    code = _zone_countries().get(tz, "")
    return code if code and code in supported() else ""


def country_of(setting: str, tz: str) -> str:
    """The country whose holidays apply: the user's setting, else the zone's guess."""
    return setting or guess_country(tz)
