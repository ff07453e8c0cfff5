"""APScheduler is the timer; the store holds the plan; the core decides what is said.

``NudgeRunner.deliver_due()`` asks the core for what fell due (``Tick``), hands each direct
message to the platform's ``Messenger``, and reports the outcome back to the core
(``Delivered`` / ``DeliveryFailed``), which marks the nudge sent or plans a retry. A
failing send never stops the others, and never stops the scheduler.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from adapters.messaging import Messenger, SendError
from adapters.responder import report_for
from bot.core import Leap
from bot.events import Delivered, DeliveryFailed, Tick
from bot.models import NudgeState, UserKey
from bot.replies import ChannelPost, DirectMessage, Outbound

if TYPE_CHECKING:  # APScheduler loads in start(): a simulated clock never needs it
    from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger("leap.scheduler")
POLL = timedelta(seconds=30)
TICK_BATCH = 50  # nudges claimed per tick: claim only what is about to be sent
MIN_WAKE = timedelta(seconds=1)


class NudgeRunner:
    """Delivers due nudges through a messenger; ``start()`` lets APScheduler drive it."""

    def __init__(self, leap: Leap, messenger: Messenger, poll: timedelta = POLL) -> None:
        self.leap = leap
        self.messenger = messenger
        self.poll = poll
        self._scheduler: BackgroundScheduler | None = None
        self._lock = threading.Lock()  # one delivery round at a time in this process
        self._wake_lock = threading.Lock()  # add_job never races shutdown (APScheduler deadlock)

    def deliver_due(self, now: datetime | None = None) -> list[Outbound]:
        """Deliver everything due by ``now``, batch by batch; returns what was sent."""
        with self._lock:
            sent: list[Outbound] = []
            now = now or self.leap.clock.now()
            seen: set[tuple[UserKey, str]] = set()
            while True:
                batch = self.leap.handle(Tick(now, TICK_BATCH))
                claimed_at = self.leap.clock.now()
                # A batch comes user by user. Each user's deliveries are recorded as soon as
                # their messages are sent: one write per user, and a crash can repeat at
                # most the messages of the user being served.
                pending: tuple[UserKey, list[str]] | None = None
                fresh = 0
                for out in batch:
                    if not isinstance(out, DirectMessage | ChannelPost):
                        continue
                    if self._claim_too_old(claimed_at):
                        break  # the rest go stale unsent; one delivery will send them later
                    if isinstance(out, DirectMessage) and out.nudge_ids:
                        ids = {(out.to, nid) for nid in out.nudge_ids}
                        if ids <= seen:
                            continue  # sent in this round already: never twice per round
                        seen |= ids
                    fresh += 1
                    delivered = self._send(out)
                    sent.append(out)
                    if not (delivered and isinstance(out, DirectMessage) and out.nudge_ids):
                        continue
                    if pending is not None and pending[0] != out.to:
                        self._record(pending)
                        pending = None
                    pending = pending or (out.to, [])
                    pending[1].extend(out.nudge_ids)
                if pending is not None:
                    self._record(pending)
                if not fresh or not self.leap.store.due_nudges(now, limit=1):
                    break
            self._plan_next_wake()
            return sent

    def _claim_too_old(self, claimed_at: datetime) -> bool:
        """A slow run stops sending a batch before its claims could look stale to another
        process: half the claim timeout is the margin for the send in flight."""
        return self.leap.clock.now() - claimed_at > self.leap.store.claim_timeout / 2

    def _record(self, done: tuple[UserKey, list[str]]) -> None:
        self.leap.handle(Delivered(done[0], tuple(done[1])))

    def _send(self, out: DirectMessage | ChannelPost) -> bool:
        """Hand one message to the platform; True when a nudge was delivered."""
        if isinstance(out, ChannelPost):
            self._post(out)
            return False
        try:
            self.messenger.send(out)
        except SendError as err:
            log.warning("nudge %s not delivered: %s", ",".join(out.nudge_ids), err.reason)
            if out.nudge_ids:
                self.leap.handle(DeliveryFailed(out.to, out.nudge_ids, err.reason, err.permanent))
            return False
        except Exception as err:  # a platform bug must not stop the other deliveries
            log.exception("nudge %s failed unexpectedly", ",".join(out.nudge_ids))
            if out.nudge_ids:
                self.leap.handle(DeliveryFailed(out.to, out.nudge_ids, repr(err)))
            return False
        return True

    def _post(self, out: ChannelPost) -> None:
        """Post in a group channel; report a scheduled post's outcome to the core (see
        ``bot.events.Delivered``), and send what the core answers (a note to the group's
        starter when the post failed)."""
        send_post = getattr(self.messenger, "post", None)
        error: SendError | None = None
        try:
            if send_post is None:
                raise SendError("this platform cannot post in channels", permanent=True)
            send_post(out)
        except SendError as err:
            log.warning("channel post to %s failed: %s", out.channel, err.reason)
            error = err
        except Exception as err:  # a platform bug must not stop the other deliveries
            log.exception("channel post to %s failed", out.channel)
            error = SendError(repr(err))
        report = report_for(out, error)  # the responder's rule: tracked posts only
        if report is None:
            return
        for answer in self.leap.handle(report):
            if isinstance(answer, DirectMessage):
                self._send(answer)

    # -- APScheduler ---------------------------------------------------------------------
    def start(self) -> None:
        """Poll every ``poll`` and also wake exactly when the next nudge falls due."""
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.date import DateTrigger  # noqa: F401  (for _plan_next_wake)
        from apscheduler.triggers.interval import IntervalTrigger

        scheduler = BackgroundScheduler(
            timezone="UTC",
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        scheduler.add_job(
            self.safe_round,
            IntervalTrigger(seconds=self.poll.total_seconds()),
            id="poll",
            replace_existing=True,
        )
        with self._wake_lock:
            scheduler.start()
            self._scheduler = scheduler
        self.safe_round()  # deliver what fell due while we were down

    def shutdown(self) -> None:
        with self._wake_lock:
            scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            # Jobs first, under APScheduler's job-store lock: a round of the scheduler that
            # is under way finishes before, and one that starts after finds nothing due.
            # Shutting down with jobs left let a running round look for the job it had
            # just run among the stopped scheduler's pending ones, and its thread died
            # with JobLookupError ('next').
            scheduler.remove_all_jobs()
            scheduler.shutdown(wait=True)

    def safe_round(self) -> None:
        """One delivery round whose failure is logged, never raised: the scheduler's job."""
        try:
            self.deliver_due()
        except Exception:
            log.exception("delivery round failed; the next one will try again")

    def next_wake(self, now: datetime) -> datetime | None:
        """When the next nudge becomes deliverable: its due time, or, for one claimed by a
        delivery that never reported back, when that claim goes stale — never in the past,
        so a fresh claim cannot make the timer spin."""
        upcoming = self.leap.store.due_nudges(datetime.max.replace(tzinfo=UTC), limit=1)
        if not upcoming:
            return None
        nudge = upcoming[0][1]
        when = nudge.due_at
        if nudge.state == NudgeState.CLAIMED and nudge.claimed_at is not None:
            when = nudge.claimed_at + self.leap.store.claim_timeout
        return max(when, now + MIN_WAKE)

    def _plan_next_wake(self) -> None:
        when = self.next_wake(self.leap.clock.now())
        if when is None:
            return
        with self._wake_lock:  # never add_job while shutdown() holds APScheduler's locks
            if self._scheduler is not None:
                from apscheduler.triggers.date import DateTrigger

                self._scheduler.add_job(
                    self.safe_round,
                    DateTrigger(run_date=when),
                    id="next",
                    replace_existing=True,
                )
