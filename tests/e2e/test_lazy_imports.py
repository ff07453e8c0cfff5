"""The first reply loads no slow library: they load when a command needs them, or while the
console waits for a person (``bot/warmup.py``). Checked by what a fresh process has
imported, never by timing."""

from __future__ import annotations

import builtins
import io
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.console import Console, run_console
from bot.clock import FakeClock
from bot.core import Leap
from bot.warmup import LAZY_MODULES

ROOT = Path(__file__).resolve().parents[2]
SLOW = (*LAZY_MODULES, "PIL", "apscheduler")


def loaded_after(code: str, *args: str) -> tuple[list[str], str]:
    """Run ``code`` in a fresh interpreter; which of ``SLOW`` it imported, and its output."""
    probe = f"{code}\nimport sys\nprint('LOADED', *[m for m in {SLOW!r} if m in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=True,
    )
    last = done.stdout.strip().splitlines()[-1]
    return last.split()[1:], done.stdout


def test_importing_the_core_loads_no_slow_library() -> None:
    loaded, _ = loaded_after("import bot.core")
    assert loaded == []


def test_the_console_answers_its_first_command_without_the_slow_libraries(
    tmp_path: Path,
) -> None:
    loaded, out = loaded_after(
        "import io, sys\n"
        "from adapters.cli import main\n"
        "sys.stdin = io.StringIO('/leap help\\n')\n"
        "main(['console', '--data', sys.argv[1], '--now', '2026-12-01T09:00'])",
        str(tmp_path / "data"),
    )
    assert "Leap commands" in out
    assert loaded == []


def test_a_command_that_needs_a_library_still_loads_it(tmp_path: Path) -> None:
    loaded, out = loaded_after(
        "import io, sys\n"
        "from adapters.cli import main\n"
        "sys.stdin = io.StringIO('/leap check Are you hiring?\\n')\n"
        "main(['console', '--data', sys.argv[1], '--now', '2026-12-01T09:00'])",
        str(tmp_path / "data"),
    )
    assert "job" in out  # the checker answered: asking for a job turns advice into a pitch
    assert "bot.coach.check" in loaded


def test_warm_up_loads_everything_the_core_defers() -> None:
    loaded, _ = loaded_after("from bot.warmup import warm_up\nwarm_up()")
    assert set(LAZY_MODULES) <= set(loaded)


def test_piped_console_does_its_later_work_after_the_first_reply(
    leap: Leap, clock: FakeClock
) -> None:
    out = io.StringIO()
    shown_then: list[str] = []
    run_console(
        Console(leap, clock, out),
        io.StringIO("/leap help\n/leap contacts\n"),
        False,
        lambda: shown_then.append(out.getvalue()),
    )
    assert len(shown_then) == 1
    assert "Leap commands" in shown_then[0]  # the first reply was out...
    assert "Leap commands" in out.getvalue()
    assert out.getvalue() != shown_then[0]  # ...and the second came after the work


def test_interactive_console_does_its_later_work_before_the_first_prompt(
    leap: Leap, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []

    def person_types(prompt: str) -> str:
        events.append("prompt")
        raise EOFError

    monkeypatch.setattr(builtins, "input", person_types)
    run_console(
        Console(leap, clock, io.StringIO()), io.StringIO(), True, lambda: events.append("later")
    )
    assert events == ["later", "prompt"]
