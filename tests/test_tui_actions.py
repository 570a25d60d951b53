"""Every binding of the main screen, driven by Pilot on a real store file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList

from factcheck.config import load_settings
from factcheck.model import Verdict
from factcheck.store import Store
from factcheck.tui.app import FactcheckApp
from tests.httpserver import TestServer, trickle
from tests.tui_helpers import add_sample, make_app, make_text_app, wait_for


def screen_name(app: FactcheckApp) -> str:
    return app.screen.__class__.__name__


async def fill(pilot: Any, app: FactcheckApp, **values: str) -> None:
    """Fill the fields of the open form dialog and submit it."""
    for name, value in values.items():
        app.screen.query_one(f"#field-{name}", Input).value = value
    app.screen.query(Input).last().focus()
    await pilot.press("enter")
    await pilot.pause()


def highlighted(app: FactcheckApp) -> int | None:
    return app.screen.query_one("#claims", OptionList).highlighted


async def test_navigation_keys(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        total = len(screen.claims)
        await pilot.press("j", "j")
        assert highlighted(app) == 2
        await pilot.press("k")
        assert highlighted(app) == 1
        await pilot.press("G")
        assert highlighted(app) == total - 1
        assert screen.selected_id == screen.claims[-1].id
        await pilot.press("g")
        assert highlighted(app) == 0
        # Arrows move too (the claims list has the focus).
        await pilot.press("down", "down", "up")
        assert highlighted(app) == 1
        # n/p skip finished claims: finish claim 2 by hand in the store and reload.
        for item in screen.claims[1].items:
            app.store.tick(screen.article.id, 2, item.id, True)
        app.store.set_verdict(screen.article.id, 2, "true")
        screen.reload()
        await pilot.press("g", "n")
        assert highlighted(app) == 2  # claim 2 is finished, so claim 3
        await pilot.press("p")
        assert highlighted(app) == 0
        # The mouse: a click on a claim in the article selects it, so does a click in the list.
        article = screen.query_one("#article")
        target = screen.claims[3]
        line = article.line_of(target.start + 1) - int(article.scroll_offset.y)
        col = target.start + 1 - article._lines[article.line_of(target.start + 1)][0]
        await pilot.click("#article", offset=(col + 1, line))
        assert screen.selected_id == target.id
        await pilot.click("#claims", offset=(5, 1))
        assert screen.selected_id == screen.claims[0].id
        # tab moves the focus between panes.
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id != "claims"
    app.store.close()


async def test_checklist_keys(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        aid = screen.article.id
        await pilot.press("3")
        assert app.store.claim(aid, 1).items[2].done
        await pilot.press("3")
        assert not app.store.claim(aid, 1).items[2].done
        await pilot.press("space")  # toggles the highlighted item: 3, as 3 was pressed
        assert app.store.claim(aid, 1).items[2].done
        # i adds an item, e edits its label and note, d deletes it, u brings it back.
        count = len(app.store.claim(aid, 1).items)
        await pilot.press("i")
        assert screen_name(app) == "FormDialog"
        await fill(pilot, app, label="Call the mayor's office")
        items = app.store.claim(aid, 1).items
        assert len(items) == count + 1 and items[-1].label == "Call the mayor's office"
        assert screen.query_one("#checklist", OptionList).highlighted == count
        await pilot.press("e")
        await fill(pilot, app, label="Call the press office", note="asked on Monday")
        item = app.store.claim(aid, 1).items[-1]
        assert (item.label, item.note) == ("Call the press office", "asked on Monday")
        # ctrl+up moves it up one place, ctrl+down back.
        await pilot.press("ctrl+up")
        assert app.store.claim(aid, 1).items[-2].label == "Call the press office"
        await pilot.press("ctrl+down")
        assert app.store.claim(aid, 1).items[-1].label == "Call the press office"
        await pilot.press("d")
        assert len(app.store.claim(aid, 1).items) == count
        await pilot.press("u")
        assert len(app.store.claim(aid, 1).items) == count + 1
        await pilot.press("ctrl+r")
        assert len(app.store.claim(aid, 1).items) == count
        assert len(screen.current.items) == count
    app.store.close()


async def test_verdict_picker_and_required_items(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        aid = app.screen.article.id
        await pilot.press("v")
        assert screen_name(app) == "VerdictPicker"
        await pilot.press("escape")
        assert app.store.claim(aid, 1).verdict == Verdict.UNCHECKED
        # in-progress is not final: no question asked.
        await pilot.press("v", "2")
        assert app.store.claim(aid, 1).verdict == Verdict.IN_PROGRESS
        # false is final and claim 1 has unticked required items: asks first.
        assert any(i.required and not i.done for i in app.store.claim(aid, 1).items)
        await pilot.press("v", "6")
        assert screen_name(app) == "ConfirmDialog"
        await pilot.press("n")
        assert app.store.claim(aid, 1).verdict == Verdict.IN_PROGRESS
        await pilot.press("v", "6", "y")
        assert app.store.claim(aid, 1).verdict == Verdict.FALSE
        assert "1 of" in app.screen.sub_title
    app.store.close()


async def test_claim_editing_keys(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        aid = screen.article.id
        # N adds a note.
        await pilot.press("N")
        await fill(pilot, app, text="Asked the authority for the raw counts.")
        assert app.store.claim(aid, 1).live_notes[-1].text.startswith("Asked the authority")
        # K changes the kinds.
        await pilot.press("K")
        assert screen_name(app) == "KindsDialog"
        kinds = app.screen.query_one("#kinds")
        kinds.deselect_all()
        kinds.select("causal")
        await pilot.press("enter")
        assert app.store.claim(aid, 1).kinds == ["causal"]
        # + adds a claim from a passage the detector missed.
        before = len(screen.claims)
        await pilot.press("plus")
        await fill(pilot, app, passage="Not everyone is convinced.")
        assert len(screen.claims) == before + 1
        assert screen.current is not None and screen.current.text == "Not everyone is convinced."
        # s splits the selected claim, M merges it back with the next.
        await pilot.press("g")
        first = screen.current
        assert first is not None
        await pilot.press("s")
        await fill(pilot, app, words="a figure that")
        assert len(screen.claims) == before + 2
        assert screen.claims[0].text.endswith("first year,")
        await pilot.press("M", "y")
        assert len(screen.claims) == before + 1
        assert "a figure that" in screen.claims[0].text
        # D removes the selected claim.
        await pilot.press("D")
        assert len(screen.claims) == before
        assert len(app.store.claims(aid)) == before
    app.store.close()


async def test_search_and_filter(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("slash")
        assert screen_name(app) == "SearchScreen"
        app.screen.query_one("#query", Input).value = "Tomas Ferreira"
        await pilot.pause()
        assert app.screen.query_one("#hits", OptionList).option_count >= 1
        await pilot.press("enter")
        assert screen.current is not None and "Tomas Ferreira" in screen.current.text
        # Text that is in the article but in no claim: the reader shows it.
        await pilot.press("slash")
        app.screen.query_one("#query", Input).value = "Not everyone is convinced"
        await pilot.pause()
        await pilot.press("enter")
        assert screen.query_one("#article")._match is not None
        # f filters: only claims with the verdict false.
        app.store.set_verdict(screen.article.id, 4, "false")
        screen.reload()
        await pilot.press("f")
        assert screen_name(app) == "ChoiceDialog"
        options = app.screen.query_one("#choices", OptionList)
        options.highlighted = options.get_option_index("verdict:false")
        await pilot.press("enter")
        assert [c.number for c in screen.claims if c.id in screen.view] == [4]
        assert "filter" in screen.sub_title
        await pilot.press("escape")  # nothing running: escape clears the filter
        assert len(screen.view) == len(screen.claims)
    app.store.close()


async def test_sources_attach_annotate_check_and_remove(db_path: Path) -> None:
    with TestServer() as server:
        server.page("/report", "<html><title>Annual report</title><p>34% fewer cars</p></html>")
        server.page("/gone", "missing", status=404)
        app = make_app(db_path, allow_private=True)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            aid = screen.article.id
            await pilot.press("a")
            await fill(pilot, app, url=server.url("/report"), note="the authority's report")
            await pilot.press("a")
            await fill(pilot, app, url=server.url("/gone"))
            sources = app.store.claim(aid, 1).live_sources
            assert [s.url for s in sources] == [server.url("/report"), server.url("/gone")]
            await pilot.press("c")
            assert await wait_for(pilot, lambda: not screen.workers)
            sources = app.store.claim(aid, 1).live_sources
            assert [s.latest.outcome for s in sources if s.latest] == ["ok", "not-found"]
            assert sources[0].latest.title == "Annual report"
            assert "src 1/2" in str(
                screen.query_one("#claims", OptionList).get_option_at_index(0).prompt
            )
            # A annotates the highlighted source, x removes it.
            screen.query_one("#sources", OptionList).highlighted = 1
            await pilot.press("A")
            await fill(pilot, app, note="dead link; try the archive")
            assert app.store.claim(aid, 1).live_sources[1].note == "dead link; try the archive"
            await pilot.press("x")
            assert len(app.store.claim(aid, 1).live_sources) == 1
            # C checks every claim's sources.
            await pilot.press("C")
            assert await wait_for(pilot, lambda: not screen.workers)
            assert len(app.store.claim(aid, 1).live_sources[0].checks) == 2
        app.store.close()


async def test_escape_cancels_a_slow_check(db_path: Path) -> None:
    with TestServer() as server:
        server.route("/slow", trickle(b"x" * 200, delay=0.2))
        app = make_app(db_path, allow_private=True)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            aid = screen.article.id
            app.store.add_source(aid, 1, server.url("/slow"))
            screen.reload()
            await pilot.press("c")
            assert await wait_for(pilot, lambda: screen.query_one("#work").display)
            await pilot.press("j", "k")  # still responsive while fetching
            assert highlighted(app) == 0
            await pilot.press("escape")
            assert await wait_for(pilot, lambda: not screen.workers)
            assert not screen.query_one("#work").display
            assert app.store.claim(aid, 1).live_sources[0].checks == []
        app.store.close()


async def test_open_article_dialog(db_path: Path, tmp_path: Path) -> None:
    article = tmp_path / "note.md"
    article.write_text(
        "# Budget\n\nThe council spent 4.2 million euros on roads in 2024, "
        "according to its annual accounts.\n",
        encoding="utf-8",
    )
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await fill(pilot, app, source=str(article))
        assert await wait_for(pilot, lambda: app.screen.article.title == "Budget")
        assert "4.2 million" in app.screen.claims[0].text
        # A missing file: one plain notification, the screen stays.
        await pilot.press("o")
        await fill(pilot, app, source=str(tmp_path / "missing.txt"))
        assert await wait_for(pilot, lambda: not app.screen.workers)
        assert app.screen.article.title == "Budget"
        assert any("missing.txt" in str(n.message) for n in app._notifications)
    app.store.close()


async def test_export_writes_a_report_and_says_where(db_path: Path, tmp_path: Path) -> None:
    app = make_app(db_path)
    target = tmp_path / "out" / "report.md"
    target.parent.mkdir()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("E")
        assert screen_name(app) == "ChoiceDialog"
        await pilot.press("enter")  # md is first
        await fill(pilot, app, path=str(target))
        assert target.exists()
        assert "Harbour city" in target.read_text(encoding="utf-8")
        assert any(str(target) in str(n.message) for n in app._notifications)
    app.store.close()


async def test_threshold_help_and_palette(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("T")
        await fill(pilot, app, score="0.8")
        assert app.min_score == 0.8
        await pilot.press("T")
        await fill(pilot, app, score="7")
        assert app.min_score == 0.8
        await pilot.press("question_mark")
        assert screen_name(app) == "HelpScreen"
        await pilot.press("question_mark")
        assert screen_name(app) == "MainScreen"
        await pilot.press("ctrl+p")
        await pilot.press(*"Export")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: screen_name(app) == "ChoiceDialog")
    app.store.close()


async def test_resolve_merge_conflict(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        aid = screen.article.id
        table = app.store._claims_table(aid)  # a conflict as an import would leave it
        doc = next(d for d in table.all() if d["number"] == 1)
        table.update(
            {"conflicts": [{"path": "verdict", "ours": "true", "theirs": "false", "base": None}]},
            doc_ids=[doc.doc_id],
        )
        screen.reload()
        assert screen.query_one("#conflicts").display
        row = screen.query_one("#claims", OptionList).get_option_at_index(0).prompt
        assert "⚠1" in str(row)
        await pilot.press("r")
        options = app.screen.query_one("#choices", OptionList)
        options.highlighted = options.get_option_index("0:theirs")
        await pilot.press("enter")
        claim = app.store.claim(aid, 1)
        assert claim.conflicts == [] and claim.verdict == Verdict.FALSE
        assert not screen.query_one("#conflicts").display
    app.store.close()


async def test_theme_persists_and_keymap_applies(db_path: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"claims.next" = "l"\n', encoding="utf-8")
    settings = load_settings(config)
    app = make_app(db_path, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        assert highlighted(app) == 1
        app.theme = "nord"
        await pilot.pause()
    app.store.close()
    assert 'theme = "nord"' in config.read_text(encoding="utf-8")
    settings = load_settings(config)
    store = Store(db_path, author="tester")
    app = FactcheckApp(store, add_sample(store), settings, poll_interval=0)
    async with app.run_test(size=(120, 40)):
        assert app.theme == "nord"
    store.close()


async def test_undo_redo_verdict(db_path: Path) -> None:
    app = make_text_app(
        db_path, "The city spent 4 million euros on trams in 2024, the council said.\n"
    )
    async with app.run_test(size=(120, 40)) as pilot:
        aid = app.screen.article.id
        await pilot.press("v", "2")
        assert app.store.claim(aid, 1).verdict == Verdict.IN_PROGRESS
        await pilot.press("u")
        assert app.store.claim(aid, 1).verdict == Verdict.UNCHECKED
        assert app.screen.claims[0].verdict == Verdict.UNCHECKED
        await pilot.press("ctrl+r")
        assert app.store.claim(aid, 1).verdict == Verdict.IN_PROGRESS
    app.store.close()


async def _open_big(db_path: Path, tmp_path: Path, sentences: int) -> None:
    from tests.tui_helpers import long_article

    path = tmp_path / "report.txt"
    path.write_text(long_article(sentences), encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.screen
        labels: list[str] = []
        start = first._work_start
        first._work_start = lambda label, total: (labels.append(label), start(label, total))
        await pilot.press("o")
        await fill(pilot, app, source=str(path))
        # The split runs in a worker with a progress line; keys still work meanwhile.
        if app.screen is first and first.workers:
            await pilot.press("j")
            if app.screen is first:
                assert highlighted(app) == 1
        assert await wait_for(pilot, lambda: app.screen is not first, timeout=60)
        assert labels and labels[0].startswith("Loading")
        assert len(app.screen.claims) >= sentences * 0.9
        await pilot.press("G")
        assert highlighted(app) == len(app.screen.claims) - 1
    app.store.close()


async def test_big_article_opens_in_a_worker(db_path: Path, tmp_path: Path) -> None:
    await _open_big(db_path, tmp_path, 400)


@pytest.mark.slow
async def test_one_megabyte_article_opens_in_a_worker(db_path: Path, tmp_path: Path) -> None:
    await _open_big(db_path, tmp_path, 12000)
