"""Installing Leap in many workspaces ("Add to Slack"), with installations in Leap's store.

With ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET``, HTTP mode serves bolt's OAuth flow
(``/slack/install`` and ``/slack/oauth_redirect``). Installations and the short-lived
OAuth states are kept through slack_sdk's ``InstallationStore`` and ``OAuthStateStore``
interfaces, implemented here on Leap's own store (``storage.app_records``): the data
folder (``app/slack-installations.json``, mode 0600) or PostgreSQL (``DATABASE_URL``),
so a backup of Leap's data keeps them, and every process on one database sees them.

What happens when a workspace removes Leap: ``uninstall.py``.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt.oauth.callback_options import CallbackOptions, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import (
    Bot,
    FileInstallationStore,
    Installation,
    InstallationStore,
)
from slack_sdk.oauth.state_store import OAuthStateStore

from adapters.slack.deliver import api_client
from adapters.slack.messenger import ClientFor
from storage.app_records import AppRecords

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
INSTALLATIONS = "slack-installations"
STATES = "slack-oauth-states"
log = logging.getLogger("leap.slack.installations")
Now = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _workspace(enterprise_id: str | None, team_id: str | None) -> str:
    """The key prefix of one workspace (or of an org-wide install: team "none")."""
    return f"{enterprise_id or 'none'}-{team_id or 'none'}/"


class StoredInstallations(InstallationStore):
    """slack_sdk's ``InstallationStore`` on Leap's store. Per workspace, under
    ``[client_id/]enterprise-team/``: ``bot`` (the latest bot installation), ``installer``
    (the latest installation) and ``installer-USER`` (the latest by that user), like
    slack_sdk's ``FileInstallationStore`` without its history."""

    def __init__(self, records: AppRecords, client_id: str | None = None) -> None:
        self.records = records
        self.client_id = client_id
        self._logger = log

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    def _prefix(self, enterprise_id: str | None, team_id: str | None) -> str:
        scope = f"{self.client_id}/" if self.client_id else ""
        return scope + _workspace(enterprise_id, team_id)

    def save(self, installation: Installation) -> None:
        prefix = self._prefix(installation.enterprise_id, installation.team_id)
        self.save_bot(installation.to_bot())
        entity = dict(installation.__dict__)
        self.records.save_app_record(INSTALLATIONS, prefix + "installer", entity)
        user = installation.user_id or "none"
        self.records.save_app_record(INSTALLATIONS, f"{prefix}installer-{user}", entity)

    def save_bot(self, bot: Bot) -> None:
        if bot.bot_token is None:
            return
        prefix = self._prefix(bot.enterprise_id, bot.team_id)
        self.records.save_app_record(INSTALLATIONS, prefix + "bot", dict(bot.__dict__))

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        if is_enterprise_install:
            team_id = None
        data = self.records.app_record(INSTALLATIONS, self._prefix(enterprise_id, team_id) + "bot")
        return Bot(**data) if data else None

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        if is_enterprise_install:
            team_id = None
        prefix = self._prefix(enterprise_id, team_id)
        name = "installer" if user_id is None else f"installer-{user_id}"
        data = self.records.app_record(INSTALLATIONS, prefix + name)
        if not data:
            return None
        installation = Installation(**data)
        if user_id is not None or installation.bot_token is None:
            # a user's installation carries the bot token of its day: use the latest
            # (as slack_sdk's stores do; see slackapi/bolt-python#664)
            bot = self.find_bot(enterprise_id=enterprise_id, team_id=team_id)
            if bot is not None and bot.bot_token != installation.bot_token:
                installation.bot_id = bot.bot_id
                installation.bot_user_id = bot.bot_user_id
                installation.bot_token = bot.bot_token
                installation.bot_scopes = bot.bot_scopes
                installation.bot_refresh_token = bot.bot_refresh_token
                installation.bot_token_expires_at = bot.bot_token_expires_at
        return installation

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        key = self._prefix(enterprise_id, team_id) + "bot"
        self.records.delete_app_records(INSTALLATIONS, key)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        prefix = self._prefix(enterprise_id, team_id)
        if user_id is None:
            self.records.delete_app_records(INSTALLATIONS, prefix + "installer")
            return
        self.records.delete_app_records(INSTALLATIONS, f"{prefix}installer-{user_id}")
        latest = self.records.app_record(INSTALLATIONS, prefix + "installer")
        if latest is not None and latest.get("user_id") == user_id:
            self.records.delete_app_records(INSTALLATIONS, prefix + "installer")

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.records.delete_app_records(INSTALLATIONS, self._prefix(enterprise_id, team_id))


