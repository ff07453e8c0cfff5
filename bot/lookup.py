"""Questions an adapter may ask the core outside an event: which contacts a typed prefix
names (autocomplete) and whether a line of text is a command. Adapters ask these here,
never the store or the registry, so name matching has one meaning everywhere."""

from __future__ import annotations

from bot.commands import Registry
from bot.models import Contact
from bot.parsing import fold, ref

LABEL_LIMIT = 100  # Discord's autocomplete choice name and value (the strictest platform)


def contact_choices(contacts: list[Contact], typed: str, limit: int) -> list[tuple[str, str]]:
    """``(label, reference)`` of the contacts whose name starts with ``typed`` (any word),
    then those that contain it, at most ``limit``; the reference names one contact by id."""
    folded = fold(typed)
    first = [
        c
        for c in contacts
        if any(w.startswith(folded) for w in fold(c.label).split())
        or fold(c.name).startswith(folded)
    ]
    then = [c for c in contacts if folded in fold(c.label) and c not in first]
    return [(c.label[:LABEL_LIMIT], ref(c)[:LABEL_LIMIT]) for c in (first + then)[:limit]]


def is_command(registry: Registry, text: str) -> bool:
    """Whether ``text`` (with or without a leading ``/leap``) starts with a command word."""
    word, _rest = registry.split(text.strip().removeprefix("/leap"))
    return word in registry.commands


def posts_in_channel(registry: Registry, text: str) -> bool:
    """Whether the command in ``text`` may post in the channel it was typed in (a group
    command), so an adapter checks first that Leap may post there."""
    word, _rest = registry.split(text.strip().removeprefix("/leap"))
    spec = registry.commands.get(word)
    return spec is not None and spec.group
