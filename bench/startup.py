"""How long ``leap console`` takes to give its first reply, against a bare Python start.

Run:  python -m bench.startup  [--runs N]

Every figure is a whole process, spawned fresh, timed from spawn:

- the floor: ``python -c pass`` (the same interpreter and virtual environment, so the
  interpreter's own start and ``site`` are in the floor, not in Leap's share);
- import probes: ``python -c "import bot.core"`` and friends, until the process exits;
- Leap: ``python -m adapters.cli --data <empty temp folder> console`` with one command
  on stdin, timed until the first line of its reply is on stdout. Its stdin stays open
  until then, so the process cannot exit early; then stdin closes and the process ends.

CPU is the child's user + system time (``getrusage(RUSAGE_CHILDREN)``) from spawn to exit.
Runs are interleaved (floor, probe, Leap, floor, ...) so a busy machine slows all alike;
the ratio Leap ÷ floor is the figure that travels between machines. Then one run under
``python -X importtime`` says where the time goes, and one in-process probe times opening
an empty TinyDB store (the store is part of the first reply, not of the imports).

Figures only: this script prints, it never asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

TARGET_MS = 250.0
COMMANDS = ("/leap help", "/leap add Maria Lopez")
PROBES = {
    "import bot.core": "import bot.core",
    "import adapters.cli": "import adapters.cli",
    "import dateparser (warmed off the request path)": "import dateparser",
}
STORE_OPEN = """
import sys, time
from storage import open_store
start = time.perf_counter()
store = open_store(sys.argv[1])
print(f"{(time.perf_counter() - start) * 1000:.2f}")
store.close()
"""


@dataclass(slots=True)
class Sample:
    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("LEAP_DATA", None)
    env["NO_COLOR"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # every run reads the same .pyc files
    return env


def run_to_exit(argv: list[str], into: Sample) -> None:
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=_env())
    into.wall_ms.append((time.perf_counter() - start) * 1000)
    into.cpu_ms.append(_children_cpu() - cpu)


def leap_argv(data: str, *extra: str) -> list[str]:
    return [sys.executable, *extra, "-m", "adapters.cli", "--data", data, "console"]


def first_reply(command: str, into: Sample) -> None:
    """Spawn the console on a fresh empty folder, send ``command``, time the first line."""
    with tempfile.TemporaryDirectory(prefix="leap-startup-") as tmp:
        data = os.path.join(tmp, "data")
        cpu = _children_cpu()
        start = time.perf_counter()
        proc = subprocess.Popen(
            leap_argv(data),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_env(),
            text=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(command + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        into.wall_ms.append((time.perf_counter() - start) * 1000)
        proc.stdin.close()
        proc.stdout.read()
        proc.wait()
        into.cpu_ms.append(_children_cpu() - cpu)
        if not line or proc.returncode:
            raise SystemExit(f"leap console failed (exit {proc.returncode}): {line!r}")


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def row(name: str, sample: Sample, floor: float | None = None) -> str:
    med = statistics.median(sample.wall_ms)
    text = (
        f"  {name:<48} wall median {med:7.1f} ms  p90 {p90(sample.wall_ms):7.1f} ms"
        f"   cpu median {statistics.median(sample.cpu_ms):7.1f} ms"
    )
    if floor:
        text += f"   ×{med / floor:5.2f}  +{med - floor:6.1f} ms"
    return text


def measure(runs: int) -> tuple[Sample, dict[str, Sample], dict[str, Sample]]:
    floor = Sample()
    probes = {name: Sample() for name in PROBES}
    leap = {command: Sample() for command in COMMANDS}
    jobs: list[Callable[[], None]] = [
        lambda: run_to_exit([sys.executable, "-c", "pass"], floor),
        *(
            (lambda code=code, s=probes[name]: run_to_exit([sys.executable, "-c", code], s))
            for name, code in PROBES.items()
        ),
        *((lambda c=c: first_reply(c, leap[c])) for c in COMMANDS),
    ]
    for job in jobs:  # warm the file cache and the .pyc files once, untimed
        job()
    for sample in (floor, *probes.values(), *leap.values()):
        sample.wall_ms.clear()
        sample.cpu_ms.clear()
    for _ in range(runs):
        for job in jobs:
            job()
    return floor, probes, leap


def import_offenders(command: str, top: int = 10) -> tuple[list[tuple[int, int, str]], set[str]]:
    """One console run under ``-X importtime``: (self µs, cumulative µs, module) rows."""
    with tempfile.TemporaryDirectory(prefix="leap-startup-") as tmp:
        done = subprocess.run(
            leap_argv(os.path.join(tmp, "data"), "-X", "importtime"),
            input=command + "\n",
            capture_output=True,
            text=True,
            env=_env(),
            check=True,
        )
    rows: list[tuple[int, int, str]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        rows.append((int(own), int(cumulative), name.strip()))
    return rows, {name for _, _, name in rows}


def store_open_ms(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="leap-startup-") as tmp:
            out = subprocess.run(
                [sys.executable, "-c", STORE_OPEN, os.path.join(tmp, "data")],
                capture_output=True,
                text=True,
                check=True,
                env=_env(),
            )
            times.append(float(out.stdout.strip()))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    args = ap.parse_args()
    print(f"leap console first reply on an empty store, {args.runs} runs each, {sys.executable}")
    floor, probes, leap = measure(args.runs)
    floor_ms = statistics.median(floor.wall_ms)
    print("\nfloor (whole process, spawn to exit):")
    print(row("python -c pass", floor))
    print("\nimport probes (whole process, spawn to exit):")
    for name, sample in probes.items():
        print(row(name, sample, floor_ms))
    print("\nleap console, spawn to first reply line (cpu: spawn to exit):")
    for command, sample in leap.items():
        med = statistics.median(sample.wall_ms)
        mark = "PASS" if med < TARGET_MS else "MISS"
        print(row(command, sample, floor_ms) + f"   {mark} (< {TARGET_MS:.0f} ms)")

    opens = store_open_ms(max(3, args.runs // 3))
    print(
        f"\nopening the empty TinyDB store (in process, after its imports): "
        f"median {statistics.median(opens):.1f} ms"
    )

    rows, loaded = import_offenders(COMMANDS[0])
    print(f"\nwhere the import time goes (one run of {COMMANDS[0]!r} under -X importtime):")
    print("  biggest cumulative:")
    for own, cumulative, name in sorted(rows, key=lambda r: -r[1])[:10]:
        print(f"    {cumulative / 1000:7.1f} ms  {name}   (self {own / 1000:.1f} ms)")
    print("  biggest self (the module's own code: class bodies, compiled patterns):")
    for own, _, name in sorted(rows, key=lambda r: -r[0])[:10]:
        print(f"    {own / 1000:7.1f} ms  {name}")
    heavy = ("dateparser", "icalendar", "apscheduler", "PIL", "holidays", "nameparser")
    print("  heavy libraries loaded by a one-command run: ", end="")
    print(", ".join(h for h in heavy if h in loaded) or "none", end="")
    print(f"   (checked: {', '.join(heavy)}; bot.coach.check: {'bot.coach.check' in loaded})")


if __name__ == "__main__":
    main()
