"""Worker factories for ``handoff.WorkerLink`` in the Slack front tests.

``WorkerLink`` starts its worker with multiprocessing's spawn: the factory and its
arguments are pickled, so each one is a top-level function of this module, and the worker
process imports it afresh (nothing of the test process is shared but the arguments).

- ``leap_worker``: Leap as ``leap slack --http`` builds it (``main.worker_parts``), on a
  TinyDB data folder, the fake clock and the loopback fake Slack API.
- ``echo_worker``: a bare bolt app whose ``/leap`` answers ``echo: TEXT`` through the
  response URL, and whose process dies on the text ``die`` (a poisonous request).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, NoReturn

from slack_bolt import App
from slack_sdk import WebClient

from adapters.slack.app import create_app
from adapters.slack.deliver import retry_handlers
from adapters.slack.pool import WorkPool
from adapters.slack.worker import WorkerParts
from bot.clock import FakeClock
from bot.context import Config
from bot.core import Leap
from storage.tinydb_store import TinyDBStore
from tests.adapters.test_slack_rig import SECRET, START, TOKEN

POISON = "die"
HOLD = "hold"


def leap_worker(folder: str, api_url: str) -> WorkerParts:
    """Leap's worker: the store, the core and bolt, as the Rig builds them; ids are random,
    as in production (a restarted worker must not hand out ``c_1`` again)."""
    store = TinyDBStore(folder)
    pool = WorkPool(4)
    leap = Leap(store, FakeClock(START), config=Config(default_tz=None))
    client = WebClient(base_url=api_url, retry_handlers=retry_handlers())
    app = create_app(
        leap, token=TOKEN, signing_secret=SECRET, client=client, pool=pool, home_debounce=0
    )

    def close() -> None:
        pool.shutdown()
        store.close()

    return WorkerParts(
        app, SECRET, close, gate=pool.request, idle=lambda: pool.wait_idle(timeout=30)
    )


def echo_worker(api_url: str, hold_in: str = "") -> WorkerParts:
    """A bare bolt app: ``/leap TEXT`` answers ``echo: TEXT`` by its response URL; the
    text ``die`` ends the worker process on the spot, as a crash in a C extension would."""
    app = App(
        client=WebClient(token=TOKEN, base_url=api_url),
        signing_secret=SECRET,
        process_before_response=True,
    )

    @app.command("/leap")
    def echo(ack: Callable[[], None], command: dict[str, Any], respond: Any) -> None:
        ack()
        if command.get("text") == POISON:
            if hold_in:
                await_hold(hold_in)
            os._exit(1)
        if hold_in and command.get("text") == HOLD:
            hold(hold_in)
        respond(f"echo: {command.get('text')}")
        if hold_in and command.get("text") == HOLD:
            open(os.path.join(hold_in, "answered"), "w").close()

    return WorkerParts(app, SECRET, lambda: None)


def held_echo_worker(api_url: str, folder: str) -> WorkerParts:
    """``echo_worker``, but every start after the first writes ``held-PID`` in ``folder``
    and waits until ``folder/go`` exists: a test can act while a worker is starting."""
    if os.listdir(folder):
        open(os.path.join(folder, f"held-{os.getpid()}"), "w").close()
        while not os.path.exists(os.path.join(folder, "go")):
            time.sleep(0.01)
    else:
        open(os.path.join(folder, "first"), "w").close()
    return echo_worker(api_url)


def holding_echo_worker(api_url: str, folder: str) -> WorkerParts:
    """``echo_worker`` whose text ``hold`` stays in hand until the worker dies the first
    time, and whenever a ``die`` reaches the same worker while it is in hand (else it is
    answered after at most a second); a ``die`` waits until a ``hold`` not yet answered is
    in hand in its worker. So the two are in hand together whenever one worker is given
    both at once, and only then."""
    return echo_worker(api_url, folder)


def hold(folder: str) -> None:
    """``hold`` in hand (``holding-PID``): for good the first time, or once a ``die``
    reaches this worker (``dying-PID``); else for at most a second."""
    pid = os.getpid()
    open(os.path.join(folder, f"holding-{pid}"), "w").close()
    first = os.path.join(folder, "holding")
    if not os.path.exists(first):
        open(first, "w").close()
        forever()
    if appears(os.path.join(folder, f"dying-{pid}"), polls=100):
        forever()


def forever() -> NoReturn:
    while True:  # in hand until this worker dies
        time.sleep(1)


def await_hold(folder: str) -> None:
    """Before dying: if ``hold`` is still to be answered, until this worker has it in hand
    (at most 30 s: a worker handling it alone never has it beside this one)."""
    if os.path.exists(os.path.join(folder, "answered")):
        return
    pid = os.getpid()
    open(os.path.join(folder, f"dying-{pid}"), "w").close()
    appears(os.path.join(folder, f"holding-{pid}"), polls=3000)


def appears(path: str, polls: int) -> bool:
    """Whether ``path`` exists within ``polls`` looks, 10 ms apart (a bound, not a
    measure: no outcome of the code under test depends on how long it takes)."""
    for _ in range(polls):
        if os.path.exists(path):
            return True
        time.sleep(0.01)
    return False
