"""What the core loads on first use, and how to load it before anyone asks.

Importing ``bot.core`` loads none of the slow pieces below; each loads with the first
command that needs it (the checker's ~260 patterns with ``ask``/``check``/``prep``,
dateparser with a date phrase only it understands, nameparser with the first name only it
reads, one with a title, a particle or a comma, say, since ``bot/names.py`` splits plain
names itself; icalendar with the first calendar file, holidays with the first user in a
country). That keeps the first reply fast. An adapter with idle time before the next
request (the console at its prompt) runs ``warm_up()`` on a background thread, so no request
pays these loads either.
``tests/e2e/test_lazy_imports.py`` checks both halves.
"""

from __future__ import annotations

import importlib
from datetime import datetime

# Modules ``import bot.core`` must not load; ``warm_up`` loads them all.
LAZY_MODULES = ("bot.coach.check", "dateparser", "nameparser", "icalendar", "holidays")


def warm_up() -> None:
    """Load what the core loads lazily, and run dateparser and nameparser once (their
    first use costs as much as their import). Safe on any thread; returns nothing."""
    for name in LAZY_MODULES:
        importlib.import_module(name)
    from bot.names import parse
    from bot.timewords import dateparser_parse

    dateparser_parse("next week", datetime(2026, 1, 5))
    parse("Dr. Ana Ruiz")
