"""Stores that implement the core's port (``bot.store.Store``)."""

from __future__ import annotations

from bot.store import Store, StoreError


def open_store(url: str) -> Store:
    """Open the store a URL names: ``tinydb:///folder`` or a plain folder path."""
    if url.startswith(("postgres://", "postgresql://")):
        raise StoreError(
            "PostgreSQL storage is not available in this version of Leap yet; "
            "use a folder path (TinyDB) instead."
        )
    path = url.removeprefix("tinydb://") if url.startswith("tinydb://") else url
    if not path:
        raise StoreError("No data folder given: set LEAP_DATA or pass --data PATH.")
    from storage.tinydb_store import TinyDBStore

    return TinyDBStore(path)
