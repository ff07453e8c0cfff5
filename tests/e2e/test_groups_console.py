"""Three people in #switchers: a group, a digest that respects sharing, an introduction."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_console import run_console

SCRIPT = """\
:as alice
:in #switchers
/leap group start
/leap group join named
:as bob
:in #switchers
/leap group join
:as carol
/leap add Dana Fox at Initech; field data science
/leap debrief dana
:dm
:click 1
learned plenty
4
4
4
4
skip
none
:in #switchers
/leap group settings digest friday 16:00
:as alice
/leap add Maria Lopez at Acme; field UX research
/leap debrief maria
:dm
:click 1
the work is mostly stakeholder management
4
4
4
4
skip
none
:in #switchers
/leap group digest now
/leap intro data science at Globex
:as bob
:click 1
Priya Shah
Globex
runs the data team
:as alice
:dm
:click Yes, please
/leap show priya
:in #switchers
/leap group pairs on weekly
:advance 7d
"""


def test_three_members_share_only_what_they_chose(tmp_path: Path) -> None:
    out = run_console(tmp_path / "data", SCRIPT).stdout
    assert "[#switchers] #switchers is now a Leap group" in out
    assert "Sorry — only the person who started this group" in out
    preview = out[out.index("Digest preview") : out.index("Posted Mondays")]
    # carol never joined: her conversation with Dana is not counted, her field not shown
    assert "(2 members taking part)" in preview and "Conversations held: 1" in preview
    assert "Shout-outs: alice (1 conversation)" in preview
    assert "data science" not in preview and "Dana" not in preview and "Maria" not in preview
    assert "stakeholder" not in out.split("[#switchers]", 2)[-1]
    assert "[#switchers] alice is exploring data science at Globex" in out
    assert "Thanks — your offer to introduce Priya Shah went privately" in out
    assert "[DM → alice] bob can introduce you to Priya Shah (Globex)" in out
    assert "Accepted: Priya Shah (Globex) is in your list, introduced by bob." in out
    assert "referred by bob" in out
    assert "[DM → bob] alice accepted your offer" in out
    assert "[#switchers] This week in #switchers" in out
    assert "[DM → alice] Practice partner this round in #switchers: bob" in out
    assert "[DM → bob] Practice partner this round in #switchers: alice" in out


def test_group_commands_outside_a_channel_and_before_start(tmp_path: Path) -> None:
    out = run_console(
        tmp_path / "data",
        "/leap group join\n:in #general\n/leap group join\n"
        "/leap intro nursing\n/leap group dance\n",
    ).stdout
    assert "Group commands work in a channel" in out
    assert "This channel is not a Leap group yet" in out
    assert "Join this channel's Leap group first" in out
    assert "Usage: /leap group start" in out
