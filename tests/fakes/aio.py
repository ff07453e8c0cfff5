"""Running async test bodies from plain (sync) pytest tests, without pytest-asyncio."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
    """Run ``coro`` in a fresh event loop, failing after ``timeout`` seconds.

    Usage: ``def test_x() -> None: run(scenario())`` with ``async def scenario(): ...``.
    """
    return asyncio.run(asyncio.wait_for(coro, timeout))
