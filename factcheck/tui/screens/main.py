"""The main screen: the article beside its claims and the selected claim's checklist."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from factcheck.errors import FactcheckError
from factcheck.model import Claim, Verdict
from factcheck.tui.render import article_content, claim_row, item_row, safe

if TYPE_CHECKING:
    from factcheck.store import Store

VERDICT_CYCLE = list(Verdict)


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "next_claim", "Next", id="claims.next"),
        Binding("k", "prev_claim", "Previous", id="claims.prev"),
        Binding("down", "next_claim", "Next", show=False, id="claims.next_arrow"),
        Binding("up", "prev_claim", "Previous", show=False, id="claims.prev_arrow"),
        Binding("space", "toggle_focused", "Toggle item", id="checklist.toggle"),
        Binding("v", "cycle_verdict", "Verdict", id="claim.verdict"),
        *[
            Binding(
                str(n),
                f"toggle_item({n})",
                f"Toggle item {n}",
                show=False,
                id=f"checklist.toggle_{n}",
            )
            for n in range(1, 10)
        ],
    ]

    def __init__(self, store: Store, article_id: str, *, poll_interval: float = 1.0) -> None:
        super().__init__()
        self.store = store
        self.article = store.article(article_id)
        self.claims: list[Claim] = store.claims(article_id)
        self.selected = 0
        self.poll_interval = poll_interval

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="article-pane"):
            yield Static(id="article-text")
        with Vertical(id="side"):
            yield OptionList(id="claims")
            with VerticalScroll(id="detail"):
                yield Static(id="claim-text")
                yield OptionList(id="checklist")
                yield Static(id="claim-meta")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#article-pane").border_title = "Article"
        self.query_one("#claims").border_title = "Claims"
        self.query_one("#detail").border_title = "Claim"
        self._fill_claims()
        self._show_selected()
        self.query_one("#claims", OptionList).focus()
        if self.poll_interval > 0:
            self.set_interval(self.poll_interval, self._poll_store)

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "narrow")

    def _update_title(self) -> None:
        decided = sum(1 for c in self.claims if c.verdict.is_final)
        self.title = self.article.title[:80] or "factcheck"
        self.sub_title = f"{decided} of {len(self.claims)} claims decided"

    def _fill_claims(self) -> None:
        option_list = self.query_one("#claims", OptionList)
        option_list.clear_options()
        option_list.add_options(Option(claim_row(c), id=c.id) for c in self.claims)
        if self.claims:
            self.selected = min(self.selected, len(self.claims) - 1)
            option_list.highlighted = self.selected
        self._update_title()

    def _show_selected(self) -> None:
        claim = self.current
        self.query_one("#article-text", Static).update(
            article_content(self.article.text, self.claims, claim.id if claim else None)
        )
        checklist = self.query_one("#checklist", OptionList)
        highlighted = checklist.highlighted
        checklist.clear_options()
        if claim is None:
            self.query_one("#claim-text", Static).update("This article has no claims.")
            self.query_one("#claim-meta", Static).update("")
            return
        self.query_one("#claim-text", Static).update(
            Content.assemble(
                (f"Claim {claim.number} · {claim.verdict.value}\n", "bold"), safe(claim.text)
            )
        )
        checklist.add_options(
            Option(item_row(n, it), id=it.id) for n, it in enumerate(claim.items, 1)
        )
        if claim.items:
            checklist.highlighted = min(highlighted or 0, len(claim.items) - 1)
        meta = [Content.styled("Why: ", "bold"), safe("; ".join(claim.reasons) or "—")]
        if claim.updated_by:
            meta += [
                Content.styled("\nLast changed by ", "bold"),
                safe(claim.updated_by),
                Content(f" at {claim.updated_at}"),
            ]
        self.query_one("#claim-meta", Static).update(Content.assemble(*meta))
        self._scroll_article_to(claim)

    def _scroll_article_to(self, claim: Claim) -> None:
        pane = self.query_one("#article-pane", VerticalScroll)
        if claim.start < 0 or not self.article.text:
            return
        ratio = claim.start / len(self.article.text)
        target = max(0, int(ratio * pane.virtual_size.height) - pane.size.height // 3)
        pane.scroll_to(y=target, animate=False)

    @property
    def current(self) -> Claim | None:
        return self.claims[self.selected] if self.claims else None

    def _replace(self, claim: Claim) -> None:
        index = next(i for i, c in enumerate(self.claims) if c.id == claim.id)
        self.claims[index] = claim
        self.query_one("#claims", OptionList).replace_option_prompt_at_index(
            index, claim_row(claim)
        )
        self._update_title()
        if index == self.selected:
            self._show_selected()

    # ------------------------------------------------------------------ events

    @on(OptionList.OptionHighlighted, "#claims")
    def _claim_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.selected:
            self.selected = event.option_index
            self._show_selected()

    @on(OptionList.OptionSelected, "#checklist")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_toggle_item(event.option_index + 1)

    def _poll_store(self) -> None:
        try:
            changed = self.store.refresh()
        except FactcheckError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if changed:
            self.reload()
            self.notify("Updated with changes made in another window or command.", markup=False)

    def reload(self) -> None:
        current = self.current.id if self.current else None
        self.article = self.store.article(self.article.id)
        self.claims = self.store.claims(self.article.id)
        ids = [c.id for c in self.claims]
        self.selected = ids.index(current) if current in ids else 0
        self._fill_claims()
        self._show_selected()

    # ------------------------------------------------------------------ actions

    def action_next_claim(self) -> None:
        self._move(1)

    def action_prev_claim(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        if not self.claims:
            return
        focused = self.focused
        if isinstance(focused, OptionList) and focused.id == "checklist":
            (focused.action_cursor_down if step > 0 else focused.action_cursor_up)()
            return
        self.query_one("#claims", OptionList).highlighted = max(
            0, min(len(self.claims) - 1, self.selected + step)
        )

    def _save(self, edit: str, *args: object) -> None:
        """Run one store edit for the selected claim and show the result, or the error."""
        claim = self.current
        if claim is None:
            return
        try:
            updated = getattr(self.store, edit)(self.article.id, claim.id, *args)
        except FactcheckError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._replace(updated)

    def action_toggle_item(self, number: int) -> None:
        claim = self.current
        if claim is None:
            return
        items = claim.items
        if not 1 <= number <= len(items):
            self.notify(
                f"Claim {claim.number} has {len(items)} checklist items.",
                severity="warning",
                markup=False,
            )
            return
        self.query_one("#checklist", OptionList).highlighted = number - 1
        self._save("tick", items[number - 1].id, not items[number - 1].done)

    def action_toggle_focused(self) -> None:
        highlighted = self.query_one("#checklist", OptionList).highlighted
        self.action_toggle_item((highlighted or 0) + 1)

    def action_cycle_verdict(self) -> None:
        claim = self.current
        if claim is None:
            return
        following = VERDICT_CYCLE[(VERDICT_CYCLE.index(claim.verdict) + 1) % len(VERDICT_CYCLE)]
        self._save("set_verdict", following)
