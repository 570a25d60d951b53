"""Pictures of the main screen (narrow and wide), the help, the verdict picker and the filter.

Regenerate with `pytest --snapshot-update tests/test_tui_snapshots.py` only after looking at
the new pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.tui_helpers import make_app


def _compare(snap_compare: Any, db_path: Path, size: tuple[int, int], press: list[str]) -> bool:
    app = make_app(db_path)
    try:
        return bool(snap_compare(app, terminal_size=size, press=press))
    finally:
        app.store.close()


def test_main_80x24(db_path: Path, snap_compare: Any) -> None:
    assert _compare(snap_compare, db_path, (80, 24), ["j"])


def test_main_160x50(db_path: Path, snap_compare: Any) -> None:
    assert _compare(snap_compare, db_path, (160, 50), ["j", "j"])


def test_help_screen(db_path: Path, snap_compare: Any) -> None:
    assert _compare(snap_compare, db_path, (120, 40), ["question_mark"])


def test_verdict_picker(db_path: Path, snap_compare: Any) -> None:
    assert _compare(snap_compare, db_path, (120, 40), ["v"])


def test_filter(db_path: Path, snap_compare: Any) -> None:
    assert _compare(snap_compare, db_path, (120, 40), ["f"])
