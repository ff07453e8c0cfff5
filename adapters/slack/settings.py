"""The Slack settings from the environment, checked before anything starts.

A missing or malformed setting stops start-up with a message naming it (never echoing
a secret's value). Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN; HTTP mode needs
SLACK_SIGNING_SECRET and either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID with
SLACK_CLIENT_SECRET (the "Add to Slack" flow for many workspaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from adapters.config import ConfigError, Env

APPS = "https://api.slack.com/apps"
BOT_HINT = (
    f"Copy the Bot User OAuth Token (xoxb-…) from {APPS} → your app → "
    "OAuth & Permissions, after installing the app."
)
APP_HINT = (
    f"Create an app-level token (xapp-…) with the connections:write scope at {APPS} "
    "→ your app → Basic Information → App-Level Tokens."
)
SECRET_HINT = f"Copy the Signing Secret from {APPS} → your app → Basic Information."
OAUTH_HINT = f"Both come from {APPS} → your app → Basic Information → App Credentials."


@dataclass(frozen=True, slots=True)
class SlackSettings:
    http: bool
    bot_token: str = ""
    app_token: str = ""
    signing_secret: str = ""
    client_id: str = ""
    client_secret: str = ""
    api_url: str | None = None
    host: str = "0.0.0.0"
    port: int = 3000

    @property
    def oauth(self) -> bool:
        return bool(self.client_id and self.client_secret)


def _token(env: Env, name: str, prefix: str, hint: str) -> str:
    value = env.require(name, hint)
    if not value.startswith(prefix) or re.search(r"\s", value):
        raise ConfigError(
            f"{name} does not look like a Slack token: it should start with "
            f"{prefix} and hold no spaces. {hint}"
        )
    return value


def _word(env: Env, name: str, hint: str) -> str:
    value = env.require(name, hint)
    if re.search(r"\s", value) or len(value) < 8:
        raise ConfigError(f"{name} looks malformed (too short, or holds spaces). {hint}")
    return value


def api_url(env: Env) -> str | None:
    raw = env.get("SLACK_API_URL")
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ConfigError(
            "SLACK_API_URL must be the Web API's base URL, like "
            f"https://slack-gov.com/api/ — not {raw!r}."
        )
    return raw if raw.endswith("/") else raw + "/"


def load_settings(env: Env, *, http: bool, port: int | None = None) -> SlackSettings:
    url = api_url(env)
    if not http:
        return SlackSettings(
            False,
            bot_token=_token(env, "SLACK_BOT_TOKEN", "xoxb-", BOT_HINT),
            app_token=_token(env, "SLACK_APP_TOKEN", "xapp-", APP_HINT),
            api_url=url,
        )
    secret = _word(env, "SLACK_SIGNING_SECRET", SECRET_HINT)
    client_id, client_secret = env.get("SLACK_CLIENT_ID"), env.get("SLACK_CLIENT_SECRET")
    host = env.get("HOST") or "0.0.0.0"
    chosen = env.port(port)
    if client_id or client_secret:
        client_id = env.require("SLACK_CLIENT_ID", OAUTH_HINT)
        client_secret = _word(env, "SLACK_CLIENT_SECRET", OAUTH_HINT)
        if not re.fullmatch(r"[0-9]+\.[0-9]+", client_id):
            raise ConfigError(
                f"SLACK_CLIENT_ID should look like 1234567890.1234567890. {OAUTH_HINT}"
            )
        return SlackSettings(
            True,
            signing_secret=secret,
            client_id=client_id,
            client_secret=client_secret,
            api_url=url,
            host=host,
            port=chosen,
        )
    return SlackSettings(
        True,
        bot_token=_token(env, "SLACK_BOT_TOKEN", "xoxb-", BOT_HINT),
        signing_secret=secret,
        api_url=url,
        host=host,
        port=chosen,
    )
