"""The load generator of ``bench/slack.py``: seeding the store, signed ``/leap`` requests
over fresh loopback connections, the phases' clients, and the figures they collect."""

from __future__ import annotations

import http.client
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bench.core import START, person, seed_contact
from bench.slack_apps import SECRET, Child
from bot.clock import FakeClock, SequentialIds
from bot.context import Config
from bot.core import Leap
from bot.events import Actor, Command
from storage.tinydb_store import TinyDBStore
from tests.fakes.slack_api import event_body, signed_headers, slash_command_body

CONTACTS = 1000
CLIENTS = 20


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


def post(
    url: str, api_url: str, user: int, n: int, sent: dict[str, float] | None = None
) -> tuple[float, bool]:
    name = f"u{user}n{n}"  # one response URL per request
    body = slash_command_body(
        command_text(n, user),
        user_id=f"U{user:03d}",
        team_id="T1",
        response_url=api_url.replace("/api/", f"/response/{name}"),
    )
    if sent is not None:
        sent[name] = time.monotonic()  # system-wide: the fake API's process compares
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


@dataclass(slots=True)
class Phase:
    acks_ms: list[float]
    wall_s: float = 0.0
    failures: int = 0
    cpu_s: float = 0.0  # the app's processes' CPU time, the work after the acks included
    core_s: float = 0.0  # of which in ``Leap.handle`` (the core and the store)
    ack_s: float = 0.0  # of which in the process that acknowledges (Leap's front)
    sent: dict[str, float] = field(default_factory=dict)  # response URL: when sent
    answers_ms: list[float] = field(default_factory=list)  # until the first answer landed

    def add(self, other: Phase, cpu: tuple[float, float, float]) -> None:
        self.acks_ms += other.acks_ms
        self.wall_s += other.wall_s
        self.failures += other.failures
        self.cpu_s += cpu[0]
        self.core_s += cpu[1]
        self.ack_s += cpu[2]
        self.sent.update(other.sent)

    def answered(self, arrivals: dict[str, float]) -> None:
        """When each request's first answer reached the (fake) Slack, after it was sent."""
        self.answers_ms = [
            (arrivals[name] - at) * 1000 for name, at in self.sent.items() if name in arrivals
        ]


def drive(url: str, api: str, clients: int, per_client: int, first: int) -> Phase:
    """``clients`` threads, each sending ``per_client`` commands one after another."""
    acks: list[float] = []
    failures = 0
    lock = threading.Lock()
    sent: dict[str, float] = {}

    def client(user: int) -> None:
        nonlocal failures
        for n in range(first, first + per_client):
            ms, ok = post(url, api, user, n, sent)
            with lock:
                acks.append(ms)
                failures += 0 if ok else 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(u,)) for u in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Phase(acks, time.perf_counter() - started, failures, sent=sent)


def answer_times(app: Child, api: Child, requests: int) -> list[float]:
    """One command at a time, each sent once the one before was answered (nothing else
    running): ms from sending it until its first answer reached Slack."""
    app.settle()
    found: list[float] = []
    for n in range(requests):
        name = f"q{n}"
        body = slash_command_body(
            command_text(n, 0),
            user_id="U000",
            team_id="T1",
            response_url=api.url.replace("/api/", f"/response/{name}"),
        )
        started = time.monotonic()
        send(app.url, body, signed_headers(body, SECRET))
        landed = api.ask(("wait", name))
        if isinstance(landed, float):
            found.append((landed - started) * 1000)
    return found


def alternate(
    apps: dict[str, Child], api: str, clients: int, per_client: int, rounds: int
) -> dict[str, Phase]:
    """``rounds`` rounds per app, the apps taking turns (and turns about going first);
    each app has finished its work (``settle``) before the other's round starts."""
    found = {label: Phase([]) for label in apps}
    labels = list(apps)
    for r in range(rounds):
        for label in labels if r % 2 == 0 else labels[::-1]:
            child = apps[label]
            before = child.settle()
            phase = drive(child.url, api, clients, per_client, r * per_client)
            after = child.settle()
            found[label].add(
                phase, (after[0] - before[0], after[1] - before[1], after[2] - before[2])
            )
    return found


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def burst(url: str, api: str, adds: int, acked: list[tuple[str, str]]) -> Phase:
    """``adds`` `/leap add` from ``CLIENTS`` concurrent clients; what got a 200 in ``acked``."""
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
                response_url=api.replace("/api/", f"/response/c{user}n{n}"),
            )
            ms, ok = send(url, body, signed_headers(body, SECRET))
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
    return Phase(acks, time.perf_counter() - started, failures)
