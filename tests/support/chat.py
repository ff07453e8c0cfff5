"""Drive the core the way a user would: type commands, press buttons, fill forms."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from bot.clock import FakeClock
from bot.core import Leap
from bot.events import ActionClicked, Actor, Command, FormSubmitted, MessageIn, Tick, Where
from bot.replies import (
    Button,
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


def messages(outs: list[Outbound]) -> list[Message]:
    return [o.message for o in outs if isinstance(o, Reply | Update | DirectMessage | ChannelPost)]


def text_of(outs: list[Outbound]) -> str:
    return "\n".join(f"{m.title}\n{m.text}" if m.title else m.text for m in messages(outs))


class Chat:
    """One user talking to Leap; remembers the last buttons and form like a client would."""

    def __init__(
        self,
        leap: Leap,
        user: str = "alice",
        *,
        platform: str = "console",
        workspace: str = "local",
        where: Where | None = None,
        tz_hint: str | None = None,
        is_admin: bool = False,
    ) -> None:
        self.leap = leap
        self.actor = Actor(
            platform,
            workspace,
            user,
            display_name=user.capitalize(),
            tz_hint=tz_hint,
            is_admin=is_admin,
        )
        self.where = where or Where()
        self.last: list[Outbound] = []
        self.buttons: tuple[Button, ...] = ()
        self.form: Form | None = None

    def _keep(self, outs: list[Outbound]) -> list[Outbound]:
        self.last = outs
        for out in outs:
            if isinstance(out, OpenForm):
                self.form = out.form
        shown = tuple(b for m in messages(outs) for b in m.buttons)
        if shown:
            self.buttons = shown
        return outs

    def say(self, command: str) -> list[Outbound]:
        return self._keep(self.leap.handle(Command(self.actor, command, self.where)))

    def text(self, command: str) -> str:
        return text_of(self.say(command))

    def message(self, text: str) -> str:
        return text_of(self._keep(self.leap.handle(MessageIn(self.actor, text, self.where))))

    def button(self, label: str) -> Button:
        found = [b for b in self.buttons if b.label.lower().startswith(label.lower())]
        assert len(found) == 1, f"no single button {label!r} in {[b.label for b in self.buttons]}"
        return found[0]

    def click(self, label: str) -> list[Outbound]:
        b = self.button(label)
        return self._keep(
            self.leap.handle(ActionClicked(self.actor, b.action, b.value, self.where))
        )

    def submit(self, values: Mapping[str, str]) -> list[Outbound]:
        assert self.form is not None, "no form is open"
        form, self.form = self.form, None
        return self._keep(
            self.leap.handle(
                FormSubmitted(self.actor, form.id, dict(values), form.context, self.where)
            )
        )

    def errors(self) -> dict[str, str]:
        found = [o for o in self.last if isinstance(o, FormErrors)]
        return found[0].errors if found else {}


def advance(leap: Leap, clock: FakeClock, delta: timedelta) -> list[Outbound]:
    """Move the fake clock and let the core deliver what fell due."""
    clock.advance(delta)
    return leap.handle(Tick(clock.now()))
