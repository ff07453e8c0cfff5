"""What the real Slack refuses, for ``FakeSlackAPI``: channels, scopes, tokens, Block Kit.

The fake answers ``{"ok": true}`` only where Slack would. Each rule cites where Slack
documents it (docs.slack.dev, formerly api.slack.com) or, for the undocumented total
block-text cap, the slackapi issue that measured it. ``SlackRules`` holds the state the
rules need (channels, scopes, bot users, revoked tokens, used triggers and response URLs)
and ``refusal(call)`` returns Slack's error answer for a call, or None when Slack accepts.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = Path(__file__).resolve().parents[2] / "adapters" / "slack" / "manifest.json"

# Block Kit limits — https://docs.slack.dev/reference/block-kit/blocks and
# https://docs.slack.dev/reference/block-kit/block-elements (PLATFORMS.md, "Slack").
MESSAGE_BLOCKS = 50  # "up to 50 blocks in each message"
VIEW_BLOCKS = 100  # "up to 100 blocks in modals or Home tabs"
SECTION_TEXT = 3000  # section block: text, "maximum length ... 3000 characters"
SECTION_FIELDS = 10  # section block: fields, "maximum number of items is 10"
FIELD_TEXT = 2000  # "maximum length for the text in each item is 2000 characters"
HEADER_TEXT = 150  # header block: text, "maximum length ... 150 characters"
CONTEXT_ELEMENTS = 10  # context block: elements, "maximum number of items is 10"
ACTIONS_ELEMENTS = 25  # actions block: elements, "maximum number of items is 25"
BLOCK_ID = 255  # every block: block_id, "maximum length ... 255 characters"
BUTTON_TEXT = 75  # button element: text, "maximum length ... 75 characters"
BUTTON_VALUE = 2000  # button element: value, "maximum length ... 2000 characters"
ACTION_ID = 255  # every element: action_id, "maximum length ... 255 characters"
SELECT_OPTIONS = 100  # static select: options, "maximum number of options is 100"
OPTION_TEXT = 75  # option object: text, "maximum length ... 75 characters"
OPTION_VALUE = 150  # option object: value, "maximum length ... 150 characters"
PLACEHOLDER = 150  # select placeholder, "maximum length ... 150 characters"
# Views — https://docs.slack.dev/reference/views (modal title, submit and close: 24;
# private_metadata 3000; callback_id 255); plain-text input max_length at most 3000.
VIEW_TITLE = 24
PRIVATE_METADATA = 3000
CALLBACK_ID = 255
INPUT_MAX_LENGTH = 3000
INPUT_LABEL = 2000
# chat.postMessage answers msg_blocks_too_long once a message's blocks hold about 12,000
# characters of text (undocumented; measured in slackapi/bolt-js #2509: rejected from
# ~13,200 characters; #2867: rejected at 11,341 counted text characters, "12,000 text
# characters with a buffer for block containers"). The fake counts every "text" string
# in the blocks plus a container allowance per block. respond() is not capped (#2867).
BLOCKS_TEXT = 12000
BLOCK_ALLOWANCE = 20
# response_url: "use it up to five times within 30 minutes"
# (https://docs.slack.dev/interactivity/handling-user-interaction#message_responses).
RESPONSE_URL_USES = 5
# views.open: a trigger_id "expires in three seconds" and opens one view; errors
# expired_trigger_id, exchanged_trigger_id (https://docs.slack.dev/reference/methods/views.open).
# Methods that post into a channel and the channel errors they share
# (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
POSTING = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.scheduleMessage"})
# The scope each method needs — https://docs.slack.dev/reference/methods/<method> ("Required
# scopes"); without it Slack answers missing_scope.
NEEDS = {
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.update": "chat:write",
    "conversations.open": "im:write",
    "users.info": "users:read",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
}
# conversations.info / conversations.members: channels:read for public channels,
# groups:read for private ones (https://docs.slack.dev/reference/methods/conversations.info).
READ_SCOPE = {False: "channels:read", True: "groups:read"}


def manifest_scopes() -> set[str]:
    """The bot scopes Leap's manifest requests: what an install grants."""
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return set(data["oauth_config"]["scopes"]["bot"])


