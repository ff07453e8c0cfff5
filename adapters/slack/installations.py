"""Installing Leap in many workspaces ("Add to Slack"), with installations in Leap's data.

With ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET``, HTTP mode serves bolt's OAuth flow
(``/slack/install`` and ``/slack/oauth_redirect``). Installations and the short-lived
OAuth states are files under the data folder (``slack-installations/``,
``slack-oauth-states/``), beside Leap's own records, so a backup of the folder keeps them.
"""

from __future__ import annotations

import os

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import FileInstallationStore, InstallationStore
from slack_sdk.oauth.state_store import FileOAuthStateStore

from adapters.slack.deliver import api_client
from adapters.slack.messenger import ClientFor

# Only what Leap uses. Keep in step with manifest.json (a test checks both).
SCOPES = (
    "commands",  # /leap and the "Save author to Leap" shortcut
    "chat:write",  # replies in the bot's DM, nudges
    "chat:write.public",  # group digests and pairings in public channels Leap was not invited to
    "channels:read",  # conversations.info: is a group channel public
    "groups:read",  # conversations.info: is Leap a member of a private group channel
    "im:write",  # conversations.open for nudges and DMs
    "im:history",  # message.im: answers to a running conversation
    "users:read",  # users.info: name and time zone on first use
    "files:write",  # calendar files
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


def authorization_url(api_url: str | None) -> str | None:
    """Slack's authorize page on the same host as the Web API (GovSlack: slack-gov.com)."""
    if not api_url:
        return None
    return api_url.rstrip("/").removesuffix("/api") + "/oauth/v2/authorize"


def oauth_settings(
    client_id: str, client_secret: str, data_folder: str, api_url: str | None = None
) -> OAuthSettings:
    store = FileInstallationStore(
        base_dir=os.path.join(data_folder, "slack-installations"), client_id=client_id
    )
    states = FileOAuthStateStore(
        expiration_seconds=STATE_SECONDS,
        client_id=client_id,
        base_dir=os.path.join(data_folder, "slack-oauth-states"),
    )
    return OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        state_store=states,
        authorization_url=authorization_url(api_url),
    )


def installed_clients(store: InstallationStore, base_url: str | None = None) -> ClientFor:
    """A client per workspace from its installation's bot token (None: not installed)."""

    def client_for(workspace: str) -> WebClient | None:
        bot = store.find_bot(enterprise_id=None, team_id=workspace)
        if bot is None or not bot.bot_token:
            return None
        return api_client(base_url, bot.bot_token)

    return client_for
