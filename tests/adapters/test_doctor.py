"""``leap doctor`` against the strict Slack and Discord fakes and a real store: what works,
what is missing and the fix, and never a secret in what it prints."""

from __future__ import annotations

import argparse
import asyncio
import io
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

from adapters.config import Env
from adapters.doctor import doctor_main, redact
from bot.events import Command
from bot.groups import key_for
from bot.models import Group
from storage.tinydb_store import TinyDBStore
from tests.adapters.test_discord_harness import actor, leap_bot, open_leap, run
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.slack_api import FakeSlackAPI

SLACK_TOKEN = "xoxb-123-456-s3cr3tslacktoken"
APP_TOKEN = "xapp-1-A1-789-s3cr3tapptoken"
DISCORD_TOKEN = "s3cr3t.discord.token"
ALL_SCOPES = (
    "commands,chat:write,chat:write.public,channels:read,groups:read,"
    "im:write,im:history,users:read,files:write"
)


def _doctor(env: dict[str, str], data: Path | None, guild: int | None = None) -> tuple[int, str]:
    out = io.StringIO()
    args = argparse.Namespace(data=str(data) if data else None, guild=guild)
    code = doctor_main(args, Env(env), out)
    return code, out.getvalue()


def _save_group(data: Path, platform: str, workspace: str, channel: str, name: str) -> None:
    store = TinyDBStore(str(data))
    try:
        group = Group(channel, name, "U1", datetime(2026, 12, 1, tzinfo=UTC))
        store.save_group(key_for(platform, workspace, channel), group)
    finally:
        store.close()


def test_store_only_reports_a_writable_folder_and_set_aside_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, out = _doctor({}, data)
    assert code == 0, out
    assert "✓ store: data folder" in out and "does not exist yet" in out
    assert "slack: not configured" in out and "discord: not configured" in out

    with open_leap(tmp_path) as leap:  # a real user file, then it gets corrupted
        leap.handle(Command(actor(), "add Maria Lopez"))
    (user_file,) = (data / "users").rglob("*.json")
    user_file.write_text("{ truncated", encoding="utf-8")
    code, out = _doctor({}, data)
    assert code == 1
    assert "✗ store: unreadable file set aside (discord user" in out
    assert f"put it back at {user_file}" in out
    assert "Everything Leap needs" not in out