@dataclass(slots=True)
class FakeChannel:
    """A conversation in the fake workspace. Unknown ids starting with ``C`` are public
    channels, ``G`` private ones, ``D`` DMs; the bot is a member of none until added."""

    id: str
    private: bool = False
    archived: bool = False
    exists: bool = True
    members: set[str] = field(default_factory=set)
    name: str = ""


def refused(error: str, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "error": error, **extra}


class SlackRules:
    """The fake workspace's state and Slack's refusals for it."""

    def __init__(self, bot_user_id: str) -> None:
        self.bot_user_id = bot_user_id
        self.scopes = manifest_scopes()
        self.channels: dict[str, FakeChannel] = {}
        self.bots: set[str] = {bot_user_id}  # conversations.open with a bot: cannot_dm_bot
        self.revoked: set[str] = set()  # tokens Slack answers token_revoked for
        self.expired_triggers: set[str] = set()
        self.expired_urls: set[str] = set()
        self.strict_blocks = True
        self._used_triggers: set[str] = set()
        self._url_uses: dict[str, int] = {}
        self._lock = threading.Lock()

    # -- the workspace ------------------------------------------------------------------------
    def channel(self, channel_id: str) -> FakeChannel:
        known = self.channels.get(channel_id)
        if known is not None:
            return known
        private = channel_id.startswith("G")
        exists = channel_id[:1] in ("C", "G", "D") and len(channel_id) > 1
        return FakeChannel(channel_id, private=private, exists=exists)

    def add_channel(self, channel_id: str, **kwargs: Any) -> FakeChannel:
        made = FakeChannel(channel_id, **kwargs)
        self.channels[channel_id] = made
        return made

    def bot_is_member(self, channel: FakeChannel) -> bool:
        return channel.id.startswith("D") or self.bot_user_id in channel.members

    # -- the rules -----------------------------------------------------------------------------
    def refusal(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> dict[str, Any] | None:
        """Slack's error answer for a Web API call, or None when Slack accepts it."""
        if token is not None and token in self.revoked:
            # https://docs.slack.dev/reference/events/tokens_revoked: calls with the token
            # fail afterwards with token_revoked.
            return refused("token_revoked")
        needed = NEEDS.get(method)
        if needed is not None and needed not in self.scopes:
            return refused("missing_scope", needed=needed, provided=",".join(sorted(self.scopes)))
        if method in POSTING:
            return self._posting(method, args)
        if method == "conversations.open":
            users = str(args.get("users", args.get("user", ""))).split(",")
            if any(u in self.bots for u in users):
                return refused("cannot_dm_bot")  # conversations.open errors
            return None
        if method in ("conversations.info", "conversations.members"):
            return self._reading(args)
        if method in ("views.open", "views.push"):
            return self._trigger(str(args.get("trigger_id", ""))) or self._view(args.get("view"))
        if method in ("views.publish", "views.update"):
            return self._view(args.get("view"))
        return None

    def _posting(self, method: str, args: dict[str, Any]) -> dict[str, Any] | None:
        channel = self.channel(str(args.get("channel", "")))
        if not channel.exists:
            return refused("channel_not_found")
        if channel.archived:
            return refused("is_archived")
        # chat.postMessage: not_in_channel unless the app has chat:write.public, which
        # covers public channels only (scopes reference: chat:write.public).
        public_ok = not channel.private and "chat:write.public" in self.scopes
        if not self.bot_is_member(channel) and not public_ok:
            return refused("not_in_channel")
        blocks = args.get("blocks")
        if blocks is not None and self.strict_blocks:
            problem = block_problem(blocks, MESSAGE_BLOCKS)
            if problem:
                return refused("invalid_blocks", errors=[problem])
            if method == "chat.postMessage" and blocks_text(blocks) > BLOCKS_TEXT:
                return refused("msg_blocks_too_long")
        return None

    def _reading(self, args: dict[str, Any]) -> dict[str, Any] | None:
        channel = self.channel(str(args.get("channel", "")))
        if READ_SCOPE[channel.private] not in self.scopes:
            return refused("missing_scope", needed=READ_SCOPE[channel.private])
        # A private channel the app is not in is invisible to it: channel_not_found.
        if not channel.exists or (channel.private and not self.bot_is_member(channel)):
            return refused("channel_not_found")
        return None

    def _trigger(self, trigger: str) -> dict[str, Any] | None:
        with self._lock:
            if trigger in self.expired_triggers:
                return refused("expired_trigger_id")
            if trigger in self._used_triggers:
                return refused("exchanged_trigger_id")
            self._used_triggers.add(trigger)
        return None

    def _view(self, view: Any) -> dict[str, Any] | None:
        if not isinstance(view, dict) or not self.strict_blocks:
            return None
        problem = view_problem(view)
        if problem:
            # views.* report schema problems as invalid_arguments with the failing path.
            return refused("invalid_arguments", response_metadata={"messages": [problem]})
        return None

    def response_url(self, name: str, payload: Any) -> tuple[int, str] | None:
        """Slack's refusal of a POST to a response_url: (status, body), or None."""
        with self._lock:
            if name in self.expired_urls:
                return 404, "expired_url"
            uses = self._url_uses.get(name, 0) + 1
            self._url_uses[name] = uses
        if uses > RESPONSE_URL_USES:
            return 404, "used_url"
        if isinstance(payload, dict) and self.strict_blocks:
            blocks = payload.get("blocks")
            if blocks is not None and block_problem(blocks, MESSAGE_BLOCKS):
                return 400, "invalid_blocks"
        return None

    def ack(self, body: Any) -> str:
        """Slack's refusal of a message in an acknowledgement, or ''. Like a response_url
        message it must be valid Block Kit (https://docs.slack.dev/interactivity/
        implementing-slash-commands#responding_immediately)."""
        blocks = body.get("blocks") if isinstance(body, dict) else None
        if blocks is not None and self.strict_blocks and block_problem(blocks, MESSAGE_BLOCKS):
            return "invalid_blocks"
        return ""

    def channel_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(str(args.get("channel", "")))
        return {
            "id": channel.id,
            "name": channel.name or channel.id.lower(),
            "is_channel": not channel.private and not channel.id.startswith("D"),
            "is_group": channel.private,
            "is_im": channel.id.startswith("D"),
            "is_private": channel.private,
            "is_archived": channel.archived,
            "is_member": self.bot_is_member(channel),
        }

    def members(self, args: dict[str, Any]) -> list[str]:
        return sorted(self.channel(str(args.get("channel", ""))).members)


# -- Block Kit checks ------------------------------------------------------------------------


def _text(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else ""


def _too_long(obj: Any, limit: int, where: str) -> str:
    text = _text(obj)
    if not text:
        return f"{where}: must be at least 1 character"  # text objects may not be empty
    if len(text) > limit:
        return f"{where}: must be less than {limit + 1} characters"
    return ""


def element_problem(element: dict[str, Any], where: str, seen: set[str]) -> str:
    kind = element.get("type")
    action_id = str(element.get("action_id", ""))
    if len(action_id) > ACTION_ID:
        return f"{where}/action_id: must be less than {ACTION_ID + 1} characters"
    if action_id:
        if action_id in seen:
            return f"{where}/action_id: duplicate action_id {action_id!r}"
        seen.add(action_id)
    if kind == "button":
        if len(str(element.get("value", ""))) > BUTTON_VALUE:
            return f"{where}/value: must be less than {BUTTON_VALUE + 1} characters"
        return _too_long(element.get("text"), BUTTON_TEXT, f"{where}/text")
    if kind == "static_select":
        options = element.get("options") or []
        if not options or len(options) > SELECT_OPTIONS:
            return f"{where}/options: must hold 1 to {SELECT_OPTIONS} options"
        for i, option in enumerate(options):
            problem = _too_long(option.get("text"), OPTION_TEXT, f"{where}/options/{i}/text")
            if problem:
                return problem
            if len(str(option.get("value", ""))) > OPTION_VALUE:
                return f"{where}/options/{i}/value: must be less than {OPTION_VALUE + 1}"
        return _too_long(element.get("placeholder"), PLACEHOLDER, f"{where}/placeholder")
    too_long = int(element.get("max_length", 0) or 0) > INPUT_MAX_LENGTH
    if kind == "plain_text_input" and too_long:
        return f"{where}/max_length: must be at most {INPUT_MAX_LENGTH}"
    return ""


def block_problem(blocks: Any, max_blocks: int) -> str:
    """The first Block Kit rule ``blocks`` break, as Slack words it, or ''."""
    if not isinstance(blocks, list):
        return "blocks: must be an array"
    if len(blocks) > max_blocks:
        return f"blocks: must have no more than {max_blocks} items"
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"/blocks/{i}"
        problem = _block(block, where, seen)
        if problem:
            return problem
    return ""


def _block(block: dict[str, Any], where: str, seen: set[str]) -> str:
    kind = block.get("type")
    if len(str(block.get("block_id", ""))) > BLOCK_ID:
        return f"{where}/block_id: must be less than {BLOCK_ID + 1} characters"
    if kind == "section":
        fields = block.get("fields")
        if "text" in block or not fields:
            problem = _too_long(block.get("text"), SECTION_TEXT, f"{where}/text")
            if problem:
                return problem
        if fields:
            if len(fields) > SECTION_FIELDS:
                return f"{where}/fields: must have no more than {SECTION_FIELDS} items"
            for j, item in enumerate(fields):
                problem = _too_long(item, FIELD_TEXT, f"{where}/fields/{j}")
                if problem:
                    return problem
        accessory = block.get("accessory")
        if isinstance(accessory, dict):
            return element_problem(accessory, f"{where}/accessory", seen)
        return ""
    if kind == "header":
        return _too_long(block.get("text"), HEADER_TEXT, f"{where}/text")
    if kind == "context":
        elements = block.get("elements") or []
        if not elements or len(elements) > CONTEXT_ELEMENTS:
            return f"{where}/elements: must hold 1 to {CONTEXT_ELEMENTS} items"
        return ""
    if kind == "actions":
        elements = block.get("elements") or []
        if not elements or len(elements) > ACTIONS_ELEMENTS:
            return f"{where}/elements: must hold 1 to {ACTIONS_ELEMENTS} items"
        for j, element in enumerate(elements):
            problem = element_problem(element, f"{where}/elements/{j}", seen)
            if problem:
                return problem
        return ""
    if kind == "input":
        problem = _too_long(block.get("label"), INPUT_LABEL, f"{where}/label")
        if problem:
            return problem
        element = block.get("element")
        return element_problem(element, f"{where}/element", seen) if element else ""
    return ""


def view_problem(view: dict[str, Any]) -> str:
    kind = view.get("type")
    if kind == "modal":
        for key in ("title", "submit", "close"):
            if key in view:
                problem = _too_long(view[key], VIEW_TITLE, f"/view/{key}/text")
                if problem:
                    return problem
    if len(str(view.get("private_metadata", ""))) > PRIVATE_METADATA:
        return f"/view/private_metadata: must be less than {PRIVATE_METADATA + 1} characters"
    if len(str(view.get("callback_id", ""))) > CALLBACK_ID:
        return f"/view/callback_id: must be less than {CALLBACK_ID + 1} characters"
    return block_problem(view.get("blocks") or [], VIEW_BLOCKS)


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def blocks_text(blocks: Any) -> int:
    """What chat.postMessage counts against msg_blocks_too_long (see BLOCKS_TEXT)."""
    count = len(blocks) if isinstance(blocks, list) else 0
    return sum(len(t) for t in _texts(blocks)) + BLOCK_ALLOWANCE * count
