"""Start-up checks, the app manifest, and logs that never show a token."""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.config import ConfigError, Env, RedactSecrets
from adapters.slack.app import SHORTCUT_ID
from adapters.slack.installations import SCOPES, authorization_url
from adapters.slack.main import quiet_logs, slack_main
from adapters.slack.settings import load_settings
from tests.adapters.test_slack_rig import SECRET, TOKEN, Rig, replies, runtime_restored
from tests.fakes.slack_api import FakeSlackAPI

MANIFEST = Path(__file__).resolve().parents[2] / "adapters" / "slack" / "manifest.json"
SOCKET = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": "xapp-1-A1-x"}
HTTP = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET}


@pytest.mark.parametrize(
    ("values", "http", "named"),
    [
        ({}, False, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": TOKEN}, False, "SLACK_APP_TOKEN"),
        ({**SOCKET, "SLACK_BOT_TOKEN": "xoxp-user-token"}, False, "SLACK_BOT_TOKEN"),
        ({**SOCKET, "SLACK_APP_TOKEN": "xoxb-wrong-kind"}, False, "SLACK_APP_TOKEN"),
        ({**SOCKET, "SLACK_API_URL": "slack-gov.com/api"}, False, "SLACK_API_URL"),
        ({"SLACK_BOT_TOKEN": TOKEN}, True, "SLACK_SIGNING_SECRET"),
        ({**HTTP, "SLACK_SIGNING_SECRET": "has space in it"}, True, "SLACK_SIGNING_SECRET"),
        ({**HTTP, "PORT": "eighty"}, True, "PORT"),
        ({**HTTP, "SLACK_CLIENT_ID": "1234.5678"}, True, "SLACK_CLIENT_SECRET"),
        ({**HTTP, "SLACK_CLIENT_SECRET": "abcdefghijkl"}, True, "SLACK_CLIENT_ID"),
        (
            {**HTTP, "SLACK_CLIENT_ID": "my-app", "SLACK_CLIENT_SECRET": "abcdefghijkl"},
            True,
            "SLACK_CLIENT_ID",
        ),
    ],
)
def test_a_missing_or_malformed_setting_is_named(
    values: dict[str, str], http: bool, named: str
) -> None:
    with pytest.raises(ConfigError) as stopped:
        load_settings(Env(values), http=http)
    message = str(stopped.value)
    assert named in message
    for secret in values.values():  # a secret's value is never echoed
        if secret.startswith(("xox", "xapp")) or secret == SECRET:
            assert secret not in message


def test_good_settings_choose_the_mode() -> None:
    socket = load_settings(
        Env({**SOCKET, "SLACK_API_URL": "https://slack-gov.com/api"}), http=False
    )
    assert not socket.http and socket.api_url == "https://slack-gov.com/api/"
    http = load_settings(Env({**HTTP, "PORT": "8080"}), http=True)
    assert http.http and http.port == 8080 and not http.oauth
    assert load_settings(Env({**HTTP, "PORT": "8080"}), http=True, port=9000).port == 9000
    oauth = load_settings(
        Env(
            {
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_CLIENT_ID": "12.34",
                "SLACK_CLIENT_SECRET": "abcdefghijkl",
            }
        ),
        http=True,
    )
    assert oauth.oauth and not oauth.bot_token
    assert (
        authorization_url("https://slack-gov.com/api/")
        == "https://slack-gov.com/oauth/v2/authorize"
    )


def test_a_refused_token_stops_start_up_naming_it(tmp_path: Path) -> None:
    with FakeSlackAPI() as api:
        api.set_response("auth.test", {"ok": False, "error": "invalid_auth"})
        env = Env({**HTTP, "SLACK_API_URL": api.base_url})
        args = argparse.Namespace(http=True, port=0, data=str(tmp_path / "data"))
        with runtime_restored(), pytest.raises(ConfigError) as stopped:
            slack_main(args, env)
        assert "SLACK_BOT_TOKEN" in str(stopped.value) and "invalid_auth" in str(stopped.value)
        assert TOKEN not in str(stopped.value)


def test_the_manifest_is_valid_and_asks_only_what_leap_uses() -> None:
    manifest = json.loads(MANIFEST.read_text())
    assert manifest["_metadata"]["major_version"] == 1
    assert len(manifest["display_information"]["name"]) <= 35
    assert len(manifest["display_information"]["description"]) <= 139
    features = manifest["features"]
    (command,) = features["slash_commands"]
    assert command["command"] == "/leap" and len(command["description"]) <= 100
    (shortcut,) = features["shortcuts"]
    assert shortcut["type"] == "message" and shortcut["callback_id"] == SHORTCUT_ID
    assert len(shortcut["name"]) <= 40 and len(shortcut["description"]) <= 150
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert features["bot_user"]["display_name"] == "Leap"
    assert manifest["oauth_config"]["scopes"]["bot"] == list(SCOPES)
    assert "user" not in manifest["oauth_config"]["scopes"]
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert sorted(settings["event_subscriptions"]["bot_events"]) == [
        "app_home_opened",
        "app_uninstalled",  # forget the installation, pause the workspace's reminders
        "message.im",
        "tokens_revoked",
    ]


@pytest.fixture
def restored() -> Iterator[None]:
    with runtime_restored():
        yield


def test_tokens_never_reach_the_logs(
    caplog: pytest.LogCaptureFixture, tmp_path: Path, restored: None
) -> None:
    caplog.set_level(logging.DEBUG)
    quiet_logs()
    caplog.handler.addFilter(RedactSecrets())
    with FakeSlackAPI() as api:
        api.set_response("chat.postMessage", {"ok": False, "error": "internal_error"})
        rig = Rig(api, tmp_path / "data")
        try:
            rig.command("help", channel="DU1")
            rig.idle()
            logging.getLogger("leap.slack").warning("careless: %s", TOKEN)
        finally:
            rig.close()
    assert "internal_error" in caplog.text  # failures are logged, by their error code
    assert TOKEN not in caplog.text and "xoxb-[redacted]" in caplog.text


def test_oauth_variables_in_the_environment_do_not_displace_the_bot_token(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # bolt reads SLACK_CLIENT_ID/SECRET from os.environ and would switch to OAuth on its own
    monkeypatch.setenv("SLACK_CLIENT_ID", "111.222")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "abcdefghijkl")
    with FakeSlackAPI() as api:
        rig = Rig(api, tmp_path / "data")
        try:
            rig.command("help")
            rig.idle()
            assert api.calls_to("users.info")[0].token == TOKEN
            assert len(replies(api)) == 2
        finally:
            rig.close()
