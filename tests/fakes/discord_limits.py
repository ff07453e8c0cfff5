"""What Discord refuses in a request body, as checks the fake runs before it answers.

Each check returns ``Problem``s: the JSON path of the bad field, Discord's error code
string and its message. ``invalid_form_body`` turns them into the 400 Discord answers,
error code 50035 "Invalid Form Body", with the failing path nested the way Discord
nests it (``{"errors": {"content": {"_errors": [{"code": ..., "message": ...}]}}}``;
discord.py flattens that into "In content: Must be 2000 or fewer in length.").

Sources (checked with the docs search; the numbers are Discord's documented limits):
- 50035 and the ``errors`` shape: https://discord.com/developers/docs/reference#error-messages
  and the JSON error codes table (topics/opcodes-and-status-codes#json-json-error-codes).
- Message content 2,000 characters; embeds ≤ 10 per message, 6,000 characters in all
  (title 256, description 4,096, ≤ 25 fields, field name 256 / value 1,024, footer 2,048,
  author 256): https://discord.com/developers/docs/resources/message#create-message and
  #embed-object-embed-limits.
- Components (legacy, not "Components V2"): ≤ 5 action rows per message; a row holds ≤ 5
  buttons or exactly one select; ``custom_id`` 1–100 characters, unique in the message;
  button label ≤ 80; string select 1–25 options, option label/value/description ≤ 100,
  placeholder ≤ 150: https://discord.com/developers/docs/components/reference
  (Action Row, Button, String Select).
- Modals: title 1–45, ``custom_id`` ≤ 100, 1–5 top-level components (action rows with one
  text input, or Label components); text input label ≤ 45 (in a Label, the Label's label
  ≤ 45 and description ≤ 100), placeholder ≤ 100, value ≤ 4,000, ``min_length`` 0–4,000,
  ``max_length`` 1–4,000: https://discord.com/developers/docs/components/reference
  (Text Input, Label) and interactions/receiving-and-responding#interaction-response-object-modal.
- Application commands: ``CHAT_INPUT`` names match
  ``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`` and use lower case where a
  letter has it; description 1–100; ≤ 25 options per level (subcommands and groups are
  options); ≤ 25 choices, choice name 1–100; subcommand groups hold only subcommands, one
  level deep; the combined characters of a command's names, descriptions and choice values
  are capped (4,000 in the docs this fake follows; newer reports say 8,000; we hold to the
  lower figure): https://discord.com/developers/docs/interactions/application-commands
  (Application Command Naming, Subcommands and Subcommand Groups, option object).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Problem",
    "check_callback",
    "check_commands",
    "check_message",
    "check_modal",
    "invalid_form_body",
]

Path = tuple[str | int, ...]

MAX_CONTENT = 2000
MAX_EMBEDS, MAX_EMBED_TOTAL = 10, 6000
EMBED_FIELDS = {"title": 256, "description": 4096}
MAX_ROWS, MAX_BUTTONS, MAX_CUSTOM_ID, MAX_BUTTON_LABEL = 5, 5, 100, 80
MAX_OPTIONS, MAX_OPTION_TEXT, MAX_PLACEHOLDER = 25, 100, 150
MAX_MODAL_TITLE, MAX_MODAL_COMPONENTS, MAX_INPUT_LABEL = 45, 5, 45
MAX_INPUT_PLACEHOLDER, MAX_INPUT_VALUE, MAX_LABEL_DESCRIPTION = 100, 4000, 100
MAX_NAME, MAX_DESCRIPTION, MAX_COMMAND_OPTIONS, MAX_CHOICES = 32, 100, 25, 25
MAX_COMMAND_CHARS = 4000
# Python's \w is letters, digits and "_" in every script: close to \p{L}\p{N} (plus marks).
NAME_RULE = re.compile(r"^[-_'\w]{1,32}$")
SUBCOMMAND, GROUP = 1, 2
ROW, BUTTON, STRING_SELECT, TEXT_INPUT, LABEL = 1, 2, 3, 4, 18
LINK_STYLE, PREMIUM_STYLE = 5, 6


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    code: str
    message: str


def _too_long(path: Path, limit: int) -> Problem:
    return Problem(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _between(path: Path, low: int, high: int) -> Problem:
    return Problem(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")


def _length(value: Any, path: Path, high: int, low: int = 0) -> list[Problem]:
    if value is None:
        return [] if low == 0 else [Problem(path, "BASE_TYPE_REQUIRED", "This field is required")]
    n = len(value) if isinstance(value, str | Sequence) else 0
    if low and n < low:
        return [_between(path, low, high)]
    if n > high:
        return [_too_long(path, high) if not low else _between(path, low, high)]
    return []


def invalid_form_body(problems: Sequence[Problem]) -> dict[str, Any]:
    """Discord's 50035 body: ``errors`` nests each problem under its path."""
    errors: dict[str, Any] = {}
    for p in problems:
        node = errors
        for key in p.path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": p.code, "message": p.message})
    return {"code": 50035, "errors": errors, "message": "Invalid Form Body"}


