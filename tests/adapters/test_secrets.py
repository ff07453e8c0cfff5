"""Secrets are never printed: database passwords in errors and logs, Slack tokens in logs."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.config import RedactSecrets, redact
from storage.redact import scrub, shown

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "s3cr3t-Pa55"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://leap:{PASSWORD}@db.example.invalid:notaport/leap",  # port not a number
        f"postgres://leap:{PASSWORD} x@[::1/leap",  # a space and a broken host
        f"postgresql://leap:{PASSWORD}@127.0.0.1:1/leap",  # nothing listens there
        f"postgresql://leap:pre@{PASSWORD}@127.0.0.1:1/leap",  # a raw "@" in the password
        f"postgresql://leap:{PASSWORD}@127.0.0.1:1/leap?sslmode=nonsense",
        f"postgresql://127.0.0.1:1/leap?password={PASSWORD}",
    ],
    ids=["bad-port", "unparsable", "refused", "raw-at", "bad-option", "password-in-query"],
)
def test_a_database_url_that_cannot_be_used_is_shown_without_its_password(
    url: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEAP_", "DATABASE_"))}
    env |= {"DATABASE_URL": url, "PYTHONPATH": str(ROOT), "PGCONNECT_TIMEOUT": "2"}
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "-v", "console"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    said = done.stdout + done.stderr
    assert done.returncode != 0 and "leap:" in said
    assert PASSWORD not in said and "Pa55" not in said, said
    assert "Traceback" not in said, said
    assert "DATABASE_URL" in said  # it says which setting to fix


def test_urls_are_shown_with_the_user_and_host_but_not_the_password() -> None:
    assert (
        shown(f"postgresql://leap:{PASSWORD}@db:5432/leap") == "postgresql://leap:***@db:5432/leap"
    )
    assert shown("postgresql://db/leap") == "postgresql://db/leap"
    assert shown(f"host=db password='{PASSWORD}' dbname=leap") == "host=db password=*** dbname=leap"
    quoted = f'unexpected spaces found in "{PASSWORD} x"'
    assert PASSWORD not in scrub(quoted, f"postgres://u:{PASSWORD} x@h/d")


def test_log_lines_and_tracebacks_hide_tokens_and_passwords(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = logging.getLogger("leap.test.secrets")
    caplog.handler.addFilter(RedactSecrets())
    caplog.set_level(logging.INFO)
    log.info("connecting to %s", f"postgresql://leap:{PASSWORD}@db/leap")
    log.warning("token %s refused", "xoxb-1111-2222-abcdefABCDEF")
    try:
        raise RuntimeError(f"boom with xapp-1-A111-222-abc and postgres://u:{PASSWORD}@h/d")
    except RuntimeError:
        log.exception("failed")
    text = caplog.text
    assert PASSWORD not in text and "abcdefABCDEF" not in text and "A111-222" not in text
    assert "postgresql://leap:***@db/leap" in text and "xoxb-[redacted]" in text
    assert redact("nothing secret here") == "nothing secret here"
