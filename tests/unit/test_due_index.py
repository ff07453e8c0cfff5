"""The per-user index of when each user next has a nudge to deliver, and its file."""

from __future__ import annotations

from pathlib import Path

from bot.models import UserKey
from storage.due_index import DueIndex

ANN = UserKey("slack", "T1", "U_ANN")
BEN = UserKey("discord", "G1", "42")
CY = UserKey("slack", "T2", "U_CY")


def test_an_empty_index_has_nobody_due() -> None:
    index = DueIndex()
    assert len(index) == 0
    assert list(index.users_due(1e12)) == []


def test_users_come_earliest_first_up_to_the_time_given_inclusive() -> None:
    index = DueIndex()
    index.set(ANN, 300.0, 300.0)
    index.set(BEN, 100.0, 100.0)
    index.set(CY, 200.0, 200.0)
    assert list(index.users_due(1000.0)) == [(100.0, BEN), (200.0, CY), (300.0, ANN)]
    assert list(index.users_due(200.0)) == [(100.0, BEN), (200.0, CY)]
    assert list(index.users_due(199.999)) == [(100.0, BEN)]


def test_any_user_name_is_found_at_its_exact_due_time() -> None:
    """Names past U+FFFF (emoji, rare CJK) once sorted after the search's end marker."""
    index = DueIndex()
    odd = [UserKey("🦊", "w", "u"), UserKey("\U0010ffff", "\uffff", "x"), UserKey("", "", "")]
    for user in odd:
        index.set(user, 50.0, 50.0)
    assert sorted(u for _t, u in index.users_due(50.0)) == sorted(odd)


def test_setting_a_user_again_moves_them_and_never_duplicates_them() -> None:
    index = DueIndex()
    index.set(ANN, 100.0, 100.0)
    index.set(ANN, 500.0, 500.0)
    index.set(ANN, 500.0, 500.0)
    index.set(BEN, 200.0, 200.0)
    assert list(index.users_due(1000.0)) == [(200.0, BEN), (500.0, ANN)]
    assert len(index) == 2
    index.set(ANN, None, None)  # nothing left to deliver
    index.drop_user(BEN)
    index.drop_user(BEN)  # twice is harmless
    index.drop_user(UserKey("x", "y", "z"))
    assert list(index.users_due(1000.0)) == [] and len(index) == 0


def test_the_file_keeps_the_saved_times_not_the_live_ones(tmp_path: Path) -> None:
    """A claim is held in memory only: after a restart the nudge is due at once."""
    index = DueIndex()
    index.set(ANN, 400.0, 100.0)  # claimed until 400 now; saved as due at 100
    index.set(BEN, 250.0, 250.0)
    index.set(CY, 300.0, None)
    path = str(tmp_path / "due-index.json")
    index.save(path, index.dump())
    loaded = DueIndex.load(path)
    assert loaded is not None
    assert list(loaded.users_due(1000.0)) == [(100.0, ANN), (250.0, BEN)]


def test_a_damaged_or_foreign_file_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "due-index.json"
    assert DueIndex.load(str(path)) is None  # none yet
    for text in ("{not json", "[]", '{"format": 99, "users": []}', '{"format": 1, "users": [[1]]}'):
        path.write_text(text, "utf-8")
        assert DueIndex.load(str(path)) is None, text


def test_built_at_once_equals_built_one_by_one() -> None:
    times = {ANN: (300.0, 300.0), BEN: (100.0, 90.0), CY: (None, None)}
    at_once = DueIndex.built(times)
    one_by_one = DueIndex()
    for user, (live, saved) in times.items():
        one_by_one.set(user, live, saved)
    expected = [(100.0, BEN), (300.0, ANN)]
    assert list(at_once.users_due(1e9)) == list(one_by_one.users_due(1e9)) == expected
    assert at_once.dump() == one_by_one.dump()
