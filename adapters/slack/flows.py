"""What happens after Slack was answered: build the event, ask the core, deliver.

Each function runs on the adapter's worker pool once the request was acknowledged (the
modal submission is the exception: its answer decides the acknowledgement). Payloads are
read defensively; nothing here keeps state between requests beyond small caches.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient

from adapters.slack.deliver import SLACK_ERRORS, Delivery, Origin, reason
from adapters.slack.people import Bounded, DmChannels, People
from adapters.slack.pool import WorkPool
from adapters.slack.render import from_slack, parse_value, shorten, view_blocks
from bot.core import Leap
from bot.events import DIRECT, ActionClicked, Actor, Command, FormSubmitted, MessageIn, Where
from bot.replies import RUN, FormErrors, Message, Outbound, Reply, Update

log = logging.getLogger("leap.slack")
HOME = "home"
ADD_FORM = "add"  # the core's add-a-contact form, reused by the "Save author" shortcut
NOTE_LIMIT = 500


@dataclass(slots=True)
class Services:
    """Everything the listeners share: the core, the pool and the caches."""

    leap: Leap
    pool: WorkPool = field(default_factory=WorkPool)
    people: People = field(default_factory=People)
    dms: DmChannels = field(default_factory=DmChannels)
    home_viewers: Bounded[tuple[str, str], bool] = field(default_factory=lambda: Bounded(10_000))

    def run(
        self,
        client: WebClient,
        origin: Origin,
        actor: Actor,
        outs: list[Outbound],
        *,
        from_home: bool = False,
    ) -> None:
        """Deliver the core's answer, then refresh the App Home of a user who looks at it
        (opened it since start-up), once their queued work is done."""
        Delivery(client, origin, self.dms).send(outs)
        viewer = (actor.workspace, actor.user)
        if from_home:
            self.home_viewers.put(viewer, True)
        if self.home_viewers.get(viewer) and not self.pool.queued(key(actor)):
            refresh_home(self, client, actor)


def key(actor: Actor) -> str:
    """The work-ordering key of a user."""
    return f"{actor.workspace}:{actor.user}"


def where_of(channel: str, name: str = "") -> Where:
    return Where(channel=channel, channel_name=name, is_dm=channel.startswith("D"))


def _bot_dm(s: Services, client: WebClient, team: str, user: str, channel: str) -> str:
    """``channel`` when it is the bot's own DM with the user, else ''."""
    if not channel.startswith("D"):
        return ""
    try:
        return channel if s.dms.open(client, team, user) == channel else ""
    except SLACK_ERRORS as err:
        log.warning("conversations.open failed: %s", reason(err))
        return ""


def command(s: Services, client: WebClient, team: str, body: Mapping[str, Any]) -> None:
    user, channel = str(body.get("user_id", "")), str(body.get("channel_id", ""))
    text = from_slack(str(body.get("text", ""))).strip()
    origin = Origin(
        team,
        user,
        channel,
        str(body.get("channel_name", "")),
        _bot_dm(s, client, team, user, channel),
        str(body.get("response_url", "")),
        str(body.get("trigger_id", "")),
        command_text=text,
    )
    actor = s.people.actor(client, team, user, str(body.get("user_name", "")))
    where = where_of(channel, str(body.get("channel_name", "")))
    s.run(client, origin, actor, s.leap.handle(Command(actor, text, where)))


def clicked(s: Services, client: WebClient, team: str, body: Mapping[str, Any]) -> None:
    user = body.get("user") or {}
    action = (body.get("actions") or [{}])[0]
    raw = action.get("value") or (action.get("selected_option") or {}).get("value") or ""
    name, value = parse_value(str(raw))
    container = body.get("container") or {}
    channel_info = body.get("channel") or {}
    channel = str(channel_info.get("id") or container.get("channel_id") or "")
    ephemeral = bool(container.get("is_ephemeral"))
    origin = Origin(
        team,
        str(user.get("id", "")),
        channel,
        str(channel_info.get("name", "")),
        channel if channel.startswith("D") and not ephemeral else "",
        str(body.get("response_url") or ""),
        str(body.get("trigger_id") or ""),
        command_text=value if name == RUN else "",
    )
    actor = s.people.actor(client, team, origin.user, str(user.get("name", "")))
    where = where_of(channel, origin.channel_name) if channel else DIRECT
    from_home = container.get("type") == "view" and (body.get("view") or {}).get("type") == "home"
    s.run(
        client,
        origin,
        actor,
        s.leap.handle(ActionClicked(actor, name, value, where)),
        from_home=from_home,
    )


def message(s: Services, client: WebClient, team: str, event: Mapping[str, Any]) -> None:
    user, channel = str(event.get("user", "")), str(event.get("channel", ""))
    text = from_slack(str(event.get("text", ""))).strip()
    word, _rest = s.leap.registry.split(text.removeprefix("/leap"))
    s.dms.remember(team, user, channel)
    origin = Origin(
        team,
        user,
        channel,
        bot_dm=channel,
        command_text=text if word in s.leap.registry.commands else "",
    )
    actor = s.people.actor(client, team, user)
    s.run(client, origin, actor, s.leap.handle(MessageIn(actor, text, where_of(channel))))


def save_author(s: Services, client: WebClient, team: str, body: Mapping[str, Any]) -> None:
    """The "Save author to Leap" message shortcut: the author becomes a contact, the
    message their note. Uses the core's add form, so its checks and messages apply."""
    user = body.get("user") or {}
    found = body.get("message") or {}
    channel_info = body.get("channel") or {}
    channel = str(channel_info.get("id") or "")
    origin = Origin(
        team,
        str(user.get("id", "")),
        channel,
        str(channel_info.get("name", "")),
        response_url=str(body.get("response_url") or ""),
        trigger_id=str(body.get("trigger_id") or ""),
    )
    actor = s.people.actor(client, team, origin.user, str(user.get("name", "")))
    author = str(found.get("user") or "")
    if author:
        person = s.people.person(client, team, author)
        name = person.real_name or person.display_name
    else:
        name = str(found.get("username") or (found.get("bot_profile") or {}).get("name") or "")
    note = shorten(from_slack(str(found.get("text", ""))).strip(), NOTE_LIMIT)
    values = {"name": name, "note": note}
    outs = s.leap.handle(FormSubmitted(actor, ADD_FORM, values, "", where_of(channel)))
    shown: list[Outbound] = []
    for out in outs:
        if isinstance(out, FormErrors):  # no form on screen: say what was wrong instead
            shown.append(Reply(Message("\n".join(out.errors.values()))))
        else:
            shown.append(out)
    s.run(client, origin, actor, shown)


def home_opened(s: Services, client: WebClient, team: str, user: str) -> None:
    s.home_viewers.put((team, user), True)
    refresh_home(s, client, s.people.actor(client, team, user))


def refresh_home(s: Services, client: WebClient, actor: Actor) -> None:
    """Publish the user's App Home from the core's ``home`` command."""
    outs = s.leap.handle(Command(actor, HOME, DIRECT))
    messages = [o.message for o in outs if isinstance(o, Reply | Update)]
    if not messages:
        return
    try:
        client.views_publish(
            user_id=actor.user, view={"type": "home", "blocks": view_blocks(messages)}
        )
    except SLACK_ERRORS as err:
        log.warning("views.publish failed: %s", reason(err))
