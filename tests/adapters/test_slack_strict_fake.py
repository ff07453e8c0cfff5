"""The strict Slack fake refuses what Slack refuses, through the real slack-sdk client.

Each refusal is documented where the rule lives (``tests/fakes/slack_rules.py``); these
tests pin that the fake really answers that way, so an adapter test that passes against
it would not meet that refusal on a real workspace.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from adapters.slack.deliver import retry_handlers
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_rules import BLOCKS_TEXT

TOKEN = "xoxb-strict"


@pytest.fixture
def api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


def client(api: FakeSlackAPI, token: str = TOKEN) -> WebClient:
    return WebClient(base_url=api.base_url, token=token, retry_handlers=retry_handlers())


def error_of(call: object) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()  # type: ignore[operator]
    return str(caught.value.response["error"])


def section(text: str) -> dict[str, object]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def test_a_private_channel_the_bot_was_not_invited_to_refuses_posts(api: FakeSlackAPI) -> None:
    api.add_channel("G1", private=True, members={"U1"})
    web = client(api)
    assert error_of(lambda: web.chat_postMessage(channel="G1", text="hi")) == "not_in_channel"
    assert error_of(lambda: web.conversations_info(channel="G1")) == "channel_not_found"
    api.add_channel("G1", private=True, members={"U1", api.bot_user_id})
    assert web.chat_postMessage(channel="G1", text="hi")["ok"]
    assert web.conversations_info(channel="G1")["channel"]["is_member"] is True


def test_a_public_channel_needs_chat_write_public_or_an_invite(api: FakeSlackAPI) -> None:
    web = client(api)
    assert web.chat_postMessage(channel="C7", text="digest")["ok"]  # the manifest asks for it
    api.rules.scopes.discard("chat:write.public")
    assert error_of(lambda: web.chat_postMessage(channel="C7", text="x")) == "not_in_channel"


def test_unknown_and_archived_channels_are_refused(api: FakeSlackAPI) -> None:
    api.add_channel("C404", exists=False)
    api.add_channel("C9", archived=True)
    web = client(api)
    assert error_of(lambda: web.chat_postMessage(channel="C404", text="x")) == "channel_not_found"
    assert error_of(lambda: web.chat_postMessage(channel="C9", text="x")) == "is_archived"


def test_too_much_block_text_is_refused_by_post_message_only(api: FakeSlackAPI) -> None:
    blocks = [section("x" * 2900) for _ in range(5)]  # every section within its 3,000
    web = client(api)
    assert BLOCKS_TEXT < 5 * 2900
    assert error_of(lambda: web.chat_postMessage(channel="DU1", blocks=blocks, text="t")) == (
        "msg_blocks_too_long"
    )
    answer = WebhookClient(api.response_url("r")).send(blocks=blocks, text="t")
    assert answer.status_code == 200  # respond() is not capped (slackapi/bolt-js #2867)


def button(text: str = "b", action_id: str = "a", **extra: object) -> dict[str, object]:
    return {"type": "button", "text": plain(text), "action_id": action_id, **extra}


def plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def actions(*elements: dict[str, object]) -> list[dict[str, object]]:
    return [{"type": "actions", "elements": list(elements)}]


def select(count: int = 1, text: str = "o", value: str = "1") -> dict[str, object]:
    options = [{"text": plain(text), "value": f"{value}{i}"} for i in range(count)]
    return {
        "type": "static_select",
        "action_id": "s",
        "placeholder": plain("p"),
        "options": options,
    }


BROKEN = {
    "section-3001": [section("x" * 3001)],
    "empty-text": [section("")],
    "51-blocks": [section("ok")] * 51,
    "header-151": [{"type": "header", "text": plain("h" * 151)}],
    "context-11": [{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}],
    "actions-26": actions(*(button(action_id=f"a{i}") for i in range(26))),
    "button-text-76": actions(button("b" * 76)),
    "button-value-2001": actions(button(value="v" * 2001)),
    "action-id-256": actions(button(action_id="a" * 256)),
    "duplicate-action-id": actions(button(), button()),
    "select-101-options": actions(select(101)),
    "option-text-76": actions(select(text="o" * 76)),
    "option-value-151": actions(select(value="1" * 151)),
    "block-id-256": [{"type": "section", "block_id": "b" * 256, "text": plain("t")}],
}


@pytest.mark.parametrize("blocks", BROKEN.values(), ids=BROKEN.keys())
def test_every_block_kit_limit_is_refused(api: FakeSlackAPI, blocks: list[object]) -> None:
    web = client(api)
    assert error_of(lambda: web.chat_postMessage(channel="DU1", blocks=blocks, text="t")) == (
        "invalid_blocks"
    )
    answer = WebhookClient(api.response_url("r")).send(blocks=blocks, text="t")
    assert answer.status_code == 400 and answer.body == "invalid_blocks"


def text_input(max_length: int = 100) -> dict[str, object]:
    element = {"type": "plain_text_input", "action_id": "v", "max_length": max_length}
    return {"type": "input", "block_id": "name", "label": plain("Name"), "element": element}


BROKEN_VIEWS = {
    "title-25": {"title": plain("t" * 25)},
    "submit-25": {"submit": plain("s" * 25)},
    "close-25": {"close": plain("c" * 25)},
    "metadata-3001": {"private_metadata": "m" * 3001},
    "callback-id-256": {"callback_id": "c" * 256},
    "input-max-length-3001": {"blocks": [text_input(3001)]},
    "101-blocks": {"blocks": [section("ok")] * 101},
}


@pytest.mark.parametrize("broken", BROKEN_VIEWS.values(), ids=BROKEN_VIEWS.keys())
def test_a_modal_over_its_limits_is_refused(api: FakeSlackAPI, broken: dict[str, object]) -> None:
    view = {"type": "modal", "title": plain("Add"), "blocks": [text_input()], **broken}
    web = client(api)
    assert error_of(lambda: web.views_open(trigger_id="t1", view=view)) == "invalid_arguments"
    assert web.views_open(trigger_id="t2", view={**view, **BASE_VIEW})["ok"]


BASE_VIEW = {
    "title": plain("Add"),
    "submit": plain("Save"),
    "close": plain("Cancel"),
    "private_metadata": "",
    "callback_id": "leap-form",
    "blocks": [text_input()],
}


def test_a_trigger_opens_one_view_and_expires(api: FakeSlackAPI) -> None:
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Add"}, "blocks": []}
    web = client(api)
    assert web.views_open(trigger_id="t1", view=view)["ok"]
    assert error_of(lambda: web.views_open(trigger_id="t1", view=view)) == "exchanged_trigger_id"
    api.rules.expired_triggers.add("t2")
    assert error_of(lambda: web.views_open(trigger_id="t2", view=view)) == "expired_trigger_id"


def test_a_response_url_takes_five_messages(api: FakeSlackAPI) -> None:
    hook = WebhookClient(api.response_url("r"))
    assert [hook.send(text=f"{i}").status_code for i in range(6)] == [200] * 5 + [404]
    api.rules.expired_urls.add("late")
    assert WebhookClient(api.response_url("late")).send(text="x").body == "expired_url"


def test_rate_limits_carry_retry_after_and_the_client_waits_them_out(api: FakeSlackAPI) -> None:
    api.rate_limit("chat.postMessage", times=2)
    assert client(api).chat_postMessage(channel="DU1", text="hi")["ok"]
    answers = api.calls_to("chat.postMessage")
    assert len(answers) == 3  # two 429s with Retry-After, then the message


def test_revoked_tokens_and_bots_are_refused(api: FakeSlackAPI) -> None:
    api.rules.revoked.add("xoxb-gone")
    gone = client(api, "xoxb-gone")
    assert error_of(lambda: gone.chat_postMessage(channel="DU1", text="x")) == "token_revoked"
    web = client(api)
    api.rules.bots.add("UBOT2")
    assert error_of(lambda: web.conversations_open(users="UBOT2")) == "cannot_dm_bot"
