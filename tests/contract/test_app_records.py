"""The platform records (installations, OAuth states, seen events) on both stores: the same
answers, kept across a restart, private files on the folder, shared between processes on
PostgreSQL."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from storage.app_records import AppRecords, copy_app_records
from storage.postgres_store import PostgresStore
from storage.tinydb_store import TinyDBStore
from tests.contract.postgres_support import new_schema, require_url
from tests.contract.samples import T0
from tests.contract.test_store_contract import STORES, Harness

MINUTE = timedelta(minutes=1)


@pytest.fixture(params=sorted(STORES))
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Harness]:
    opened = Harness(STORES[request.param](tmp_path))
    yield opened
    opened.store.close()


def records(harness: Harness) -> AppRecords:
    assert isinstance(harness.store, AppRecords)
    return harness.store


def test_a_record_is_saved_found_listed_and_deleted_and_survives_a_restart(
    harness: Harness,
) -> None:
    app = records(harness)
    app.save_app_record("slack-installations", "none-T1/bot", {"bot_token": "xoxb-1"})
    app.save_app_record("slack-installations", "none-T1/installer", {"user_id": "U1"})
    app.save_app_record("slack-installations", "none-T2/bot", {"bot_token": "xoxb-2"})
    app.save_app_record("slack-installations", "none-T1/bot", {"bot_token": "xoxb-1b"})
    app = records_after_restart(harness)
    assert app.app_record("slack-installations", "none-T1/bot") == {"bot_token": "xoxb-1b"}
    assert [k for k, _ in app.app_records("slack-installations", "none-T1/")] == [
        "none-T1/bot",
        "none-T1/installer",
    ]
    assert app.app_record("slack-oauth-states", "none-T1/bot") is None  # kinds are apart
    assert app.delete_app_records("slack-installations", "none-T1/") == 2
    assert app.app_records("slack-installations") == [("none-T2/bot", {"bot_token": "xoxb-2"})]


def records_after_restart(harness: Harness) -> AppRecords:
    harness.reopen()
    return records(harness)


def test_an_expired_record_reads_as_missing_and_is_taken_once(harness: Harness) -> None:
    app = records(harness)
    app.save_app_record("slack-oauth-states", "s1", {"at": 1}, expires_at=T0 + MINUTE)
    app.save_app_record("slack-oauth-states", "s2", {"at": 2}, expires_at=T0 + MINUTE)
    assert app.app_record("slack-oauth-states", "s1", now=T0) == {"at": 1}
    assert app.app_record("slack-oauth-states", "s1", now=T0 + 2 * MINUTE) is None
    assert app.take_app_record("slack-oauth-states", "s1", T0) == {"at": 1}
    assert app.take_app_record("slack-oauth-states", "s1", T0) is None  # used up
    assert app.take_app_record("slack-oauth-states", "s2", T0 + 2 * MINUTE) is None  # too late


def test_remember_once_is_true_only_the_first_time_until_it_expires(harness: Harness) -> None:
    app = records(harness)
    assert app.remember_once("slack-events", "Ev1", T0, 60 * MINUTE)
    assert not app.remember_once("slack-events", "Ev1", T0 + MINUTE, 60 * MINUTE)
    assert app.remember_once("slack-events", "Ev2", T0 + MINUTE, 60 * MINUTE)
    app = records_after_restart(harness)
    assert not app.remember_once("slack-events", "Ev1", T0 + 30 * MINUTE, 60 * MINUTE)
    assert app.remember_once("slack-events", "Ev1", T0 + 61 * MINUTE, 60 * MINUTE)


def test_a_kind_that_could_escape_the_folder_is_refused(harness: Harness) -> None:
    from bot.store import StoreError

    with pytest.raises(StoreError):
        records(harness).save_app_record("../users", "k", {})


def test_folder_records_are_private_files(tmp_path: Path) -> None:
    store = TinyDBStore(str(tmp_path / "data"))
    try:
        store.save_app_record("slack-installations", "none-T1/bot", {"bot_token": "xoxb-1"})
        path = tmp_path / "data" / "app" / "slack-installations.json"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    finally:
        store.close()


def test_two_processes_on_one_database_agree_who_saw_an_event_first() -> None:
    url, schema = require_url(), new_schema()
    first, second = PostgresStore(url, schema), PostgresStore(url, schema)
    try:
        answers = [
            store.remember_once("slack-events", f"Ev{n}", T0, 60 * MINUTE)
            for n in range(50)
            for store in (first, second)
        ]
        assert answers.count(True) == 50 and answers[::2] == [True] * 50
    finally:
        first.close()
        second.close()


def test_installations_are_copied_by_migrate(tmp_path: Path) -> None:
    source = TinyDBStore(str(tmp_path / "a"))
    target = TinyDBStore(str(tmp_path / "b"))
    try:
        source.save_app_record("slack-installations", "none-T1/bot", {"bot_token": "xoxb-1"})
        assert copy_app_records(source, target, ("slack-installations",)) == 1
        assert target.app_record("slack-installations", "none-T1/bot") == {"bot_token": "xoxb-1"}
    finally:
        source.close()
        target.close()
