"""A contact's fields as people type them: ``FIELD VALUE`` clauses read into a contact
(validated, with the right form in every refusal), and the one-line echo of what is known.

Shared by the ``add``/``edit`` commands and their forms (``bot/handlers/contact_edit.py``) and
by ``show`` (``bot/handlers/contact_views.py``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.context import Ctx, Problem
from bot.models import LEVELS, MET_HOW, STAGES, Contact
from bot.names import tidy
from bot.parsing import check_name, check_value, choose, find_contacts

ADD_USAGE = (
    "/leap add NAME [at ORG] [; role ROLE] [; field FIELD] [; level junior|mid|senior|executive]"
    " [; met relative|friend|classmate|colleague|other|at EVENT] [; via REFERRER] [; traditional]"
    " [; note TEXT]"
)
ADD_EXAMPLE = "/leap add Maria Lopez at Acme; role UX researcher; met colleague"
EDIT_USAGE = "/leap edit NAME; FIELD VALUE [; FIELD VALUE]"
EDIT_EXAMPLE = "/leap edit Maria; role Research lead; level senior"
ADD_CLAUSES = ("org", "role", "field", "level", "met", "via", "traditional", "note")
EDIT_FIELDS = ("name", *ADD_CLAUSES, "stage")
YES_NO = ("yes", "no")
ANOTHER = "another"  # "; another": yes, a second person with a name already in the list


def apply_clause(ctx: Ctx, contact: Contact, key: str, value: str, example: str) -> Contact:
    """One ``FIELD VALUE`` clause applied to a contact, validated."""
    if key == "name":
        return replace(contact, name=tidy(check_name(value, example)))
    if key in ("org", "at", "role", "field"):
        changes: dict[str, Any] = {"org" if key == "at" else key: check_value(key, value)}
        return replace(contact, **changes)
    if key == "level":
        return replace(
            contact, level=choose("level", value, LEVELS, "/leap edit Maria; level senior")
        )
    if key == "met":
        return _met(contact, value)
    if key == "stage":
        return replace(
            contact, stage=choose("stage", value, STAGES, "/leap edit Maria; stage asked")
        )
    if key == "traditional":
        flag = (
            choose("yes or no", value, YES_NO, "/leap edit Maria; traditional yes")
            if value
            else "yes"
        )
        return replace(contact, traditional=flag == "yes")
    if key == "note":
        note = check_value("note", value)
        if not note:
            raise Problem(f"The note is empty. For example: {example}; note met at the meetup")
        return replace(contact, notes=(*contact.notes, note))
    if key == "via":
        via = check_value("via", value)
        others = [c for c in ctx.store.contacts(ctx.user) if c.id != contact.id]
        referrers = find_contacts(others, via) if via else []
        referred_by = referrers[0].id if len(referrers) == 1 else ""
        name = referrers[0].name if referred_by else via
        return replace(contact, via=name, referred_by=referred_by)
    raise AssertionError(key)


_EVENT_RE = re.compile(r"^(?:at (?:an? |the )?event|event|at)\b[:,]?\s*(?P<event>.*)$", re.I)


def _met(contact: Contact, value: str) -> Contact:
    """``met friend``, or ``met at UX Europe`` / ``met event UX Europe``: where they met."""
    found = _EVENT_RE.match(value.strip())
    if found:
        event = check_value("event", found["event"].strip())
        if not event and value.strip().lower() == "at":
            raise Problem("Which event? For example: /leap edit Maria; met at UX Europe 2026")
        return replace(contact, met="event", met_at=event)
    met = choose("way you know them", value, MET_HOW, "/leap edit Maria; met friend")
    return replace(contact, met=met, met_at="" if met != "event" else contact.met_at)


def apply_clauses(
    ctx: Ctx,
    contact: Contact,
    clauses: list[tuple[str, str]],
    allowed: tuple[str, ...],
    usage: str,
    example: str,
) -> Contact:
    for key, value in clauses:
        if key not in allowed and not (key == "at" and "org" in allowed):
            names = ", ".join(allowed)
            raise Problem(
                f"I don't know the clause “{key}”. Clauses are: {names}.\n"
                f"Usage: {usage}\nFor example: {example}"
            )
        if not value and key not in ("traditional",):
            raise Problem(f"The “{key}” clause needs a value. For example: {example}")
        contact = apply_clause(ctx, contact, key, value, example)
    return contact


def split_name_org(head: str) -> tuple[str, str]:
    name, sep, org = head.partition(" at ")
    return (name, org.strip()) if sep else (head, "")


def known_as(contact: Contact) -> str:
    """ "you know them as a colleague", "you met at UX Europe", "you know them another way"."""
    if contact.met == "event":
        return f"you met at {contact.met_at}" if contact.met_at else "you met at an event"
    if contact.met == "other":
        return "you know them another way"
    return f"you know them as a {contact.met}"


def describe(contact: Contact) -> str:
    """One line of what is known, echoed back so a mistake is seen at once."""
    parts = [p for p in (contact.role, contact.field) if p]
    if contact.level:
        parts.append(contact.level)
    if contact.met:
        parts.append(known_as(contact))
    if contact.via:
        parts.append(f"referred by {contact.via}")
    if contact.traditional:
        parts.append("prefers traditional courtesy")
    return " · ".join(parts)
