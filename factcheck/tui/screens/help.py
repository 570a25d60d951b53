"""The help screen: every binding, grouped, with the keys the user's keymap gives them."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from factcheck.tui.commands import GROUPS, all_actions


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        actions = all_actions(self.app)
        lines: list[Content] = []
        for group in [*GROUPS.values(), "Other"]:
            rows = [a for a in actions if a.group == group]
            if group == "App":
                rows.append(_Row("ctrl+p", "Command palette: every action by name"))
            if not rows:
                continue
            lines.append(Content.styled(group, "bold $accent"))
            lines += [
                Content.assemble(
                    (f"  {a.keys:<12}", "bold"),
                    Content(f"{a.description:<42}"),
                    (f" {a.id}", "$text-muted"),
                )
                for a in rows
            ]
            lines.append(Content(""))
        settings = getattr(self.app, "settings", None)
        path = getattr(settings, "path", None)
        if path is None:
            from factcheck.config import default_config_path

            path = default_config_path()
        lines.append(
            Content.assemble(
                ("Every change is saved at once; u undoes it. The mouse works too.\n", "italic"),
                ("Remap keys in the [keymap] table of ", "italic"),
                Content(str(path)).stylize("bold"),
                (', e.g. "claims.next" = "j,n" (ids in the right column).', "italic"),
            )
        )
        with VerticalScroll(id="help-body"):
            yield Static(Content("\n").join(lines))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class _Row:
    def __init__(self, keys: str, description: str) -> None:
        self.keys = keys
        self.description = description
        self.group = "App"
        self.id = ""
