"""The TUI driven by Pilot on a real store file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from factcheck.store import Store
from tests.tui_helpers import add_sample, make_app, make_fixed_app


async def test_tick_in_tui_persists_across_restart(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")
        assert app.screen.query_one("#claims", OptionList).highlighted == 2
        await pilot.press("1")
        await pilot.press("q")
    app.store.close()

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        third = app.screen.claims[2]
        assert third.items[0].done
        await pilot.press("q")
    app.store.close()
    with Store(db_path) as store:
        aid = add_sample(store)
        assert store.claim(aid, 3).items[0].done


async def test_space_toggles_highlighted_item_and_v_picks_verdict(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await pilot.press("v")
        assert app.screen.__class__.__name__ == "VerdictPicker"
        await pilot.press("down", "down", "enter")
        if app.screen.__class__.__name__ == "ConfirmDialog":  # required items unticked
            await pilot.press("y")
        claim = app.screen.claims[0]
        assert claim.items[0].done
        assert claim.verdict.value == "true"
        await pilot.press("space")
        assert not app.screen.claims[0].items[0].done
    app.store.close()


async def test_change_from_cli_shows_in_tui(db_path: Path) -> None:
    app = make_app(db_path, poll_interval=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        aid = app.screen.article.id
        with Store(db_path, author="bob") as other:
            other.tick(aid, 2, 1)
            other.set_verdict(aid, 2, "false")
        for _ in range(40):
            await pilot.pause(0.05)
            if app.screen.claims[1].verdict.value == "false":
                break
        assert app.screen.claims[1].verdict.value == "false"
        assert app.screen.claims[1].items[0].done
    app.store.close()


async def test_help_screen_opens_and_closes(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "MainScreen"
    app.store.close()


def test_main_screen_snapshot(
    db_path: Path,
    snap_compare,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A fixed article and clock (see tests/test_tui_snapshots.py): the picture changes only
    # when the TUI does, not when the detector or the templates improve.
    monkeypatch.setattr("factcheck.store.utcnow", lambda: "2026-01-02T03:04:05Z")
    app = make_fixed_app(db_path)
    try:
        assert snap_compare(app, terminal_size=(120, 40), press=["j", "1"])
    finally:
        app.store.close()
