"""The factcheck TUI: a small App that receives its services and shows the main screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from factcheck.tui.screens.main import MainScreen

if TYPE_CHECKING:
    from textual.command import Provider

    from factcheck.config import Settings
    from factcheck.store import Store


def _actions_provider() -> type[Provider]:
    from factcheck.tui.palette import ActionsProvider

    return ActionsProvider


class FactcheckApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "factcheck"
    COMMANDS = App.COMMANDS | {_actions_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help", show=True),
    ]

    def __init__(
        self,
        store: Store,
        article_id: str,
        settings: Settings | None = None,
        *,
        poll_interval: float = 1.0,
        allow_private: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.article_id = article_id
        self.settings = settings
        self.poll_interval = poll_interval
        self.min_score: float | None = settings.min_score if settings is not None else None
        self.allow_private = allow_private
        if settings is not None and settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme
        if settings is not None and settings.keymap:
            self.set_keymap(settings.keymap)

    def get_default_screen(self) -> MainScreen:
        return MainScreen(
            self.store, self.article_id, poll_interval=self.poll_interval, settings=self.settings
        )

    def on_mount(self) -> None:
        if self.store.readonly:
            self.notify(
                f"The store is read-only ({self.store.readonly_reason}); changes cannot be saved.",
                severity="warning",
                markup=False,
                timeout=10,
            )

    async def action_quit(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.flush_ticks()
        self.exit()

    def action_help(self) -> None:
        from factcheck.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def watch_theme(self, theme: str) -> None:
        settings = self.settings
        if settings is None or settings.path is None or theme == settings.theme:
            return
        from factcheck.config import save_setting

        try:
            save_setting(settings.path, "", "theme", theme)
            settings.theme = theme
        except OSError as exc:
            self.notify(
                f"Could not save the theme: {exc.strerror}", severity="warning", markup=False
            )


def sample_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "sample.md"


def run_app(ctx: Any, source: str | None) -> int:
    """Resolve what to open (the sample, a file, a URL, stdin or a stored article) and run."""
    from factcheck.cli import load_and_add
    from factcheck.errors import NotFoundError

    store = ctx.store
    if source is None:
        article_id = load_and_add(ctx, str(sample_path())).article.id
    else:
        try:
            article_id = store.article(source).id
        except NotFoundError:
            article_id = load_and_add(ctx, source).article.id
    if source == "-":
        _reattach_tty()
    allow_private = bool(getattr(getattr(ctx, "args", None), "allow_private", False))
    FactcheckApp(store, article_id, ctx.settings, allow_private=allow_private).run()
    return 0


def _reattach_tty() -> None:
    """After reading an article from stdin, let the TUI read keys from the terminal."""
    import os
    import sys

    try:
        fd = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return
    os.dup2(fd, sys.stdin.fileno())
    os.close(fd)
