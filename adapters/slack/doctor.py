"""``leap doctor`` for Slack: the bot token (``auth.test``), the scopes it was granted
against the manifest's (``x-oauth-scopes`` header), Socket Mode or HTTP settings, and the
bot's membership of every group channel (``conversations.info``); in HTTP mode, the inbox of
acknowledged requests. No token is printed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.config import ConfigError, Env
from adapters.doctor import Finding, group_channels, note, ok, problem
from adapters.slack.inbox import waiting_in
from adapters.slack.settings import api_url
from bot.store import Store

AREA = "slack"
MANIFEST = Path(__file__).with_name("manifest.json")
TOKEN_FIX = (
    "Copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions into "
    "SLACK_BOT_TOKEN; reinstall the app if it was removed."
)


def needed_scopes(manifest: Path = MANIFEST) -> set[str]:
    data: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
    return set(data["oauth_config"]["scopes"]["bot"])


def check_slack(env: Env, store: Store | None, data_url: str = "") -> list[Finding]:
    try:
        base = api_url(env)
    except ConfigError as err:
        return [problem(AREA, "SLACK_API_URL is malformed", str(err).removeprefix("leap: "))]
    kwargs: dict[str, Any] = {"timeout": 10}
    if base:
        kwargs["base_url"] = base
    findings = _mode(env, kwargs)
    if env.get("SLACK_SIGNING_SECRET") and not env.get("SLACK_APP_TOKEN") and data_url:
        findings.append(check_inbox(env.inbox_folder(data_url)))
    token = env.get("SLACK_BOT_TOKEN")
    if not token:
        findings.append(problem(AREA, "SLACK_BOT_TOKEN is not set", TOKEN_FIX))
        return findings
    client = WebClient(token=token, **kwargs)
    try:
        auth = client.auth_test()
    except SlackApiError as err:
        code = err.response.get("error", "error")
        findings.append(problem(AREA, f"the bot token is refused ({code})", TOKEN_FIX))
        return findings
    except SlackClientError as err:
        findings.append(problem(AREA, f"Slack cannot be reached ({err})", _network_fix(base)))
        return findings
    findings.append(
        ok(AREA, f"bot token valid: workspace {auth.get('team')}, bot @{auth.get('user')}")
    )
    findings.append(_scopes(auth.headers))
    if store is not None:
        findings += _channels(client, store)
    return findings


def check_inbox(folder: str) -> Finding:
    """HTTP mode keeps acknowledged requests in the inbox until the worker has handled them."""
    parent = os.path.dirname(os.path.abspath(folder)) or "."
    if not os.access(folder if os.path.isdir(folder) else parent, os.W_OK):
        return problem(
            AREA,
            f"the Slack inbox {folder} is not writable",
            f"Give this user write access to {folder}, or set LEAP_INBOX to a folder it may "
            "write (leap slack --http keeps acknowledged requests there until handled).",
        )
    waiting = waiting_in(folder)
    if waiting is None:
        return ok(AREA, f"the Slack inbox {folder} is in use by a running leap slack --http")
    if waiting:
        return note(
            AREA,
            f"the Slack inbox {folder} holds {waiting} acknowledged request(s) not yet handled",
            "Start leap slack --http: it handles them first.",
        )
    return ok(AREA, f"the Slack inbox {folder} is writable and holds nothing unhandled")


def _network_fix(base: str | None) -> str:
    return f"Check the network{' and SLACK_API_URL' if base else ''}."


def _mode(env: Env, kwargs: dict[str, Any]) -> list[Finding]:
    app_token = env.get("SLACK_APP_TOKEN")
    if app_token:
        try:
            WebClient(**kwargs).apps_connections_open(app_token=app_token)
        except SlackApiError as err:
            code = err.response.get("error", "error")
            return [
                problem(
                    AREA,
                    f"Socket Mode: the app-level token is refused ({code})",
                    "Generate an app-level token with the connections:write scope (Basic "
                    "Information → App-Level Tokens) into SLACK_APP_TOKEN, and turn Socket "
                    "Mode on in the app settings.",
                )
            ]
        except SlackClientError as err:
            return [problem(AREA, f"Socket Mode: Slack cannot be reached ({err})", "")]
        return [ok(AREA, "Socket Mode: the app-level token opens a connection (leap slack)")]
    if env.get("SLACK_SIGNING_SECRET"):
        return [
            note(
                AREA,
                "HTTP mode (leap slack --http): SLACK_SIGNING_SECRET is set",
                "Make sure the slash command, Interactivity and Event Subscriptions Request "
                "URLs are https://YOUR-HOST/slack/events (Slack cannot be asked for them).",
            )
        ]
    return [
        problem(
            AREA,
            "neither Socket Mode nor HTTP mode is configured",
            "Set SLACK_APP_TOKEN (xapp-…, Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).",
        )
    ]


def _scopes(headers: Any) -> Finding:
    raw = ""
    for key, value in dict(headers or {}).items():
        if str(key).lower() == "x-oauth-scopes":
            raw = value[0] if isinstance(value, list) else str(value)
    granted = {s.strip() for s in raw.split(",") if s.strip()}
    needed = needed_scopes()
    if not raw:
        return note(AREA, "Slack did not say which scopes were granted (no x-oauth-scopes)")
    missing = sorted(needed - granted)
    if missing:
        return problem(
            AREA,
            f"missing scopes: {', '.join(missing)}",
            "Paste adapters/slack/manifest.json into the app's manifest (or add these bot "
            "scopes on OAuth & Permissions), then reinstall the app to the workspace.",
        )
    return ok(AREA, f"all {len(needed)} scopes Leap needs are granted")


def _channels(client: WebClient, store: Store) -> list[Finding]:
    findings = []
    for _key, group in group_channels(store, "slack"):
        name = f"#{group.channel_name or group.id}"
        try:
            info = client.conversations_info(channel=group.id)
        except SlackApiError as err:
            code = err.response.get("error", "error")
            findings.append(
                problem(
                    AREA,
                    f"group channel {name}: {code}",
                    "If the channel was archived or deleted, stop the group there "
                    "(/leap group settings stop); if it is private, /invite @Leap to it.",
                )
            )
            continue
        channel = info.get("channel") or {}
        if channel.get("is_member"):
            findings.append(ok(AREA, f"group channel {name}: the bot is a member"))
        else:
            findings.append(
                problem(
                    AREA,
                    f"group channel {name}: the bot is not a member, so digests cannot be posted",
                    f"Type /invite @Leap in {name}.",
                )
            )
    return findings
