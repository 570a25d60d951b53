"""Pictures of the main screen (narrow and wide), the help, the verdict picker and the filter.

They use a small article with hand-made claims and checklists and a frozen clock, so they
change only when the TUI does. Regenerate with
`pytest --snapshot-update tests/test_tui_snapshots.py` only after looking at the new pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tui_helpers import make_fixed_app


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("factcheck.store.utcnow", lambda: "2026-01-02T03:04:05Z")


def _compare(snap_compare: Any, db_path: Path, size: tuple[int, int], press: list[str]) -> bool:
    app = make_fixed_app(db_path)
    try:
        return bool(snap_compare(app, terminal_size=size, press=press))
    finally:
        app.store.close()


def test_main_80x24(db_path: Path, snap_compare: Any) -> None:
    assert _compare(snap_compare, db_path, (80, 24), ["j"])


def test_main_160x50(db_path: Path, snap_compare: Any) -> None:
    assert _compare(snap_compare, db_path, (160, 50), ["j", "j", "1"])


def test_help_screen(db_path: Path, snap_compare: Any) -> None:
    assert _compare(snap_compare, db_path, (120, 40), ["question_mark"])


def test_verdict_picker(db_path: Path, snap_compare: Any) -> None:
    assert _compare(snap_compare, db_path, (120, 40), ["v"])


def test_filter(db_path: Path, snap_compare: Any) -> None:
    assert _compare(snap_compare, db_path, (120, 40), ["f"])