def test_slack_token_scopes_mode_and_group_channels(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _save_group(data, "slack", "T1", "C1", "career-switchers")
    _save_group(data, "slack", "T1", "C2", "ux-circle")
    with FakeSlackAPI() as api:
        env = {
            "SLACK_BOT_TOKEN": SLACK_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_API_URL": api.base_url,
        }
        api.set_response(
            "apps.connections.open", {"ok": True, "url": "wss://example.invalid/"}, times=2
        )
        api.set_response(
            "auth.test",
            {"ok": True, "team": "Test", "user": "leap", "team_id": "T1", "user_id": "UBOT"},
            headers={"x-oauth-scopes": "commands,chat:write,users:read"},
            times=1,
        )
        api.set_response(
            "conversations.info",
            lambda call: {
                "ok": True,
                "channel": {"id": call.args["channel"], "is_member": call.args["channel"] == "C1"},
            },
        )
        code, out = _doctor(env, data)
        assert code == 1
        assert "✓ slack: Socket Mode: the app-level token opens a connection" in out
        assert "✓ slack: bot token valid: workspace Test, bot @leap" in out
        assert (
            "✗ slack: missing scopes: channels:read, chat:write.public, files:write, "
            "groups:read, im:history, im:write"
        ) in out
        assert "reinstall the app" in out
        assert "✓ slack: group channel #career-switchers: the bot is a member" in out
        assert "✗ slack: group channel #ux-circle: the bot is not a member" in out
        assert "fix: Type /invite @Leap in #ux-circle." in out

        api.set_response(
            "auth.test",
            {"ok": True, "team": "Test", "user": "leap"},
            headers={"x-oauth-scopes": ALL_SCOPES},
            times=1,
        )
        code, out = _doctor(env, data)
        assert "✓ slack: all 9 scopes Leap needs are granted" in out

        api.set_response("auth.test", {"ok": False, "error": "token_revoked"}, times=1)
        api.set_response("apps.connections.open", {"ok": False, "error": "invalid_auth"})
        code, out = _doctor(env, data)
        assert code == 1
        assert "✗ slack: the bot token is refused (token_revoked)" in out
        assert "✗ slack: Socket Mode: the app-level token is refused (invalid_auth)" in out
        for secret in (SLACK_TOKEN, APP_TOKEN, "s3cr3t"):
            assert secret not in out


def test_slack_without_a_mode_says_how_to_choose_one(tmp_path: Path) -> None:
    with FakeSlackAPI() as api:
        env = {"SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_API_URL": api.base_url}
        code, out = _doctor(env, tmp_path / "data")
    assert code == 1
    assert "✗ slack: neither Socket Mode nor HTTP mode is configured" in out
    assert "SLACK_APP_TOKEN" in out and "SLACK_SIGNING_SECRET" in out


def test_discord_token_sync_channels_and_invite(tmp_path: Path) -> None:
    data = tmp_path / "data"

    async def scenario() -> None:
        async with FakeDiscord(token=DISCORD_TOKEN) as fake:
            env = {"DISCORD_TOKEN": DISCORD_TOKEN, "DISCORD_API_URL": fake.base_url}
            hidden = fake.add_channel("staff-only")
            _save_group(data, "discord", "discord", str(hidden), "staff-only")
            _save_group(data, "discord", "discord", str(fake.channel_id), "general")
            fake.deny(hidden, code=50001)
            code, out = await asyncio.to_thread(_doctor, env, data, fake.guild_id)
            assert code == 1
            assert "✓ discord: bot token valid: Leap" in out
            assert "✓ discord: no privileged intents needed" in out
            assert f"✗ discord: /leap is not registered in server {fake.guild_id}" in out
            assert "Run `leap discord`" in out
            assert "✓ discord: group channel #general: the bot can see it" in out
            assert "✗ discord: group channel #staff-only: the bot cannot see it" in out
            invite = next(line for line in out.splitlines() if "invite link:" in line)
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(invite.split(": ", 2)[2]).query)
            permissions = int(query["permissions"][0])
            assert permissions & (1 << 38)  # Send Messages in Threads
            assert permissions & (1 << 11) and permissions & (1 << 10)  # Send, View
            assert query["scope"] == ["bot applications.commands"]

            fake.token = None  # the harness logs in with its own token
            with open_leap(tmp_path) as leap:  # `leap discord` registers /leap once
                async with leap_bot(fake, leap, refusals=len(fake.refused)):
                    await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
            fake.token = DISCORD_TOKEN
            code, out = await asyncio.to_thread(_doctor, env, data, fake.guild_id)
            assert f"✓ discord: /leap is registered in server {fake.guild_id} and matches" in out

            fake.app_flags = 1 << 18  # message content turned on, needlessly
            code, out = await asyncio.to_thread(_doctor, env, data, fake.guild_id)
            assert "privileged intents on (message content): Leap uses none of them" in out

            bad = {**env, "DISCORD_TOKEN": "wrong-token"}
            code, out = await asyncio.to_thread(_doctor, bad, data, fake.guild_id)
            assert code == 1 and "✗ discord: Discord refused DISCORD_TOKEN" in out
            assert DISCORD_TOKEN not in out and "wrong-token" not in out

    run(scenario(), timeout=60)


def test_database_urls_are_shown_without_their_password() -> None:
    shown = redact("could not reach postgresql://leap:hunter2@db.example:5432/leap")
    assert shown == "could not reach postgresql://leap:***@db.example:5432/leap"
    assert "hunter2" not in shown


def test_a_database_that_cannot_be_reached_is_reported_without_its_password() -> None:
    url = "postgresql://leap:hunter2@127.0.0.1:1/leap?connect_timeout=2"
    code, out = _doctor({"DATABASE_URL": url}, None)
    assert code == 1
    assert "✗ store: cannot open postgresql://leap:***@127.0.0.1:1/leap" in out
    assert "fix: Check DATABASE_URL" in out
    assert "hunter2" not in out


def test_http_mode_reports_acknowledged_requests_waiting_in_the_inbox(tmp_path: Path) -> None:
    from adapters.slack.inbox import Inbox

    inbox_folder = tmp_path / "data-slack-inbox"  # beside the data folder, as Leap puts it
    inbox = Inbox(str(inbox_folder))
    handled = inbox.put("command=%2Fleap&text=help", {})
    inbox.put("command=%2Fleap&text=add+Maria+Lopez", {})
    inbox.done(handled.id)
    with FakeSlackAPI() as api:
        env = {
            "SLACK_BOT_TOKEN": SLACK_TOKEN,
            "SLACK_SIGNING_SECRET": "s3cr3t-signing-secret",
            "SLACK_API_URL": api.base_url,
        }
        _code, out = _doctor(env, tmp_path / "data")
        assert "in use by a running leap slack --http" in out  # this test holds it
        inbox._lockfile.close()  # as if that Leap had crashed: the lock is released
        _code, out = _doctor(env, tmp_path / "data")
    assert "holds 1 acknowledged request(s) not yet handled" in out
    assert "Start leap slack --http: it handles them first." in out
    assert Inbox(str(inbox_folder)).waiting()[0].body.endswith("Maria+Lopez")  # unchanged
