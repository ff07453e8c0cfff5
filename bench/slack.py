"""How fast Leap's Slack app acknowledges signed ``/leap`` requests over loopback HTTP.

Run:  python -m bench.slack  [--quick]

The real bolt app (``adapters.slack.app.create_app``) is served by Leap's own HTTP
transport (``adapters.slack.server.HttpServer``) on 127.0.0.1 in a process of its own, as
in production; the Slack Web API (the loopback fake from ``tests/fakes``) runs in a second
child process and the load generator in this one.
Each user holds 1,000 contacts in a TinyDB store. Requests are signed as Slack signs
them and sent over a fresh HTTP connection each; the timed span is the round trip of the
POST, i.e. Slack's view of the acknowledgement (Slack's limit: 3 s; target: p99 < 100 ms).

Two phases: sequential (one user, one request at a time) and 20 concurrent clients (20
users). The commands cycle through contacts, show NAME, next, add NAME and help. Every
user has opened the App Home, so the work after each acknowledgement (the core, the
store, the reply through the response_url, the App Home refresh) is the costliest case;
it runs in the background, and the time to drain it is printed too.

A third phase checks that an acknowledged command is stored: a burst of 1,000 `/leap add`
from 20 concurrent clients, then SIGKILL of the app the moment the last one is answered;
the store is reopened and every add Slack got a 200 for is looked up (Slack never retries
a request it got a 200 for, so one missing would be lost for good).

Figures only: this script prints, it never asserts.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from urllib.parse import urlsplit

from slack_sdk import WebClient

from adapters.slack.app import create_app
from adapters.slack.deliver import retry_handlers
from adapters.slack.main import tune_runtime
from adapters.slack.pool import WorkPool
from adapters.slack.server import HttpServer
from bench.core import START, person, seed_contact
from bot.clock import FakeClock, SequentialIds
from bot.context import Config
from bot.core import Leap
from bot.events import Actor, Command
from bot.models import UserKey
from storage.tinydb_store import TinyDBStore
from tests.fakes.slack_api import (
    FakeSlackAPI,
    event_body,
    signed_headers,
    slash_command_body,
)

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
CONTACTS = 1000
CLIENTS = 20
TARGET_MS = 100.0


@dataclass(slots=True)
class Phase:
    name: str
    acks_ms: list[float]
    wall_s: float
    drain_s: float
    failures: int


def seed(folder: str, users: int, contacts: int = CONTACTS) -> None:
    rng = random.Random(7)
    store = TinyDBStore(folder)
    try:
        leap = Leap(store, FakeClock(START), SequentialIds(), Config(default_tz="UTC"))
        for u in range(users):
            who = Actor("slack", "T1", f"U{u:03d}", display_name=f"User {u}", tz_hint="UTC")
            leap.handle(Command(who, "help"))
            with store.transaction(who.key):
                for i in range(contacts):
                    store.save_contact(who.key, seed_contact(i, rng))
    finally:
        store.close()


def command_text(n: int, user: int) -> str:
    kind = n % 5
    if kind == 0:
        return "contacts"
    if kind == 1:
        return f"show {person((n * 37) % CONTACTS)}"
    if kind == 2:
        return "next"
    if kind == 3:
        return f"add Bench Person{user}x{n} at Acme; role analyst"
    return "help"


def post(url: str, api_url: str, user: int, n: int) -> tuple[float, bool]:
    body = slash_command_body(
        command_text(n, user),
        user_id=f"U{user:03d}",
        team_id="T1",
        response_url=api_url.replace("/api/", f"/response/u{user}n{n}"),  # one per request
    )
    return send(url, body, signed_headers(body, SECRET))


def send(url: str, body: str, headers: dict[str, str]) -> tuple[float, bool]:
    """One POST on a fresh connection (http.client: little client-side CPU, since the load
    generator shares this machine with the app); returns (ms, answered 200)."""
    parts = urlsplit(url)
    started = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        conn.request("POST", parts.path, body=body.encode(), headers=headers)
        answer = conn.getresponse()
        answer.read()
    finally:
        conn.close()
    return (time.perf_counter() - started) * 1000, answer.status == 200


def open_home(url: str, user: int) -> None:
    event = {
        "type": "app_home_opened",
        "user": f"U{user:03d}",
        "tab": "home",
        "channel": f"DU{user:03d}",
    }
    body = event_body(event, event_id=f"EvHome{user}")
    send(url, body, signed_headers(body, SECRET, content_type="application/json"))


def run_phase(
    name: str, url: str, api: str, drain: Callable[[], None], clients: int, per_client: int
) -> Phase:
    acks: list[float] = []
    failures = 0
    lock = threading.Lock()

    def client(user: int) -> None:
        nonlocal failures
        for n in range(per_client):
            ms, ok = post(url, api, user, n)
            with lock:
                acks.append(ms)
                failures += 0 if ok else 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(u,)) for u in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    drain()
    return Phase(name, acks, wall, time.perf_counter() - started, failures)


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(phases: list[Phase], replies: int, elapsed: float) -> None:
    print()
    print(
        f"Slack /leap over loopback HTTP — signed slash commands, {CONTACTS:,} contacts "
        "per user; acknowledgement round trip, ms"
    )
    head = (
        f"{'phase':<24}{'requests':>9}{'median':>9}{'p90':>9}{'p99':>9}{'max':>9}"
        f"{'req/s':>8}{'drained s':>11}   p99 < {TARGET_MS:g} ms"
    )
    print(head)
    print("-" * (len(head) + 2))
    for p in phases:
        p99 = pct(p.acks_ms, 99)
        verdict = "PASS" if p99 < TARGET_MS and not p.failures else "FAIL"
        print(
            f"{p.name:<24}{len(p.acks_ms):>9}{statistics.median(p.acks_ms):>9.1f}"
            f"{pct(p.acks_ms, 90):>9.1f}{p99:>9.1f}{max(p.acks_ms):>9.1f}"
            f"{len(p.acks_ms) / p.wall_s:>8.0f}{p.drain_s:>11.2f}   {verdict}"
            + (f" ({p.failures} non-200)" if p.failures else "")
        )
    print()
    print("drained s: from the first request until every reply, store write and App Home")
    print(f"publish had finished; replies received by the fake Web API: {replies}.")
    print("Three processes: load generator, the app (as `leap slack --http` runs it), and the")
    print("fake Web API.")
    print(f"Python {sys.version.split()[0]}; whole run {elapsed:.1f} s.")


def serve_app(folder: str, api_url: str, conn: Connection) -> None:
    """The app under test, in its own process (as it runs in production): it shares no
    interpreter lock with the load generator and the fake Web API."""
    tune_runtime()  # as ``leap slack`` does
    store = TinyDBStore(folder)
    pool = WorkPool()
    try:
        leap = Leap(store, FakeClock(START), SequentialIds(), Config(default_tz="UTC"))
        client = WebClient(base_url=api_url, retry_handlers=retry_handlers())
        app = create_app(leap, token=TOKEN, signing_secret=SECRET, client=client, pool=pool)
        with HttpServer(app, "127.0.0.1", 0, gate=pool.request) as server:
            conn.send(server.url)
            while (order := conn.recv()) != "stop":
                conn.send(pool.wait_idle(timeout=600) and order)
    finally:
        pool.shutdown()
        store.close()
        conn.send("stopped")


def serve_fake_api(conn: Connection) -> None:
    """The fake Slack Web API, in a third process: Slack's servers are not on our CPU's
    interpreter lock either."""
    with FakeSlackAPI() as api:
        conn.send(api.base_url)
        while conn.recv() != "stop":
            conn.send(sum(1 for c in api.calls if c.method.startswith("response_url:")))
    conn.send("stopped")


class Child:
    """A spawned process answering orders through a pipe; its first message is a URL."""

    def __init__(self, target: Callable[..., None], *args: str) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=target, args=(*args, child))
        self.process.start()
        self.url = str(self.conn.recv())

    def ask(self, order: str) -> object:
        self.conn.send(order)
        return self.conn.recv()

    def drain(self) -> None:
        self.ask("drain")

    def stop(self) -> None:
        self.ask("stop")
        self.process.join(30)


@dataclass(slots=True)
class Crash:
    phase: Phase
    acked: int
    stored: int


def crash_phase(api: Child, adds: int) -> Crash:
    """A burst of acknowledged adds, SIGKILL, then count what the store kept."""
    folder = tempfile.mkdtemp(prefix="leap-bench-slack-crash-")
    try:
        seed(folder, CLIENTS, contacts=0)
        app = Child(serve_app, folder, api.url)
        acked: list[tuple[str, str]] = []
        acks: list[float] = []
        failures = 0
        lock = threading.Lock()

        def client(user: int) -> None:
            nonlocal failures
            who = f"U{user:03d}"
            for n in range(adds // CLIENTS):
                name = f"Crash {who} N{n}"
                body = slash_command_body(
                    f"add {name} at Acme",
                    user_id=who,
                    team_id="T1",
                    response_url=api.url.replace("/api/", f"/response/c{user}n{n}"),
                )
                ms, ok = send(app.url, body, signed_headers(body, SECRET))
                with lock:
                    acks.append(ms)
                    if ok:
                        acked.append((who, name))
                    else:
                        failures += 1

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(u,)) for u in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        app.process.kill()  # SIGKILL: no shutdown, no draining
        app.process.join(30)
        store = TinyDBStore(folder)
        try:
            kept = {
                (f"U{u:03d}", c.name)
                for u in range(CLIENTS)
                for c in store.contacts(UserKey("slack", "T1", f"U{u:03d}"))
            }
        finally:
            store.close()
        phase = Phase(f"burst of {adds} adds", acks, wall, wall, failures)
        return Crash(phase, len(acked), sum(1 for a in acked if a in kept))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests")
    args = parser.parse_args(argv)
    sequential, per_client = (60, 5) if args.quick else (300, 25)
    began = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="leap-bench-slack-")
    try:
        seed(folder, CLIENTS)
        api = Child(serve_fake_api)
        try:
            app = Child(serve_app, folder, api.url)
            try:
                for user in range(CLIENTS):  # warm-up: users.info, imports; every user
                    post(app.url, api.url, user, 4)  # opens the App Home, so each command
                    open_home(app.url, user)  # also refreshes it (the costlier case)
                app.drain()
                phases = [
                    run_phase("sequential, 1 client", app.url, api.url, app.drain, 1, sequential),
                    run_phase(
                        f"{CLIENTS} concurrent clients",
                        app.url,
                        api.url,
                        app.drain,
                        CLIENTS,
                        per_client,
                    ),
                ]
            finally:
                app.stop()
            replies = int(str(api.ask("count")))
            crash = crash_phase(api, 200 if args.quick else 1000)
        finally:
            api.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report([*phases, crash.phase], replies, time.perf_counter() - began)
    lost = crash.acked - crash.stored
    print(
        f"SIGKILL after the burst: {crash.acked} adds acknowledged, {crash.stored} stored, "
        f"{lost} lost ({'PASS' if not lost else 'FAIL'})."
    )


if __name__ == "__main__":
    main()
