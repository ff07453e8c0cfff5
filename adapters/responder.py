"""One way out: the core's outbounds become platform calls, and what happened goes back.

Every platform answers the same small contract, ``Outlet``: one method per kind of
outbound (as errbot's backends share one send contract). ``route`` is the only place that
tells the outbounds apart; ``Responder`` (Slack, the console) and ``AsyncResponder``
(Discord) walk a list of outbounds through it, keep one failing send from stopping the
others, and report each direct message and channel post that carries an id to the core
exactly once: ``Delivered`` when it went out, ``DeliveryFailed`` when it did not.

An outlet raises ``SendError`` (``permanent`` when retrying cannot help) for a message
that could not be delivered; anything else it raises is logged and counted as a
temporary failure.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol, TypeVar

from adapters.messaging import SendError
from bot.events import Delivered, DeliveryFailed
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

log = logging.getLogger("leap.responder")
R_co = TypeVar("R_co", covariant=True)
Report = Delivered | DeliveryFailed


class Outlet(Protocol[R_co]):
    """What a platform does with each kind of outbound. ``R_co`` is ``None`` for a
    synchronous platform and an awaitable for an asynchronous one."""

    def reply(self, message: Message, *, public: bool) -> R_co:
        """Answer the person who acted (privately unless ``public``)."""
        ...

    def update(self, message: Message) -> R_co:
        """Replace the message whose button was pressed (or answer, where nothing was)."""
        ...

    def open_form(self, form: Form) -> R_co:
        """Show a form, or offer a button that opens it."""
        ...

    def form_errors(self, errors: FormErrors) -> R_co:
        """Show what was wrong in a submitted form."""
        ...

    def direct(self, dm: DirectMessage) -> R_co:
        """Send a direct message to ``dm.to``; raise ``SendError`` if it cannot go."""
        ...

    def channel_post(self, post: ChannelPost) -> R_co:
        """Post in a group channel; raise ``SendError`` if it cannot go."""
        ...


def route(out: Outbound, outlet: Outlet[R_co]) -> R_co:
    """The one dispatch from a core outbound to the platform's call for it."""
    if isinstance(out, Reply):
        return outlet.reply(out.message, public=out.public)
    if isinstance(out, Update):
        return outlet.update(out.message)
    if isinstance(out, OpenForm):
        return outlet.open_form(out.form)
    if isinstance(out, FormErrors):
        return outlet.form_errors(out)
    if isinstance(out, DirectMessage):
        return outlet.direct(out)
    return outlet.channel_post(out)


def report_for(out: Outbound, error: SendError | None) -> Report | None:
    """What the core must hear about ``out``: only messages it tracks by id (a nudge's
    DM, a scheduled channel post) are reported; everything else needs no answer."""
    tracked: tuple[str, ...]
    if isinstance(out, DirectMessage) and out.nudge_ids:
        to, tracked = out.to, out.nudge_ids
    elif isinstance(out, ChannelPost) and out.nudge_ids:
        to, tracked = out.key, out.nudge_ids  # the group's key and the timer it fulfils
    else:
        return None
    if error is None:
        return Delivered(to, tracked)
    return DeliveryFailed(to, tracked, error.reason, error.permanent)


def _failure(out: Outbound, err: Exception) -> SendError:
    if isinstance(err, SendError):
        log.warning("%s not delivered: %s", type(out).__name__, err.reason)
        return err
    log.exception("sending %s failed", type(out).__name__)
    return SendError(type(err).__name__)


class Responder:
    """Sends outbounds through a synchronous outlet; ``report`` hears each outcome (leave
    it out where someone else reports, as the scheduler does for nudges). What the core
    answers a report with (a note to a group's starter that its post failed) is sent too."""

    def __init__(
        self,
        outlet: Outlet[None],
        report: Callable[[Report], Iterable[Outbound] | None] | None = None,
    ) -> None:
        self.outlet = outlet
        self.report = report

    def send(self, outs: Iterable[Outbound], *, answering: bool = True) -> None:
        for out in outs:
            error: SendError | None = None
            try:
                route(out, self.outlet)
            except Exception as err:  # one failed send never stops the others
                error = _failure(out, err)
            event = report_for(out, error)
            if event is not None and self.report is not None:
                answers = self.report(event)
                if answers and answering:  # once: an answer's own outcome ends there
                    self.send(answers, answering=False)


class AsyncResponder:
    """The same walk for an asynchronous outlet (Discord)."""

    def __init__(
        self,
        outlet: Outlet[Awaitable[None]],
        report: Callable[[Report], Awaitable[Iterable[Outbound] | None]] | None = None,
    ) -> None:
        self.outlet = outlet
        self.report = report

    async def send(self, outs: Iterable[Outbound], *, answering: bool = True) -> None:
        for out in outs:
            error: SendError | None = None
            try:
                await route(out, self.outlet)
            except Exception as err:  # one failed send never stops the others
                error = _failure(out, err)
            event = report_for(out, error)
            if event is not None and self.report is not None:
                answers = await self.report(event)
                if answers and answering:  # once: an answer's own outcome ends there
                    await self.send(answers, answering=False)
