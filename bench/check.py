"""The coach's check on its HELD-OUT examples: recall and false alarms.

    python -m bench.check            # held-out set (the figures in the README)
    python -m bench.check --fresh    # the second held-out part
    python -m bench.check --unseen   # the third part
    python -m bench.check --fourth   # the fourth part: never tuned on (the honest figure)
    python -m bench.check --tuning   # the tuning set, for comparison
    python -m bench.check -v         # also list every miss and false alarm

Recall: of the (example, expected rule) pairs, the share the check reports. False alarms:
of the examples that should pass clean, the share the check flags at all; plus, for the
problem examples, any rule reported that was not expected ("extra").
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from bot.coach.check import check_text
from tests.data.check_heldout import HELD_OUT, HELD_OUT_FOURTH, HELD_OUT_FRESH, HELD_OUT_UNSEEN
from tests.data.check_tuning import TUNING

Row = tuple[str, str | None, str, set[str]]


@dataclass(frozen=True, slots=True)
class Score:
    expected: int
    found: int
    clean: int
    false_alarms: int
    extra: int
    misses: tuple[str, ...]
    alarms: tuple[str, ...]
    problems: int = 0
    flagged: int = 0  # problem texts the check flagged at all (any rule)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.clean if self.clean else 0.0


def score(rows: list[Row]) -> Score:
    expected = found = clean = false_alarms = extra = problems = flagged = 0
    misses: list[str] = []
    alarms: list[str] = []
    for text, level, kind, wanted in rows:
        got = {f.rule for f in check_text(text, level=level, kind=kind)}
        if not wanted:
            clean += 1
            if got:
                false_alarms += 1
                alarms.append(f"{sorted(got)} {level or '-'}: {text[:80]}")
            continue
        problems += 1
        flagged += bool(got)
        expected += len(wanted)
        found += len(wanted & got)
        extra += len(got - wanted)
        if wanted - got:
            misses.append(f"{sorted(wanted - got)} {level or '-'}: {text[:80]}")
        if got - wanted:
            alarms.append(f"extra {sorted(got - wanted)} {level or '-'}: {text[:80]}")
    return Score(
        expected,
        found,
        clean,
        false_alarms,
        extra,
        tuple(misses),
        tuple(alarms),
        problems,
        flagged,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tuning", action="store_true", help="score the tuning set instead")
    parser.add_argument("--fresh", action="store_true", help="score the second held-out part")
    parser.add_argument("--unseen", action="store_true", help="score the third held-out part")
    parser.add_argument("--fourth", action="store_true", help="score the fourth held-out part")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and alarms")
    args = parser.parse_args(argv)
    name, rows = ("held-out", HELD_OUT)
    if args.tuning:
        name, rows = "tuning", TUNING
    elif args.fresh:
        name, rows = "second held-out part", HELD_OUT_FRESH
    elif args.unseen:
        name, rows = "third held-out part", HELD_OUT_UNSEEN
    elif args.fourth:
        name, rows = "fourth held-out part (never tuned on)", HELD_OUT_FOURTH
    s = score(rows)
    print(
        f"{name}: {len(rows)} examples; recall {s.found}/{s.expected} = {s.recall:.1%}; "
        f"false alarms {s.false_alarms}/{s.clean} clean = {s.false_alarm_rate:.1%}; "
        f"problem texts flagged at all: {s.flagged}/{s.problems}; "
        f"extra rules on problem examples: {s.extra}"
    )
    if args.verbose:
        for line in s.misses:
            print("  miss  ", line)
        for line in s.alarms:
            print("  alarm ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
