"""A year of reminders through the console: ``:advance 1w`` fifty-two times for a user in
Paris with contacts at different stages (a meeting in the early morning, a request with no
answer, a request sent just before Christmas). Every direct message is checked at the
fake-clock moment it was sent: never after its meeting, never in quiet hours, never on a
French public holiday unless its meeting is that day, the inactivity summary only a few
times, and every sentence about time true when read."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from adapters.console import Console
from bot.clock import FakeClock
from bot.context import Config
from bot.core import Leap
from bot.models import Contact, Nudge
from bot.replies import ChannelPost, DirectMessage
from bot.workdays import holiday
from storage.tinydb_store import TinyDBStore

PARIS = ZoneInfo("Europe/Paris")
SCRIPT = """\
/leap settings tz Europe/Paris
/leap add Maria Lopez at Acme
/leap schedule maria Dec 8 8:30am
/leap add Sam Lee at Globex
/leap ask sam sent
:advance 3w
/leap add Ana Ruiz at Initech
/leap ask ana sent
"""


class Watch:
    """Forwards each message to the console's printer and keeps (when, message, nudges)."""

    def __init__(self, console: Console, clock: FakeClock, store: TinyDBStore) -> None:
        self.inner, self.clock, self.store = console.runner.messenger, clock, store
        self.seen: list[tuple[datetime, DirectMessage, list[Nudge], list[Contact]]] = []

    def send(self, message: DirectMessage) -> None:
        mine = {n.id: n for n in self.store.nudges(message.to)}
        nudges = [mine[i] for i in message.nudge_ids]
        contacts = self.store.contacts(message.to)
        self.seen.append((self.clock.now(), message, nudges, contacts))
        self.inner.send(message)

    def post(self, post: ChannelPost) -> None:
        raise AssertionError("no channel posts in this script")


def test_a_year_of_reminders_is_right_every_time(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 12, 1, 8, 0, tzinfo=UTC))  # Tue 09:00 in Paris
    store = TinyDBStore(str(tmp_path / "data"))
    out = io.StringIO()
    try:
        leap = Leap(store, clock, config=Config(default_tz="Europe/Paris"))
        console = Console(leap, clock, out, files_dir=str(tmp_path / "files"))
        watch = Watch(console, clock, store)
        console.runner.messenger = watch
        for line in SCRIPT.splitlines():
            console.handle_line(line)
        for _week in range(49):  # 52 weeks in all
            console.handle_line(":advance 1w")
    finally:
        store.close()
    transcript = out.getvalue()
    assert transcript.count("[DM → me]") == len(watch.seen) > 10
    summaries = 0
    for when, message, nudges, contacts in watch.seen:
        local = when.astimezone(PARIS)
        by_id = {c.id: c for c in contacts}
        assert not (local.hour >= 21 or local.hour < 8), f"in quiet hours: {local} {message}"
        for nudge in nudges:
            contact = by_id.get(nudge.contact_id)
            meeting = contact.meeting_at if contact else None
            if nudge.kind in ("prep-eve", "prep-hour", "wrap-up"):
                assert meeting is not None and when < meeting, f"after its meeting: {nudge}"
            on_meeting_day = (
                meeting is not None and meeting.astimezone(PARIS).date() == local.date()
            )
            if holiday(local.date(), "FR"):
                assert on_meeting_day, f"on a public holiday: {local} {nudge.kind}"
            summaries += nudge.kind == "idle-summary"
            _check_true_at(message.message.text, nudge, contact, when)
    # Two weeks after the first day, then after the last activity (3 weeks in): 2, 4, 8.
    assert summaries == 4
    kinds = [n.kind for _w, _m, ns, _c in watch.seen for n in ns]
    for expected in ("prep-eve", "prep-hour", "did-it-happen", "thanks-eve", "follow-up-3"):
        assert expected in kinds


def _check_true_at(text: str, nudge: Nudge, contact: Contact | None, when: datetime) -> None:
    """The words about time in a reminder agree with the moment it was sent."""
    local = when.astimezone(PARIS)
    meeting = contact.meeting_at if contact else None
    if "Tonight or tomorrow morning" in text:
        assert meeting is not None and local.hour >= 12
        assert meeting.astimezone(PARIS).date() == local.date() + timedelta(days=1)
    if found := re.search(r"\bIn (\d+) minutes\b", text):
        assert meeting is not None
        assert abs((meeting - when) - timedelta(minutes=int(found[1]))) < timedelta(minutes=1)
    if found := re.search(r"\b[Tt]omorrow at (\d\d:\d\d)", text):
        assert meeting is not None
        at = meeting.astimezone(PARIS)
        assert at.date() == local.date() + timedelta(days=1) and at.strftime("%H:%M") == found[1]
    if "In an hour" in text:
        assert meeting is not None and timedelta(minutes=50) < meeting - when <= timedelta(
            hours=1, minutes=15
        )
    if nudge.kind.startswith("thanks") and contact is not None and contact.stage == "scheduled":
        assert meeting is not None
        day = meeting.astimezone(PARIS).date()
        said = "today" if day == local.date() else "yesterday"
        assert f"talk with {contact.first_name} {said}" in text
    if "quiet weeks" in text:
        weeks = {"Two": 2, "Four": 4, "Eight": 8}[text.split()[0]]
        assert (when - nudge.created_at) >= timedelta(weeks=weeks) - timedelta(days=1)
    if nudge.kind == "follow-up-3" and contact is not None and contact.asked_at is not None:
        assert when - contact.asked_at >= timedelta(days=3)
