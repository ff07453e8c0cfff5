"""A user's own settings: time zone and quiet hours (nudges add their own switches)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from bot import nudges, workdays
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.handlers import nudge_buttons
from bot.replies import Button, Message, Outbound, Reply, run, say
from bot.timeparse import TimeParseError, format_local, parse_clock
from bot.timezones import place_of, zones_for
from bot.wording import cut

USAGE = "/leap settings [tz ZONE | quiet HH:MM-HH:MM | wrapup on|off | country CODE]"
COMMON_ZONES = (
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
)


@cache
def _zones() -> dict[str, str]:
    zones = {z.casefold(): z for z in available_timezones()}
    zones["utc"] = "UTC"
    return zones


def zone_named(text: str) -> str:
    """The IANA zone a user typed (any case, spaces for underscores), or a clear Problem."""
    key = text.strip().replace(" ", "_").casefold()
    found = _zones().get(key)
    places = zones_for(text, abbreviations=False) if found is None else ()
    if len(places) == 1:  # a city or a country: "paris" -> Europe/Paris
        return places[0]
    if places:
        raise Problem(
            f"“{text.strip()}” has more than one time zone. Which one?",
            *(Button(cut(f"{place_of(z)} ({z})", 40), "set-tz", z) for z in places[:5]),
        )
    if found is None:
        raise Problem(
            f"“{text.strip()}” is not a time zone I know. Use a zone name like "
            "Europe/Paris, America/New_York or Asia/Tokyo: /leap settings tz Europe/Paris",
            *zone_buttons(),
        )
    return found


def zone_buttons() -> tuple[Button, ...]:
    return tuple(Button(z.split("/")[-1].replace("_", " "), "set-tz", z) for z in COMMON_ZONES)


def _quiet(text: str) -> tuple[str, str]:
    start, sep, end = text.replace("–", "-").partition("-")
    example = "/leap settings quiet 21:00-08:00"
    if not sep:
        raise Problem(f"Give quiet hours as a range, start-end. For example: {example}")
    try:
        (h1, m1), (h2, m2) = _clock24(start), _clock24(end)
    except TimeParseError as err:
        raise Problem(f"{err} For example: {example}") from err
    if (h1, m1) == (h2, m2):
        raise Problem(f"Quiet hours must start and end at different times. e.g. {example}")
    return f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"


def _clock24(text: str) -> tuple[int, int]:
    """Quiet hours read a bare number as a 24-hour clock: ``22-7`` is 22:00 to 07:00."""
    text = text.strip()
    if text.isdigit() and int(text) < 24:
        return int(text), 0
    return parse_clock(text)


def _show(ctx: Ctx, headline: str = "") -> list[Outbound]:
    p = ctx.profile
    lines = [
        f"Time zone: {p.tz} (now {format_local(ctx.now(), ctx.tz)})",
        f"Quiet hours: {p.quiet_start}–{p.quiet_end} — no reminders then",
        "Reminders: " + ("on" if p.nudges_on else "off"),
        "Wrap-up hint two minutes before a meeting ends: " + ("on" if p.wrapup_hint else "off"),
        _holidays_line(p.country, p.tz),
    ]
    stopped, resume = nudge_buttons.stopped(ctx)
    text = "\n".join(([headline] if headline else []) + lines + stopped)
    return [
        Reply(
            Message(
                text,
                title="" if headline else "Your settings",
                buttons=(
                    run("Change time zone", "help settings"),
                    *resume,
                    run("Your next step", "next"),
                ),
            )
        )
    ]


def _holidays_line(setting: str, tz: str) -> str:
    country = workdays.country_of(setting, tz)
    if not country:
        return "Public holidays: none skipped (set your country: /leap settings country FR)"
    how = "" if setting else f", guessed from {tz}"
    return f"Public holidays of {country}{how}: no reminders then, business days skip them"


def _country(ctx: Ctx, value: str) -> list[Outbound]:
    code = value.strip().upper()
    if code in ("", "NONE", "OFF"):
        ctx.save_profile(replace(ctx.profile, country=""))
        nudges.replan_all(ctx)
        return _show(ctx, "Country cleared: holidays are guessed from your time zone.")
    if code not in workdays.supported():
        raise Problem(
            f"“{value.strip()}” is not a country code I know holidays for. Use the two-letter "
            "code, e.g. /leap settings country FR (or US, DE, GB, IN, JP)."
        )
    ctx.save_profile(replace(ctx.profile, country=code))
    nudges.replan_all(ctx)
    return _show(ctx, f"Country set: {code}.")


def settings(ctx: Ctx, text: str) -> list[Outbound]:
    key, _, value = text.strip().partition(" ")
    key = key.lower()
    if not key:
        return _show(ctx)
    if key in ("tz", "timezone", "zone"):
        if not value.strip():
            return [
                Reply(
                    Message(
                        "Which time zone are you in? Pick one, or type "
                        "/leap settings tz Europe/Paris",
                        buttons=zone_buttons(),
                    )
                )
            ]
        return _set_tz(ctx, zone_named(value))
    if key == "quiet":
        start, end = _quiet(value)
        ctx.save_profile(replace(ctx.profile, quiet_start=start, quiet_end=end))
        nudges.replan_all(ctx)
        return _show(ctx, f"Quiet hours set: {start}–{end} in {ctx.profile.tz}.")
    if key == "wrapup":
        on = value.strip().lower()
        if on not in ("on", "off"):
            raise Problem("Say on or off: /leap settings wrapup on")
        ctx.save_profile(replace(ctx.profile, wrapup_hint=on == "on"))
        nudges.replan_all(ctx)
        return _show(ctx, f"Wrap-up hint {on}.")
    if key == "country":
        return _country(ctx, value)
    raise Problem(f"I don't know the setting “{key}”. Usage: {USAGE}")


def _set_tz(ctx: Ctx, zone: str) -> list[Outbound]:
    ctx.save_profile(replace(ctx.profile, tz=zone, tz_confirmed=True))
    nudges.replan_all(ctx)  # reminders keep their local times in the new zone
    now = format_local(ctx.now(), ZoneInfo(zone))
    return [
        say(
            f"Time zone set to {zone}. It is now {now} there; times you type are read in "
            "this zone.",
            run("Your settings", "settings"),
            run("Add a contact", "add"),
        )
    ]


def _set_tz_action(ctx: Ctx, value: str) -> list[Outbound]:
    return _set_tz(ctx, zone_named(value))


FEATURE = Feature(
    commands=(
        CommandSpec(
            "settings",
            USAGE,
            "your time zone, quiet hours and reminders",
            settings,
            examples=(
                "/leap settings",
                "/leap settings tz America/New_York",
                "/leap settings quiet 21:00-08:00",
                "/leap settings country FR",
            ),
            params=(
                Param(
                    "change", "tz ZONE | quiet HH:MM-HH:MM | wrapup on|off | country CODE", "rest"
                ),
            ),
        ),
    ),
    actions={"set-tz": _set_tz_action},
)


def ask_zone() -> Reply:
    """First use on a platform that tells no time zone: ask, with common zones as buttons."""
    return Reply(
        Message(
            "Which time zone are you in? Reminders and meeting times use it. Pick one, or type "
            "/leap settings tz Europe/Paris",
            buttons=zone_buttons(),
        )
    )
