"""``Leap.handle(event) -> list[Outbound]``: one way in, one way out; dispatch only."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot import delivery, lookup, paging, workspaces
from bot import groups as group_timers
from bot.clock import Clock, Ids, RandomIds
from bot.commands import Feature, Registry
from bot.context import Config, Ctx, Problem
from bot.events import (
    ActionClicked,
    Actor,
    Command,
    Delivered,
    DeliveryFailed,
    Event,
    MessageIn,
    Tick,
    UserEvent,
    Where,
    WorkspaceChanged,
)
from bot.handlers import (
    asking,
    contact_edit,
    contact_views,
    debrief,
    decide,
    groups,
    help,
    home,
    intros,
    meeting,
    my_data,
    notes,
    nudge_controls,
    overview,
    prep,
    settings,
    thanks,
)
from bot.models import Profile, UserKey
from bot.nudge_texts import dm_problem_text
from bot.pictures import Pictures
from bot.replies import RUN, Button, Message, Outbound, Reply, run, say
from bot.store import Store, UserDataUnavailable

log = logging.getLogger("leap.core")

SORRY = (
    "Sorry — something went wrong on my side and nothing was changed. Please try again; "
    "if it keeps happening, /leap help shows other ways to do it."
)
UNREADABLE = (
    "I cannot read {whose} saved Leap records right now (the file that holds them is "
    "damaged), so nothing was changed. Whoever runs Leap has been told how to repair it; "
    "please try again later."
)
CANCEL_WORDS = ("cancel", "stop", "quit", "/cancel")


def features() -> tuple[Feature, ...]:
    return (
        help.FEATURE,
        contact_edit.FEATURE,
        contact_views.FEATURE,
        asking.FEATURE,
        meeting.FEATURE,
        prep.FEATURE,
        debrief.FEATURE,
        thanks.FEATURE,
        overview.FEATURE,
        decide.FEATURE,
        notes.FEATURE,
        nudge_controls.FEATURE,
        groups.FEATURE,
        intros.FEATURE,
        my_data.FEATURE,
        settings.FEATURE,
        home.FEATURE,
    )


def build_registry() -> Registry:
    return Registry(features())


class Leap:
    """The platform-neutral bot. Synchronous and deterministic given its clock and ids."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        ids: Ids | None = None,
        config: Config | None = None,
        registry: Registry | None = None,
        pictures: Pictures | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.ids = ids or RandomIds()
        self.config = config or Config()
        self.registry = registry or build_registry()
        self.pictures = pictures

    def handle(self, event: Event) -> list[Outbound]:
        if isinstance(event, Tick):
            return self._tick(event)
        if isinstance(event, Delivered | DeliveryFailed):
            return self._report(event)
        if isinstance(event, WorkspaceChanged):
            workspaces.changed(self.store, event)
            return []
        try:
            with self.store.transaction(event.actor.key):
                ctx, welcome = self._context(event)
                try:
                    return welcome + self._dispatch(ctx, event)
                except Problem as problem:
                    return [*welcome, say(problem.text, *problem.buttons)]
        except UserDataUnavailable as err:  # the store logged the path and the fix
            whose = "your" if err.key == event.actor.key else "this group's"
            return [say(UNREADABLE.format(whose=whose))]
        except Exception:
            log.exception("handling %s failed", type(event).__name__)
            return [say(SORRY, run("Help", "help"))]

    # -- questions adapters ask outside an event ---------------------------------------
    def contact_choices(self, user: UserKey, typed: str, limit: int) -> list[tuple[str, str]]:
        """Autocomplete: ``(label, reference)`` of ``user``'s contacts matching ``typed``."""
        return lookup.contact_choices(self.store.contacts(user), typed, limit)

    def is_command(self, text: str) -> bool:
        """Whether a line typed to the bot starts with a command word."""
        return lookup.is_command(self.registry, text)

    def posts_in_channel(self, text: str) -> bool:
        """Whether a command typed in a channel may post there (a group command)."""
        return lookup.posts_in_channel(self.registry, text)

    # -- nudges ------------------------------------------------------------------------
    def _system_ctx(self, user: UserKey) -> Ctx:
        profile = self.store.profile(user) or Profile(created_at=self.clock.now())
        actor = Actor(user.platform, user.workspace, user.user, profile.display_name)
        return Ctx(
            self.store, self.clock, self.ids, actor, Where(), profile, self.config, self.registry
        )

    def _tick(self, tick: Tick) -> list[Outbound]:
        try:
            due = self.store.due_nudges(tick.now, min(tick.limit, delivery.BATCH))
            return delivery.due(self._system_ctx, tick.now, due)
        except Exception:
            log.exception("delivering due nudges failed")
            return []

    def _report(self, event: Delivered | DeliveryFailed) -> list[Outbound]:
        try:
            with self.store.transaction(event.to):
                ctx = self._system_ctx(event.to)
                if group_timers.is_group_key(event.to):  # a group's channel post
                    return group_timers.reported(ctx, event)
                if isinstance(event, Delivered):
                    delivery.delivered(ctx, event)
                else:
                    delivery.failed(ctx, event)
        except Exception:
            log.exception("recording a delivery failed")
        return []

    # -- context and first use ---------------------------------------------------------
    def _context(self, event: UserEvent) -> tuple[Ctx, list[Outbound]]:
        actor, now = event.actor, self.clock.now()
        profile = self.store.profile(actor.key)
        welcome: list[Outbound] = []
        if profile is None:
            zone = actor.tz_hint or self.config.default_tz
            profile = Profile(
                created_at=now,
                tz=zone or "UTC",
                tz_confirmed=zone is not None,
                display_name=actor.display_name,
            )
            self.store.save_profile(actor.key, profile)
            welcome = self._welcome(profile)
        if profile.dm_problem:
            welcome.append(say(dm_problem_text(actor.platform), run("Your reminders", "nudges")))
            profile = replace(profile, dm_problem="")
            self.store.save_profile(actor.key, profile)
        ctx = Ctx(
            self.store,
            self.clock,
            self.ids,
            actor,
            event.where,
            profile,
            self.config,
            self.registry,
            self.pictures,
        )
        return ctx, welcome

    def _welcome(self, profile: Profile) -> list[Outbound]:
        hello = f"Hi {profile.display_name}! " if profile.display_name else "Hi! "
        out: list[Outbound] = [
            Reply(
                Message(
                    hello
                    + "I'm Leap: I coach informational interviews — 20-minute advice chats with "
                    "people who do the work you are considering.\n"
                    "I help you pick whom to ask, write the request, prepare, and keep what you "
                    "learn. Start with someone you already know.",
                    buttons=(
                        Button("Add your first contact", "add-form", style="primary"),
                        run("How it works", "help"),
                    ),
                )
            )
        ]
        if not profile.tz_confirmed:
            out.append(settings.ask_zone())
        return out

    # -- dispatch ----------------------------------------------------------------------
    def _dispatch(self, ctx: Ctx, event: UserEvent) -> list[Outbound]:
        if isinstance(event, Command):
            return self._command(ctx, event.text)
        if isinstance(event, MessageIn):
            return self._message(ctx, event.text)
        if isinstance(event, ActionClicked):
            if event.action == RUN:
                return self._command(ctx, event.value)
            if event.action == paging.PAGE:
                page, text = paging.parse(event.value)
                return self._command(ctx, text, page)
            action = self.registry.actions.get(event.action)
            if action is None:
                raise Problem(
                    "That button no longer does anything. Here is where you stand:",
                    run("Your next step", "next"),
                    run("Your contacts", "contacts"),
                )
            return action(ctx, event.value)
        form = self.registry.forms.get(event.form_id)
        if form is None:
            raise Problem(
                "That form is out of date; nothing was saved. Please start again.",
                run("Help", "help"),
            )
        return form(ctx, event.values, event.context)

    def _command(self, ctx: Ctx, text: str, page: int = 1) -> list[Outbound]:
        word, rest = self.registry.split(text.strip().removeprefix("/leap"))
        if not word:
            word = "next" if "next" in self.registry.commands else "help"
        spec = self.registry.commands.get(word)
        if spec is None:
            raise help.unknown_command(ctx, word)
        if page > 1:  # later pages carry no files: draw no picture only to drop it
            ctx = replace(ctx, pictures=None)
        outs = spec.handler(ctx, rest)
        return paging.paginate(outs, f"{word} {rest}", page, repeatable=spec.pages)

    def _message(self, ctx: Ctx, text: str) -> list[Outbound]:
        conversation = self.store.conversation(ctx.user)
        reply = self.registry.conversations.get(conversation.kind) if conversation else None
        if conversation is not None and reply is not None:
            if text.strip().lower() in CANCEL_WORDS:
                self.store.save_conversation(ctx.user, None)
                return [say("Stopped. Nothing more was saved.", run("Your next step", "next"))]
            return reply(ctx, conversation, text)
        word, _rest = self.registry.split(text.strip().removeprefix("/leap"))
        if word in self.registry.commands:
            return self._command(ctx, text)
        raise Problem(
            "I act on commands — type /leap help to see them, or press a button.",
            run("Show help", "help"),
            run("Your contacts", "contacts"),
        )
