"""``leap migrate --from URL --to URL``: everything copied, counted, and safe to run again."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.cli import main
from bot.models import UserKey
from bot.store import Store
from storage.migrate import read_user
from storage.postgres_store import PostgresStore
from storage.tinydb_store import TinyDBStore
from tests.contract.postgres_support import new_schema, require_url, schema_url
from tests.contract.samples import (
    ALICE,
    BOB,
    CAREERS,
    T0,
    contact,
    conversation,
    group,
    interview,
    intro,
    nudge,
    profile,
)

DISCORD = UserKey("discord", "G9", "1234")


def fill(store: Store) -> None:
    """Every kind of record, in every shape the core writes."""
    for user in (ALICE, BOB, DISCORD):
        store.save_profile(user, profile(display_name=f"name of {user.user}"))
        for i in range(3):
            store.save_contact(user, contact(f"c_{i}", created_at=T0 + timedelta(days=i)))
        store.save_interview(user, interview("i_1"))
        store.save_nudge(user, nudge("n_planned", T0 + timedelta(days=3)))
        store.save_nudge(user, nudge("n_sent", T0, state="sent", sent_at=T0))
        store.save_nudge(user, nudge("n_claimed", T0, state="claimed", claimed_at=T0))
    store.save_conversation(ALICE, conversation())
    store.save_group(CAREERS, group())
    store.save_intro(CAREERS, intro("x_1"))
    store.save_intro(CAREERS, intro("x_2", state="accepted", offers=()))
    store.save_nudge(CAREERS, nudge("g_group-digest", T0 + timedelta(days=7), kind="group-digest"))


def everything(store: Store) -> dict[UserKey, dict[str, list[object]]]:
    return {user: dict(read_user(store, user)) for user in store.users()}


@pytest.fixture
def target_url() -> str:
    return schema_url(require_url(), new_schema())


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "tinydb"
    store = TinyDBStore(str(folder))
    fill(store)
    store.close()
    return folder


def counts_in(output: str) -> dict[str, int]:
    rows = re.findall(r"^\s*(\S.*?)\s{2,}([\d,]+)$", output, re.MULTILINE)
    return {label: int(number.replace(",", "")) for label, number in rows}


def test_everything_is_copied_from_tinydb_to_postgres_and_counted(
    source: Path, target_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    installed = TinyDBStore(str(source))
    installed.save_app_record("slack-installations", "none-T1/bot", {"bot_token": "xoxb-1"})
    installed.close()
    assert main(["migrate", "--from", f"tinydb://{source}", "--to", target_url]) == 0
    counts = counts_in(capsys.readouterr().out)
    assert counts == {
        "users and groups": 4,
        "profiles": 3,
        "contacts": 9,
        "conversations in progress": 1,
        "interviews": 3,
        "nudges": 10,
        "of which still planned": 7,
        "groups": 1,
        "introductions": 2,
        "Slack installation records": 1,
    }
    tiny = TinyDBStore(str(source))
    pg = PostgresStore(target_url)
    try:
        assert pg.app_record("slack-installations", "none-T1/bot") == {"bot_token": "xoxb-1"}
        assert everything(pg) == everything(tiny)
        assert [n.id for _u, n in pg.due_nudges(T0)] == [n.id for _u, n in tiny.due_nudges(T0)]
    finally:
        tiny.close()
        pg.close()


def test_running_it_again_doubles_nothing_and_brings_changes_over(
    source: Path, target_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["migrate", "--from", str(source), "--to", target_url])
    first = counts_in(capsys.readouterr().out)
    tiny = TinyDBStore(str(source))
    tiny.save_contact(ALICE, replace(contact("c_1"), role="changed since"))
    tiny.close()
    main(["migrate", "--from", str(source), "--to", target_url])
    assert counts_in(capsys.readouterr().out) == first
    pg = PostgresStore(target_url)
    try:
        assert [c.id for c in pg.contacts(ALICE)] == ["c_0", "c_1", "c_2"]  # order kept
        assert pg.contact(ALICE, "c_1") == replace(contact("c_1"), role="changed since")
        assert len(pg.nudges(BOB)) == 3
    finally:
        pg.close()


def test_it_copies_back_from_postgres_to_tinydb(
    source: Path, target_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["migrate", "--from", f"tinydb://{source}", "--to", target_url])
    back = tmp_path / "back"
    back.mkdir()
    assert main(["migrate", "--from", target_url, "--to", f"tinydb://{back}"]) == 0
    a, b = TinyDBStore(str(source)), TinyDBStore(str(back))
    try:
        assert everything(a) == everything(b)
    finally:
        a.close()
        b.close()


def test_a_missing_source_folder_is_refused_and_not_created(
    tmp_path: Path, target_url: str
) -> None:
    missing = tmp_path / "nowhere" / "leap.json"
    with pytest.raises(SystemExit, match=r"no TinyDB data folder at .*leap\.json"):
        main(["migrate", "--from", f"tinydb://{missing}", "--to", target_url])
    assert not missing.parent.exists()


def test_a_source_in_use_by_a_running_leap_is_refused(source: Path, target_url: str) -> None:
    running = TinyDBStore(str(source))
    try:
        with pytest.raises(SystemExit, match="already using the data"):
            main(["migrate", "--from", str(source), "--to", target_url])
    finally:
        running.close()


def test_it_says_that_slack_installations_stay_behind(
    source: Path, target_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    os.makedirs(source / "slack-installations" / "T1")
    main(["migrate", "--from", str(source), "--to", target_url])
    assert "not copied: Slack installations" in capsys.readouterr().out
