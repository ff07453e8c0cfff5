"""The /leap grammar: one registry of commands, button actions and forms.

Every adapter uses this registry: Slack and the console pass the typed text through,
Discord builds its typed slash-command options from ``CommandSpec.params``, and the help
is generated from the same specs, so a new command appears everywhere at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from bot.context import Ctx
from bot.models import Conversation
from bot.replies import Outbound

SUMMARY = "Leap coaches informational interviews"  # one line, where a platform lists /leap

Handler = Callable[[Ctx, str], list[Outbound]]
ActionHandler = Callable[[Ctx, str], list[Outbound]]
FormHandler = Callable[[Ctx, Mapping[str, str], str], list[Outbound]]
# A stored conversation's next answer: (ctx, conversation, text) -> outbounds
ReplyHandler = Callable[[Ctx, Conversation, str], list[Outbound]]


@dataclass(frozen=True, slots=True)
class Param:
    """One typed option, for platforms with typed slash-command options (Discord)."""

    name: str
    description: str
    kind: str = "text"  # "text" | "contact" | "choice" | "rest"
    choices: tuple[str, ...] = ()
    required: bool = False
    sep: str = " "  # what goes before this value when the command text is rebuilt


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    usage: str
    summary: str
    handler: Handler
    examples: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    details: str = ""
    group: bool = False  # a group command may post in the channel
    hidden: bool = False  # used by adapters (e.g. the Slack App Home), not listed in help
    pages: bool = False  # only reads: a long answer shows a page and "More" runs it again
    # Where it sits on platforms that nest commands (Discord: ``/leap contact add``):
    # ``section`` is the menu ("" = top level), ``short`` its word there (default: name).
    section: str = ""
    short: str = ""

    def text_from(self, values: Mapping[str, str]) -> str:
        """Rebuild ``/leap`` text from typed options: ``edit`` + ``Maria`` + ``; level senior``."""
        text = self.name
        for param in self.params:
            value = " ".join(values.get(param.name, "").split())
            if value:
                text += (" " if value.startswith(";") else param.sep) + value
        return text


@dataclass(frozen=True, slots=True)
class Feature:
    """What one handler module contributes: commands, button actions, forms."""

    commands: tuple[CommandSpec, ...] = ()
    actions: Mapping[str, ActionHandler] = field(default_factory=dict)
    forms: Mapping[str, FormHandler] = field(default_factory=dict)
    conversations: Mapping[str, ReplyHandler] = field(default_factory=dict)


class Registry:
    """Every command, action and form, assembled once from the features."""

    def __init__(self, features: tuple[Feature, ...]) -> None:
        self.commands: dict[str, CommandSpec] = {}
        self.actions: dict[str, ActionHandler] = {}
        self.forms: dict[str, FormHandler] = {}
        self.conversations: dict[str, ReplyHandler] = {}
        for feature in features:
            for spec in feature.commands:
                if spec.name in self.commands:
                    raise ValueError(f"command {spec.name!r} defined twice")
                self.commands[spec.name] = spec
            self.actions.update(feature.actions)
            self.forms.update(feature.forms)
            self.conversations.update(feature.conversations)

    def __iter__(self) -> Iterator[CommandSpec]:
        """The commands a user can type, in help order (hidden ones left out)."""
        return iter([c for c in self.commands.values() if not c.hidden])

    def split(self, text: str) -> tuple[str, str]:
        """``"show maria"`` -> ``("show", "maria")``; the command word is lower-cased."""
        word, _, rest = text.strip().partition(" ")
        return word.lower(), rest.strip()
