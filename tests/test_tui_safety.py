"""Untrusted text stays text, and odd articles or stores never break the screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from factcheck.model import Check
from factcheck.store import Store
from factcheck.tui.app import FactcheckApp
from factcheck.tui.widgets.article import wrap_offsets
from tests.tui_helpers import make_text_app, wait_for

HOSTILE = "[/b] [@click=app.quit]x[/] $accent \x1b[31mred\x1b[0m \x1b]8;;http://evil\x1b\\link"

ARTICLE = (
    "Markup [/b] in a headline\n\n"
    "The mayor said 41 of 230 shops [@click=app.quit]x[/] lost money in 2025, "
    "according to the $accent survey.\n\n"
    "Officials reported 3,000 \x1b[31mred\x1b[0m cars a day in 2024, the ministry said.\n"
)


def screen_text(app: FactcheckApp) -> str:
    return app.export_screenshot()


async def test_hostile_text_is_shown_literally_and_clicks_do_nothing(db_path: Path) -> None:
    app = make_text_app(db_path, ARTICLE, title="[/b] [@click=app.quit]x[/] $accent")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.screen
        aid = screen.article.id
        assert screen.claims, "the hostile article still has claims"
        app.store.add_note(aid, 1, HOSTILE)
        app.store.add_item(aid, 1, HOSTILE)
        claim = app.store.add_source(aid, 1, "https://example.org/a?q=[/b]")
        source = claim.live_sources[0]
        app.store.record_checks(
            aid, [(claim.id, source.id, Check(outcome="ok", status=200, title=HOSTILE))]
        )
        screen.reload()
        await pilot.pause()
        text = screen_text(app)
        for literal in ("[/b]", "[@click=app.quit]x[/]", "$accent"):
            assert literal in text
        assert "\x1b[31m" not in screen.query_one("#notes").content.plain
        # Clicking on the article, the claim text, the notes and the sources does nothing bad.
        for selector in ("#article", "#claim-text", "#claims"):
            await pilot.click(selector, offset=(2, 1))
            await pilot.click(selector, offset=(10, 0))
        for selector in ("#notes", "#sources"):
            screen.query_one(selector).scroll_visible(animate=False)
            await pilot.pause()
            await pilot.click(selector, offset=(3, 0))
        assert app.is_running
        assert app.return_code is None
        # Notifications with hostile text are plain too.
        screen.notify(HOSTILE, markup=False)
        await pilot.press("v", "escape", "slash")
        app.screen.query_one("#query").value = "[/b]"
        await pilot.pause()
        await pilot.press("escape", "question_mark", "escape")
        assert app.is_running
    app.store.close()


async def test_article_without_claims(db_path: Path) -> None:
    app = make_text_app(db_path, "Hello there.")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.claims == []
        assert "no claims" in str(screen.query_one("#claim-text").content)
        await pilot.press("j", "k", "g", "G", "n", "p", "space", "1", "v", "e", "d", "a", "c")
        await pilot.press("x", "D", "s", "M", "K", "u", "f", "escape")
        assert screen.claims == []
        assert app.is_running
        # A claim can still be added by hand from a passage.
        await pilot.press("plus")
        app.screen.query_one("#field-passage").value = "Hello there."
        await pilot.press("enter")
        assert [c.text for c in screen.claims] == ["Hello there."]
    app.store.close()


async def test_enormous_claim_and_long_lines(db_path: Path) -> None:
    enormous = "In 2024 the agency counted " + ", ".join(
        f"{n} cases in district {n}" for n in range(1, 1500)
    )
    long_line = "x" * 10_000
    text = f"{enormous}.\n\n{long_line}\n\nThe ministry said 12 people were hurt in 2023.\n"
    app = make_text_app(db_path, text)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert screen.claims
        assert len(screen.claims[0].text) > 20_000
        await pilot.press("G", "g", "1")
        assert app.store.claim(screen.article.id, 1).items[0].done
        article = screen.query_one("#article")
        assert article.virtual_size.height > 300  # wrapped, scrollable, nothing cut off
    app.store.close()


def test_wrap_keeps_every_character_and_the_width() -> None:
    text = "a " * 50 + "\n" + "b" * 95 + "\n\n" + "wide 漢字漢字漢字 " * 10
    lines = wrap_offsets(text, 20)
    covered = "".join(text[s:e] for s, e in lines)
    assert covered.replace("\n", "") == text.replace("\n", "")
    assert all(e - s <= 20 for s, e in lines)


async def test_claim_with_no_checklist(db_path: Path) -> None:
    app = make_text_app(db_path, "The city spent 4 million euros on trams in 2024, it said.\n")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        aid = screen.article.id
        for item in app.store.claim(aid, 1).items:
            app.store.delete_item(aid, 1, item.id)
        screen.reload()
        await pilot.pause()
        checklist = screen.query_one("#checklist", OptionList)
        assert "No checklist items" in str(checklist.get_option_at_index(0).prompt)
        await pilot.press("space", "1", "e", "d", "ctrl+up")
        assert app.is_running
        assert any("no checklist items" in str(n.message) for n in app._notifications)
        await pilot.press("i")
        app.screen.query_one("#field-label").value = "Find the budget line"
        await pilot.press("enter")
        assert [i.label for i in app.store.claim(aid, 1).items] == ["Find the budget line"]
    app.store.close()


async def test_store_changed_by_another_process_is_announced(db_path: Path) -> None:
    app = make_text_app(
        db_path,
        "The city spent 4 million euros on trams in 2024, it said.\n",
        poll_interval=0.05,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)  # mounted, and polling
        aid = app.screen.article.id
        with Store(db_path, author="bob") as other:
            other.set_verdict(aid, 1, "false")
            other.add_note(aid, 1, "bob was here")
        assert await wait_for(
            pilot, lambda: app.screen.claims[0].verdict.value == "false", timeout=10
        )
        assert any("another window" in str(n.message) for n in app._notifications)
        assert await wait_for(
            pilot, lambda: "bob" in str(app.screen.query_one("#claim-meta").content)
        )
    app.store.close()
