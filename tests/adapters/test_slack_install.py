""" "Add to Slack" with installations in Leap's store (a data folder or PostgreSQL), and what
happens when a workspace removes Leap: real loopback HTTP into the real slack-bolt OAuth
flow, against the fake Web API (which answers ``oauth.v2.access``)."""

from __future__ import annotations

import json
import os
import re
import stat
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient

from adapters.scheduler import NudgeRunner
from adapters.slack.app import create_app
from adapters.slack.deliver import retry_handlers
from adapters.slack.installations import (
    INSTALLATIONS,
    StoredInstallations,
    installed_clients,
    oauth_settings,
)
from adapters.slack.messenger import SlackMessenger
from adapters.slack.pool import WorkPool
from adapters.slack.server import HttpServer
from adapters.slack.uninstall import Workspaces
from bot.clock import FakeClock
from bot.core import Leap
from bot.models import UserKey
from bot.nudges import IDLE
from bot.store import Store
from storage.app_records import AppRecords
from storage.postgres_store import PostgresStore
from storage.tinydb_store import TinyDBStore
from tests.adapters.test_slack_http import http_get, signed_post
from tests.adapters.test_slack_rig import SECRET, START, TOKEN, texts
from tests.contract.postgres_support import new_schema, require_url
from tests.contract.samples import nudge
from tests.fakes.slack_api import FakeSlackAPI, event_body

CLIENT_ID = "1234.5678"
INSTALLED = "xoxb-fake-installed"  # the bot token the fake's oauth.v2.access hands out
U1 = UserKey("slack", "T1", "U1")


def open_tinydb(tmp_path: Path) -> Store:
    return TinyDBStore(str(tmp_path / "data"))


def open_postgres(_tmp_path: Path) -> Store:
    return PostgresStore(require_url(), new_schema())


STORES: dict[str, Callable[[Path], Store]] = {"tinydb": open_tinydb, "postgres": open_postgres}


@dataclass
class Site:
    """Leap serving Slack over HTTP with Add to Slack, on one store."""

    api: FakeSlackAPI
    store: Store
    leap: Leap
    pool: WorkPool
    base: str
    events: str

    @property
    def records(self) -> AppRecords:
        assert isinstance(self.store, AppRecords)
        return self.store

    def install(self) -> None:
        page = http_get(self.base + "/slack/install")
        assert page.status == 200
        link = re.search(r'<a href="([^"]+)"', page.body)
        assert link is not None
        authorize = urllib.parse.urlsplit(link.group(1).replace("&amp;", "&"))
        assert authorize.netloc == f"127.0.0.1:{self.api.port}"  # same host as SLACK_API_URL
        query = urllib.parse.parse_qs(authorize.query)
        assert "chat:write" in query["scope"][0].split(",")
        state = query["state"][0]
        done = http_get(
            f"{self.base}/slack/oauth_redirect?code=c0de&state={state}",
            {"Cookie": f"slack-app-oauth-state={state}"},
        )
        assert done.status == 200, done.body
        self.pool.wait_idle(10.0)

    def event(self, event: dict[str, object], event_id: str) -> None:
        body = event_body(event, event_id=event_id)
        assert signed_post(self.events, body, content_type="application/json").status == 200
        assert self.pool.wait_idle(10.0)

    def bot_token(self, team: str = "T1") -> str | None:
        client = installed_clients(StoredInstallations(self.records, CLIENT_ID))(team)
        return client.token if client is not None else None


@pytest.fixture(params=sorted(STORES))
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    with ExitStack() as stack:
        api = stack.enter_context(FakeSlackAPI())
        store = STORES[request.param](tmp_path)
        stack.callback(store.close)
        leap = Leap(store, FakeClock(START))
        assert isinstance(store, AppRecords)
        settings = oauth_settings(
            CLIENT_ID,
            "client-secret",
            store,
            api.base_url,
            on_installed=Workspaces(leap).on_install,
        )
        pool = WorkPool(2)
        stack.callback(pool.shutdown)
        app = create_app(
            leap,
            signing_secret=SECRET,
            client=WebClient(base_url=api.base_url, retry_handlers=retry_handlers()),
            oauth_settings=settings,
            pool=pool,
        )
        server = stack.enter_context(HttpServer(app, "127.0.0.1", 0))
        yield Site(api, store, leap, pool, f"http://127.0.0.1:{server.port}", server.url)


def test_add_to_slack_keeps_the_installation_in_the_store(site: Site) -> None:
    site.install()
    assert site.bot_token() == INSTALLED
    assert site.bot_token("T999") is None
    # a command from the new workspace is answered with the installation's token
    body = site.api.slash_command_body("help", user_id="U3")
    assert signed_post(site.events, body).status == 200
    assert site.pool.wait_idle(10.0)
    users = site.api.calls_to("users.info")
    assert users and users[-1].token == INSTALLED
    assert TOKEN not in json.dumps([c.args for c in site.api.calls])


