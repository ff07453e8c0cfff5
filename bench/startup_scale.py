"""Start-up at workspace scale: ``leap console``'s first reply and peak RSS, beside floors.

    python -m bench.startup_scale [--quick] [--sizes 500,2000,20000] [--samples 5]

Workspaces of 500, 2,000 and 20,000 users, each holding 50 contacts and 50 nudges planned
over the coming weeks, seeded through the store's own port and cached between runs
(``bench/workspaces.py``); each run measures on a fresh copy.

One sample is one fresh process: the real ``leap console --data FOLDER --now ...`` fed
``/leap contacts`` on stdin, timed from spawn to its first line of output (the reply
listing the user's 50 contacts), then stdin closes and the process exits. Its peak RSS
(VmHWM, which the child reports as it exits) and CPU time (``wait4``) are its own.
Children use Python's bytecode cache (as an installed Leap does), even if
PYTHONDONTWRITEBYTECODE is set in this shell; one untimed run writes it first.

Floors, in the same run: a bare ``python -c`` that prints one line; the same console on an
EMPTY store; stock TinyDB (``TinyDB(path).table("contacts").all()``, default JSONStorage)
reading the console user's file in the 500-user workspace.
Targets (issue 16): first reply < 1 s and peak RSS < 150 MiB at 20,000 users — flat.

Figures only: this script prints, it never asserts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.workspaces import ME, PLATFORM, START, WORKSPACE, workspace_copy  # noqa: E402


# -- one sample: a fresh process ------------------------------------------------------------
@dataclass
class Sample:
    seconds: float  # spawn to the first line of output
    cpu: float  # the child's user + system CPU time, whole life
    rss_mib: float  # the child's peak resident set
    first_line: str


def child_env() -> dict[str, str]:
    """Cached bytecode, as an installed Leap has (pip compiles it at install), even when
    PYTHONDONTWRITEBYTECODE is set here; as ``bench/startup.py`` runs its children."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("LEAP_DATA", None)
    env["NO_COLOR"] = "1"
    return env


def run_once(argv: list[str], stdin: str = "") -> Sample:
    """Spawn ``argv``, feed ``stdin``, time the first line it prints; then let it exit."""
    with tempfile.TemporaryFile("w+") as errors:
        began = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            cwd=ROOT,
            env=child_env(),
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(stdin)
        proc.stdin.flush()
        line = ""
        while not line.strip():
            line = proc.stdout.readline()
            if not line:
                break
        seconds = time.perf_counter() - began
        proc.stdin.close()
        rest = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        errors.seek(0)
        told = errors.read()
    hwm = [ln.split()[1] for ln in told.splitlines() if ln.startswith(HWM + " ")]
    if code != 0 or not line.strip() or not hwm:
        detail = told.strip()[-400:] or rest.strip()[-400:]
        raise RuntimeError(f"exited {code}: {detail}")
    return Sample(seconds, usage.ru_utime + usage.ru_stime, int(hwm[-1]) / 1024, line.strip())


@dataclass
class Row:
    label: str
    samples: list[Sample] = field(default_factory=list)
    note: str = ""

    def median(self, what: str) -> float:
        return statistics.median(getattr(s, what) for s in self.samples)

    def p90(self, what: str) -> float:
        values = sorted(getattr(s, what) for s in self.samples)
        return values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]


def sample_row(label: str, argv: list[str], stdin: str, samples: int, budget: float) -> Row:
    """Up to ``samples`` runs, stopping early (after at least one) once ``budget`` seconds
    are spent: at 20,000 users one start of today's store takes minutes."""
    row = Row(label)
    began = time.perf_counter()
    for _ in range(samples):
        try:
            row.samples.append(run_once(argv, stdin))
        except RuntimeError as err:
            row.note = f"failed: {err}"
            break
        if time.perf_counter() - began > budget:
            break
    print(f"  {label}: {len(row.samples)} sample(s)", flush=True)
    return row


# Each child reports its own peak RSS (VmHWM) on stderr as it exits: the parent's
# ``ru_maxrss`` for a child also counts the parent's pages at fork time.
HWM = "LEAP-BENCH-HWM"
REPORT_HWM = (
    "import atexit, sys\n"
    "def _hwm():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    f"            sys.stderr.write('{HWM} ' + line.split()[1] + '\\n')\n"
    "atexit.register(_hwm)\n"
)
CONSOLE = REPORT_HWM + (
    "import runpy\nsys.argv[0] = 'leap'\nrunpy.run_module('adapters.cli', run_name='__main__')\n"
)
BARE = REPORT_HWM + "print(1)\n"
STOCK_TINYDB = REPORT_HWM + (
    "from tinydb import TinyDB\n"
    "db = TinyDB(sys.argv[1])\nprint(len(db.table('contacts').all()))\ndb.close()\n"
)


def console_argv(folder: Path | str) -> list[str]:
    """``leap console`` (as its entry point runs it) on ``folder`` at the simulated START."""
    args = ["console", "--data", str(folder), "--now", START.isoformat()]
    return [sys.executable, "-c", CONSOLE, *args]


def user_file(folder: Path) -> Path | None:
    """The console user's TinyDB file, if the store keeps one where it does today."""
    path = folder / "users" / PLATFORM / WORKSPACE / f"{ME}.json"
    return path if path.exists() else None


