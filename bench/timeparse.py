"""The time parser on its HELD-OUT phrasings, and how long one parse takes.

    python -m bench.timeparse        # figures for the README
    python -m bench.timeparse -v     # also each phrasing that was not understood

Understood: booked at the intended time, or asked first offering it. Asked instead of
guessing: the parser asked (a question, not a booking). Silent misreads: booked a time
other than the intended one — the number that must stay 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
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
    args = parser.parse_args(argv)
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
    wall, cpu = [], []
    for i in range(args.runs):
        text = texts[i % len(texts)]
        start, start_cpu = time.perf_counter(), time.process_time()
        outcome(text, now, tz)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    for name, samples in (("CPU", cpu), ("wall", wall)):
        samples.sort()
        p99 = samples[int(len(samples) * 0.99) - 1]
        print(
            f"one parse, {name} time over {args.runs} runs: median "
            f"{statistics.median(samples):.3f} ms, p99 {p99:.3f} ms, max {samples[-1]:.3f} ms "
            "(target p99 < 5 ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
