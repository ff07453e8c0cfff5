"""Small helpers that keep Leap's English right whatever the values: "a" or "an", "1
contact" or "2 contacts", a sentence that starts with a capital, a title cut at a word."""

from __future__ import annotations

import re

# Words whose first letter misleads: "an hour", "a user", "a one-off"; acronyms by sound.
_AN_EXCEPTIONS = re.compile(r"^(?:hour|honest|honou?r|heir)", re.I)
_A_EXCEPTIONS = re.compile(
    r"^(?:u[bcfhjkqrstn][aeiou]|us[aeiou]|one\b|once\b|eu|uni|ura|uti)", re.I
)


def article(word: str) -> str:
    """ "an" before a vowel sound, "a" otherwise: an other, a user, an hour, an MBA."""
    w = word.strip()
    if not w:
        return "a"
    if len(w) > 1 and w[:2].isupper() and w[:2].isalpha():  # an MBA, a UX lead, an NGO
        return "an" if w[0] in "AEFHILMNORSX" else "a"
    if _AN_EXCEPTIONS.match(w):
        return "an"
    if w[0].lower() in "aeiou" and not _A_EXCEPTIONS.match(w):
        return "an"
    return "a"


def with_article(word: str) -> str:
    return f"{article(word)} {word}"


def plural(count: int, word: str, many: str = "") -> str:
    """ "1 contact", "2 contacts", "0 contacts"; ``many`` for irregular plurals."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def sentence(text: str) -> str:
    """The text with a capital first letter (the rest as written)."""
    return text[:1].upper() + text[1:]


def cut(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut at a word and never inside brackets:
    "Introduce someone (data science)" at 24 -> "Introduce someone"."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    head = head[: head.rfind(" ")] if " " in head else text[:limit]
    if head.count("(") > head.count(")"):
        head = head[: head.rfind("(")]
    head = head.rstrip(" ,;:-(")
    if len(head) < limit // 2:  # one long word: keep most of it
        return text[: limit - 1].rstrip() + "…"
    return head
