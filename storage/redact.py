"""Database URLs without their passwords, for every message and log line.

``postgresql://leap:PASSWORD@db.example.com/leap`` is shown as
``postgresql://leap:***@db.example.com/leap``; a ``password=...`` setting (libpq's
key/value form, or a URL query) as ``password=***``. ``scrub`` also removes the password
itself from a text that quotes it some other way (a library's parse error, say).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

HIDDEN = "***"
# scheme://user:PASSWORD@ ... up to the last "@" of the token: a password with a raw "@"
# is hidden whole (the host may be hidden with it; never the other way round).
URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.\-]*://[^:/?#@\s]*:)(?P<pw>\S*)@", re.I)
SETTING = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'|[^\s&]+)", re.I)


def without_password(text: str) -> str:
    """``text`` with the password of every URL and ``password=`` setting in it hidden."""
    text = URL_PASSWORD.sub(lambda m: f"{m['head']}{HIDDEN}@", text)
    return SETTING.sub(lambda m: f"{m['head']}{HIDDEN}", text)


def _userinfo(url: str) -> tuple[int, int] | None:
    """Where the ``user:password`` of a URL is (up to its last "@": a password may hold
    spaces or a raw "@", which a URL should percent-encode but people type anyway)."""
    start = url.find("://")
    end = url.rfind("@")
    if start < 0 or end < start:
        return None
    return start + 3, end


def shown(url: str) -> str:
    """A database URL as Leap may print it: ``postgresql://leap:***@host/db``."""
    where = _userinfo(url)
    if where is not None and ":" in url[where[0] : where[1]]:
        user = url[where[0] : where[1]].split(":", 1)[0]
        url = f"{url[: where[0]]}{user}:{HIDDEN}{url[where[1] :]}"
    return without_password(url)


def passwords_in(url: str) -> list[str]:
    """The password(s) ``url`` holds, as written and percent-decoded."""
    found = [m["pw"].strip("'") for m in SETTING.finditer(url)]
    where = _userinfo(url)
    if where is not None and ":" in url[where[0] : where[1]]:
        found.append(url[where[0] : where[1]].split(":", 1)[1])
    found += [unquote(p) for p in found]
    return sorted({p for p in found if p}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """``text`` (an error about ``url``) with ``url``'s password nowhere in it."""
    for secret in passwords_in(url):
        text = text.replace(secret, HIDDEN)
        for at in [i for i, c in enumerate(secret) if c == "@"]:  # read as part of the host
            text = text.replace(secret[at + 1 :] + "@", HIDDEN + "@")
    return without_password(text)