class StoredStates(OAuthStateStore):
    """slack_sdk's ``OAuthStateStore`` on Leap's store: a state is good once, for
    ``expiration_seconds``, in whichever process the browser comes back to."""

    def __init__(
        self, records: AppRecords, expiration_seconds: int = STATE_SECONDS, now: Now = _utc_now
    ) -> None:
        self.records = records
        self.expiration_seconds = expiration_seconds
        self.now = now

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = str(uuid.uuid4())
        expires = self.now() + timedelta(seconds=self.expiration_seconds)
        self.records.save_app_record(STATES, state, {"issued": True}, expires_at=expires)
        return state

    def consume(self, state: str) -> bool:
        return self.records.take_app_record(STATES, state, self.now()) is not None


def import_files(folder: str, installs: StoredInstallations) -> int:
    """Installations that an earlier Leap kept as files (slack_sdk's
    ``FileInstallationStore`` under ``<data>/slack-installations/``): copied into the store
    once, then the folder is renamed ``slack-installations.imported`` with its files made
    0600 (they hold tokens). Returns how many workspaces were copied."""
    legacy = os.path.join(folder, "slack-installations")
    base = os.path.join(legacy, installs.client_id or "")
    if not os.path.isdir(base):
        return 0
    files = FileInstallationStore(base_dir=legacy, client_id=installs.client_id)
    copied = 0
    for entry in sorted(os.listdir(base)):
        enterprise, _, team = entry.partition("-")
        e_id = None if enterprise == "none" else enterprise
        t_id = None if team == "none" else team
        installation = files.find_installation(enterprise_id=e_id, team_id=t_id)
        bot = files.find_bot(enterprise_id=e_id, team_id=t_id)
        if installation is not None:
            installs.save(installation)
        elif bot is not None:
            installs.save_bot(bot)
        else:
            continue
        copied += 1
    for where, _dirs, names in os.walk(legacy):
        for name in names:
            os.chmod(os.path.join(where, name), 0o600)
    os.replace(legacy, legacy + ".imported")
    log.warning("copied %d Slack installations from %s into the store", copied, legacy)
    return copied


def authorization_url(api_url: str | None) -> str | None:
    """Slack's authorize page on the same host as the Web API (GovSlack: slack-gov.com)."""
    if not api_url:
        return None
    return api_url.rstrip("/").removesuffix("/api") + "/oauth/v2/authorize"


def oauth_settings(
    client_id: str,
    client_secret: str,
    records: AppRecords,
    api_url: str | None = None,
    on_installed: Callable[[Installation], None] | None = None,
) -> OAuthSettings:
    """bolt's OAuth settings with installations and states in Leap's store.
    ``on_installed`` runs after an installation is saved (before the success page)."""
    callbacks = None
    if on_installed is not None:
        callbacks = CallbackOptions(success=_then_default_success(on_installed), failure=_failure)
    return OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=StoredInstallations(records, client_id),
        state_store=StoredStates(records),
        authorization_url=authorization_url(api_url),
        callback_options=callbacks,
    )


def _then_default_success(
    on_installed: Callable[[Installation], None],
) -> Callable[[SuccessArgs], BoltResponse]:
    def success(args: SuccessArgs) -> BoltResponse:
        on_installed(args.installation)
        return args.default.success(args)

    return success


def _failure(args: Any) -> BoltResponse:
    return args.default.failure(args)  # type: ignore[no-any-return]


def installed_clients(store: InstallationStore, base_url: str | None = None) -> ClientFor:
    """A client per workspace from its installation's bot token (None: not installed)."""

    def client_for(workspace: str) -> WebClient | None:
        bot = store.find_bot(enterprise_id=None, team_id=workspace)
        if bot is None or not bot.bot_token:
            return None
        return api_client(base_url, bot.bot_token)

    return client_for
