"""A plain name is answered without nameparser (``bot/names.py``'s fast path), so the first
``add`` of a fresh console loads no slow library; a name only nameparser reads still loads it.
Checked by what a fresh process has imported, as ``test_lazy_imports.py`` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_lazy_imports import loaded_after


def first_reply_loads(command: str, data: Path) -> tuple[list[str], str]:
    return loaded_after(
        "import io, sys\n"
        "from adapters.cli import main\n"
        f"sys.stdin = io.StringIO({command + chr(10)!r})\n"
        "main(['console', '--data', sys.argv[1], '--now', '2026-12-01T09:00'])",
        str(data),
    )


@pytest.mark.parametrize("name", ["Maria Lopez", "maria lopez", "José García-López"])
def test_adding_a_plain_name_first_loads_no_slow_library(name: str, tmp_path: Path) -> None:
    loaded, out = first_reply_loads(f"/leap add {name}", tmp_path / "data")
    assert "Added" in out
    assert loaded == []


def test_a_titled_name_still_loads_nameparser(tmp_path: Path) -> None:
    loaded, out = first_reply_loads("/leap add Dr. Ana Ruiz", tmp_path / "data")
    assert "Added Dr. Ana Ruiz" in out
    assert "nameparser" in loaded
