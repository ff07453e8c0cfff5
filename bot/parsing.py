"""Small pieces of the /leap grammar: clauses after ``;``, names, and finding a contact."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from bot.context import Problem
from bot.models import Contact
from bot.wording import with_article

ID_PREFIX = "id:"
MAX_NAME = 80
MAX_VALUE = 500


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive form used for matching names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def split_clauses(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``"Maria at Acme; role UX; traditional"`` -> ``("Maria at Acme", [("role", "UX"),
    ("traditional", "")])``. Keys are lower-cased; values keep the user's spelling."""
    head, *rest = text.split(";")
    clauses: list[tuple[str, str]] = []
    for part in rest:
        part = part.strip()
        if not part:
            continue
        key, _, value = part.partition(" ")
        clauses.append((key.lower(), value.strip()))
    return head.strip(), clauses


def check_name(name: str, example: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise Problem(f"Which person? Give a name, for example: {example}")
    if name.lower().startswith(ID_PREFIX):
        raise Problem(f"A name cannot start with “{ID_PREFIX}”. For example: {example}")
    if name.lower().endswith(" at") or name.lower().startswith("at "):
        raise Problem(f"Give the name, then “at” and the organisation. For example: {example}")
    if len(name) > MAX_NAME:
        raise Problem(f"That name is {len(name)} characters long; keep it under {MAX_NAME}.")
    return name


def check_value(key: str, value: str) -> str:
    value = value.strip()
    if len(value) > MAX_VALUE:
        raise Problem(f"The {key} is {len(value)} characters long; keep it under {MAX_VALUE}.")
    return value


def choose(key: str, value: str, allowed: Iterable[str], example: str) -> str:
    """A value that must be one of ``allowed``; a clear message otherwise."""
    allowed = tuple(allowed)
    folded = fold(value)
    for option in allowed:
        if fold(option) == folded or fold(option).replace("-", " ") == folded:
            return option
    shown = ", ".join(a.replace("-", " ") for a in allowed)
    said = f"“{value}” is not" if value else "Nothing was given as"
    raise Problem(f"{said} {with_article(key)} I know. Use one of: {shown}. For example: {example}")


def find_contacts(contacts: list[Contact], query: str) -> list[Contact]:
    """Contacts a name refers to: exact id or full name first, then first name or a prefix,
    then the start of any word in the name. More than one result means: ask which."""
    query = query.strip()
    if query.startswith(ID_PREFIX):
        wanted = query[len(ID_PREFIX) :]
        return [c for c in contacts if c.id == wanted]
    q = fold(query)
    if not q:
        return []
    exact = [c for c in contacts if fold(c.name) == q]
    if exact:
        return exact
    near = [c for c in contacts if fold(c.first_name) == q or fold(c.name).startswith(q)]
    if near:
        return near
    return [c for c in contacts if any(w.startswith(q) for w in fold(c.name).split())]


def ref(contact: Contact) -> str:
    """How a button names a contact: by id, so it never becomes ambiguous later."""
    return ID_PREFIX + contact.id
