"""Configuration from the environment: the only module that reads it.

A ``.env`` file in the working directory is read first (values already in the
environment win); command-line options override both.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from storage.redact import without_password

# Slack tokens (xoxb-, xoxp-, xapp-, ...): https://api.slack.com/concepts/token-types
TOKEN = re.compile(r"\b(xox[a-z]|xapp)-[A-Za-z0-9-]+")


def redact(text: str) -> str:
    """``text`` with every Slack token and database password hidden."""
    return without_password(TOKEN.sub(r"\1-[redacted]", text))


class RedactSecrets(logging.Filter):
    """Hides tokens and database passwords in a log line and in its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def redact_logs() -> None:
    """Every handler of the root logger hides secrets (call after ``basicConfig``)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())


class ConfigError(SystemExit):
    """A missing or malformed setting: stop with a message naming it."""

    def __init__(self, message: str) -> None:
        super().__init__(f"leap: {message}")


@dataclass(frozen=True, slots=True)
class Env:
    values: Mapping[str, str]

    @classmethod
    def load(cls, dotenv: bool = True) -> Env:
        if dotenv and os.path.exists(".env"):  # python-dotenv loads only when there is one
            from dotenv import dotenv_values

            found = {k: v for k, v in dotenv_values(".env").items() if v is not None}
            return cls({**found, **os.environ})
        return cls(dict(os.environ))

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default).strip()

    def require(self, name: str, hint: str) -> str:
        value = self.get(name)
        if not value:
            raise ConfigError(f"{name} is not set. {hint}")
        return value

    def data_url(self, override: str | None) -> str:
        """Where the store lives: --data, else DATABASE_URL or LEAP_DATA, else a user folder."""
        if override:
            return override
        configured = self.get("DATABASE_URL") or self.get("LEAP_DATA")
        if configured:
            return configured
        from platformdirs import user_data_dir  # only for the default folder

        return os.path.join(user_data_dir("leap", appauthor=False), "data")

    def inbox_folder(self, data_url: str) -> str:
        """Where ``leap slack --http`` keeps acknowledged requests until they are handled:
        LEAP_INBOX, else beside the data folder, else a user folder (a database URL)."""
        configured = self.get("LEAP_INBOX")
        if configured:
            return configured
        if "://" not in data_url or data_url.startswith("tinydb://"):
            return data_url.removeprefix("tinydb://").rstrip("/\\") + "-slack-inbox"
        from platformdirs import user_data_dir

        return os.path.join(user_data_dir("leap", appauthor=False), "slack-inbox")

    def colour_allowed(self) -> bool:
        """https://no-color.org: any NO_COLOR value turns colour off."""
        return "NO_COLOR" not in self.values

    def port(self, override: int | None, default: int = 3000) -> int:
        if override is not None:
            return override
        raw = self.get("PORT")
        if not raw:
            return default
        if not raw.isdigit() or not 0 < int(raw) < 65536:
            raise ConfigError(f"PORT must be a port number (1-65535), not {raw!r}.")
        return int(raw)
