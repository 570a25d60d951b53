"""The help screen: every binding, grouped."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

HELP: list[tuple[str, list[tuple[str, str]]]] = [
    ("Claims", [("j / ↓", "next claim"), ("k / ↑", "previous claim")]),
    (
        "Checklist",
        [
            ("1 – 9", "toggle that item of the selected claim"),
            ("space", "toggle the highlighted item"),
        ],
    ),
    ("Verdict", [("v", "next verdict")]),
    ("App", [("?", "this help"), ("q", "quit"), ("ctrl+p", "command palette")]),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 60; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 1 2;
    }
    """

    def compose(self) -> ComposeResult:
        lines: list[Content] = []
        for group, rows in HELP:
            lines.append(Content.styled(group, "bold $accent"))
            lines += [Content.assemble((f"  {key:<10}", "bold"), text) for key, text in rows]
            lines.append(Content(""))
        lines.append(Content.styled("Every change is saved at once.", "italic"))
        with VerticalScroll():
            yield Static(Content("\n").join(lines))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