def copies(sizes: list[int], per_user: int, scratch: Path) -> Iterator[tuple[int, Path, str]]:
    for users in sizes:
        print(
            f"workspace of {users:,} users × {per_user} contacts + {per_user} nudges ...",
            flush=True,
        )
        work = scratch / f"ws-{users}"
        how = workspace_copy(users, per_user, work)
        yield users, work, how
        shutil.rmtree(work, ignore_errors=True)


# -- the report ----------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_report(rows: list[Row], bare: Row, empty: Row, target_users: int) -> None:
    print()
    print("Start-up: spawn → first reply of `/leap contacts` in `leap console`, fresh process")
    head = (
        f"{'what':<44}{'n':>3}{'median s':>10}{'p90 s':>8}{'cpu s':>8}{'RSS MiB':>9}"
        f"{'÷ bare':>9}{'÷ empty':>9}{'cpu ÷ bare':>12}"
    )
    print(head)
    print("-" * len(head))
    base = bare.median("seconds") if bare.samples else float("nan")
    empty_s = empty.median("seconds") if empty.samples else float("nan")
    base_cpu = bare.median("cpu") if bare.samples else float("nan")
    for row in rows:
        if not row.samples:
            print(f"{row.label:<44}  {row.note}")
            continue
        med = row.median("seconds")
        print(
            f"{row.label:<44}{len(row.samples):>3}{med:>10.3f}{row.p90('seconds'):>8.3f}"
            f"{row.median('cpu'):>8.2f}{max(s.rss_mib for s in row.samples):>9.0f}"
            f"{med / base:>8.1f}×{med / empty_s:>8.1f}×{row.median('cpu') / base_cpu:>11.1f}×"
        )
        if row.note:
            print(f"    {row.note}")
    biggest = next((r for r in rows if r.label.startswith(f"{target_users:,} users")), None)
    if biggest is not None and biggest.samples:
        reply = biggest.median("seconds")
        rss = max(s.rss_mib for s in biggest.samples)
        print(
            f"target at {target_users:,} users: first reply < 1 s: {reply:.2f} s "
            f"{verdict(reply < 1)}; peak RSS < 150 MiB: {rss:.0f} MiB {verdict(rss < 150)}"
        )
    else:
        print(f"target at {target_users:,} users: not measured in this run")
    sized = [r for r in rows if r.samples and r.label.endswith(" users")]
    if len(sized) > 1:
        small, large = sized[0], sized[-1]
        print(
            f"flat? {large.label} ÷ {small.label}: first reply "
            f"{large.median('seconds') / small.median('seconds'):.1f}×, peak RSS "
            f"{max(s.rss_mib for s in large.samples) / max(s.rss_mib for s in small.samples):.1f}×"
            " (flat is about 1×)"
        )
    print("n: fresh processes timed (fewer when one start takes longer than the size's budget)")
    print("cpu s: the child's user + system CPU over its whole life (start, reply, exit);")
    print("  RSS MiB: the largest peak resident set (VmHWM) over its samples.")
    print("÷ bare: median ÷ a bare `python -c print()`; ÷ empty: ÷ the console on an empty store;")
    print("  cpu ÷ bare: CPU medians, steadier than wall time when the machine is shared.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 and 2,000 users, 3 samples")
    parser.add_argument("--sizes", default="500,2000,20000", help="users per workspace")
    parser.add_argument("--per-user", type=int, default=50, help="contacts (and nudges) each")
    parser.add_argument("--samples", type=int, default=5, help="fresh processes per row")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per row, then stop")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.quick:
        sizes, args.samples, args.budget = [s for s in sizes if s <= 2000], 3, 20.0
    run(sizes, args.per_user, args.samples, args.budget)
    return 0


def run(sizes: list[int], per_user: int, samples: int, budget: float) -> None:
    line = "/leap contacts\n"
    with tempfile.TemporaryDirectory(prefix="leap-startup-") as scratch_dir:
        scratch = Path(scratch_dir)
        print("floors ...", flush=True)
        bare = sample_row(
            "bare `python -c print()`", [sys.executable, "-c", BARE], "", samples, budget
        )
        (scratch / "empty").mkdir()
        run_once(console_argv(scratch / "empty"), line)  # untimed: writes the bytecode cache
        empty = sample_row(
            "console, empty store", console_argv(scratch / "empty"), line, samples, budget
        )
        rows = [bare, empty]
        for users, folder, how in copies(sizes, per_user, scratch):
            path = user_file(folder)
            if path is None and users == sizes[0]:
                rows.append(Row("stock TinyDB: one user's file", note="no users/…/me.json here"))
            if path is not None and users == sizes[0]:
                rows.append(
                    sample_row(
                        f"stock TinyDB: one user's file ({per_user} contacts)",
                        [sys.executable, "-c", STOCK_TINYDB, str(path)],
                        "",
                        samples,
                        budget,
                    )
                )
            row = sample_row(f"{users:,} users", console_argv(folder), line, samples, budget)
            row.note = (row.note + "; " if row.note else "") + how
            rows.append(row)
    print_report(rows, bare, empty, 20_000)


if __name__ == "__main__":
    sys.exit(main())
