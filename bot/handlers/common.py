"""Helpers shared by handlers: finding the contact a command names."""

from __future__ import annotations

from collections.abc import Callable

from bot.context import Ctx, Problem
from bot.models import Contact
from bot.parsing import find_contacts, ref
from bot.replies import MAX_ACTION_CHARS, RUN, run
from bot.wording import cut


def contact_by_id(ctx: Ctx, contact_id: str) -> Contact:
    """The contact a button or a form names by id, or a ``Problem`` if it was removed since
    the button was shown."""
    contact = ctx.store.contact(ctx.user, contact_id)
    if contact is None:
        raise Problem("That contact was removed.", run("Your contacts", "contacts"))
    return contact


def resolve(ctx: Ctx, query: str, command: Callable[[str], str], usage: str) -> Contact:
    """The one contact ``query`` names, or a ``Problem`` that lists the candidates as buttons.

    ``command(ref)`` rebuilds the user's command for a candidate, so picking a button
    simply runs it again with the contact pinned by id.
    """
    if not query.strip():
        raise Problem(f"Which contact? For example: {usage}")
    contacts = ctx.store.contacts(ctx.user)
    found = find_contacts(contacts, query)
    if len(found) == 1:
        return found[0]
    if not found:
        hint = "You have no contacts yet." if not contacts else "Check the spelling, or list them."
        raise Problem(
            f"No contact matches “{query.strip()}”. {hint}",
            run("Show my contacts", "contacts"),
            run("Add a contact", "add"),
        )
    shown = found[:5]
    more = f" (and {len(found) - 5} more: type more of the name)" if len(found) > 5 else ""
    commands = [command(ref(c)) for c in shown]
    if all(len(RUN) + len(text) < MAX_ACTION_CHARS for text in commands):
        raise Problem(
            f"“{query.strip()}” matches {len(found)} contacts{more}. Which one did you mean?",
            *(run(cut(c.label, 40), text) for c, text in zip(shown, commands, strict=True)),
        )
    raise Problem(  # the command is too long to carry in a button: ask to retype it
        f"“{query.strip()}” matches {len(found)} contacts{more}: "
        + "; ".join(c.label for c in shown)
        + ". Type the command again with the full name, e.g. “"
        + shown[0].name
        + "”.",
        *(run(cut(c.label, 40), f"show {ref(c)}") for c in shown),
    )
