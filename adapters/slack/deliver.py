"""Putting the core's outbounds in front of the user, privately unless told otherwise.

A private reply goes where the user acted: into the bot's DM when they acted there,
otherwise as an ephemeral message through the request's ``response_url``, otherwise as a
DM. ``Update`` replaces the clicked message; ``OpenForm`` opens a modal with the request's
trigger. Every Slack failure is logged by its error code (never a token) and, for a
reply, retried as a DM, so an answer is not lost because one route failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from adapters.messaging import SendError
from adapters.responder import Report, Responder
from adapters.slack.modals import FormOrigin, modal
from adapters.slack.people import PLATFORM, DmChannels
from adapters.slack.render import fallback_text, message_blocks
from bot.paging import split
from bot.replies import (
    MAX_ACTION_CHARS,
    RUN,
    Button,
    ChannelPost,
    DirectMessage,
    File,
    Form,
    FormErrors,
    Message,
    Outbound,
)

log = logging.getLogger("leap.slack")
RESPONSE_URL_USES = 5  # Slack accepts five messages per response_url
POST_TEXT = 10_000  # block text per chat.postMessage, under Slack's ~12,000 (bolt-js #2509)
MAX_HALVINGS = 6
MIN_PART = 500
SLACK_ERRORS = (SlackApiError, SlackClientError, OSError)
# Refusals that retrying cannot mend: the user left, the app was removed, the channel went.
PERMANENT = frozenset(
    {
        "user_not_found",
        "users_not_found",
        "account_inactive",
        "cannot_dm_bot",
        "user_disabled",
        "user_is_bot",
        "messages_tab_disabled",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "team_not_found",
        "team_access_not_granted",
        "no_permission",
        "restricted_action",
        "channel_not_found",
        "is_archived",
        "not_in_channel",
    }
)


def send_error(err: Exception) -> SendError:
    """A Slack failure as the responder's ``SendError``, by its error code (never a token)."""
    code = reason(err)
    return SendError(code, permanent=code in PERMANENT)


def retry_handlers() -> list[Any]:
    """Retry on dropped connections, and after ``Retry-After`` on 429 answers."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=1),
        RateLimitErrorRetryHandler(max_retry_count=3),
    ]


def api_client(base_url: str | None = None, token: str | None = None) -> WebClient:
    """A Web API client with Leap's retry policy (429 after ``Retry-After``, lost links)."""
    kwargs: dict[str, Any] = {"base_url": base_url} if base_url else {}
    return WebClient(token=token, retry_handlers=retry_handlers(), **kwargs)


def reason(err: Exception) -> str:
    if isinstance(err, SlackApiError):
        return str(err.response.get("error", "error"))
    return type(err).__name__


@dataclass(slots=True)
class Origin:
    """Where and how the user acted: what the answers may use to reach them."""

    team: str
    user: str
    channel: str = ""
    channel_name: str = ""
    bot_dm: str = ""  # the bot's DM channel with the user, when they acted there
    response_url: str = ""
    trigger_id: str = ""
    command_text: str = ""  # run again to offer a form that could not be opened
    _uses: int = field(default=0, repr=False)


def post(client: WebClient, channel: str, message: Message) -> str:
    """``chat.postMessage`` of one message (several, if it is too long for one); returns
    the channel it landed in."""
    landed = channel
    for part in fit(message):
        answer = client.chat_postMessage(
            channel=channel,
            text=fallback_text(part),
            blocks=message_blocks(part),
            unfurl_links=False,
            unfurl_media=False,
        )
        landed = str(answer.get("channel") or channel)
    return landed


