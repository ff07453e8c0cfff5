"""How long ``leap console`` takes to give its first reply, against a bare Python start.

Run:  python -m bench.startup  [--runs N | --quick]

Every figure is a whole process, spawned fresh, timed from spawn:

- the floor: ``python -c pass`` (the same interpreter and virtual environment, so the
  interpreter's own start and ``site`` are in the floor, not in Leap's share);
- import probes: ``python -c "import bot.core"`` and friends, until the process exits;
- Leap: ``python -m adapters.cli --data <empty temp folder> console`` with one command
  on stdin, timed until the first line of its reply is on stdout. Its stdin stays open
  until then, so the process cannot exit early; then stdin closes and the process ends.

Python's bytecode cache is on (an installed Leap has it: pip compiles the .pyc files when it
installs), even if PYTHONDONTWRITEBYTECODE is set here; one extra row runs ``/leap help``
without it, as a checkout run with PYTHONDONTWRITEBYTECODE=1 starts (every module of
Leap's own compiled from source at every start).

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
wall, cpu = time.perf_counter(), time.process_time()
import storage.tinydb_store  # what open_store imports for a folder
loaded, loaded_cpu = time.perf_counter(), time.process_time()
store = open_store(sys.argv[1])
opened, opened_cpu = time.perf_counter(), time.process_time()
print((loaded - wall) * 1000, (opened - loaded) * 1000, (opened_cpu - loaded_cpu) * 1000)
store.close()
"""


@dataclass(slots=True)
class Sample:
    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


def _cpu_so_far(pid: int) -> float | None:
    """CPU the process's main thread has used until now, in ms (Linux's schedstat, in ns):
    read as the first reply arrives, it is the CPU the first reply cost, whatever else
    the machine was running. None where /proc has no schedstat."""
    try:
        with open(f"/proc/{pid}/schedstat") as stat:
            return int(stat.read().split()[0]) / 1e6
    except (OSError, ValueError, IndexError):
        return None


def _env(*, bytecode: bool = True) -> dict[str, str]:
    """Cached bytecode (``__pycache__``), as an installed Leap has: pip compiles it at
    install. ``bytecode=False`` reads none and writes none (a fresh checkout run with
    PYTHONDONTWRITEBYTECODE=1 compiles every module of its own at every start)."""
    env = dict(os.environ)
    env.pop("LEAP_DATA", None)
    env["NO_COLOR"] = "1"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        # a cache folder that is never created, since nothing is written: no .pyc is found
        env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "leap-bench-no-pyc")
    return env


def run_to_exit(argv: list[str], into: Sample) -> None:
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=_env())
    into.wall_ms.append((time.perf_counter() - start) * 1000)
    into.cpu_ms.append(_children_cpu() - cpu)


def leap_argv(data: str, *extra: str) -> list[str]:
    return [sys.executable, *extra, "-m", "adapters.cli", "--data", data, "console"]


