"""The time parser on its HELD-OUT phrasings, and how long one parse takes.

    python -m bench.timeparse        # figures for the README
    python -m bench.timeparse -v     # also each phrasing that was not understood

Floor: dateparser's own ``parse`` on the same phrasings (English, relative to the same
"now", future dates preferred), timed the same way; printed with Leap ÷ dateparser.
``--quick``: 300 timed runs instead of 2,000.

Understood: booked at the intended time, or asked first offering it. Asked instead of
guessing: the parser asked (a question, not a booking). Silent misreads: booked a time
other than the intended one — the number that must stay 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.timeparse import ParsedTime, TimeParseError, parse_when
from tests.data.time_heldout import NOW_LOCAL, TIME_HELD_OUT, TZ


def outcome(text: str, now: datetime, tz: ZoneInfo) -> tuple[str, list[str]]:
    try:
        parsed: ParsedTime = parse_when(text, now, tz)
    except TimeParseError:
        return "error", []
    shown = [o.astimezone(tz).strftime("%Y-%m-%d %H:%M") for o in parsed.options]
    return ("ask" if parsed.unsure else "book"), shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="300 timed runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 300
    tz = ZoneInfo(TZ)
    now = datetime.fromisoformat(NOW_LOCAL).replace(tzinfo=tz)
    understood = asked = misread = exact = 0
    for text, expected, local in TIME_HELD_OUT:
        got, options = outcome(text, now, tz)
        asked += got == "ask"
        if got == "book" and (expected == "error" or options[0] != local):
            misread += 1
        ok = (
            (got == expected == "error")
            or (got == "book" and options[0] == local)
            or (got == "ask" and expected != "error" and (not local or local in options))
        )
        understood += ok
        exact += ok and got == expected
        if args.verbose and not (ok and got == expected):
            print(
                f"  {'ok ' if ok else 'BAD'} {text!r}: wanted {expected} {local}, got {got} "
                f"{options[:3]}"
            )
    n = len(TIME_HELD_OUT)
    print(
        f"held-out phrasings: {n}; understood {understood}/{n} = {understood / n:.0%}; "
        f"asked instead of guessing {asked}/{n}; answered exactly as labelled {exact}/{n}; "
        f"silent misreads {misread}"
    )
    texts = [t for t, _, _ in TIME_HELD_OUT]
    for t in texts:  # warm up (first dateparser import is slow and paid once per process)
        outcome(t, now, tz)
    cpu, wall = timed(lambda text: outcome(text, now, tz), texts, args.runs)
    for name, samples in (("CPU", cpu), ("wall", wall)):
        print(
            f"one parse, {name} time over {args.runs} runs: median "
            f"{statistics.median(samples):.3f} ms, p99 {p99(samples):.3f} ms, "
            f"max {samples[-1]:.3f} ms (target p99 < 5 ms)"
        )
    floor_parse = dateparser_floor(now)
    understood_by_floor = sum(floor_parse(t) is not None for t in texts)
    floor_cpu, floor_wall = timed(floor_parse, texts, args.runs)
    for name, samples, leap in (("CPU", floor_cpu, cpu), ("wall", floor_wall, wall)):
        print(
            f"floor: dateparser.parse, {name} time over {args.runs} runs: median "
            f"{statistics.median(samples):.3f} ms, p99 {p99(samples):.3f} ms; "
            f"Leap ÷ dateparser: median {statistics.median(leap) / statistics.median(samples):.2f}×"
            f", p99 {p99(leap) / p99(samples):.2f}×"
        )
    print(
        f"  (dateparser returns a date or time for {understood_by_floor}/{n} of the phrasings; "
        "it never asks, so it is a floor for speed, not for being right)"
    )
    return 0


def p99(samples: list[float]) -> float:
    return samples[int(len(samples) * 0.99) - 1]


def timed(parse: Callable[[str], object], texts: list[str], runs: int) -> tuple[list[float], ...]:
    """(CPU ms, wall ms) per call, each list sorted, cycling through ``texts``."""
    wall, cpu = [], []
    for i in range(runs):
        text = texts[i % len(texts)]
        start, start_cpu = time.perf_counter(), time.process_time()
        parse(text)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return sorted(cpu), sorted(wall)


def dateparser_floor(now: datetime) -> Callable[[str], object]:
    import dateparser

    settings = {
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }

    def parse(text: str) -> object:
        return dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]

    for text in TIME_HELD_OUT[:20]:  # warm its caches, as Leap's parse was warmed
        parse(text[0])
    return parse


if __name__ == "__main__":
    sys.exit(main())
