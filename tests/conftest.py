"""Fixtures shared by every suite: a real TinyDB store in a temp folder, a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from adapters.pictures import PillowPictures
from bot.clock import FakeClock, SequentialIds
from bot.context import Config
from bot.core import Leap
from storage.tinydb_store import TinyDBStore
from tests.support.chat import Chat

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Tue 1 Dec 2026, 09:00 in Paris


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def store(tmp_path) -> Iterator[TinyDBStore]:  # type: ignore[no-untyped-def]
    opened = TinyDBStore(str(tmp_path / "data"))
    yield opened
    opened.close()


@pytest.fixture
def leap(store: TinyDBStore, clock: FakeClock) -> Leap:
    return Leap(
        store,
        clock,
        SequentialIds(),
        Config(default_tz="Europe/Paris"),
        pictures=PillowPictures(),
    )


@pytest.fixture
def alice(leap: Leap) -> Chat:
    chat = Chat(leap, "alice")
    chat.say("help")  # past the first-use welcome
    return chat
