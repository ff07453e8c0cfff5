"""A workspace that removed Leap, or installed it again.

When Slack says the app was uninstalled (``app_uninstalled``) or its bot token revoked
(``tokens_revoked``; https://api.slack.com/events/app_uninstalled,
https://api.slack.com/events/tokens_revoked), the installation is deleted the way bolt's
built-in ``TokenRevocationListeners`` do it, and the workspace's reminders are paused in
the core (``bot.workspaces``). Installing again ("Add to Slack", or starting with a bot
token that works) resumes them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import App
from slack_bolt.context import BoltContext
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation, InstallationStore

from adapters.slack.people import PLATFORM
from adapters.slack.pool import WorkPool
from bot.core import Leap
from bot.events import WorkspaceChanged
from storage.app_records import AppRecords

PAUSED = "slack-paused"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Workspaces:
    """Leap removed from, or installed again in, a workspace: pause or resume its
    reminders in the core. A marker in the store (``slack-paused``) remembers which
    workspaces are paused, so an installation resumes only those, in any process."""

    def __init__(self, leap: Leap) -> None:
        self.leap = leap
        self.records = leap.store if isinstance(leap.store, AppRecords) else None

    def removed(self, team: str) -> None:
        if not team:
            return
        if self.records is not None:
            self.records.save_app_record(PAUSED, team, {"since": _utc_now().isoformat()})
        self.leap.handle(WorkspaceChanged(PLATFORM, team, installed=False))

    def installed(self, team: str) -> None:
        if not team:
            return
        if self.records is not None and self.records.app_record(PAUSED, team) is None:
            return  # never paused: nothing to resume
        self.leap.handle(WorkspaceChanged(PLATFORM, team, installed=True))
        if self.records is not None:
            self.records.delete_app_records(PAUSED, team)

    def paused(self) -> list[str]:
        return [team for team, _ in self.records.app_records(PAUSED)] if self.records else []

    def on_start(self, client: WebClient) -> None:
        """One workspace (a bot token): a token that works again means Leap was installed
        again there, so a workspace paused by its uninstall goes on."""
        if self.paused():
            self.installed(str(client.auth_test().get("team_id") or ""))

    def on_install(self, installation: Installation) -> None:
        """For ``oauth_settings(on_installed=...)``: "Add to Slack" again resumes."""
        self.installed(installation.team_id or installation.enterprise_id or "")


def listen_for_removal(
    app: App, workspaces: Workspaces, pool: WorkPool, store: InstallationStore | None
) -> None:
    """``app_uninstalled`` and a revoked bot token: forget the installation (as bolt's
    built-in listeners do, when there is a store) and pause the workspace's reminders
    (in the pool: pausing visits every user of the workspace, after the ack)."""

    def pause(context: BoltContext) -> None:
        team = str(context.team_id or context.enterprise_id or "")
        pool.submit(f"{team}:workspace", workspaces.removed, team)

    @app.event("app_uninstalled")
    def on_uninstalled(context: BoltContext) -> None:
        if store is not None:
            store.delete_all(enterprise_id=context.enterprise_id, team_id=context.team_id)
        pause(context)

    @app.event("tokens_revoked")
    def on_revoked(event: dict[str, Any], context: BoltContext) -> None:
        tokens = event.get("tokens") or {}
        if store is not None:
            for user in tokens.get("oauth") or []:
                store.delete_installation(
                    enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=user
                )
            if tokens.get("bot"):
                store.delete_bot(enterprise_id=context.enterprise_id, team_id=context.team_id)
        if tokens.get("bot"):
            pause(context)
