"""``leap console`` as a subprocess, fed scripts through a pipe: the transcript a user sees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_console(
    data: Path, script: str, *extra: str, now: str = "2026-12-01T09:00"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "adapters.cli",
            "console",
            "--data",
            str(data),
            "--now",
            now,
            "--tz",
            "Europe/Paris",
            *extra,
        ],
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_a_new_user_adds_lists_shows_edits_and_removes(tmp_path: Path) -> None:
    script = (
        "\n".join(
            [
                "/leap add Maria Lopez at Acme; role UX researcher; met colleague",
                "/leap contacts",
                "/leap edit maria; level senior",
                "/leap show maria",
                "/leap remove maria",
                ":click 1",
                "/leap contacts",
            ]
        )
        + "\n"
    )
    result = run_console(tmp_path / "data", script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out and "> " not in out.split("\n")[0]  # plain text, no prompt
    assert "[you] Hi! I'm Leap" in out
    assert "[you] Added Maria Lopez (Acme) — to ask." in out
    assert "[1] Draft a request to Maria  [2] Show all contacts" in out
    assert "• Maria Lopez (Acme) — next: ask Maria for 20 minutes of advice" in out
    assert "level → senior" in out
    assert "[you] (updated) Removed Maria Lopez (Acme)." in out
    assert out.rstrip().endswith("[1] Add a contact")


def test_data_survives_a_restart_and_users_are_separate(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run_console(data, "/leap add Maria Lopez at Acme\n:as bob\n/leap add Sam Lee\n")
    out = run_console(data, "/leap contacts\n:as bob\n/leap contacts\n").stdout
    first, second = out.split("(now acting as bob)")
    assert "Maria Lopez" in first and "Sam Lee" not in first
    assert "Sam Lee" in second and "Maria Lopez" not in second


def test_forms_ask_one_field_per_line_and_reask_bad_ones(tmp_path: Path) -> None:
    script = "/leap add\nSam Lee\nGlobex\n\n\nboss\n\n\n\nsenior\n/leap show sam\n"
    out = run_console(tmp_path / "data", script).stdout
    assert "Name (required): " in out
    assert "[you] level: “boss” is not a level I know." in out
    assert out.count("Seniority [junior/mid/senior/executive]: ") == 2
    assert "[you] Added Sam Lee (Globex) — to ask." in out
    assert "senior" in out.split("Sam Lee (Globex)\n")[-1]


def test_meta_commands_and_bad_input(tmp_path: Path) -> None:
    script = (
        "\n".join(
            [
                ":help",
                ":click 1",
                ":advance soon",
                ":as",
                ":in #switchers",
                "/leap help add",
                ":dm",
                ":now",
                ":bogus",
                "hello",
                "/leap nonsense",
                ":quit",
                "/leap contacts",
            ]
        )
        + "\n"
    )
    result = run_console(tmp_path / "data", script)
    out = result.stdout
    assert result.returncode == 0
    assert ":advance 90m|2d|1w" in out
    assert "There is no button to press" in out
    assert "For example: :advance 90m" in out
    assert "Give a user name" in out
    assert "Usage: /leap add NAME" in out
    assert "(now Tue 1 Dec 2026, 09:00 CET (Europe/Paris))" in out
    assert "Unknown meta-command :bogus" in out
    assert "I don't know the command “nonsense”" in out
    assert "list is empty" not in out  # stopped at :quit


def test_a_second_console_on_the_same_data_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "console", "--data", str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert first.stdin is not None and first.stdout is not None
    first.stdin.write("/leap help\n")
    first.stdin.flush()
    assert "[you]" in first.stdout.readline()  # it answers as soon as a line arrives
    second = run_console(data, "/leap contacts\n")
    assert second.returncode != 0
    assert "is already using the data in" in second.stderr
    first.stdin.close()
    assert first.wait(timeout=30) == 0


def test_an_unreadable_data_file_is_set_aside_and_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run_console(data, "/leap add Maria Lopez\n")
    (user_file,) = (data / "users").rglob("*.json")
    user_file.write_bytes(b'{"contacts": {"1": {"name": "Mar')
    result = run_console(data, "/leap contacts\n")
    assert result.returncode == 0
    assert str(user_file) in result.stderr and "move it back" in result.stderr
    assert "cannot read your saved Leap records" in result.stdout
    (kept,) = [p for p in (data / "set-aside").rglob("*") if p.is_file()]
    assert kept.read_bytes() == b'{"contacts": {"1": {"name": "Mar'
    assert not user_file.exists()


def test_follow_ups_and_meeting_nudges_in_a_simulated_week(tmp_path: Path) -> None:
    data = tmp_path / "data"
    script = (
        "\n".join(
            [
                "/leap add Maria Lopez at Acme",
                "/leap ask maria sent",
                ":advance 3d",  # Fri 4 Dec: 3 business days
                ":advance 4d",  # Tue 8 Dec: nothing new (7 business days is Thu 10)
                ":advance 2d",
                "/leap replied maria yes",
                "/leap schedule maria Dec 15 10am",
                ":advance 5d",
                ":advance 1d",
            ]
        )
        + "\n"
    )
    out = run_console(data, script).stdout
    follow_up = out.index("[DM → me] No answer from Maria yet")
    assert out.index("(now Fri 4 Dec 2026, 09:00 CET") > follow_up
    polite = out.index("[DM → me] A week and no answer from Maria")
    assert out.index("(now Thu 10 Dec 2026, 09:00 CET") > polite > out.index("(now Tue 8 Dec 2026")
    assert "[DM → me] Coming up: Maria Lopez, Tue 15 Dec, 10:00" in out
    assert "[DM → me] In an hour: Maria Lopez" in out
    assert "[DM → me] How did it go with Maria?" in out


def test_restart_at_a_later_time_delivers_what_fell_due_exactly_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run_console(data, "/leap add Maria Lopez at Acme\n/leap ask maria sent\n")
    later = run_console(data, "/leap nudges\n", now="2026-12-11T09:00").stdout
    assert later.count("[DM → me] While I was away, a few things came due:") == 1
    assert "No answer from Maria yet" in later and "A week and no answer" in later
    again = run_console(data, "/leap nudges\n", now="2026-12-11T10:00").stdout
    assert "[DM →" not in again


def test_a_capitalised_user_can_press_their_own_reminder_buttons(tmp_path: Path) -> None:
    script = ":as Bob\n/leap add Maria Lopez\n/leap ask maria sent\n:advance 3d\n:click Done\n"
    out = run_console(tmp_path / "data", script).stdout
    assert "[DM → bob] No answer from Maria yet" in out
    assert "Noted on Maria: looked for someone else to ask" in out
