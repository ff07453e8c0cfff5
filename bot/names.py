"""People's names, parsed with ``nameparser``: title, first, middle, last and suffix.

A contact keeps the name exactly as the user typed it; these helpers say what to call
them: "Ana" in a friendly note, "Dr. Ruiz" on a formal card, "Ana Ruiz" in a list. Two
names are the same person's when their first and last names match ignoring case, accents
and titles ("maria santos" and "María Santos", "Dr. Ana Ruiz" and "Ana Ruiz").

nameparser takes 50 ms to import, more than the rest of a first reply, so a plain name
("Maria Lopez": capitalised words no vocabulary of nameparser's holds) is split by position
here, giving exactly what nameparser would (``tests/unit/test_names_fast.py`` compares
the two over many thousand names); every other name goes to nameparser.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Name:
    """One parsed name. Parts are as typed; missing parts are empty strings."""

    full: str
    title: str = ""
    first: str = ""
    middle: str = ""
    last: str = ""
    suffix: str = ""

    @property
    def given(self) -> str:
        """What a friendly note says: "Ana" for "Dr. Ana Ruiz"; "Dr. Ruiz" when only a
        title and a surname are known; the name as typed when nothing parses."""
        if self.first and not (self.title and not self.last and self.first == self.full):
            return self.first
        return self.formal

    @property
    def formal(self) -> str:
        """What a formal card says after "Dear": "Dr. Ruiz", "Mr. Klein", or the full name
        without a title when no title was given ("Robert Klein")."""
        if self.title and self.last:
            return f"{_dotted(self.title)} {self.last}"
        if self.title and self.first:  # "Dr. Ana": the one name is all we have
            return f"{_dotted(self.title)} {self.first}"
        return self.plain or self.full

    @property
    def plain(self) -> str:
        """First and last name, without title or suffix: "Ana Ruiz"."""
        return " ".join(p for p in (self.first, self.last) if p)


_DOTTED = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "rev", "hon", "sr", "sra", "fr"})


def _dotted(title: str) -> str:
    """ "Dr" -> "Dr." (the usual spelling in a letter); other titles stay as typed."""
    bare = title.rstrip(".")
    return f"{bare}." if bare.lower() in _DOTTED else title


_PLAIN_NAME = re.compile(r"[^\W\d_](?:[^\W\d_]|[ .'’-])*")


@lru_cache(maxsize=4096)
def parse(name: str) -> Name:
    """Split a name as typed into its parts."""
    text = " ".join(name.split())
    if not text:
        return Name("")
    return plain_parse(text) or nameparser_parse(text)


def plain_parse(text: str) -> Name | None:
    """The fast path: what nameparser gives, without loading it (50 ms), for a name it
    reads by position alone — one to three capitalised words of Latin letters ("Maria
    Lopez", "José García-López", "Ana Ruiz Soto"), none of them a word of its vocabulary
    (no title, suffix, particle, conjunction, initial...). None for any other name.
    ``tests/unit/test_names_fast.py`` checks it against nameparser."""
    words = text.split(" ")
    if len(words) > 3 or not all(_plain(word, capitalised=True) for word in words):
        return None
    if len(words) == 1:
        return Name(text, first=text)
    return Name(text, "", words[0], " ".join(words[1:-1]), words[-1], "")


def nameparser_parse(text: str) -> Name:
    """``text`` (spaces already single) parsed by nameparser."""
    from nameparser import HumanName  # 50 ms to import: loaded by the first name it parses

    human = HumanName(text)
    first, last = human.first, human.last
    if not first and not last and not human.title:
        return Name(text, first=text)
    return Name(text, human.title, first, human.middle, last, human.suffix)


def tidy(name: str) -> str:
    """A name typed all in lower (or upper) case, capitalised the usual way: "maria santos"
    -> "Maria Santos", "o'neil" -> "O'Neil". Mixed case is the user's choice and is kept."""
    text = " ".join(name.split())
    if not _PLAIN_NAME.fullmatch(text) or (text != text.lower() and text != text.upper()):
        return text
    out = plain_tidy(text) or nameparser_tidy(text)
    return out if out and fold(out) == fold(text) else text


def plain_tidy(text: str) -> str | None:
    """The fast path of ``tidy`` for a name in one case: each word capitalised, as
    nameparser does, where the name is one to three words of Latin letters, none of them
    a word of its vocabulary nor a Mac/Mc name ("MacDonald"). None for any other name."""
    words = text.split(" ")
    if len(words) > 3 or not all(_plain(word, capitalised=False) for word in words):
        return None
    return " ".join("-".join(p.capitalize() for p in word.split("-")) for word in words)


def nameparser_tidy(text: str) -> str:
    """``text`` capitalised by nameparser."""
    from nameparser import HumanName

    human = HumanName(text)
    human.capitalize(force=True)
    return str(human)


def _plain(word: str, *, capitalised: bool) -> bool:
    """A word nameparser reads as a name and nothing else: parts of two or more letters
    below U+0180 (Basic Latin, Latin-1, Latin Extended-A) joined by single hyphens, no
    part a word of its vocabulary (``bot/name_words.py``) nor made of Roman numeral letters
    only ("Vi", "Liv"). ``capitalised``: each part a capital, then lower case ("Jean-Luc");
    else (for ``tidy``) any case, but no Mac/Mc name, which nameparser capitalises its way."""
    from bot.name_words import WORDS

    for part in word.split("-"):
        low = part.lower()
        if (
            len(part) < 2
            or not part.isalpha()
            or not all(ord(c) < 0x180 for c in part)
            or low in WORDS
            or not low.strip("ivxlcdm")
            or (
                not (part[0].isupper() and part[1:].islower())
                if capitalised
                else low.startswith(("mc", "mac"))
            )
        ):
            return False
    return True


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text (cached: every ``add`` compares the
    new name with each contact's)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@lru_cache(maxsize=16384)
def same_person_key(name: str) -> str:
    """What two names of the same person share: folded first and last name (titles,
    middle names and suffixes ignored)."""
    parsed = parse(name)
    return fold(parsed.plain or parsed.full)


def given_name(name: str) -> str:
    return parse(name).given


def formal_name(name: str) -> str:
    return parse(name).formal
