"""Records as plain dicts: the round trip every store uses (``to_dict``/``from_dict``).

Dates and times are ISO strings, tuples are lists; a stored field this version does not
know is dropped. What each record class needs is worked out once per class, since loading
a user's file decodes every one of their records.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any, Self


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_iso(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


_FIELDS: dict[type, tuple[str, ...]] = {}
_CONVERTERS: dict[type, dict[str, int]] = {}


def field_names(cls: type) -> tuple[str, ...]:
    """A record class's field names, in order (worked out once per class: loading a
    user's records asks for them for every record)."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple(f.name for f in fields(cls))
    return found


def _converters(cls: type[Record]) -> dict[str, int]:
    """Each field of a record class, and how its stored value is read: 0 as it is, 1 an
    ISO date and time, 2 a list that becomes a tuple (worked out once per class)."""
    found = _CONVERTERS.get(cls)
    if found is None:
        dates, tuples = set(cls._datetimes), set(cls._tuples)
        found = _CONVERTERS[cls] = {
            name: 1 if name in dates else 2 if name in tuples else 0 for name in field_names(cls)
        }
    return found


class Record:
    """Mixin: plain-dict round trip for frozen dataclass records with datetime fields."""

    __slots__ = ()
    _datetimes: tuple[str, ...] = ()
    _tuples: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in field_names(type(self)):
            value = getattr(self, name)
            if name in self._datetimes:
                value = _iso(value)
            elif name in self._tuples:
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        how = _converters(cls)
        kwargs: dict[str, Any] = {}
        for name, value in data.items():
            kind = how.get(name)
            if kind is None:
                continue  # a field this version does not know: dropped
            if kind == 1:
                value = _from_iso(value)
            elif kind == 2:
                value = tuple(value or ())
            kwargs[name] = value
        return cls(**kwargs)
