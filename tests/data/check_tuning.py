"""Tuning examples for the check (see check_heldout.py for the held-out ones)."""

from __future__ import annotations

TUNING: list[tuple[str, str | None, str, set[str]]] = []
