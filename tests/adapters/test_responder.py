"""The one way out: every kind of outbound reaches its platform call, one failure stops
nothing else, and each tracked message is reported to the core exactly once."""

from __future__ import annotations

import asyncio

from adapters.messaging import SendError
from adapters.responder import AsyncResponder, Report, Responder
from bot.events import Delivered, DeliveryFailed
from bot.models import UserKey
from bot.replies import (
    ChannelPost,
    DirectMessage,
    Form,
    FormErrors,
    Message,
    OpenForm,
    Outbound,
    Reply,
    Update,
)

ALICE = UserKey("slack", "T1", "U1")
BOB = UserKey("slack", "T1", "U2")


class Recorder:
    """An outlet that records each call; DMs to Bob fail (his DMs are closed)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def reply(self, message: Message, *, public: bool) -> None:
        self.calls.append(f"reply:{message.text}:{public}")

    def update(self, message: Message) -> None:
        self.calls.append(f"update:{message.text}")

    def open_form(self, form: Form) -> None:
        self.calls.append(f"form:{form.id}")

    def form_errors(self, errors: FormErrors) -> None:
        self.calls.append(f"errors:{','.join(errors.errors)}")

    def direct(self, dm: DirectMessage) -> None:
        if dm.to == BOB:
            raise SendError("cannot_dm_bot", permanent=True)
        self.calls.append(f"dm:{dm.to.user}")

    def channel_post(self, post: ChannelPost) -> None:
        if post.channel == "C-broken":
            raise RuntimeError("the platform library broke")
        self.calls.append(f"post:{post.channel}")


class AsyncRecorder:
    def __init__(self) -> None:
        self.sync = Recorder()

    async def reply(self, message: Message, *, public: bool) -> None:
        self.sync.reply(message, public=public)

    async def update(self, message: Message) -> None:
        self.sync.update(message)

    async def open_form(self, form: Form) -> None:
        self.sync.open_form(form)

    async def form_errors(self, errors: FormErrors) -> None:
        self.sync.form_errors(errors)

    async def direct(self, dm: DirectMessage) -> None:
        self.sync.direct(dm)

    async def channel_post(self, post: ChannelPost) -> None:
        self.sync.channel_post(post)


OUTS: list[Outbound] = [
    Reply(Message("hi"), public=True),
    DirectMessage(BOB, Message("nudge for bob"), nudge_ids=("n2",)),
    Update(Message("done")),
    OpenForm(Form("add", "Add", ())),
    FormErrors({"name": "Give a name"}),
    DirectMessage(ALICE, Message("nudge for alice"), nudge_ids=("n1",)),
    DirectMessage(ALICE, Message("an intro, not tracked")),
    ChannelPost("slack", "T1", "C-broken", Message("digest"), nudge_ids=("g1",)),
    ChannelPost("slack", "T1", "C1", Message("welcome")),
]
EXPECTED_CALLS = [
    "reply:hi:True",
    "update:done",
    "form:add",
    "errors:name",
    "dm:U1",
    "dm:U1",
    "post:C1",
]
EXPECTED_REPORTS: list[Report] = [
    DeliveryFailed(BOB, ("n2",), "cannot_dm_bot", permanent=True),
    Delivered(ALICE, ("n1",)),
    DeliveryFailed(UserKey("slack", "T1", "#C-broken"), ("g1",), "RuntimeError"),
]


def test_every_outbound_reaches_its_call_and_tracked_ones_are_reported_once() -> None:
    outlet, reports = Recorder(), list[Report]()
    Responder(outlet, reports.append).send(OUTS)
    assert outlet.calls == EXPECTED_CALLS
    assert reports == EXPECTED_REPORTS


def test_the_async_responder_walks_the_same_way() -> None:
    outlet, reports = AsyncRecorder(), list[Report]()

    async def report(event: Report) -> None:
        reports.append(event)

    asyncio.run(AsyncResponder(outlet, report).send(OUTS))
    assert outlet.sync.calls == EXPECTED_CALLS
    assert reports == EXPECTED_REPORTS


def test_without_a_reporter_nothing_is_reported_but_everything_is_sent() -> None:
    outlet = Recorder()
    Responder(outlet).send(OUTS)
    assert outlet.calls == EXPECTED_CALLS


def test_what_the_core_answers_a_report_with_is_sent_too() -> None:
    """A failed digest: the core answers with a note to the group's starter."""
    outlet = Recorder()
    note = DirectMessage(ALICE, Message("Your group's digest could not be posted"))

    def report(event: Report) -> list[Outbound]:
        return [note] if isinstance(event, DeliveryFailed) else []

    post = ChannelPost("slack", "T1", "C-broken", Message("digest"), nudge_ids=("g1",))
    Responder(outlet, report).send([post])
    assert outlet.calls == ["dm:U1"]