def fit(message: Message, depth: int = 0) -> list[Message]:
    """``message`` as posts Slack accepts. The core pages long answers well below the
    limit; this is the last resort for anything else: chat.postMessage refuses a message
    whose blocks hold about 12,000 characters of text (msg_blocks_too_long)."""
    if depth >= MAX_HALVINGS or blocks_text(message_blocks(message)) <= POST_TEXT:
        return [message]
    half = max((len(message.title) + len(message.text)) // 2, MIN_PART)
    parts = split(message, half)
    if len(parts) < 2:
        return [message]
    return [piece for part in parts for piece in fit(part, depth + 1)]


def blocks_text(blocks: list[dict[str, Any]]) -> int:
    """The characters of text in ``blocks`` (what Slack counts toward its cap)."""
    total = 0
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            total += len(str(text.get("text", "")))
        for element in block.get("elements", []):
            label = element.get("text")
            total += len(str(label.get("text", ""))) if isinstance(label, dict) else 0
    return total


def upload(client: WebClient, channel: str, files: Iterable[File]) -> None:
    for file in files:
        try:
            client.files_upload_v2(
                channel=channel,
                file=file.content,
                filename=file.filename,
                title=file.filename,
                alt_txt=file.alt or None,  # what an image shows, for screen readers
            )
        except SLACK_ERRORS as err:
            log.warning("file upload failed: %s", reason(err))


class SlackOutlet:
    """The Slack side of ``adapters.responder.Outlet`` for one request, with its client."""

    def __init__(self, client: WebClient, origin: Origin, dms: DmChannels) -> None:
        self.client = client
        self.origin = origin
        self.dms = dms

    def send(
        self,
        outbounds: Iterable[Outbound],
        report: Callable[[Report], Iterable[Outbound] | None] | None,
    ) -> None:
        Responder(self, report).send(outbounds)

    def update(self, message: Message) -> None:
        if not self._respond(message, replace=True):
            self.reply(message)

    def form_errors(self, errors: FormErrors) -> None:
        log.warning("form errors outside a form submission were dropped")

    def direct(self, dm: DirectMessage) -> None:
        if dm.to.platform != PLATFORM or dm.to.workspace != self.origin.team:
            raise SendError(f"not a user of this workspace: {dm.to.platform}/{dm.to.workspace}")
        try:
            channel = self.dms.open(self.client, dm.to.workspace, dm.to.user)
            post(self.client, channel, dm.message)
        except SLACK_ERRORS as err:
            raise send_error(err) from err
        upload(self.client, channel, dm.message.files)

    def channel_post(self, out: ChannelPost) -> None:
        if out.platform != PLATFORM or out.workspace != self.origin.team:
            raise SendError(f"not a channel of this workspace: {out.platform}/{out.workspace}")
        try:
            post(self.client, out.channel, out.message)
        except SLACK_ERRORS as err:
            raise send_error(err) from err
        upload(self.client, out.channel, out.message.files)

    # -- replies -------------------------------------------------------------------------
    def reply(self, message: Message, *, public: bool = False) -> None:
        try:
            self._reply(message, public)
        except SLACK_ERRORS as err:
            raise send_error(err) from err

    def _reply(self, message: Message, public: bool) -> None:
        o = self.origin
        if public:
            if self._respond(message, response_type="in_channel"):
                self._files_to(o.channel, message)
                return
            if o.channel:
                post(self.client, o.channel, message)
                self._files_to(o.channel, message)
                return
        if o.bot_dm:
            post(self.client, o.bot_dm, message)
            self._files_to(o.bot_dm, message)
            return
        if not self._respond(message):
            self.to_own_dm(message)
            return
        self._files_to("", message)

    def to_own_dm(self, message: Message) -> None:
        """A DM to the acting user."""
        channel = self.dms.open(self.client, self.origin.team, self.origin.user)
        post(self.client, channel, message)
        self._files_to(channel, message)

    def _files_to(self, channel: str, message: Message) -> None:
        if not message.files:
            return
        if not channel:  # an ephemeral message cannot hold files: they go to the DM
            channel = self.dms.open(self.client, self.origin.team, self.origin.user)
        upload(self.client, channel, message.files)

    def _respond(
        self, message: Message, *, response_type: str = "ephemeral", replace: bool = False
    ) -> bool:
        o = self.origin
        if not o.response_url or o._uses >= RESPONSE_URL_USES:
            return False
        o._uses += 1
        payload: dict[str, Any] = {
            "text": fallback_text(message),
            "blocks": message_blocks(message),
            "replace_original": replace,
        }
        if not replace:
            payload["response_type"] = response_type
        try:
            answer = WebhookClient(o.response_url, retry_handlers=retry_handlers()).send_dict(
                payload
            )
        except SLACK_ERRORS as err:
            log.warning("response_url failed: %s", reason(err))
            return False
        if answer.status_code != 200:
            log.warning("response_url answered %s", answer.status_code)
            return False
        return True

    # -- forms ---------------------------------------------------------------------------
    def open_form(self, form: Form) -> None:
        o = self.origin
        if o.trigger_id:
            trigger, o.trigger_id = o.trigger_id, ""  # a trigger opens one view
            where = FormOrigin(
                form.id, form.context, o.channel, o.channel_name, o.bot_dm, o.response_url
            )
            try:
                self.client.views_open(trigger_id=trigger, view=modal(form, where))
                return
            except SLACK_ERRORS as err:
                log.warning("views.open failed: %s", reason(err))
        self.offer_form(form)

    def offer_form(self, form: Form) -> None:
        """No trigger to open a modal with (a DM, an expired trigger): offer a button that
        runs the command again, which then opens the form."""
        text = self.origin.command_text.strip()
        if not text or len(RUN) + len(text) + 1 > MAX_ACTION_CHARS:
            log.warning("form %s could not be opened and cannot be offered", form.id)
            return
        self.reply(Message("", buttons=(Button(form.title, RUN, text, "primary"),)))
