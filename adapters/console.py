"""``leap console``: the bot in a terminal, and a simulator of a small workspace.

Each input line is a slash command (``/leap ...``), a plain message (the answer to a
running conversation), or a meta-command starting with ``:`` (``:help`` lists them).
With piped input it prints plain text, flushes every reply at once and exits 0 at the
end, so a script gives a reproducible transcript.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console_render import clean, render_message
from adapters.responder import Responder
from adapters.scheduler import NudgeRunner
from bot.clock import Clock, FakeClock
from bot.core import Leap
from bot.events import ActionClicked, Actor, Command, FormSubmitted, MessageIn, Where
from bot.replies import (
    Button,
    ChannelPost,
    DirectMessage,
    Form,
    FormErrors,
    Message,
    Outbound,
)
from bot.timeparse import TimeParseError, format_local, parse_duration

PLATFORM = "console"
WORKSPACE = "local"
META_HELP = """Meta-commands:
  :as NAME          act as that user (created on first use)
  :in #CHANNEL      say the next lines in a channel;  :dm  back to a direct chat
  :click N|LABEL    press a button of the last message
  :advance 90m|2d|1w  move the simulated clock, delivering what falls due
  :now              the current time;  :help  this list;  :quit  leave
Anything else: /leap COMMAND (try /leap help), or a plain answer to Leap's question."""


@dataclass(slots=True)
class PendingForm:
    form: Form
    where: Where
    order: list[str]
    values: dict[str, str] = field(default_factory=dict)

    def current(self) -> str:
        return self.order[0]