def test_installation_files_are_private(tmp_path: Path) -> None:
    store = TinyDBStore(str(tmp_path / "data"))
    try:
        installs = StoredInstallations(store, CLIENT_ID)
        from slack_sdk.oauth.installation_store import Installation

        installs.save(
            Installation(
                app_id="A1",
                team_id="T1",
                user_id="U1",
                bot_token=INSTALLED,
                bot_id="B1",
                bot_user_id="UBOT",
                user_token="xoxp-secret",
                installed_at=1_700_000_000.0,
            )
        )
        path = tmp_path / "data" / "app" / f"{INSTALLATIONS}.json"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
        assert installs.find_installation(enterprise_id=None, team_id="T1", user_id="U1")
        bot = installs.find_bot(enterprise_id=None, team_id="T1")
        assert bot is not None and bot.bot_token == INSTALLED
    finally:
        store.close()


def _plan_a_reminder(site: Site) -> None:
    due = START + timedelta(hours=1)
    site.store.save_nudge(U1, nudge("n_idle", due=due, kind=IDLE, contact_id=""))


def _deliver(site: Site) -> list[str]:
    client_for = installed_clients(StoredInstallations(site.records, CLIENT_ID), site.api.base_url)
    runner = NudgeRunner(site.leap, SlackMessenger(client_for))
    runner.deliver_due(START + timedelta(days=1))
    return [texts(c) for c in site.api.calls_to("chat.postMessage")]


def test_uninstalling_removes_the_installation_and_pauses_the_reminders(site: Site) -> None:
    site.install()
    _plan_a_reminder(site)
    site.event({"type": "app_uninstalled"}, "EvGone")
    assert site.bot_token() is None
    assert site.records.app_records(INSTALLATIONS) == []
    assert _deliver(site) == []  # nothing is attempted, nothing fails
    (paused,) = site.store.nudges(U1)
    assert paused.state == "paused" and paused.attempts == 0

    site.install()  # Add to Slack again: the reminders go on
    assert site.bot_token() == INSTALLED
    assert len(_deliver(site)) == 1
    (sent,) = site.store.nudges(U1)
    assert sent.state in ("sent", "planned") and sent.sent_at is not None


def test_a_revoked_bot_token_removes_the_bot_and_pauses_the_reminders(site: Site) -> None:
    site.install()
    _plan_a_reminder(site)
    site.event({"type": "tokens_revoked", "tokens": {"oauth": ["U1"], "bot": ["UBOT"]}}, "EvRev")
    assert site.bot_token() is None
    installs = StoredInstallations(site.records, CLIENT_ID)
    assert installs.find_installation(enterprise_id=None, team_id="T1", user_id="U1") is None
    assert _deliver(site) == []
    assert [n.state for n in site.store.nudges(U1)] == ["paused"]


def test_a_revoked_user_token_alone_keeps_the_bot_and_the_reminders(site: Site) -> None:
    site.install()
    _plan_a_reminder(site)
    site.event({"type": "tokens_revoked", "tokens": {"oauth": ["U1"]}}, "EvRevUser")
    assert site.bot_token() == INSTALLED
    assert len(_deliver(site)) == 1


def test_installations_kept_as_files_by_an_earlier_leap_are_imported_once(
    tmp_path: Path,
) -> None:
    from slack_sdk.oauth.installation_store import FileInstallationStore, Installation

    from adapters.slack.installations import import_files

    data = tmp_path / "data"
    legacy = FileInstallationStore(base_dir=str(data / "slack-installations"), client_id=CLIENT_ID)
    legacy.save(
        Installation(
            app_id="A1",
            team_id="T7",
            user_id="U7",
            bot_token="xoxb-from-a-file",
            bot_id="B7",
            bot_user_id="UBOT7",
            installed_at=1_700_000_000.0,
        )
    )
    store = TinyDBStore(str(data))
    try:
        installs = StoredInstallations(store, CLIENT_ID)
        assert import_files(str(data), installs) == 1
        bot = installs.find_bot(enterprise_id=None, team_id="T7")
        assert bot is not None and bot.bot_token == "xoxb-from-a-file"
        assert not (data / "slack-installations").exists()
        kept = [p for p in (data / "slack-installations.imported").rglob("*") if p.is_file()]
        assert kept and all(stat.S_IMODE(os.stat(p).st_mode) == 0o600 for p in kept)
        installs.delete_all(enterprise_id=None, team_id="T7")  # uninstalled later
        assert import_files(str(data), installs) == 0  # and not brought back
        assert installs.find_bot(enterprise_id=None, team_id="T7") is None
    finally:
        store.close()
