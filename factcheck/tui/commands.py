"""Every action by name: the command palette provider and the help screen's table.

Both read the bindings (with their ids) of the App and the main screen, so a new binding
shows up in the palette and in the help without another list to keep in step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding

GROUPS: dict[str, str] = {
    "claims": "Claims",
    "checklist": "Checklist",
    "claim": "Claim",
    "sources": "Sources",
    "history": "History",
    "article": "Article",
    "work": "Work",
    "app": "App",
}

#: Bindings that repeat another one and need no line of their own.
_HIDDEN = {"claims.next_arrow", "claims.prev_arrow"} | {
    f"checklist.toggle_{n}" for n in range(2, 10)
}


@dataclass(slots=True)
class ActionInfo:
    id: str
    group: str
    keys: str
    description: str
    action: str


def _display_key(key: str) -> str:
    names = {"slash": "/", "plus": "+", "question_mark": "?", "space": "space"}
    return ",".join(names.get(k.strip(), k.strip()) for k in key.split(","))


def describe(bindings: Iterable[Binding], keymap: dict[str, str] | None = None) -> list[ActionInfo]:
    keymap = keymap or {}
    out: list[ActionInfo] = []
    for b in bindings:
        if not b.id or b.id in _HIDDEN:
            continue
        keys = keymap.get(b.id, b.key)
        description = b.description
        if b.id == "checklist.toggle_1":
            keys, description = "1-9", "Toggle that checklist item"
        group = GROUPS.get(b.id.split(".", 1)[0], "Other")
        out.append(ActionInfo(b.id, group, _display_key(keys), description, b.action))
    return out


def all_actions(app: object) -> list[ActionInfo]:
    from factcheck.tui.screens.main import MainScreen

    keymap = dict(getattr(app, "_keymap", {}) or {})
    bindings = [b for b in MainScreen.BINDINGS if isinstance(b, Binding)]
    bindings += [b for b in type(app).BINDINGS if isinstance(b, Binding)]  # type: ignore[attr-defined]
    return describe(bindings, keymap)