class ConsoleMessenger:
    """Nudges in the terminal: printed as ``[DM → NAME]`` lines."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def send(self, message: DirectMessage) -> None:
        with self.console.lock:
            self.console.show([message], report=False)

    def post(self, post: ChannelPost) -> None:
        with self.console.lock:
            self.console.show([post], report=False)


class Console:
    """Reads lines, turns them into events for the core, prints what comes back."""

    def __init__(
        self,
        leap: Leap,
        clock: Clock,
        out: TextIO,
        *,
        colour: bool = False,
        files_dir: str = "files",
    ) -> None:
        self.leap = leap
        self.clock = clock
        self.out = out
        self.colour = colour
        self.files_dir = files_dir
        self.user = "me"
        self.where = Where()
        self.buttons: tuple[Button, ...] = ()
        self.form: PendingForm | None = None
        self.submitted: PendingForm | None = None
        # The last buttons each person could press: their own or their channel's, newest.
        self.seen = 0
        self.channel_buttons: dict[str, tuple[int, tuple[Button, ...]]] = {}
        self.user_buttons: dict[str, tuple[int, tuple[Button, ...]]] = {}
        self.lines_handled = 0
        self.lock = threading.RLock()  # the real-time scheduler prints from another thread
        self.runner = NudgeRunner(leap, ConsoleMessenger(self))

    # -- output --------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def show(self, outbounds: Iterable[Outbound], *, report: bool = True) -> None:
        """Print the core's answer; ``report=False`` where the scheduler reports itself."""
        Responder(self, self.leap.handle if report else None).send(outbounds)

    # The console's side of ``adapters.responder.Outlet``.
    def reply(self, message: Message, *, public: bool) -> None:
        if public:
            self._print(f"[#{self.where.channel_name}]", "channel", message, self.where.channel)
        else:
            self._print("[you]", "you", message)

    def update(self, message: Message) -> None:
        self._print("[you]", "you", message, updated=True)

    def open_form(self, form: Form) -> None:
        self._start_form(form)

    def direct(self, dm: DirectMessage) -> None:
        self._print(f"[DM → {dm.to.user}]", "dm", dm.message, owner=dm.to.user)

    def channel_post(self, post: ChannelPost) -> None:
        self._print(f"[#{post.channel.lstrip('#')}]", "channel", post.message, post.channel)

    def _print(
        self,
        tag: str,
        kind: str,
        message: Message,
        channel: str = "",
        *,
        owner: str = "",
        updated: bool = False,
    ) -> None:
        """Show ``message``; remember its buttons for its owner, and for everyone in
        ``channel`` when it was said there."""
        colour = kind if self.colour else None
        rendered = render_message(tag, message, colour, self.files_dir, updated=updated)
        self.say(rendered.text)
        if not rendered.buttons:
            return
        self.seen += 1
        if channel:
            self.channel_buttons[channel] = (self.seen, rendered.buttons)  # all see them
        owner = owner or self.user
        self.user_buttons[owner] = (self.seen, rendered.buttons)
        if owner == self.user:
            self.buttons = rendered.buttons

    def prompt(self) -> str:
        if self.form is not None:
            return self._field_prompt()
        place = f" in #{self.where.channel_name}" if self.where.channel else ""
        return f"{self.user}{place}> "

    # -- input ---------------------------------------------------------------------------
    def actor(self) -> Actor:
        shown = "" if self.user == "me" else self.user
        # In the local workspace anyone may turn a channel into a group, as anyone may
        # create a channel; managing a group stays with whoever started it.
        return Actor(
            PLATFORM, WORKSPACE, self.user.lower(), display_name=shown, can_manage_channel=True
        )

    def handle_line(self, line: str) -> bool:
        """Process one input line; False means quit."""
        line = line.rstrip("\r\n")
        self.lines_handled += 1
        with self.lock:
            if line.startswith(":"):
                return self._meta(line)
            if self.form is not None:
                self._answer_field(line)
            elif line.strip().lower().startswith("/leap"):
                self.show(
                    self.leap.handle(Command(self.actor(), line.strip()[5:].strip(), self.where))
                )
            elif line.strip():
                self.show(self.leap.handle(MessageIn(self.actor(), line.strip(), self.where)))
        return True

    def _meta(self, line: str) -> bool:
        word, _, arg = line[1:].strip().partition(" ")
        word, arg = word.lower(), arg.strip()
        if word in ("quit", "q", "exit"):
            return False
        if word == "help":
            self.say(META_HELP)
        elif word == "as":
            self._as(arg)
        elif word == "in":
            name = arg.lstrip("#").strip()
            if not re.fullmatch(r"[\w-]{1,80}", name):
                self.say("Name a channel, e.g. :in #switchers")
            else:
                self.where = Where(channel=name, channel_name=name, is_dm=False)
                self.form = None
                self.buttons = self._latest_buttons()
        elif word == "dm":
            self.where = Where()
        elif word == "click":
            self._click(arg)
        elif word == "advance":
            self._advance(arg)
        elif word == "now":
            self._now()
        elif word == "cancel" and self.form is not None:
            self.form = None
            self.say("Form cancelled; nothing was saved.")
        else:
            self.say(f"Unknown meta-command :{word}. {META_HELP}")
        return True

    def _as(self, name: str) -> None:
        if not re.fullmatch(r"[\w.-]{1,40}", name):
            self.say("Give a user name without spaces, e.g. :as alice")
            return
        self.user, self.form = name.lower(), None
        self.buttons = self._latest_buttons()
        self.say(f"(now acting as {name})")

    def _latest_buttons(self) -> tuple[Button, ...]:
        mine = self.user_buttons.get(self.user, (0, ()))
        here = self.channel_buttons.get(self.where.channel, (0, ()))
        return max(mine, here, key=lambda seen: seen[0])[1]

    def _click(self, arg: str) -> None:
        if not self.buttons:
            self.say("There is no button to press. Buttons show as [1] Label after a reply.")
            return
        chosen: Button | None = None
        if arg.isdigit() and 1 <= int(arg) <= len(self.buttons):
            chosen = self.buttons[int(arg) - 1]
        else:
            matches = (
                [b for b in self.buttons if b.label.lower().startswith(arg.lower())] if arg else []
            )
            chosen = matches[0] if len(matches) == 1 else None
        if chosen is None:
            labels = ", ".join(f"{i} {b.label}" for i, b in enumerate(self.buttons, 1))
            self.say(f"No single button matches “{clean(arg)}”. Choose one of: {labels}")
            return
        self.show(
            self.leap.handle(ActionClicked(self.actor(), chosen.action, chosen.value, self.where))
        )

    def _advance(self, arg: str) -> None:
        if not isinstance(self.clock, FakeClock):
            self.say(":advance needs a simulated clock: start with --now 2026-12-01T09:00")
            return
        try:
            delta = parse_duration(arg)
        except TimeParseError as err:
            self.say(f"{err} For example: :advance 90m, :advance 2d, :advance 1w")
            return
        if delta <= timedelta(0):
            self.say("The clock only moves forward, e.g. :advance 2d")
            return
        self.deliver_until(self.clock.now() + delta)
        self._now()

    def deliver_until(self, end: datetime) -> None:
        """Move the simulated clock to ``end``, delivering each due nudge at its own time
        (one held back by quiet hours moves later, and is delivered then)."""
        assert isinstance(self.clock, FakeClock)
        last: tuple[str, datetime] | None = None
        while True:
            due = self.leap.store.due_nudges(end, limit=1)
            if not due:
                break
            first = (due[0][1].id, due[0][1].due_at)
            if first == last:
                break  # it could not be delivered (a retry is planned later); don't spin
            last = first
            when = max(due[0][1].due_at, self.clock.now())
            self.clock.set(when)
            self.runner.deliver_due(when)
        self.clock.set(end)
        self.runner.deliver_due(end)

    def _now(self) -> None:
        profile = self.leap.store.profile(self.actor().key)
        zone = ZoneInfo(profile.tz) if profile else ZoneInfo("UTC")
        self.say(f"(now {format_local(self.clock.now(), zone)})")

    # -- forms ---------------------------------------------------------------------------
    def _start_form(self, form: Form) -> None:
        self.form = PendingForm(form, self.where, [f.name for f in form.fields])
        self.say(
            f"[you] {clean(form.title)} — answer each field; an empty line skips one, "
            ":cancel stops."
        )

    def _field_prompt(self) -> str:
        assert self.form is not None
        spec = next(f for f in self.form.form.fields if f.name == self.form.current())
        label = spec.label + (" (required)" if spec.required else "")
        if spec.choices:
            label += " [" + "/".join(o.value for o in spec.choices) + "]"
        if spec.initial:
            label += f" (now: {clean(spec.initial)})"
        return f"{label}: "

    def _answer_field(self, line: str) -> None:
        assert self.form is not None
        pending = self.form
        spec = next(f for f in pending.form.fields if f.name == pending.current())
        value = line.strip() or spec.initial
        if value.isdigit() and spec.choices and 1 <= int(value) <= len(spec.choices):
            value = spec.choices[int(value) - 1].value
        pending.values[spec.name] = value
        pending.order.pop(0)
        if pending.order:
            return
        self.form = None
        self.submitted = pending
        self.show(
            self.leap.handle(
                FormSubmitted(
                    self.actor(),
                    pending.form.id,
                    pending.values,
                    pending.form.context,
                    pending.where,
                )
            )
        )
        self.submitted = None

    def form_errors(self, errors: FormErrors) -> None:
        for name, message in errors.errors.items():
            self.say(f"[you] {name}: {clean(message)}")
        pending = self.submitted
        if pending is not None:  # re-ask only the fields that were wrong, keep the rest
            wrong = [f.name for f in pending.form.fields if f.name in errors.errors]
            self.form = PendingForm(pending.form, pending.where, wrong, dict(pending.values))


def run_console(
    console: Console,
    stdin: TextIO,
    interactive: bool,
    later: Callable[[], None] | None = None,
) -> int:
    """The read-eval-print loop. Interactive: prompt and line editing; piped: plain lines.

    ``later`` is work that must not delay the first reply: it runs once, before the first
    prompt when a person types (they take longer than it does), else after the first line.
    """
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (line editing and history for input())
        console.say("Leap console — type /leap help, or :help for console commands.")
    while True:
        if later is not None and (interactive or console.lines_handled):
            run_later = later
            later = None
            run_later()
        if interactive:
            try:
                line = input(console.prompt())
            except EOFError:
                console.say("")
                return 0
            except KeyboardInterrupt:
                console.say("\n(use :quit to leave)")
                continue
        else:
            if console.form is not None:
                console.say(console.prompt())
            line = stdin.readline()
            if not line:
                return 0
        if not console.handle_line(line):
            return 0
