"""The command palette's provider: every action of the main screen and the app by name.

Kept apart from ``commands`` so that textual.command is imported only when the palette opens.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from factcheck.tui.commands import all_actions


class ActionsProvider(Provider):
    """Offers every action of the main screen and the app by its name."""

    def _commands(self) -> list[tuple[str, str, object]]:
        from factcheck.tui.screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            stack = [s for s in self.app.screen_stack if isinstance(s, MainScreen)]
            if not stack:
                return []
            screen = stack[-1]
        out = []
        for info in all_actions(self.app):
            if info.id == "checklist.toggle_1":
                continue
            target = screen if not info.id.startswith("app.") else self.app
            out.append(
                (
                    info.description,
                    f"{info.group} · key {info.keys}",
                    partial(target.run_action, info.action),
                )
            )
        return out

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)  # type: ignore[arg-type]
