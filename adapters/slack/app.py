"""``create_app``: the bolt ``App`` for Leap, with no transport attached.

Every listener runs the core first and acknowledges when it is done (``answer_then_ack``,
``answering``): a 200 means the change is stored, and a slash command's first reply rides
in the acknowledgement itself. Only work that outlasts the budget (2 of Slack's 3 s) is
acknowledged first. Delivering the rest (DMs, files, forms, the App Home) runs on a pool
afterwards (``flows``); ``process_before_response=True`` makes the acknowledgement leave
as soon as the listener returns, in HTTP and Socket Mode alike. A modal submission's
acknowledgement carries the core's field errors. Event retries are recognised by
``event_id`` in the store (``events.SeenEvents``, shared by every process on it) and
acknowledged without a second run.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack import flows
from adapters.slack.answering import (
    Answer,
    Answering,
    ack_fields,
    acked_already,
    split_for_ack,
)
from adapters.slack.debounce import Debouncer
from adapters.slack.deliver import Origin, api_client, retry_handlers
from adapters.slack.events import OncePerEvent, SeenEvents
from adapters.slack.flows import Services
from adapters.slack.modals import CALLBACK_ID, FormOrigin, field_errors, modal, submitted_values
from adapters.slack.people import DmChannels
from adapters.slack.pool import WorkPool
from adapters.slack.render import ACTION_PREFIX
from adapters.slack.uninstall import Workspaces, listen_for_removal
from bot.core import Leap
from bot.events import DIRECT, FormSubmitted
from bot.replies import FormErrors, OpenForm, Outbound

log = logging.getLogger("leap.slack")
SHORTCUT_ID = "save_author"
COMMAND = "/leap"


class SlackSetupError(RuntimeError):
    """The token was refused or Slack could not be reached while starting."""


def _team(context: Any) -> str:
    return str(context.team_id or context.enterprise_id or "")


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id", ""))


def _key(context: Any, user: object) -> str:
    """Work is ordered per user."""
    return f"{_team(context)}:{user}"


def create_app(
    leap: Leap,
    *,
    token: str | None = None,
    signing_secret: str = "",
    client: WebClient | None = None,
    oauth_settings: OAuthSettings | None = None,
    pool: WorkPool | None = None,
    dms: DmChannels | None = None,
    logger: logging.Logger | None = None,
    home_debounce: float = flows.HOME_QUIET,
    answering: Answering | None = None,
    home: Debouncer | None = None,
) -> App:
    """Leap's bolt app. One workspace: ``token`` (or a ``client`` holding one). Many
    workspaces: ``oauth_settings`` with an installation store. ``client`` sets the Web API
    base URL; its token is used, never logged. App Home refreshes wait for a pause of
    ``home_debounce`` seconds (0: at once), or as ``home`` decides."""
    base = client or api_client()
    token = token or base.token
    # The app's own client holds no token: each request gets the token of its workspace.
    shared = WebClient(
        base_url=base.base_url,
        timeout=base.timeout,
        retry_handlers=base.retry_handlers or retry_handlers(),
    )
    kwargs: dict[str, Any] = {}
    if oauth_settings is not None:
        kwargs["oauth_settings"] = oauth_settings
    elif token:
        kwargs["authorize"] = _single_workspace(shared, token)
    else:
        raise SlackSetupError("a bot token or OAuth settings are needed")
    app = App(
        name="leap",
        client=shared,
        signing_secret=signing_secret,
        process_before_response=True,
        logger=logger or bolt_logger(),
        **kwargs,
    )
    services = Services(
        leap,
        pool=pool or WorkPool(),
        dms=dms or DmChannels(),
        answering=answering or Answering(),
        home=home or flows.home_refreshes(home_debounce),
    )
    register(app, services)
    store = oauth_settings.installation_store if oauth_settings is not None else None
    listen_for_removal(app, Workspaces(leap), services.pool, store)
    return app


class _EnvTokenNotice(logging.Filter):
    """bolt reads SLACK_BOT_TOKEN from the environment itself and warns that our client
    wins; that is intended here (each request gets its workspace's token)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("As you gave `client` as well")


def bolt_logger() -> logging.Logger:
    logger = logging.getLogger("leap.slack.bolt")
    if not any(isinstance(f, _EnvTokenNotice) for f in logger.filters):
        logger.addFilter(_EnvTokenNotice())
    return logger


def _single_workspace(client: WebClient, token: str) -> Any:
    """An ``authorize`` for one token, checked once now (``auth.test``). Given explicitly,
    it also keeps bolt from switching to OAuth when SLACK_CLIENT_ID is in the environment."""
    try:
        answer = client.auth_test(token=token)
    except SlackApiError as err:
        raise SlackSetupError(f"Slack refused the bot token ({err.response.get('error')})") from err
    except OSError as err:
        raise SlackSetupError(f"Slack could not be reached at {client.base_url} ({err})") from err
    result = AuthorizeResult.from_auth_test_response(auth_test_response=answer, bot_token=token)

    def authorize(**_: Any) -> AuthorizeResult:
        return result

    return authorize


def register(app: App, s: Services) -> None:
    """Attach Leap's listeners to ``app``."""

    app.use(OncePerEvent(SeenEvents(s.leap.store, s.leap.clock.now)))

    @app.command(COMMAND)
    def on_command(
        ack: Any, body: dict[str, Any], client: WebClient, context: Any, request: BoltRequest
    ) -> None:
        key = _key(context, body.get("user_id"))
        team, acked = _team(context), acked_already(request)
        answer_then_ack(s, ack, key, flows.command, client, team, body, inline=True, acked=acked)

    @app.action(re.compile("^" + re.escape(ACTION_PREFIX)))
    def on_action(
        ack: Any, body: dict[str, Any], client: WebClient, context: Any, request: BoltRequest
    ) -> None:
        key = _key(context, _user(body))
        team, acked = _team(context), acked_already(request)
        answer_then_ack(s, ack, key, flows.clicked, client, team, body, acked=acked)

    @app.view(CALLBACK_ID)
    def on_submit(ack: Any, body: dict[str, Any], client: WebClient, context: Any) -> None:
        submit(s, ack, body, client, _team(context))

    @app.shortcut(SHORTCUT_ID)
    def on_shortcut(
        ack: Any, body: dict[str, Any], client: WebClient, context: Any, request: BoltRequest
    ) -> None:
        key = _key(context, _user(body))
        team, acked = _team(context), acked_already(request)
        answer_then_ack(s, ack, key, flows.save_author, client, team, body, acked=acked)

    @app.event("app_home_opened")
    def on_home(event: dict[str, Any], client: WebClient, context: Any) -> None:
        if event.get("tab") == "home" and event.get("user"):
            s.home_viewers.put((_team(context), str(event["user"])), True)
            s.pool.submit(
                flows.home_key(_team(context), str(event["user"])),
                flows.home_opened,
                s,
                client,
                _team(context),
                str(event["user"]),
            )

    @app.event("message")
    def on_message(
        ack: Any, event: dict[str, Any], client: WebClient, context: Any, request: BoltRequest
    ) -> None:
        if (
            event.get("channel_type") == "im"
            and not event.get("subtype")
            and not event.get("bot_id")
            and event.get("user")
            and event.get("channel")
        ):
            key = _key(context, event["user"])
            team, acked = _team(context), acked_already(request)
            answer_then_ack(s, ack, key, flows.message, client, team, event, acked=acked)
        else:
            ack()


def answer_then_ack(
    s: Services,
    ack: Any,
    key: str,
    work: Callable[..., Answer],
    client: WebClient,
    team: str,
    body: dict[str, Any],
    *,
    inline: bool = False,
    acked: bool = False,
) -> None:
    """Run the core, then acknowledge: within the budget the work is stored before Slack
    hears 200 and (``inline``, slash commands) the first reply rides in the ack; slower
    work is acknowledged first and delivered when done. Delivery runs on the pool. A
    request the front ``acked`` already (kept in the inbox) waits for the core as long as
    it takes, and every reply goes after it (the response URL, or a DM)."""
    pending = s.answering.start(key, work, s, client, team, body)
    try:
        answer = pending.wait(None if acked else s.answering.budget)
    except FutureTimeout:
        ack()
        log.warning("the core took over %.1f s: acknowledged first", s.answering.budget)
        pending.later(lambda late: _deliver_later(s, key, client, late))
        return
    except Exception:  # logged where it happened
        ack()
        return
    # The ack may carry the answer only when nothing of this user's earlier requests is
    # still being delivered: otherwise it would overtake their answers.
    inline = inline and not acked and not s.pool.busy(key)
    first, rest = split_for_ack(answer) if inline else (None, answer.outs)
    if first is not None:
        ack(**ack_fields(first))
    else:
        ack()
    if rest:
        s.pool.submit(key, s.deliver, client, answer, rest)
    else:  # nothing to send: no work for the pool, at most an App Home refresh later
        s.changed(client, answer.actor, from_home=answer.from_home)


def _deliver_later(s: Services, key: str, client: WebClient, answer: Answer) -> None:
    try:
        s.pool.submit(key, s.deliver, client, answer, answer.outs)
    except RuntimeError:  # shutting down: the change is stored, its answer is lost
        log.warning("a late answer was not delivered: shutting down")


def submit(s: Services, ack: Any, body: dict[str, Any], client: WebClient, team: str) -> None:
    """A modal was submitted: the core answers before the acknowledgement, which keeps the
    modal open with errors on its fields, or moves it to the next form, or closes it."""
    view = body.get("view") or {}
    origin = FormOrigin.decode(str(view.get("private_metadata", "")))
    user = str((body.get("user") or {}).get("id", ""))
    if origin is None:
        ack()
        return
    actor = s.people.actor(client, team, user, lookup=False)  # no API call before the ack
    where = flows.where_of(origin.channel, origin.channel_name) if origin.channel else DIRECT
    outs = s.leap.handle(
        FormSubmitted(actor, origin.form_id, submitted_values(view), origin.context, where)
    )
    errors: dict[str, str] = {}
    for out in outs:
        if isinstance(out, FormErrors):
            errors.update(out.errors)
    if errors:
        ack(response_action="errors", errors=field_errors(errors, view))
        return
    rest: list[Outbound] = []
    following: OpenForm | None = None
    for out in outs:
        if isinstance(out, OpenForm) and following is None:
            following = out
        else:
            rest.append(out)
    if following is not None:
        form = following.form
        ack(
            response_action="update",
            view=modal(
                form,
                FormOrigin(
                    form.id,
                    form.context,
                    origin.channel,
                    origin.channel_name,
                    origin.bot_dm,
                    origin.response_url,
                ),
            ),
        )
    else:
        ack()
    reply_to = Origin(
        team, user, origin.channel, origin.channel_name, origin.bot_dm, origin.response_url
    )
    s.pool.submit(f"{team}:{user}", s.run, client, reply_to, actor, rest)
