"""Answer before the acknowledgement: a 200 to Slack means the command is done.

Slack never retries a request it got a 200 for, so work that waited in memory behind the
acknowledgement was lost with the process. Here the core runs first, on a small pool of
its own, one user at a time; when it finishes within ``ACK_BUDGET`` (the usual case: a
few milliseconds) its changes are stored before Slack hears back, and the first private
or group reply rides in the acknowledgement itself. Only work that outlasts the budget is
acknowledged first and delivered when it ends (Slack waits at most 3 s).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from slack_bolt.request import BoltRequest

from adapters.slack.deliver import Origin
from adapters.slack.people import Bounded
from adapters.slack.render import fallback_text, message_blocks
from bot.events import Actor
from bot.replies import Outbound, Reply

log = logging.getLogger("leap.slack")
ACK_BUDGET = 2.0  # seconds of Slack's 3 for the core before acknowledging without it
# Set by the worker (``worker.Consumer``) on a request the HTTP front acknowledged already
# and kept in its inbox: nothing can ride in the acknowledgement any more.
ACKED = "x-leap-acked"


def acked_already(request: BoltRequest) -> bool:
    """Whether Slack has had its acknowledgement for ``request`` (from the HTTP front)."""
    return bool(request.headers.get(ACKED))


@dataclass(slots=True)
class Answer:
    """What the core said to one request, and where it goes."""

    origin: Origin
    actor: Actor
    outs: list[Outbound]
    from_home: bool = False


class Pending:
    """A request being answered: wait for it, or hand its late answer to ``later``."""

    def __init__(self) -> None:
        self.future: Future[Answer] = Future()
        self._lock = threading.Lock()
        self._finished = False
        self._answer: Answer | None = None
        self._late: Callable[[Answer], None] | None = None

    def wait(self, timeout: float | None) -> Answer:
        """The answer within ``timeout`` seconds (raises ``TimeoutError`` past it)."""
        return self.future.result(timeout=timeout)

    def later(self, deliver: Callable[[Answer], None]) -> None:
        """Deliver the answer when it comes (at once if it came meanwhile)."""
        with self._lock:
            if not self._finished:
                self._late = deliver
                return
            answer = self._answer
        if answer is not None:
            deliver(answer)

    def finish(self, answer: Answer | None) -> None:
        with self._lock:
            self._finished, self._answer, late = True, answer, self._late
        if late is not None and answer is not None:
            late(answer)


class Answering:
    """Runs the core for a request with a deadline; one user's requests one at a time."""

    def __init__(self, workers: int = 8, budget: float = ACK_BUDGET) -> None:
        self.budget = budget
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="leap-core")
        self._locks: Bounded[str, threading.Lock] = Bounded(10_000)
        self._guard = threading.Lock()
        self._running = 0
        self._idle = threading.Condition()

    def _lock(self, key: str) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(key)
            if lock is None:
                lock = threading.Lock()
                self._locks.put(key, lock)
            return lock

    def start(self, key: str, fn: Callable[..., Answer], *args: Any) -> Pending:
        lock, pending = self._lock(key), Pending()

        def run() -> None:
            answer: Answer | None = None
            try:
                with lock:
                    answer = fn(*args)
                pending.future.set_result(answer)
            except Exception as err:
                log.exception("answering a Slack request failed")
                pending.future.set_exception(err)
            finally:
                try:
                    pending.finish(answer)  # a late answer is handed on before going idle
                finally:
                    with self._idle:
                        self._running -= 1
                        self._idle.notify_all()

        with self._idle:
            self._running += 1
        self._executor.submit(run)
        return pending

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no request is being answered (tests; shutting down)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._running == 0, timeout=timeout)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)


def split_for_ack(answer: Answer) -> tuple[Reply | None, list[Outbound]]:
    """The reply the acknowledgement can carry, and what goes after it. Only a first
    reply without files qualifies (order is kept); in the bot's own DM replies are posted
    as lasting messages instead, so nothing rides in the acknowledgement there."""
    outs = answer.outs
    if answer.origin.bot_dm or not outs:
        return None, outs
    first = outs[0]
    if not isinstance(first, Reply) or first.message.files:
        return None, outs
    return first, outs[1:]


def ack_fields(reply: Reply) -> dict[str, Any]:
    """bolt ``ack(**fields)`` for a slash command answered in its acknowledgement."""
    return {
        "text": fallback_text(reply.message),
        "blocks": message_blocks(reply.message),
        "response_type": "in_channel" if reply.public else "ephemeral",
    }
