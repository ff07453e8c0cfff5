"""Outbound: what the core asks an adapter to show, in one neutral UI model.

Every word here is written by the core; adapters only render. Text is plain: each
renderer escapes it for its platform, so user text never becomes markup or a mention.
A button carries an ``action`` and a short ``value`` (ids, never memory), so it keeps
working after a restart; the pair must fit Discord's 100-character ``custom_id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.models import UserKey

# Actions every adapter must understand. "run" re-enters the core as a typed command.
RUN = "run"
MAX_ACTION_CHARS = 90
MAX_TEXT_CHARS = 2800  # a renderer splits longer text (Slack: 3,000 a section; Discord: 2,000)


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action: str
    value: str = ""
    style: str = "default"  # "default" | "primary" | "danger"

    def __post_init__(self) -> None:
        if len(self.action) + len(self.value) + 1 > MAX_ACTION_CHARS:
            raise ValueError(f"button {self.label!r} carries too much: {self.action}:{self.value}")


def run(label: str, command: str, style: str = "default") -> Button:
    """A button that runs ``/leap COMMAND`` as if the user had typed it."""
    return Button(label, RUN, command, style)


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Select:
    placeholder: str
    action: str
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class File:
    filename: str
    content: bytes
    mime: str = "application/octet-stream"
    alt: str = ""  # what an image shows, for screen readers (Slack alt_txt, Discord description)


@dataclass(frozen=True, slots=True)
class Message:
    """One message: an optional bold title, plain text, then buttons, a select and files."""

    text: str
    title: str = ""
    buttons: tuple[Button, ...] = ()
    select: Select | None = None
    files: tuple[File, ...] = ()


@dataclass(frozen=True, slots=True)
class FormField:
    name: str
    label: str
    kind: str = "text"  # "text" | "long" | "choice"
    required: bool = False
    choices: tuple[Option, ...] = ()
    initial: str = ""
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Form:
    """A form to fill in (a modal). Submitting it sends ``FormSubmitted(form_id=id)``."""

    id: str
    title: str
    fields: tuple[FormField, ...]
    submit_label: str = "Save"
    context: str = ""


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer to the person who acted. Private unless ``public`` (group commands only)."""

    message: Message
    public: bool = False


@dataclass(frozen=True, slots=True)
class Update:
    """Replace the message whose button was pressed (e.g. a confirmation once answered)."""

    message: Message


@dataclass(frozen=True, slots=True)
class OpenForm:
    form: Form


@dataclass(frozen=True, slots=True)
class FormErrors:
    """The submitted form had mistakes: keep it open and show each message on its field."""

    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DirectMessage:
    """A message to a user outside any request: a nudge, a pairing, an introduction."""

    to: UserKey
    message: Message
    nudge_ids: tuple[str, ...] = ()  # the nudges this message carries (several when folded)


@dataclass(frozen=True, slots=True)
class ChannelPost:
    """A post in a group channel, made only on an explicit group command or schedule."""

    platform: str
    workspace: str
    channel: str
    message: Message
    nudge_ids: tuple[str, ...] = ()  # the group timer it fulfils: report it back (events.py)

    @property
    def key(self) -> UserKey:
        """The group's key: what ``Delivered``/``DeliveryFailed`` for this post name."""
        return UserKey(self.platform, self.workspace, "#" + self.channel)


Outbound = Reply | Update | OpenForm | FormErrors | DirectMessage | ChannelPost


def say(text: str, *buttons: Button, title: str = "") -> Reply:
    """Shorthand for the common private reply."""
    return Reply(Message(text=text, title=title, buttons=tuple(buttons)))
