"""The strict fake refuses what Discord refuses (through discord.py's own HTTP client), and
Leap's Discord adapter copes with each refusal the way a user would want."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import discord
import pytest
from discord.http import Route

from adapters.discord.messenger import post_to_channel
from adapters.messaging import SendError
from bot.events import Command
from bot.replies import ChannelPost, Message
from tests.adapters.test_discord_harness import (
    actor,
    at,
    body,
    interact,
    known,
    leap_bot,
    open_leap,
    run,
)
from tests.fakes.discord_server import FakeDiscord


def _client() -> discord.Client:
    return discord.Client(intents=discord.Intents.none(), guild_ready_timeout=0.05)


async def _refused(client: discord.Client, route: Route, payload: Any) -> discord.HTTPException:
    with pytest.raises(discord.HTTPException) as err:
        await client.http.request(route, json=payload)
    return err.value


def _post(channel_id: int) -> Route:
    return Route("POST", "/channels/{channel_id}/messages", channel_id=channel_id)


def _row(*components: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(components)}


def _button(custom_id: str, label: str = "Go") -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def test_form_body_limits_give_50035_with_the_failing_path() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            client = _client()
            async with fake.running(client):
                post = _post(fake.channel_id)
                cases: list[tuple[dict[str, Any], str]] = [
                    ({"content": "x" * 2001}, "In content: Must be 2000 or fewer"),
                    ({"embeds": [{"title": "t"}] * 11}, "In embeds: Must be 10 or fewer"),
                    (
                        {"components": [_row(_button(f"b{i}")) for i in range(6)]},
                        "In components: Must be 5 or fewer",
                    ),
                    (
                        {"components": [_row(*[_button(f"b{i}") for i in range(6)])]},
                        "In components.0.components: Must be between 1 and 5",
                    ),
                    (
                        {"components": [_row(_button("c" * 101))]},
                        "In components.0.components.0.custom_id: Must be between 1 and 100",
                    ),
                    (
                        {"components": [_row(_button("a", "L" * 81))]},
                        "In components.0.components.0.label: Must be 80 or fewer",
                    ),
                    (
                        {"components": [_row(_button("same"), _button("same"))]},
                        "In components.0.components.1.custom_id: Component custom id",
                    ),
                    (
                        {
                            "components": [
                                _row(
                                    {
                                        "type": 3,
                                        "custom_id": "s",
                                        "options": [
                                            {"label": str(i), "value": str(i)} for i in range(26)
                                        ],
                                    }
                                )
                            ]
                        },
                        "In components.0.components.0.options: Must be between 1 and 25",
                    ),
                ]
                for payload, expected in cases:
                    err = await _refused(client, post, payload)
                    assert (err.status, err.code) == (400, 50035), payload
                    assert expected in err.text, err.text
                assert len(fake.refused) == len(cases)
                await client.http.request(post, json={"content": "x" * 2000})  # the limit is fine

    run(scenario())


def test_modal_limits_and_answering_twice_and_late() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            client = _client()
            async with fake.running(client):
                payload = fake.slash_payload("leap", {}, subcommand="help")
                await fake.dispatch_interaction(payload)
                callback = Route(
                    "POST",
                    "/interactions/{interaction_id}/{interaction_token}/callback",
                    interaction_id=payload["id"],
                    interaction_token=payload["token"],
                )
                text_input = {"type": 4, "custom_id": "note", "style": 1, "label": "Note"}
                modal = {"title": "Add", "custom_id": "leap-form:add:", "components": []}
                cases: list[tuple[dict[str, Any], str]] = [
                    ({**modal, "title": "T" * 46}, "In data.title: Must be between 1 and 45"),
                    (
                        {**modal, "components": [_row(text_input)] * 6},
                        "In data.components: Must be between 1 and 5",
                    ),
                    (
                        {**modal, "components": [_row({**text_input, "label": "L" * 46})]},
                        "In data.components.0.components.0.label: Must be between 1 and 45",
                    ),
                    (
                        {**modal, "components": [_row({**text_input, "value": "v" * 4001})]},
                        "In data.components.0.components.0.value: Must be 4000 or fewer",
                    ),
                    (
                        {
                            **modal,
                            "components": [
                                {"type": 18, "label": "L" * 46, "component": text_input}
                            ],
                        },
                        "In data.components.0.label: Must be between 1 and 45",
                    ),
                ]
                for data, expected in cases:
                    err = await _refused(client, callback, {"type": 9, "data": data})
                    assert (err.status, err.code) == (400, 50035)
                    assert expected in err.text, err.text
                ok = {**modal, "components": [_row(text_input)]}
                await client.http.request(callback, json={"type": 9, "data": ok})
                err = await _refused(client, callback, {"type": 4, "data": {"content": "hi"}})
                assert (err.status, err.code) == (400, 40060)

                late = fake.slash_payload("leap", {}, subcommand="help")
                await fake.dispatch_interaction(late)
                fake.advance(3.5)  # Discord allows 3 s for the first response
                route = Route(
                    "POST",
                    "/interactions/{interaction_id}/{interaction_token}/callback",
                    interaction_id=late["id"],
                    interaction_token=late["token"],
                )
                err = await _refused(client, route, {"type": 4, "data": {"content": "hi"}})
                assert (err.status, err.code) == (404, 10062)

    run(scenario())


def test_permissions_dms_and_rate_limits_answer_like_discord() -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            client = _client()
            async with fake.running(client):
                fake.deny(fake.channel_id)
                err = await _refused(client, _post(fake.channel_id), {"content": "hi"})
                assert (err.status, err.code) == (403, 50013)
                hidden = fake.add_channel("staff")
                fake.deny(hidden, code=50001)
                err = await _refused(client, _post(hidden), {"content": "hi"})
                assert (err.status, err.code) == (403, 50001)

                open_channel = fake.add_channel("open")
                fake.rate_limit("POST", f"/channels/{open_channel}/messages")
                await client.http.request(_post(open_channel), json={"content": "hi"})
                posts = await fake.wait_for("POST", f"/channels/{open_channel}/messages", count=2)
                assert len(posts) == 2  # discord.py waited retry_after (0 s) and sent again

    run(scenario())


def test_a_group_post_the_bot_may_not_make_is_a_clear_send_error(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                async with leap_bot(fake, leap, refusals=1) as client:
                    fake.deny(fake.channel_id)
                    post = ChannelPost(
                        "discord", "discord", str(fake.channel_id), Message("Digest")
                    )
                    with pytest.raises(SendError) as err:
                        await post_to_channel(client, post)
                    assert err.value.reason == "missing permissions (50013)"
                    assert not err.value.permanent  # an admin can fix it; retried next time

    run(scenario())


def test_an_interaction_that_arrives_too_late_is_logged_and_the_bot_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            with open_leap(tmp_path) as leap:
                known(leap)
                leap.handle(Command(actor(), "add Maria Lopez"))
                async with leap_bot(fake, leap, refusals=1):
                    stale = fake.slash_payload("leap", {}, **at("contacts"))
                    await fake.dispatch_interaction(stale, age=3.5)
                    await fake.wait_for("POST", f"/interactions/{stale['id']}/")
                    fresh = fake.slash_payload("leap", {}, **at("contacts"))
                    (answer,) = await interact(fake, fresh)
                    assert "Maria Lopez" in body(answer)["content"]
        assert fake.refused[0][1] == 404 and fake.refused[0][2]["code"] == 10062
        assert "10062" in caplog.text or "Unknown interaction" in caplog.text

    run(scenario())
