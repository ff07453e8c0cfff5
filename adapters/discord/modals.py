"""Forms as Discord modals, answered statelessly.

A modal shows the form's first five fields (Discord's limit; the core orders fields by
importance): text fields as text inputs, choice fields as selects, each inside a label
whose description is the field's hint. Fields it cannot show are left out of the submit;
the core keeps their values and offers a second form for them (the contact form's "More
details"), so every field can be reached. Its ``custom_id`` (``leap-form:FORM:CONTEXT``)
says which form it was, so a submit is understood even after a restart: submissions are
read from the raw interaction data, not from a modal object held in memory.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import discord

from bot.replies import Form, FormField

MAX_INPUTS = 5
MAX_TITLE = 45
MAX_LABEL = 45
PREFIX = "leap-form:"
MODAL_TIMEOUT = 900.0  # the modal object only exists so discord.py can send it


def form_custom_id(form: Form) -> str | None:
    """``leap-form:FORM:CONTEXT``, or None when that would pass 100 characters."""
    custom_id = f"{PREFIX}{form.id}:{form.context}"
    if ":" in form.id or len(custom_id) > 100:
        return None
    return custom_id


def parse_custom_id(custom_id: str) -> tuple[str, str] | None:
    """(form_id, context) from a modal's custom_id, or None if it is not a Leap form."""
    if not custom_id.startswith(PREFIX):
        return None
    form_id, sep, context = custom_id[len(PREFIX) :].partition(":")
    return (form_id, context) if sep and form_id else None


def shown_fields(form: Form) -> tuple[FormField, ...]:
    return form.fields[:MAX_INPUTS]


def omitted_values(form: Form) -> dict[str, str]:
    """The initial values of the fields a modal cannot show (sent back unchanged)."""
    return {f.name: f.initial for f in form.fields[MAX_INPUTS:] if f.initial}


def _component(field: FormField) -> discord.ui.Item[Any]:
    if field.kind == "choice" and field.choices:
        options = [
            discord.SelectOption(
                label=o.label[:100] or o.value[:100],
                value=o.value[:100],
                default=bool(field.initial) and o.value == field.initial,
            )
            for o in field.choices[:25]
        ]
        return discord.ui.Select(
            custom_id=field.name,
            options=options,
            required=field.required,
            min_values=1 if field.required else 0,
            max_values=1,
        )
    style = discord.TextStyle.paragraph if field.kind == "long" else discord.TextStyle.short
    return discord.ui.TextInput(
        custom_id=field.name,
        style=style,
        required=field.required,
        default=field.initial[:4000] or None,
        max_length=4000,
    )


def build_modal(form: Form, custom_id: str) -> discord.ui.Modal:
    modal = discord.ui.Modal(
        title=form.title[:MAX_TITLE] or form.id[:MAX_TITLE],
        custom_id=custom_id,
        timeout=MODAL_TIMEOUT,
    )
    for field in shown_fields(form):
        modal.add_item(
            discord.ui.Label(
                text=field.label[:MAX_LABEL] or field.name[:MAX_LABEL],
                description=field.hint[:100] or None,
                component=_component(field),
            )
        )
    return modal


def submitted_values(components: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Field values from a MODAL_SUBMIT's components: rows (type 1) or labels (type 18)
    holding text inputs (``value``) or selects (``values``, the first one is kept)."""
    values: dict[str, str] = {}
    for component in components:
        inner = component.get("component")
        if isinstance(inner, Mapping):
            values.update(submitted_values([inner]))
        children = component.get("components")
        if isinstance(children, Sequence):
            values.update(submitted_values(children))
        custom_id = component.get("custom_id")
        if not isinstance(custom_id, str):
            continue
        if "value" in component:
            values[custom_id] = str(component.get("value") or "")
        elif "values" in component:
            chosen = component.get("values") or []
            values[custom_id] = str(chosen[0]) if chosen else ""
    return values
