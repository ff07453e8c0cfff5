"""Nudges as Slack DMs: ``conversations.open`` then ``chat.postMessage`` with the buttons.

``SlackMessenger`` implements the scheduler's ``Messenger``. It finds the workspace's
client (one token, or the installation's token when Leap is installed in many
workspaces) and turns Slack's refusals into ``SendError``: permanent when retrying cannot
help (the user left, the app was removed), temporary otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.messaging import SendError
from adapters.slack.deliver import post, send_error, upload
from adapters.slack.people import PLATFORM, DmChannels
from bot.replies import ChannelPost, DirectMessage, Message

ClientFor = Callable[[str], WebClient | None]


class SlackMessenger:
    """Delivers direct messages (and channel posts) outside any request."""

    def __init__(self, client_for: ClientFor, dms: DmChannels | None = None) -> None:
        self.client_for = client_for
        self.dms = dms or DmChannels()

    def _client(self, platform: str, workspace: str) -> WebClient:
        if platform != PLATFORM:
            raise SendError(f"not a Slack user ({platform})", permanent=True)
        client = self.client_for(workspace)
        if client is None:
            raise SendError(f"Leap is not installed in workspace {workspace}", permanent=True)
        return client

    def send(self, message: DirectMessage) -> None:
        to = message.to
        client = self._client(to.platform, to.workspace)
        try:
            channel = self.dms.open(client, to.workspace, to.user)
        except (SlackApiError, SlackClientError, OSError) as err:
            raise send_error(err) from err
        self._post(client, channel, message.message)

    def post(self, out: ChannelPost) -> None:
        self._post(self._client(out.platform, out.workspace), out.channel, out.message)

    def _post(self, client: WebClient, channel: str, message: Message) -> None:
        try:
            post(client, channel, message)
        except (SlackApiError, SlackClientError, OSError) as err:
            raise send_error(err) from err
        upload(client, channel, message.files)


def single_workspace(client: WebClient) -> ClientFor:
    """One token for every nudge (Slack refuses users of other workspaces: user_not_found)."""
    return lambda _workspace: client