# -- messages ----------------------------------------------------------------------------


def check_message(body: Mapping[str, Any] | None, path: Path = ()) -> list[Problem]:
    """A message create/edit body (also an interaction callback's ``data``)."""
    body = body or {}
    problems = _length(body.get("content"), (*path, "content"), MAX_CONTENT)
    embeds = body.get("embeds") or []
    problems += _length(embeds, (*path, "embeds"), MAX_EMBEDS)
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in EMBED_FIELDS.items():
            problems += _length(embed.get(key), (*path, "embeds", i, key), limit)
            total += len(embed.get(key) or "")
    if total > MAX_EMBED_TOTAL:
        problems.append(_too_long((*path, "embeds"), MAX_EMBED_TOTAL))
    problems += check_components(body.get("components"), (*path, "components"))
    return problems


def check_components(rows: Sequence[Mapping[str, Any]] | None, path: Path) -> list[Problem]:
    """A message's action rows, their buttons and selects."""
    rows = rows or []
    problems = _length(rows, path, MAX_ROWS)
    seen: set[str] = set()
    for r, row in enumerate(rows):
        children = row.get("components") or []
        here = (*path, r, "components")
        if row.get("type") != ROW:
            problems.append(Problem((*path, r, "type"), "UNION_TYPE_CHOICES", "Not an action row"))
            continue
        problems += _length(children, here, MAX_BUTTONS, 1)
        kinds = {c.get("type") for c in children}
        if STRING_SELECT in kinds and len(children) > 1:
            problems.append(
                Problem(here, "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "A select takes a whole row")
            )
        for c, child in enumerate(children):
            problems += _component(child, (*here, c), seen)
    return problems


def _custom_id(value: Any, path: Path, seen: set[str]) -> list[Problem]:
    problems = _length(value, path, MAX_CUSTOM_ID, 1)
    if isinstance(value, str):
        if value in seen:
            problems.append(
                Problem(
                    path,
                    "COMPONENT_CUSTOM_ID_DUPLICATED",
                    "Component custom id cannot be duplicated",
                )
            )
        seen.add(value)
    return problems


def _component(c: Mapping[str, Any], path: Path, seen: set[str]) -> list[Problem]:
    kind = c.get("type")
    problems: list[Problem] = []
    if kind == BUTTON:
        problems += _length(c.get("label"), (*path, "label"), MAX_BUTTON_LABEL)
        if c.get("style") not in (LINK_STYLE, PREMIUM_STYLE):
            problems += _custom_id(c.get("custom_id"), (*path, "custom_id"), seen)
    elif kind == STRING_SELECT:
        problems += _custom_id(c.get("custom_id"), (*path, "custom_id"), seen)
        problems += _select(c, path)
    return problems


def _select(c: Mapping[str, Any], path: Path) -> list[Problem]:
    options = c.get("options")
    problems = _length(options, (*path, "options"), MAX_OPTIONS, 1)
    problems += _length(c.get("placeholder"), (*path, "placeholder"), MAX_PLACEHOLDER)
    for o, option in enumerate(options or []):
        for key in ("label", "value"):
            problems += _length(option.get(key), (*path, "options", o, key), MAX_OPTION_TEXT, 1)
        desc = option.get("description")
        problems += _length(desc, (*path, "options", o, "description"), MAX_OPTION_TEXT)
    return problems


# -- modals ------------------------------------------------------------------------------


def check_modal(data: Mapping[str, Any] | None, path: Path = ()) -> list[Problem]:
    """A MODAL interaction response's ``data``."""
    data = data or {}
    problems = _length(data.get("title"), (*path, "title"), MAX_MODAL_TITLE, 1)
    problems += _length(data.get("custom_id"), (*path, "custom_id"), MAX_CUSTOM_ID, 1)
    components = data.get("components") or []
    problems += _length(components, (*path, "components"), MAX_MODAL_COMPONENTS, 1)
    seen: set[str] = set()
    for i, top in enumerate(components):
        here = (*path, "components", i)
        if top.get("type") == LABEL:
            problems += _length(top.get("label"), (*here, "label"), MAX_INPUT_LABEL, 1)
            problems += _length(
                top.get("description"), (*here, "description"), MAX_LABEL_DESCRIPTION
            )
            problems += _modal_input(top.get("component") or {}, (*here, "component"), seen, True)
        elif top.get("type") == ROW:
            children = top.get("components") or []
            problems += _length(children, (*here, "components"), 1, 1)
            for c, child in enumerate(children):
                problems += _modal_input(child, (*here, "components", c), seen, False)
        else:
            problems.append(
                Problem((*here, "type"), "UNION_TYPE_CHOICES", "Not allowed in a modal")
            )
    return problems


def _modal_input(c: Mapping[str, Any], path: Path, seen: set[str], in_label: bool) -> list[Problem]:
    problems = _custom_id(c.get("custom_id"), (*path, "custom_id"), seen)
    if c.get("type") == TEXT_INPUT:
        if not in_label:  # in a row the text input carries its own label
            problems += _length(c.get("label"), (*path, "label"), MAX_INPUT_LABEL, 1)
        problems += _length(c.get("placeholder"), (*path, "placeholder"), MAX_INPUT_PLACEHOLDER)
        problems += _length(c.get("value"), (*path, "value"), MAX_INPUT_VALUE)
        for key, low in (("min_length", 0), ("max_length", 1)):
            n = c.get(key)
            if n is not None and not low <= int(n) <= MAX_INPUT_VALUE:
                problems.append(
                    Problem((*path, key), "NUMBER_TYPE_MAX", f"Must be between {low} and 4000.")
                )
    elif c.get("type") == STRING_SELECT and in_label:
        problems += _select(c, path)
    else:
        problems.append(Problem((*path, "type"), "UNION_TYPE_CHOICES", "Not allowed in a modal"))
    return problems


# -- interaction callbacks ---------------------------------------------------------------


def check_callback(body: Mapping[str, Any] | None) -> list[Problem]:
    """An interaction response: a message (types 4, 7), a modal (9), or choices (8)."""
    body = body or {}
    kind = body.get("type")
    data = body.get("data")
    if kind in (4, 7):
        return check_message(data, ("data",))
    if kind == 9:
        return check_modal(data, ("data",))
    if kind == 8:
        choices = (data or {}).get("choices") or []
        problems = _length(choices, ("data", "choices"), MAX_CHOICES)
        for i, choice in enumerate(choices):
            problems += _length(choice.get("name"), ("data", "choices", i, "name"), 100, 1)
        return problems
    return []


# -- application commands ----------------------------------------------------------------


def check_commands(commands: Sequence[Mapping[str, Any]] | None) -> list[Problem]:
    """A bulk overwrite (PUT …/commands): every command, option and choice."""
    problems: list[Problem] = []
    for i, command in enumerate(commands or []):
        problems += _command(command, (i,), depth=0)
        if _characters(command) > MAX_COMMAND_CHARS:
            problems.append(
                Problem(
                    (i,),
                    "APPLICATION_COMMAND_TOO_LARGE",
                    f"Command exceeds maximum size ({MAX_COMMAND_CHARS})",
                )
            )
    return problems


def _name(value: Any, path: Path) -> list[Problem]:
    if not isinstance(value, str) or not NAME_RULE.match(value):
        return [Problem(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")]
    if value != value.lower():
        return [
            Problem(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name must be lower case")
        ]
    return []


def _problem(path: Path, code: str, message: str) -> list[Problem]:
    return [Problem(path, code, message)]


def _command(c: Mapping[str, Any], path: Path, depth: int) -> list[Problem]:
    """A command (depth 0), subcommand group (1, only at the top) or subcommand."""
    problems = _name(c.get("name"), (*path, "name"))
    problems += _length(c.get("description"), (*path, "description"), MAX_DESCRIPTION, 1)
    options = c.get("options") or []
    problems += _length(options, (*path, "options"), MAX_COMMAND_OPTIONS)
    names = [o.get("name") for o in options]
    if len(set(names)) != len(names):
        code = "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS"
        problems += _problem((*path, "options"), code, "Option names must be unique")
    nested = [o.get("type") in (SUBCOMMAND, GROUP) for o in options]
    if any(nested) and not all(nested):
        code = "APPLICATION_COMMAND_OPTION_TYPE_INVALID"
        problems += _problem((*path, "options"), code, "Subcommands cannot sit beside options")
    for o, option in enumerate(options):
        here = (*path, "options", o)
        kind = option.get("type")
        if (kind == GROUP and depth > 0) or (kind == SUBCOMMAND and depth > 1):
            code = "APPLICATION_COMMAND_OPTION_TYPE_INVALID"
            problems += _problem((*here, "type"), code, "Nested too deep")
        elif kind == GROUP and not all(
            x.get("type") == SUBCOMMAND for x in option.get("options") or []
        ):
            code = "APPLICATION_COMMAND_OPTION_TYPE_INVALID"
            problems += _problem((*here, "options"), code, "A group holds only subcommands")
        if kind in (SUBCOMMAND, GROUP):
            problems += _command(option, here, depth + 1)
            continue
        problems += _name(option.get("name"), (*here, "name"))
        problems += _length(option.get("description"), (*here, "description"), MAX_DESCRIPTION, 1)
        choices = option.get("choices") or []
        problems += _length(choices, (*here, "choices"), MAX_CHOICES)
        for ch, choice in enumerate(choices):
            problems += _length(choice.get("name"), (*here, "choices", ch, "name"), 100, 1)
    return problems


def _characters(c: Mapping[str, Any]) -> int:
    """Names, descriptions and choice names/values, over the whole command."""
    total = len(c.get("name") or "") + len(c.get("description") or "")
    for choice in c.get("choices") or []:
        total += len(str(choice.get("name") or "")) + len(str(choice.get("value") or ""))
    return total + sum(_characters(o) for o in c.get("options") or [])
