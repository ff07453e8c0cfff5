"""Stores that implement the core's port (``bot.store.Store``)."""

from __future__ import annotations

from bot.store import Store, StoreError


def open_store(url: str) -> Store:
    """Open the store a URL names: ``tinydb:///folder``, a plain folder path, or
    ``postgresql://user:password@host:port/database`` (``postgres://`` too)."""
    if url.startswith(("postgres://", "postgresql://")):
        from storage.postgres_store import PostgresStore

        return PostgresStore(url)
    path = url.removeprefix("tinydb://") if url.startswith("tinydb://") else url
    if not path:
        raise StoreError("No data folder given: set LEAP_DATA or pass --data PATH.")
    from storage.tinydb_store import TinyDBStore

    return TinyDBStore(path)
