"""Forms as Slack modals, and a modal's submission back as field values.

Each field is an input block whose ``block_id`` is the field's name, so the core's
``FormErrors`` (field -> message) map straight onto Slack's ``response_action: errors``.
The modal's ``private_metadata`` carries the form id, its context and where the form was
opened (channel, the bot's DM, a response_url), so a submission needs no memory.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.slack.render import plain, shorten
from bot.replies import Form, FormField, Option

CALLBACK_ID = "leap-form"
VALUE_ID = "v"
TITLE_LIMIT = 24
LABEL_LIMIT = 2000
METADATA_LIMIT = 3000
INPUT_LIMIT = 3000
ERROR_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class FormOrigin:
    """What a submission needs to know about where its form was opened."""

    form_id: str
    context: str = ""
    channel: str = ""
    channel_name: str = ""
    bot_dm: str = ""
    response_url: str = ""

    def encode(self) -> str:
        data = {
            "f": self.form_id,
            "c": self.context,
            "ch": self.channel,
            "cn": self.channel_name,
            "dm": self.bot_dm,
            "ru": self.response_url,
        }
        text = json.dumps({k: v for k, v in data.items() if v}, separators=(",", ":"))
        if len(text) > METADATA_LIMIT:  # drop the reply address first, then the channel name
            data["ru"] = data["cn"] = ""
            text = json.dumps({k: v for k, v in data.items() if v}, separators=(",", ":"))
        return text

    @classmethod
    def decode(cls, text: str) -> FormOrigin | None:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("f"), str):
            return None
        f, c, ch, cn, dm, ru = (str(data.get(k) or "") for k in ("f", "c", "ch", "cn", "dm", "ru"))
        return cls(f, c, ch, cn, dm, ru)


def _option(option: Option) -> dict[str, Any]:
    return {"text": plain(option.label, 75), "value": option.value[:150]}


def _element(field: FormField) -> dict[str, Any]:
    if field.kind == "choice" and field.choices:
        element: dict[str, Any] = {
            "type": "static_select",
            "action_id": VALUE_ID,
            "options": [_option(o) for o in field.choices[:100]],
        }
        chosen = next((o for o in field.choices[:100] if o.value == field.initial), None)
        if chosen is not None:
            element["initial_option"] = _option(chosen)
        return element
    element = {
        "type": "plain_text_input",
        "action_id": VALUE_ID,
        "multiline": field.kind == "long",
        "max_length": INPUT_LIMIT,
    }
    if field.initial:
        element["initial_value"] = field.initial[:INPUT_LIMIT]
    return element


def _input(field: FormField) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": field.name,
        "optional": not field.required,
        "label": plain(field.label, LABEL_LIMIT),
        "element": _element(field),
    }
    if field.hint:
        block["hint"] = plain(field.hint, LABEL_LIMIT)
    return block


def modal(form: Form, origin: FormOrigin) -> dict[str, Any]:
    """The ``views.open`` view for a form."""
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain(form.title, TITLE_LIMIT),
        "submit": plain(form.submit_label, TITLE_LIMIT),
        "private_metadata": origin.encode(),
        "blocks": [_input(f) for f in form.fields[:100]],
    }


def submitted_values(view: Mapping[str, Any]) -> dict[str, str]:
    """Field name -> value from a ``view_submission``'s state (empty when left blank)."""
    values: dict[str, str] = {}
    state = (view.get("state") or {}).get("values") or {}
    for block_id, actions in state.items():
        answer = (actions or {}).get(VALUE_ID) or {}
        if answer.get("type") == "static_select":
            value = (answer.get("selected_option") or {}).get("value")
        else:
            value = answer.get("value")
        values[block_id] = value if isinstance(value, str) else ""
    return values


def field_errors(errors: Mapping[str, str], view: Mapping[str, Any]) -> dict[str, str]:
    """The core's errors keyed by block; an error for an unknown field goes on the first."""
    blocks = [b.get("block_id") for b in view.get("blocks") or [] if b.get("type") == "input"]
    blocks += [k for k in ((view.get("state") or {}).get("values") or {}) if k not in blocks]
    out: dict[str, str] = {}
    for name, message in errors.items():
        target = name if name in blocks or not blocks else str(blocks[0])
        text = shorten(message, ERROR_LIMIT)
        out[target] = f"{out[target]} {text}" if target in out else text
    return out
