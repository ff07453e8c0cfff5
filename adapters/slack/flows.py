"""What happens after Slack was answered: build the event, ask the core, deliver.

Each function runs on the adapter's worker pool once the request was acknowledged (the
modal submission is the exception: its answer decides the acknowledgement). Payloads are
read defensively; nothing here keeps state between requests beyond small caches.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from slack_sdk import WebClient

from adapters.slack.answering import Answer, Answering
from adapters.slack.debounce import Debouncer
from adapters.slack.deliver import SLACK_ERRORS, Origin, SlackOutlet, reason
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
HOME_QUIET = 1.0  # seconds without a change before the App Home is refreshed...
HOME_LONGEST = 10.0  # ...and at most this long after the first change


def home_refreshes(quiet: float = HOME_QUIET) -> Debouncer:
    return Debouncer(quiet, HOME_LONGEST)


@dataclass(slots=True)
class Services:
    """Everything the listeners share: the core, the pool and the caches."""

    leap: Leap
    pool: WorkPool = field(default_factory=WorkPool)
    people: People = field(default_factory=People)
    dms: DmChannels = field(default_factory=DmChannels)
    answering: Answering = field(default_factory=Answering)
    home_viewers: Bounded[tuple[str, str], bool] = field(default_factory=lambda: Bounded(10_000))
    home: Debouncer = field(default_factory=home_refreshes)

    def deliver(self, client: WebClient, answer: Answer, outs: list[Outbound]) -> None:
        """Send ``outs`` (what the acknowledgement did not carry) of ``answer``."""
        self.run(client, answer.origin, answer.actor, outs, from_home=answer.from_home)

    def run(
        self,
        client: WebClient,
        origin: Origin,
        actor: Actor,
        outs: list[Outbound],
        *,
        from_home: bool = False,
    ) -> None:
        """Deliver the core's answer, then refresh the App Home of a user who looks at it."""
        SlackOutlet(client, origin, self.dms).send(outs, self.leap.handle)
        self.changed(client, actor, from_home=from_home)

    def changed(self, client: WebClient, actor: Actor, *, from_home: bool = False) -> None:
        """``actor`` acted: refresh their App Home if they look at it (opened it since
        start-up, or acted in it), once their burst of requests pauses (``Debouncer``).
        The refresh is queued apart from the user's answers, so it never keeps their next
        answer out of its acknowledgement."""
        viewer = (actor.workspace, actor.user)
        if from_home:
            self.home_viewers.put(viewer, True)
        if not self.home_viewers.get(viewer):
            return

        def submit() -> None:
            try:
                self.pool.submit(
                    home_key(actor.workspace, actor.user), refresh_home, self, client, actor
                )
            except RuntimeError:  # shutting down
                log.info("App Home refresh skipped: shutting down")

        self.home.request(viewer, submit)


def home_key(team: str, user: str) -> str:
    """The work-ordering key of a user's App Home refreshes (apart from their answers)."""
    return f"home:{team}:{user}"


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


def command(s: Services, client: WebClient, team: str, body: Mapping[str, Any]) -> Answer:
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
    if not where.is_dm and s.leap.posts_in_channel(text):
        where = replace(where, bot_can_post=can_post(client, channel))
    return Answer(origin, actor, s.leap.handle(Command(actor, text, where)))


def can_post(client: WebClient, channel: str) -> bool:
    """Whether Leap may post in ``channel``: any public channel (chat:write.public), a
    private one only once invited. A private channel Leap is not in is invisible to it:
    conversations.info answers channel_not_found."""
    try:
        info = client.conversations_info(channel=channel).get("channel") or {}
    except SLACK_ERRORS as err:
        if reason(err) == "channel_not_found":
            return False
        log.warning("conversations.info failed: %s", reason(err))
        return True  # unknown: let the group start; a failed post is reported later
    return bool(info.get("is_member")) or not info.get("is_private")


def clicked(s: Services, client: WebClient, team: str, body: Mapping[str, Any]) -> Answer:
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
    outs = s.leap.handle(ActionClicked(actor, name, value, where))
    return Answer(origin, actor, outs, from_home)


def message(s: Services, client: WebClient, team: str, event: Mapping[str, Any]) -> Answer:
    user, channel = str(event.get("user", "")), str(event.get("channel", ""))
    text = from_slack(str(event.get("text", ""))).strip()
    s.dms.remember(team, user, channel)
    origin = Origin(
        team,
        user,
        channel,
        bot_dm=channel,
        command_text=text if s.leap.is_command(text) else "",
    )
    actor = s.people.actor(client, team, user)
    return Answer(origin, actor, s.leap.handle(MessageIn(actor, text, where_of(channel))))


def save_author(s: Services, client: WebClient, team: str, body: Mapping[str, Any]) -> Answer:
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
    return Answer(origin, actor, shown)


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
