"""Time zones by the names people use, and how times are written back to them.

``zones_for`` turns what a user typed — an IANA name ("Europe/Paris"), a city ("paris",
"new york"), a country ("france", "canada") or a common abbreviation ("EST", "CET") —
into the zones it may mean: one, several (ask which), or none. ``format_local`` and
``format_date`` write a time back in English, independent of the machine's locale.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Abbreviations people write after a time. US letters mean the US zones (with their summer
# time), as people usually intend; "IST" is left out on purpose: India, Ireland or Israel.
ABBREVIATIONS = {
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "eastern": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "central": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mt": "America/Denver",
    "mountain": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "bst": "Europe/London",
    "wet": "Europe/Lisbon",
    "west": "Europe/Lisbon",
    "cet": "Europe/Paris",
    "cest": "Europe/Paris",
    "eet": "Europe/Athens",
    "eest": "Europe/Athens",
    "msk": "Europe/Moscow",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    "sgt": "Asia/Singapore",
    "hkt": "Asia/Hong_Kong",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "awst": "Australia/Perth",
    "nzst": "Pacific/Auckland",
    "nzdt": "Pacific/Auckland",
}
AMBIGUOUS_ABBREVIATIONS = {"ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem")}

# Places that are not the last part of an IANA name, and places that name several zones.
PLACES: dict[str, tuple[str, ...]] = {
    # cities
    "nyc": ("America/New_York",),
    "boston": ("America/New_York",),
    "washington": ("America/New_York",),
    "dc": ("America/New_York",),
    "atlanta": ("America/New_York",),
    "miami": ("America/New_York",),
    "philadelphia": ("America/New_York",),
    "montreal": ("America/Toronto",),
    "ottawa": ("America/Toronto",),
    "houston": ("America/Chicago",),
    "dallas": ("America/Chicago",),
    "austin": ("America/Chicago",),
    "san francisco": ("America/Los_Angeles",),
    "sf": ("America/Los_Angeles",),
    "seattle": ("America/Los_Angeles",),
    "la": ("America/Los_Angeles",),
    "san diego": ("America/Los_Angeles",),
    "portland": ("America/Los_Angeles", "America/New_York"),
    "cambridge": ("Europe/London", "America/New_York"),
    "birmingham": ("Europe/London", "America/Chicago"),
    "manchester": ("Europe/London",),
    "edinburgh": ("Europe/London",),
    "munich": ("Europe/Berlin",),
    "frankfurt": ("Europe/Berlin",),
    "hamburg": ("Europe/Berlin",),
    "barcelona": ("Europe/Madrid",),
    "milan": ("Europe/Rome",),
    "geneva": ("Europe/Zurich",),
    "lyon": ("Europe/Paris",),
    "marseille": ("Europe/Paris",),
    "porto": ("Europe/Lisbon",),
    "krakow": ("Europe/Warsaw",),
    "st petersburg": ("Europe/Moscow",),
    "bangalore": ("Asia/Kolkata",),
    "bengaluru": ("Asia/Kolkata",),
    "mumbai": ("Asia/Kolkata",),
    "delhi": ("Asia/Kolkata",),
    "new delhi": ("Asia/Kolkata",),
    "chennai": ("Asia/Kolkata",),
    "hyderabad": ("Asia/Kolkata", "Asia/Karachi"),
    "beijing": ("Asia/Shanghai",),
    "shenzhen": ("Asia/Shanghai",),
    "osaka": ("Asia/Tokyo",),
    "abu dhabi": ("Asia/Dubai",),
    "tel aviv": ("Asia/Jerusalem",),
    "cape town": ("Africa/Johannesburg",),
    "rio": ("America/Sao_Paulo",),
    "rio de janeiro": ("America/Sao_Paulo",),
    "wellington": ("Pacific/Auckland",),
    # countries
    "france": ("Europe/Paris",),
    "germany": ("Europe/Berlin",),
    "spain": ("Europe/Madrid", "Atlantic/Canary"),
    "uk": ("Europe/London",),
    "united kingdom": ("Europe/London",),
    "england": ("Europe/London",),
    "britain": ("Europe/London",),
    "great britain": ("Europe/London",),
    "scotland": ("Europe/London",),
    "wales": ("Europe/London",),
    "ireland": ("Europe/Dublin",),
    "italy": ("Europe/Rome",),
    "netherlands": ("Europe/Amsterdam",),
    "holland": ("Europe/Amsterdam",),
    "belgium": ("Europe/Brussels",),
    "switzerland": ("Europe/Zurich",),
    "austria": ("Europe/Vienna",),
    "portugal": ("Europe/Lisbon", "Atlantic/Azores"),
    "poland": ("Europe/Warsaw",),
    "sweden": ("Europe/Stockholm",),
    "norway": ("Europe/Oslo",),
    "denmark": ("Europe/Copenhagen",),
    "finland": ("Europe/Helsinki",),
    "greece": ("Europe/Athens",),
    "turkey": ("Europe/Istanbul",),
    "czechia": ("Europe/Prague",),
    "czech republic": ("Europe/Prague",),
    "hungary": ("Europe/Budapest",),
    "romania": ("Europe/Bucharest",),
    "ukraine": ("Europe/Kyiv",),
    "russia": ("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"),
    "india": ("Asia/Kolkata",),
    "pakistan": ("Asia/Karachi",),
    "bangladesh": ("Asia/Dhaka",),
    "china": ("Asia/Shanghai",),
    "japan": ("Asia/Tokyo",),
    "korea": ("Asia/Seoul",),
    "south korea": ("Asia/Seoul",),
    "philippines": ("Asia/Manila",),
    "vietnam": ("Asia/Ho_Chi_Minh",),
    "thailand": ("Asia/Bangkok",),
    "indonesia": ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"),
    "malaysia": ("Asia/Kuala_Lumpur",),
    "uae": ("Asia/Dubai",),
    "united arab emirates": ("Asia/Dubai",),
    "israel": ("Asia/Jerusalem",),
    "egypt": ("Africa/Cairo",),
    "nigeria": ("Africa/Lagos",),
    "kenya": ("Africa/Nairobi",),
    "south africa": ("Africa/Johannesburg",),
    "usa": ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
    "us": ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
    "united states": (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
    ),
    "america": ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
    "canada": (
        "America/Toronto",
        "America/Winnipeg",
        "America/Edmonton",
        "America/Vancouver",
        "America/Halifax",
    ),
    "mexico": ("America/Mexico_City", "America/Cancun", "America/Tijuana"),
    "brazil": ("America/Sao_Paulo", "America/Manaus"),
    "argentina": ("America/Argentina/Buenos_Aires",),
    "chile": ("America/Santiago",),
    "colombia": ("America/Bogota",),
    "peru": ("America/Lima",),
    "australia": (
        "Australia/Sydney",
        "Australia/Brisbane",
        "Australia/Adelaide",
        "Australia/Darwin",
        "Australia/Perth",
    ),
    "new zealand": ("Pacific/Auckland",),
}


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("_", " "))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace(".", " ").split())


@cache
def _index() -> dict[str, tuple[str, ...]]:
    """Every IANA name and its last part ("paris", "new york"), plus ``PLACES``."""
    found: dict[str, list[str]] = {}
    for zone in sorted(available_timezones()):
        if zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")) or "/" not in zone:
            continue
        found.setdefault(_key(zone), []).append(zone)
        found.setdefault(_key(zone.rsplit("/", 1)[-1]), []).append(zone)
    index = {k: tuple(dict.fromkeys(v)) for k, v in found.items()}
    index.update(PLACES)
    index["utc"] = ("UTC",)
    return index


def zones_for(text: str, *, abbreviations: bool = True) -> tuple[str, ...]:
    """The zones a typed name may mean, most likely first; empty when none."""
    key = _key(text).removesuffix(" time").strip()
    if not key:
        return ()
    if abbreviations:
        if key in ABBREVIATIONS:
            return (ABBREVIATIONS[key],)
        if key in AMBIGUOUS_ABBREVIATIONS:
            return AMBIGUOUS_ABBREVIATIONS[key]
    return _index().get(key, ())


def place_of(zone: str) -> str:
    """ "America/New_York" -> "New York"; "UTC" stays."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return at.astimezone(UTC)


def format_date(d: date) -> str:
    """ "Thu 3 Dec 2026"."""
    return f"{DAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def zone_label(local: datetime) -> str:
    """ "CET (Europe/Paris)", or just "UTC"."""
    abbr, name = local.tzname() or "", str(local.tzinfo)
    return abbr if abbr == name else f"{abbr} ({name})".strip()


def format_local(at: datetime, tz: ZoneInfo) -> str:
    """ "Thu 3 Dec 2026, 15:00 CET (Europe/Paris)" (English, independent of the locale)."""
    local = _aware(at).astimezone(tz)
    return f"{format_date(local.date())}, {local:%H:%M} {zone_label(local)}"


def format_both(at: datetime, theirs: ZoneInfo, mine: ZoneInfo) -> str:
    """ "Sat 5 Dec 2026, 15:00 EST (America/New_York) = 21:00 CET (Europe/Paris) for you"."""
    there, here = _aware(at).astimezone(theirs), _aware(at).astimezone(mine)
    day = "" if there.date() == here.date() else f"{format_date(here.date())}, "
    return f"{format_local(at, theirs)} = {day}{here:%H:%M} {zone_label(here)} for you"
