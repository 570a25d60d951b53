"""Shared fixtures: every test gets its own config and data folders, so none touches $HOME."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("FACTCHECK_AUTHOR", "tester")
    for name in ("FACTCHECK_DB", "FACTCHECK_CONFIG", "FACTCHECK_CHECKLISTS"):
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.fcdb"


SAMPLE_TEXT = """City opens tram line

The city says its new tram line cut car traffic by 34% in its first year.

"We promised people a faster way into the centre," said Mayor Ines Calder on Tuesday.

According to the Avelin Herald, 41 of the 230 members reported lower sales in 2025.

Is the tram worth it?

Read more: other coastal cities.
"""


@pytest.fixture
def sample_text() -> str:
    return SAMPLE_TEXT
