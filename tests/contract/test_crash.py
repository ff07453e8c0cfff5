"""Kill a writing process with SIGKILL at random moments; the data must always load, hold
every acknowledged write, and be exactly the state before or after the write in flight.

Each trial starts ``crash_writer.py`` on the same folder (so every trial also recovers
from the previous kill), reads a random number of acknowledgements from its stdout, waits
a random fraction of a write, and kills it. The test then reopens the store itself, which
also shows that the dead process's folder lock was released.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from storage.tinydb_store import TinyDBStore
from tests.contract.crash_writer import State, apply_step, read_state

TRIALS = 120
WRITER = Path(__file__).with_name("crash_writer.py")
REPO = Path(__file__).resolve().parents[2]


def start_writer(folder: Path, mode: str, first: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(folder), mode, str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=str(REPO),
    )


def kill_at_random(proc: subprocess.Popen[str], rng: random.Random) -> list[str]:
    """Kill the writer at a random moment; return every line it printed."""
    assert proc.stdout is not None
    lines: list[str] = []
    watchdog = threading.Timer(30, proc.kill)  # a hung writer fails the test, not hangs it
    watchdog.start()
    try:
        if rng.random() < 0.1:
            time.sleep(rng.uniform(0, 0.12))  # somewhere in start-up or the first writes
        else:
            acks = rng.randint(0, 30)
            while len(lines) < acks + 1:  # "ready", then the acknowledgements
                line = proc.stdout.readline()
                if not line:
                    break  # it died by itself: the checks below will say why
                lines.append(line.strip())
            time.sleep(rng.uniform(0, 0.003))  # a random point inside the next write
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        watchdog.cancel()
    lines.extend(line.strip() for line in proc.stdout.read().splitlines())
    return lines


def test_a_writer_killed_at_random_moments_never_loses_or_tears_data(tmp_path: Path) -> None:
    rng = random.Random(20261201)
    folder = tmp_path / "data"
    state: State = {}
    next_step = 0
    landed = torn_temp = acked_total = 0
    began = time.perf_counter()
    for trial in range(TRIALS):
        mode = ("single", "txn")[trial % 2]
        proc = start_writer(folder, mode, next_step)
        lines = kill_at_random(proc, rng)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
        if proc.stderr is not None:
            assert proc.stderr.read() == ""
            proc.stderr.close()
        if proc.stdout is not None:
            proc.stdout.close()
        acked = [int(x) for x in lines if x.isdigit()]
        assert acked == list(range(next_step, next_step + len(acked))), lines
        acked_total += len(acked)

        old = state
        for step in acked:
            old = apply_step(old, mode, step)
        in_flight = next_step + len(acked)
        new = apply_step(old, mode, in_flight)

        files = (
            [p for p in (folder / "users").rglob("*") if p.is_file()]
            if (folder / "users").exists()
            else []
        )
        torn_temp += any(p.name.startswith(".tmp-") for p in files)
        for path in files:
            if path.suffix == ".json":
                json.loads(path.read_text("utf-8"))  # a whole JSON document, never torn

        store = TinyDBStore(str(folder))  # also proves the dead writer's lock is gone
        try:
            found = read_state(store)
        finally:
            store.close()
        assert found in (old, new), (
            f"trial {trial} ({mode}): acknowledged up to {in_flight - 1}; "
            f"found {sorted(found.items())}"
        )
        landed += found == new and new != old
        leftovers = (
            [p for p in (folder / "users").rglob(".tmp-*")] if (folder / "users").exists() else []
        )
        assert leftovers == []
        state = found
        next_step = in_flight + 1

    elapsed = time.perf_counter() - began
    print(
        f"\n{TRIALS} kills in {elapsed:.1f} s: {acked_total} acknowledged steps kept, "
        f"{landed} unacknowledged steps had landed, {torn_temp} kills left a temp file"
    )
    assert acked_total > TRIALS  # the kills did land among writes, not only before them
