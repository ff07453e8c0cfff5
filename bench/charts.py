"""How long drawing the two pictures takes, and what the drawing library adds to an install.

Run:  python -m bench.charts  [--rounds N]

For 1, 10 and 60 contacts (each referring the next two, a quarter of them debriefed across
two fields), it times the whole path the core pays for one picture: building the report
(decision chart only), describing the chart as data (``bot/charts.py``), drawing it with
``adapters/pictures.py`` (Pillow) and encoding the PNG. CPU time is printed beside wall
time: on a busy machine the wall p99 rises while the CPU p99 stays put.

Figures only: this script prints, it never asserts.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata

from adapters.pictures import PillowPictures
from bot import charts, report
from bot.models import STAGES, Contact, Interview

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
TARGET_MS = 300.0


def contacts(n: int) -> list[Contact]:
    return [
        Contact(
            id=f"c{i}",
            name=f"Person{i} Fernández-Lopez",
            created_at=START,
            org=("Acme", "Globex", "Initech")[i % 3],
            field=("UX research", "Data science")[i % 2],
            level=("junior", "senior", "mid", "executive")[i % 4],
            stage=STAGES[i % len(STAGES)],
            referred_by=f"c{(i - 1) // 2}" if i else "",
        )
        for i in range(n)
    ]


def interviews(people: list[Contact]) -> list[Interview]:
    return [
        Interview(
            id=f"i{c.id}",
            contact_id=c.id,
            held_at=START,
            answers={"succeed": "my skills transfer", "lead": "product roles"},
            scores={"succeed": 1 + i % 5, "fit": 3, "want": 4, "lead": 1 + (i * 2) % 5},
            field=c.field,
            org=c.org,
            level=c.level,
        )
        for i, c in enumerate(people)
        if i % 4 == 0
    ]


def timed(fn: Callable[[], bytes], rounds: int) -> tuple[list[float], list[float], int]:
    fn()  # fonts loaded once per process, as in a running bot
    wall, cpu, size = [], [], 0
    for _ in range(rounds):
        w, c = time.perf_counter(), time.process_time()
        size = len(fn())
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return wall, cpu, size


def p99(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * 0.99))]


def installed_mb(*distributions: str) -> float:
    total = 0
    for name in distributions:
        dist = metadata.distribution(name)
        for file in dist.files or ():
            path = file.locate()
            if path.is_file():
                total += path.stat().st_size
    return total / 1_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    pictures = PillowPictures()
    print(f"Pillow {metadata.version('pillow')}, {args.rounds} rounds each, times in ms")
    print("| picture | contacts | median wall | p99 wall | p99 CPU | PNG bytes | p99 < 300 |")
    print("|---|---|---|---|---|---|---|")
    for n in (1, 10, 60):
        people = contacts(n)
        debriefs = interviews(people)

        def decision(people: list[Contact] = people, debriefs: list[Interview] = debriefs) -> bytes:
            built = report.build(people, debriefs, goal="changing careers")
            return pictures.decision_chart(charts.decision_chart(built, "changing careers"))

        def tree(people: list[Contact] = people) -> bytes:
            return pictures.referral_tree(charts.referral_tree(people))

        for label, fn in (("decision chart", decision), ("referral tree", tree)):
            wall, cpu, size = timed(fn, args.rounds)
            ok = "✓" if p99(wall) < TARGET_MS else "✗"
            print(
                f"| {label} | {n} | {statistics.median(wall):.1f} | {p99(wall):.1f} | "
                f"{p99(cpu):.1f} | {size:,} | {ok} |"
            )
    pillow = installed_mb("pillow")
    font = installed_mb("font-source-sans-pro")
    print(
        f"\nInstall size added: Pillow {pillow:.1f} MB + font-source-sans-pro {font:.1f} MB"
        f" = {pillow + font:.1f} MB (no system packages)."
    )


if __name__ == "__main__":
    main()
