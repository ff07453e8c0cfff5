"""``leap slack``: the composition root for Slack.

Socket Mode by default (no public URL needed): one process. ``--http`` serves the HTTP
endpoints, with the "Add to Slack" flow when OAuth credentials are set, as two processes:
this one is the front (it checks each request, keeps it in the inbox and acknowledges it:
``handoff``), and a worker it starts holds the store, the core, bolt and the nudge runner
(``worker``; built by ``worker_parts``). The nudge runner starts with the app and stops
with it; work in flight finishes before the store closes.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.cli import open_configured_store
from adapters.config import ConfigError, Env, redact_logs
from adapters.pictures import PillowPictures
from adapters.scheduler import NudgeRunner
from adapters.slack.app import SlackSetupError, create_app
from adapters.slack.deliver import api_client
from adapters.slack.front import SlackFront
from adapters.slack.handoff import ProxyTarget, WorkerFailed, WorkerLink
from adapters.slack.inbox import Inbox, InboxLocked
from adapters.slack.installations import (
    StoredInstallations,
    import_files,
    installed_clients,
    oauth_settings,
)
from adapters.slack.messenger import ClientFor, SlackMessenger, single_workspace
from adapters.slack.people import DmChannels
from adapters.slack.pool import WorkPool
from adapters.slack.server import HttpServer
from adapters.slack.settings import SlackSettings, load_settings
from adapters.slack.uninstall import Workspaces
from adapters.slack.worker import WorkerParts
from bot.clock import SystemClock
from bot.context import Config
from bot.core import Leap
from bot.store import Store
from bot.warmup import warm_up
from storage.app_records import AppRecords

SLACK_LOGGERS = ("slack_bolt", "slack_sdk", "leap.slack.bolt")


def quiet_logs() -> None:
    """Slack libraries log at WARNING at most, and every handler hides tokens and passwords."""
    for name in SLACK_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    redact_logs()


SWITCH_INTERVAL = 0.0005


def tune_runtime() -> None:
    """Hand the interpreter lock over every half millisecond (CPython's default is 5 ms),
    so a thread answering Slack is not kept waiting behind the work of earlier requests
    (measured by bench/slack.py: p99 acknowledgement under load drops by about a third)."""
    sys.setswitchinterval(SWITCH_INTERVAL)


def installation_records(leap: Leap) -> AppRecords:
    if not isinstance(leap.store, AppRecords):
        raise ConfigError(
            "SLACK_CLIENT_ID is set, and Add to Slack keeps installations in Leap's store, "
            "which this store cannot do: use a data folder (LEAP_DATA) or DATABASE_URL."
        )
    return leap.store


def build(
    leap: Leap, settings: SlackSettings, pool: WorkPool, dms: DmChannels
) -> tuple[App, ClientFor]:
    """The app and, for nudges, a client per workspace."""
    base = api_client(settings.api_url)
    if settings.oauth:
        records = installation_records(leap)
        folder = getattr(leap.store, "root", None)
        if isinstance(folder, str):
            import_files(folder, StoredInstallations(records, settings.client_id))
        oauth = oauth_settings(
            settings.client_id,
            settings.client_secret,
            records,
            settings.api_url,
            on_installed=Workspaces(leap).on_install,
        )
        app = create_app(
            leap,
            signing_secret=settings.signing_secret,
            client=base,
            oauth_settings=oauth,
            pool=pool,
            dms=dms,
        )
        assert oauth.installation_store is not None
        return app, installed_clients(oauth.installation_store, settings.api_url)
    try:
        app = create_app(
            leap,
            token=settings.bot_token,
            signing_secret=settings.signing_secret,
            client=base,
            pool=pool,
            dms=dms,
        )
    except SlackSetupError as err:
        raise ConfigError(f"SLACK_BOT_TOKEN: {err}.") from err
    client = api_client(settings.api_url, settings.bot_token)
    Workspaces(leap).on_start(client)
    return app, single_workspace(client)


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM end the run cleanly (platforms stop apps with SIGTERM)."""
    saved: dict[signal.Signals, Any] = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            saved[sig] = signal.signal(sig, lambda *_: stop.set())
    except ValueError:  # not the main thread: the caller stops us
        pass
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def run_http(
    env: Env, args: argparse.Namespace, settings: SlackSettings, stop: threading.Event
) -> None:
    """The front: the inbox, the worker process, and the public server."""
    try:
        inbox = Inbox(env.inbox_folder(env.data_url(args.data)))
    except (InboxLocked, OSError) as err:
        raise ConfigError(f"the Slack inbox cannot be used: {err}.") from err
    try:
        try:
            link = WorkerLink(inbox, worker_parts, (env.values, args.data, settings.port))
        except WorkerFailed as err:
            raise ConfigError(str(err)) from err
        try:
            front = SlackFront(ProxyTarget(link), settings.signing_secret, handoff=link.take)
            try:
                server = HttpServer(front, settings.host, settings.port)
            except OSError as err:
                raise ConfigError(
                    f"PORT {settings.port} cannot be used on {settings.host}: {err.strerror}."
                ) from err
            with server:
                print(
                    f"leap: serving Slack on http://{settings.host}:{server.port}/slack/events",
                    file=sys.stderr,
                    flush=True,
                )
                stop.wait()
        finally:
            link.stop()
    finally:
        inbox.close()


@dataclass(slots=True)
class Composed:
    """Leap on Slack, built: the app, its delivery pool, the nudge runner, the store."""

    app: App
    pool: WorkPool
    runner: NudgeRunner
    store: Store

    def close(self) -> None:
        try:
            self.runner.shutdown()
            self.pool.shutdown()
        finally:
            self.store.close()


def compose(env: Env, data: str | None, settings: SlackSettings) -> Composed:
    store, _url = open_configured_store(env, data)
    pool, dms = WorkPool(), DmChannels()
    try:
        leap = Leap(store, SystemClock(), config=Config(default_tz=None), pictures=PillowPictures())
        app, client_for = build(leap, settings, pool, dms)
        # What the core loads on first use (dateparser, the checker, ...) loads now, off
        # the request path, so no answer waits for it (``bot.warmup``).
        threading.Thread(target=warm_up, name="leap-warm-up", daemon=True).start()
        runner = NudgeRunner(leap, SlackMessenger(client_for, dms))
        runner.start()
    except BaseException:
        pool.shutdown()
        store.close()
        raise
    return Composed(app, pool, runner, store)


def worker_parts(values: dict[str, str], data: str | None, port: int | None) -> WorkerParts:
    """The worker of ``leap slack --http``, built in the worker process."""
    env = Env(values)
    settings = load_settings(env, http=True, port=port)
    quiet_logs()
    tune_runtime()
    composed = compose(env, data, settings)
    return WorkerParts(
        composed.app,
        settings.signing_secret,
        composed.close,
        gate=composed.pool.request,
        idle=composed.pool.wait_idle,
    )


def run_socket(
    env: Env, args: argparse.Namespace, settings: SlackSettings, stop: threading.Event
) -> None:
    composed = compose(env, args.data, settings)
    try:
        handler = SocketModeHandler(composed.app, app_token=settings.app_token)
        try:
            handler.connect()  # type: ignore[no-untyped-call]
        except SlackApiError as err:
            raise ConfigError(
                f"SLACK_APP_TOKEN was refused by Slack ({err.response.get('error')})."
            ) from err
        except (SlackClientError, OSError) as err:
            raise ConfigError(
                f"Slack could not be reached for Socket Mode ({err}); check the "
                "network, or SLACK_API_URL if set."
            ) from err
        print("leap: connected to Slack (Socket Mode)", file=sys.stderr, flush=True)
        try:
            stop.wait()
        finally:
            handler.close()  # type: ignore[no-untyped-call]
    finally:
        composed.close()


def slack_main(args: argparse.Namespace, env: Env, stop: threading.Event | None = None) -> int:
    settings = load_settings(env, http=bool(args.http), port=args.port)
    quiet_logs()
    tune_runtime()
    stop = stop or threading.Event()
    with stop_on_signals(stop):
        (run_http if settings.http else run_socket)(env, args, settings, stop)
    return 0