def first_reply(command: str, into: Sample, *, bytecode: bool = True) -> None:
    """Spawn the console on a fresh empty folder, send ``command``, time the first line."""
    with tempfile.TemporaryDirectory(prefix="leap-startup-") as tmp:
        data = os.path.join(tmp, "data")
        cpu = _children_cpu()
        start = time.perf_counter()
        proc = subprocess.Popen(
            leap_argv(data),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_env(bytecode=bytecode),
            text=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(command + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        into.wall_ms.append((time.perf_counter() - start) * 1000)
        on_cpu = _cpu_so_far(proc.pid)
        proc.stdin.close()
        proc.stdout.read()
        proc.wait()
        into.cpu_ms.append(on_cpu if on_cpu is not None else _children_cpu() - cpu)
        if not line or proc.returncode:
            raise SystemExit(f"leap console failed (exit {proc.returncode}): {line!r}")


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def row(name: str, sample: Sample, floor: Sample | None = None) -> str:
    """Medians and p90; beside a floor, Leap ÷ floor and Leap − floor for wall and CPU."""
    wall, cpu = statistics.median(sample.wall_ms), statistics.median(sample.cpu_ms)
    text = f"  {name:<48} wall {wall:6.1f} ms (p90 {p90(sample.wall_ms):6.1f})"
    if floor:
        base = statistics.median(floor.wall_ms)
        text += f" ×{wall / base:5.2f} +{wall - base:6.1f}"
    text += f" | cpu {cpu:6.1f} ms (p90 {p90(sample.cpu_ms):6.1f})"
    if floor:
        base = statistics.median(floor.cpu_ms)
        text += f" ×{cpu / base:5.2f} +{cpu - base:6.1f}"
    return text


NO_BYTECODE = f"{COMMANDS[0]}, without cached bytecode"


def measure(runs: int) -> tuple[Sample, dict[str, Sample], dict[str, Sample]]:
    floor = Sample()
    probes = {name: Sample() for name in PROBES}
    leap = {command: Sample() for command in (*COMMANDS, NO_BYTECODE)}
    jobs: list[Callable[[], None]] = [
        lambda: run_to_exit([sys.executable, "-c", "pass"], floor),
        *(
            (lambda code=code, s=probes[name]: run_to_exit([sys.executable, "-c", code], s))
            for name, code in PROBES.items()
        ),
        *((lambda c=c: first_reply(c, leap[c])) for c in COMMANDS),
        lambda: first_reply(COMMANDS[0], leap[NO_BYTECODE], bytecode=False),
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


def import_offenders(command: str) -> tuple[list[tuple[int, int, str]], list[str]]:
    """One console run under ``-X importtime``, stderr and stdout in one pipe: the imports
    reported before the first reply line are the first reply's. Returns its rows (self µs,
    cumulative µs, module) and the names of the modules imported after it."""
    with tempfile.TemporaryDirectory(prefix="leap-startup-") as tmp:
        done = subprocess.run(
            leap_argv(os.path.join(tmp, "data"), "-X", "importtime"),
            input=command + "\n",
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=_env(),
            check=True,
        )
    before: list[tuple[int, int, str]] = []
    after: list[str] = []
    replied = False
    for line in done.stdout.splitlines():
        if not line.startswith("import time:"):
            replied = True
            continue
        if "self [us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        if replied:
            after.append(name.strip())
        else:
            before.append((int(own), int(cumulative), name.strip()))
    return before, after


def store_open_ms(runs: int) -> tuple[float, float, float]:
    """Medians of: importing the TinyDB store, opening an empty folder, its CPU (ms)."""
    times: list[list[float]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="leap-startup-") as tmp:
            out = subprocess.run(
                [sys.executable, "-c", STORE_OPEN, os.path.join(tmp, "data")],
                capture_output=True,
                text=True,
                check=True,
                env=_env(),
            )
            times.append([float(x) for x in out.stdout.split()])
    load, open_, cpu = (statistics.median(column) for column in zip(*times, strict=True))
    return load, open_, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    ap.add_argument("--quick", action="store_true", help="a short run: 5 runs of each")
    args = ap.parse_args()
    if args.quick:
        args.runs = 5
    print(f"leap console first reply on an empty store, {args.runs} runs each, {sys.executable}")
    floor, probes, leap = measure(args.runs)
    print("\nfloor (whole process, spawn to exit; medians, ×/+ are against this floor):")
    print(row("python -c pass", floor))
    print("\nimport probes (whole process, spawn to exit):")
    for name, sample in probes.items():
        print(row(name, sample, floor))
    print("\nleap console, spawn to its first reply line (cpu: its CPU until that line):")
    for command, sample in leap.items():
        med = statistics.median(sample.wall_ms)
        mark = "PASS" if med < TARGET_MS else "MISS"
        target = f"  {mark} (wall < {TARGET_MS:.0f} ms)" if command in COMMANDS else ""
        print(row(command, sample, floor) + target)

    load, open_, cpu = store_open_ms(max(3, args.runs // 3))
    print(
        f"\nthe empty TinyDB store's share (in process, medians): importing it {load:.1f} ms, "
        f"opening the folder {open_:.1f} ms wall ({cpu:.1f} ms cpu)"
    )

    rows, after = import_offenders(COMMANDS[0])
    print(f"\nwhere the import time goes before the first reply to {COMMANDS[0]!r}")
    print(f"(one run under -X importtime, which inflates it; {len(rows)} modules imported):")
    print("  biggest cumulative:")
    for own, cumulative, name in sorted(rows, key=lambda r: -r[1])[:10]:
        print(f"    {cumulative / 1000:7.1f} ms  {name}   (self {own / 1000:.1f} ms)")
    print("  biggest self (the module's own code: class bodies, compiled patterns):")
    for own, _, name in sorted(rows, key=lambda r: -r[0])[:10]:
        print(f"    {own / 1000:7.1f} ms  {name}")
    heavy = ("dateparser", "icalendar", "apscheduler", "PIL", "holidays", "nameparser")
    loaded = {name.split(".")[0] for _, _, name in rows} | {name for _, _, name in rows}
    print("  heavy modules loaded before the first reply: ", end="")
    print(", ".join(h for h in (*heavy, "bot.coach.check") if h in loaded) or "none")
    late = sorted({name.split(".")[0] for name in after} - sys.stdlib_module_names)
    print(f"  loaded after the first reply (off its path): {', '.join(late) or 'none'}", end="")
    print(f" and {len(after)} modules in all")


if __name__ == "__main__":
    main()
