"""Who is acting: Slack's profile (``users.info``) as the core's ``Actor``, with small caches.

The profile gives the display name, the time zone (the core uses it when a user first
uses Leap, unless they set one) and whether the user administers the workspace. Lookups
are cached for an hour in a bounded map, as are the bot's DM channels with each user.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.events import Actor

log = logging.getLogger("leap.slack")
PLATFORM = "slack"
K = TypeVar("K")
V = TypeVar("V")


class Bounded(Generic[K, V]):
    """A thread-safe LRU map with an optional time to live."""

    def __init__(
        self, size: int = 4096, ttl: float | None = None, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.size, self.ttl, self.now = size, ttl, now
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            stamp, value = found
            if self.ttl is not None and self.now() - stamp > self.ttl:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = (self.now(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def add_new(self, key: K, value: V) -> bool:
        """Store ``key`` unless present; True when it was new (for de-duplication)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return False
            self._items[key] = (self.now(), value)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return True


@dataclass(frozen=True, slots=True)
class Person:
    display_name: str = ""
    tz: str | None = None
    is_admin: bool = False
    real_name: str = ""


def _zone(name: object) -> str | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def person_from(user: dict[str, object]) -> Person:
    profile = user.get("profile")
    profile = profile if isinstance(profile, dict) else {}
    names = (
        profile.get("display_name"),
        profile.get("real_name"),
        user.get("real_name"),
        user.get("name"),
    )
    name = next((str(n).strip() for n in names if isinstance(n, str) and n.strip()), "")
    admin = bool(user.get("is_admin") or user.get("is_owner"))
    reals = (profile.get("real_name"), user.get("real_name"), name)
    real = next((str(n).strip() for n in reals if isinstance(n, str) and n.strip()), "")
    return Person(name, _zone(user.get("tz")), admin, real)


class People:
    """``users.info`` lookups, cached; failures fall back to what the payload said."""

    def __init__(self, ttl: float = 3600.0, size: int = 4096) -> None:
        self._cache: Bounded[tuple[str, str], Person] = Bounded(size, ttl)

    def person(self, client: WebClient, team: str, user: str, *, lookup: bool = True) -> Person:
        cached = self._cache.get((team, user))
        if cached is not None or not lookup:
            return cached or Person()
        try:
            found = client.users_info(user=user).get("user")
            person = person_from(found) if isinstance(found, dict) else Person()
        except (SlackApiError, SlackClientError, OSError) as err:
            log.warning("users.info failed for a user of %s: %s", team, _reason(err))
            person = Person()
        self._cache.put((team, user), person)
        return person

    def actor(
        self,
        client: WebClient,
        team: str,
        user: str,
        fallback_name: str = "",
        *,
        lookup: bool = True,
    ) -> Actor:
        person = self.person(client, team, user, lookup=lookup)
        return Actor(
            PLATFORM,
            team,
            user,
            display_name=person.display_name or fallback_name,
            tz_hint=person.tz,
            is_admin=person.is_admin,
            # Any member of a channel may turn it into a group, as on the console and
            # Discord; the group's settings stay with its starter and workspace admins.
            can_manage_channel=True,
        )


class DmChannels:
    """The bot's direct-message channel with each user (``conversations.open``), cached."""

    def __init__(self, size: int = 4096) -> None:
        self._cache: Bounded[tuple[str, str], str] = Bounded(size)

    def known(self, team: str, user: str) -> str | None:
        return self._cache.get((team, user))

    def remember(self, team: str, user: str, channel: str) -> None:
        self._cache.put((team, user), channel)

    def open(self, client: WebClient, team: str, user: str) -> str:
        """The DM channel id; raises ``SlackApiError`` when Slack refuses."""
        channel = self._cache.get((team, user))
        if channel is None:
            answer = client.conversations_open(users=user)
            channel = str((answer.get("channel") or {}).get("id") or "")
            if not channel:
                raise SlackClientError("conversations.open returned no channel")
            self._cache.put((team, user), channel)
        return channel


def _reason(err: Exception) -> str:
    if isinstance(err, SlackApiError):
        return str(err.response.get("error", "error"))
    return type(err).__name__
