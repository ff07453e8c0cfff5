"""Inbound events: what an adapter hands the core, already stripped of platform detail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.models import UserKey


@dataclass(frozen=True, slots=True)
class Actor:
    """The person behind an event. ``tz_hint`` is the zone the platform knows for them, if any."""

    platform: str
    workspace: str
    user: str
    display_name: str = ""
    tz_hint: str | None = None
    is_admin: bool = False  # may manage the workspace (or, on Discord, the server)
    can_manage_channel: bool = False  # may turn this channel into a Leap group

    @property
    def key(self) -> UserKey:
        return UserKey(self.platform, self.workspace, self.user)


@dataclass(frozen=True, slots=True)
class Where:
    """Where the event happened: a channel (with its readable name) or a direct conversation."""

    channel: str = ""
    channel_name: str = ""
    is_dm: bool = True
    # False where Leap may not post (Slack: a private channel it was not invited to).
    bot_can_post: bool = True


DIRECT = Where()


@dataclass(frozen=True, slots=True)
class Command:
    """``/leap TEXT``: the text after the command word, the same on every platform."""

    actor: Actor
    text: str
    where: Where = DIRECT


@dataclass(frozen=True, slots=True)
class MessageIn:
    """A plain message to the bot: the answer to a running conversation."""

    actor: Actor
    text: str
    where: Where = DIRECT


@dataclass(frozen=True, slots=True)
class ActionClicked:
    """A button pressed or a select chosen: the ``action`` and ``value`` the core put there."""

    actor: Actor
    action: str
    value: str = ""
    where: Where = DIRECT


@dataclass(frozen=True, slots=True)
class FormSubmitted:
    """A form (modal) sent back with its field values."""

    actor: Actor
    form_id: str
    values: Mapping[str, str] = field(default_factory=dict)
    context: str = ""
    where: Where = DIRECT


@dataclass(frozen=True, slots=True)
class Tick:
    """The timer woke: deliver whatever fell due by ``now``."""

    now: datetime


@dataclass(frozen=True, slots=True)
class Delivered:
    """An adapter sent the direct message of a nudge, or a group's scheduled channel post.

    For a ``DirectMessage``: ``to`` is its ``to``, ``nudge_ids`` its ``nudge_ids``. For a
    ``ChannelPost`` with ``nudge_ids`` (a group's digest): ``to`` is ``post.key`` (the
    group, ``UserKey(platform, workspace, "#" + channel)``), ``nudge_ids`` the post's.
    Until a post is reported, the core does not count it as posted; ``DeliveryFailed``
    for it makes the core tell the group's starter how to fix it and try again later
    (``Leap.handle`` returns that direct message: send it like any other)."""

    to: UserKey
    nudge_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DeliveryFailed:
    """An adapter could not send a nudge. ``permanent``: retrying will not help (DMs closed)."""

    to: UserKey
    nudge_ids: tuple[str, ...]
    error: str
    permanent: bool = False


@dataclass(frozen=True, slots=True)
class WorkspaceChanged:
    """The platform removed Leap from a workspace (``installed=False``: Slack's
    app_uninstalled, or its bot token revoked) or installed it again. While removed, the
    workspace's reminders wait, unsent; installed again, they go on."""

    platform: str
    workspace: str
    installed: bool


UserEvent = Command | MessageIn | ActionClicked | FormSubmitted
Event = UserEvent | Tick | Delivered | DeliveryFailed | WorkspaceChanged
