"""Small modal dialogs: a form, a confirmation, a list of choices, kinds, search.

Each returns its answer through ``dismiss``; the screen that pushed it decides what to do.
Untrusted text reaches them only as Content.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from factcheck.model import KINDS, Claim, Verdict
from factcheck.textsafe import one_line
from factcheck.tui.render import VERDICT_BADGE, VERDICT_STYLE, safe


@dataclass(slots=True)
class Field:
    name: str
    label: str
    value: str = ""
    placeholder: str = ""


class Dialog(ModalScreen[object]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def action_cancel(self) -> None:
        self.dismiss(None)


class FormDialog(Dialog):
    """One or more text fields; enter in the last field (or OK) submits."""

    def __init__(self, title: str, fields: list[Field], intro: Content | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.intro = intro

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-title")
            if self.intro is not None:
                yield Static(self.intro, classes="dialog-intro")
            for f in self.fields:
                yield Static(Content(f.label), classes="field-label")
                yield Input(f.value, placeholder=f.placeholder, id=f"field-{f.name}")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self._finish()
        else:
            inputs[inputs.index(event.input) + 1].focus()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self._finish()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def _finish(self) -> None:
        self.dismiss({f.name: self.query_one(f"#field-{f.name}", Input).value for f in self.fields})


class ConfirmDialog(Dialog):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, message: Content, yes: str = "Yes") -> None:
        super().__init__()
        self.message = message
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.message, classes="dialog-intro")
            with Horizontal(classes="buttons"):
                yield Button(Content(f"{self.yes} (y)"), variant="warning", id="yes")
                yield Button(Content("No (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ChoiceDialog(Dialog):
    """Pick one of a list; enter or a click chooses, escape cancels."""

    def __init__(
        self,
        title: str,
        choices: list[tuple[str, Content]],
        *,
        current: str | None = None,
        intro: Content | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current
        self.intro = intro

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-title")
            if self.intro is not None:
                yield Static(self.intro, classes="dialog-intro")
            yield OptionList(
                *[Option(prompt, id=key) for key, prompt in self.choices], id="choices"
            )

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        ids = [key for key, _ in self.choices]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        options.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class VerdictPicker(ChoiceDialog):
    """Every verdict with a short description; 1-7 pick directly."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"pick({n})", show=False, id=f"verdict.pick_{n}")
        for n in range(1, len(Verdict) + 1)
    ]

    def __init__(self, current: Verdict, labels: dict[str, str] | None = None) -> None:
        labels = labels or {}
        choices = []
        for n, verdict in enumerate(Verdict, 1):
            name = labels.get(verdict.value, verdict.value)
            choices.append(
                (
                    verdict.value,
                    Content.assemble(
                        (f"{n} ", "$text-muted"),
                        (f"{VERDICT_BADGE[verdict]} ", VERDICT_STYLE[verdict]),
                        (f"{one_line(name, 30):<14}", f"bold {VERDICT_STYLE[verdict]}"),
                        (verdict.description, ""),
                    ),
                )
            )
        super().__init__("Verdict", choices, current=current.value)

    def action_pick(self, n: int) -> None:
        self.dismiss(list(Verdict)[n - 1].value)


class KindsDialog(Dialog):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Save", priority=True, id="kinds.save"),
    ]

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content.styled(f"Kinds of claim {self.claim.number}", "bold"),
                classes="dialog-title",
            )
            yield Static(Content("space toggles, enter saves, escape cancels"), classes="hint")
            yield SelectionList[str](
                *[Selection(Content(k), k, k in self.claim.kinds) for k in KINDS], id="kinds"
            )

    def on_mount(self) -> None:
        self.query_one("#kinds").focus()

    def action_done(self) -> None:
        self.dismiss(list(self.query_one("#kinds", SelectionList).selected))


@dataclass(slots=True)
class SearchHit:
    claim_id: str | None
    start: int
    end: int


class SearchScreen(Dialog):
    """Search the claims and the article text; enter jumps to the highlighted hit."""

    LIMIT = 200

    def __init__(self, text: str, claims: list[Claim], query: str = "") -> None:
        super().__init__()
        self.text = text
        self.claims = claims
        self.initial = query
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(
                Content.styled("Search claims and article", "bold"), classes="dialog-title"
            )
            yield Input(self.initial, placeholder="words to find", id="query")
            yield OptionList(id="hits")

    def on_mount(self) -> None:
        self.query_one("#query").focus()
        if self.initial:
            self._search(self.initial)

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        hits_list = self.query_one("#hits", OptionList)
        self.hits = []
        options: list[Option] = []
        needle = query.strip().lower()
        if needle:
            for claim in self.claims:
                pos = claim.text.lower().find(needle)
                if pos >= 0 and len(options) < self.LIMIT:
                    self.hits.append(SearchHit(claim.id, claim.start + pos, claim.start + pos))
                    options.append(
                        Option(
                            Content.assemble(
                                (f"claim {claim.number}: ", "bold"),
                                safe(one_line(claim.text, 100)),
                            )
                        )
                    )
            haystack = self.text.lower()
            pos = haystack.find(needle)
            while pos >= 0 and len(options) < self.LIMIT:
                a, b = max(0, pos - 30), min(len(self.text), pos + len(needle) + 50)
                self.hits.append(SearchHit(None, pos, pos + len(needle)))
                options.append(
                    Option(
                        Content.assemble(
                            ("text: ", "bold $text-muted"),
                            safe(one_line(self.text[a:pos])),
                            safe(one_line(self.text[pos : pos + len(needle)])).stylize("reverse"),
                            safe(one_line(self.text[pos + len(needle) : b])),
                        )
                    )
                )
                pos = haystack.find(needle, pos + max(1, len(needle)))
        hits_list.set_options(options)
        if options:
            hits_list.highlighted = 0

    @on(Input.Submitted, "#query")
    def _submit(self) -> None:
        hits = self.query_one("#hits", OptionList)
        if hits.highlighted is not None and self.hits:
            self.dismiss(self.hits[hits.highlighted])

    @on(OptionList.OptionSelected, "#hits")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])

    def key_down(self) -> None:
        self.query_one("#hits", OptionList).action_cursor_down()

    def key_up(self) -> None:
        self.query_one("#hits", OptionList).action_cursor_up()
