"""Slack events are taken once, however many times Slack sends them.

Slack retries an event it thinks was not received (``X-Slack-Retry-Num``: 1, 2, 3, within
the hour; https://api.slack.com/apis/events-api#retries), and with several Leap processes
behind one request URL a retry may reach another process. The ``event_id`` is recorded in
the store (``storage.app_records``: one row per id on PostgreSQL, shared by every
process), and only the first sighting is processed. A store without app records falls
back to this process's memory.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack.people import Bounded
from storage.app_records import AppRecords

KIND = "slack-events"
KEEP = timedelta(hours=2)  # Slack's last retry comes about an hour after the event


class SeenEvents:
    def __init__(self, store: object, now: Callable[[], datetime], keep: timedelta = KEEP) -> None:
        self.records = store if isinstance(store, AppRecords) else None
        self.now = now
        self.keep = keep
        self._memory: Bounded[str, bool] = Bounded(10_000)

    def first(self, event_id: str) -> bool:
        """True the first time ``event_id`` is seen (by any process on the store)."""
        if self.records is None:
            return self._memory.add_new(event_id, True)
        return self.records.remember_once(KIND, event_id, self.now(), self.keep)


class OncePerEvent(Middleware):
    """bolt middleware: an event already taken is acknowledged (200) and goes no further.
    A ``Middleware`` subclass rather than a decorated function, so the requests that are
    not events (slash commands, clicks) pass with one dictionary lookup and no argument
    injection."""

    def __init__(self, seen: SeenEvents) -> None:
        self.seen = seen

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Callable[[], BoltResponse],
    ) -> BoltResponse | None:
        body = req.body
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if isinstance(event_id, str) and not self.seen.first(event_id):
            return BoltResponse(status=200, body="")  # a retry of an event already taken
        return next()
