"""Mutation check: does the test suite notice when the code is subtly wrong?

A hand-written list of mutations (each one small change a reviewer could miss: a flipped
comparison, a dropped check, a removed write) over the delivery of nudges, introductions,
groups, ``forget me`` and the stores. Each is applied to a scratch copy of the repository,
the tests that cover that code run against it, and the mutant is *killed* if any fails.
Survivors are printed with their description: each needs a test, or a reason it is not a
real fault (see the README's "Mutation check").

    python -m bench.mutation            # every mutation
    python -m bench.mutation -k intros  # only those whose file or name contains "intros"

PostgreSQL mutations run only when LEAP_TEST_POSTGRES is set (``source .ci/postgres.sh``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.mutants import MUTATIONS, POSTGRES_TESTS, Mutation
from bench.mutants_slack import SLACK_MUTATIONS

REPO = Path(__file__).resolve().parents[1]


def scratch_copy() -> Path:
    """The repository, copied (without its virtualenv and git data) to a scratch folder."""
    where = Path(tempfile.mkdtemp(prefix="leap-mutation-"))
    ignore = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".mypy_cache", ".ruff_cache")
    shutil.copytree(REPO, where / "repo", ignore=ignore)
    return where / "repo"


def run_tests(repo: Path, tests: tuple[str, ...], timeout: float) -> tuple[bool, float]:
    """True when the tests pass (the mutant survives); and how long they took."""
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:warnings", *tests],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PYTHONPATH": str(repo), "PYTHONDONTWRITEBYTECODE": "1"},
            check=False,
        )
        passed = done.returncode == 0
    except subprocess.TimeoutExpired:
        passed = False  # a mutant that hangs the tests is noticed
    return passed, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", default="", help="only mutations whose name or file has this")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per test run")
    args = parser.parse_args()
    everything = MUTATIONS + SLACK_MUTATIONS
    chosen = [m for m in everything if args.k in m.name or args.k in m.path]
    if not os.environ.get("LEAP_TEST_POSTGRES"):
        skipped = [m for m in chosen if m.tests is POSTGRES_TESTS]
        chosen = [m for m in chosen if m.tests is not POSTGRES_TESTS]
        if skipped:
            print(f"({len(skipped)} PostgreSQL mutations skipped: LEAP_TEST_POSTGRES is not set)")
    repo = scratch_copy()
    check = subprocess.run(
        [sys.executable, "-c", "import bot; print(bot.__file__)"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(repo)},
        check=True,
    )
    assert check.stdout.strip().startswith(str(repo)), "the scratch copy is not the one tested"
    killed: list[Mutation] = []
    survived: list[Mutation] = []
    stale: list[Mutation] = []
    try:
        for mutation in chosen:
            target = repo / mutation.path
            original = target.read_text("utf-8")
            if original.count(mutation.before) != 1:
                stale.append(mutation)
                print(f"STALE     {mutation.name} (the code it mutates changed)")
                continue
            target.write_text(original.replace(mutation.before, mutation.after), "utf-8")
            try:
                passed, took = run_tests(repo, mutation.tests, args.timeout)
            finally:
                target.write_text(original, "utf-8")
            (survived if passed else killed).append(mutation)
            print(f"{'SURVIVED' if passed else 'killed  '}  {mutation.name}  ({took:.0f} s)")
    finally:
        shutil.rmtree(repo.parent, ignore_errors=True)
    tried = len(killed) + len(survived)
    score = 100 * len(killed) / tried if tried else 0.0
    print(f"\nMutation score: {len(killed)}/{tried} killed ({score:.0f}%)", end="")
    print(f", {len(stale)} stale" if stale else "")
    for mutation in survived:
        print(f"  survivor: {mutation.path}: {mutation.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
