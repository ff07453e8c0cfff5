"""What a handler is given: the store, the clock, ids, who acted and their profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.clock import Clock, Ids
from bot.events import Actor, Where
from bot.models import Profile, UserKey
from bot.replies import Button
from bot.store import Store

if TYPE_CHECKING:
    from bot.commands import Registry
    from bot.pictures import Pictures


class Problem(Exception):
    """Bad input: the message says what was wrong and how to say it right."""

    def __init__(self, text: str, *buttons: Button) -> None:
        super().__init__(text)
        self.text = text
        self.buttons = buttons


@dataclass(frozen=True, slots=True)
class Config:
    """Choices made by the composition root (``adapters/``), never read from the env here."""

    default_tz: str | None = None  # for new users whose platform tells no zone
    page_size: int = 12


@dataclass(slots=True)
class Ctx:
    store: Store
    clock: Clock
    ids: Ids
    actor: Actor
    where: Where
    profile: Profile
    config: Config
    registry: Registry
    pictures: Pictures | None = None  # draws charts as PNGs; None: text only

    @property
    def user(self) -> UserKey:
        return self.actor.key

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.profile.tz)

    def now(self) -> datetime:
        return self.clock.now()

    def save_profile(self, profile: Profile) -> None:
        self.profile = profile
        self.store.save_profile(self.user, profile)
