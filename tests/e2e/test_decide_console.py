"""The decision journey in the terminal: one debrief, then three across two options; the
report, the chart saved beside the data, show, notes, export and decide."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from PIL import Image

from tests.e2e.test_console import run_console

SETUP = """\
/leap goal changing careers to UX research
/leap add Maria Lopez at Acme; field UX research; level senior; met colleague
/leap add Kim Park at Initech; field Data science; level junior
/leap add Sam Lee at Globex; field UX research; level junior
/leap add Priya Shah at Initech; field Data science; level senior
/leap debrief maria
:click 1
Research is mostly stakeholder work. Salary starts lower.
4 — my interviewing skills transfer
3 — small teams, slow releases
5 — I want this
3 — product roles later, maybe
the honest picture of the first year
Tom Reed at Acme
/leap report
"""

MORE = """\
:advance 1d
/leap debrief kim
:click 1
Data jobs want SQL first.
3 — I would need statistics
3 — I like the puzzles
2 — not excited
4 — lots of paths
skip
none
:advance 1d
/leap debrief sam
:click 1
Juniors get good mentoring at Globex; salary is fine.
2 — the portfolio bar is high
4 — the team works like I do
4 — yes
5 — research ops, then lead
her advice on my portfolio
none
/leap report
/leap show maria
/leap notes salary
/leap export
/leap decide UX research; the work suits me and Sam's team mentors juniors
:click 1
/leap goal
"""


def section(out: str, start: str, end: str) -> str:
    return out[out.index(start) : out.index(end, out.index(start))]


def test_the_report_is_useful_from_the_first_debrief(tmp_path: Path) -> None:
    result = run_console(tmp_path / "data", SETUP)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "You have not met Maria yet — did you talk already?" in out
    report = out[out.index("What your interviews say") :]
    assert "UX research at Acme — 1 person (1 senior) · latest today" in report
    assert "could I succeed 4.0 from 1: “my interviewing skills transfer” — Maria Lopez" in report
    assert "Data science at Initech — no one interviewed yet; 2 in your list" in report
    assert "Gaps: nobody has told you anything about Data science at Initech yet" in report
    assert "Next conversation: Kim Park (junior) could close the biggest gap" in report
    assert "[1] Draft a request to Kim" in report
    saved = re.search(r"\(file decision-chart\.png, \d+ bytes: (\S+)\)", report)
    assert saved is not None
    with Image.open(saved.group(1)) as image:
        assert image.format == "PNG" and image.width >= 800


def test_three_debriefs_across_two_options_then_decide(tmp_path: Path) -> None:
    result = run_console(tmp_path / "data", SETUP + MORE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    report = out[out.rindex("What your interviews say") : out.index("Maria Lopez (Acme)\n")]
    ux = section(report, "UX research — 2 people", "Data science at Initech")
    assert "(1 senior, 1 junior)" in ux
    assert "could I succeed 3.0 from 2: “the portfolio bar is high” — Sam Lee, junior" in ux
    assert "is it a fit 3.5 from 2" in ux and "do I want it 4.5 from 2" in ux
    assert "where it leads 4.0 from 2: “research ops, then lead” — Sam Lee" in ux
    assert "They disagree on could I succeed: Maria Lopez 4, Sam Lee 2" in ux
    ds = section(report, "Data science at Initech — 1 person (1 junior)", "Gaps:")
    assert "do I want it 2.0 from 1: “not excited” — Kim Park, junior" in ds
    assert "no one senior: nobody with years in Data science at Initech" in report
    assert "Next conversation: Priya Shah (senior) could close the biggest gap" in report
    assert "[1] Draft a request to Priya" in report
    shown = section(out, "Maria Lopez (Acme)\n", "Next: thank Maria today.")
    assert "Timeline: added Tue 1 Dec → met Tue 1 Dec" in shown
    assert "Could I succeed: 4/5 — my interviewing skills transfer" in shown
    assert "To thank them for: the honest picture of the first year" in shown
    assert "Suggested you talk to: Tom Reed (to ask)" in shown
    found = section(out, "“salary” in your notes — 2 lines", "[1] Show")
    assert "Sam Lee, Thu 3 Dec (learned): Juniors get good mentoring at Globex" in found
    assert "Maria Lopez, Tue 1 Dec (learned): Salary starts lower." in found
    csv_path = tmp_path / "data" / "files" / "leap-contacts.csv"
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(csv_path.read_text()))}
    assert rows["Sam Lee"]["lead_words"] == "research ops, then lead"
    assert rows["Maria Lopez"]["suggested"] == "Tom Reed"
    decided = out[out.index("Your decision") :]
    assert "Decided: UX research — the work suits me and Sam's team mentors juniors." in decided
    assert "3 people helped you decide" in decided
    assert "Hi Sam, a quick update: I decided on UX research, thanks to you — your advice" in out
    assert "You closed 1 goal before: /leap decide lists them." in out
