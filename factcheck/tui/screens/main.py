"""The main screen: the article beside its claims and the selected claim's detail.

The screen holds the article's claims in memory, mediates between its widgets and sends
small edits to the store. Every edit returns the updated claim, and only what it changed
is repainted (one list row, the detail pane, a few article lines).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from factcheck.errors import FactcheckError
from factcheck.model import KINDS, OK_OUTCOMES, Claim, Verdict
from factcheck.textsafe import one_line
from factcheck.tui.render import (
    VERDICT_BADGE,
    VERDICT_STYLE,
    article_meta,
    claim_header,
    claim_row,
    conflicts_content,
    item_row,
    meta_content,
    notes_content,
    safe,
    source_row,
)
from factcheck.tui.widgets.article import ArticleView
from factcheck.tui.widgets.claim_list import ClaimList

if TYPE_CHECKING:
    from factcheck.checking import CheckResult
    from factcheck.store import Store
    from factcheck.tui.dialogs import Field


def _b(
    key: str, action: str, description: str, bid: str, *, show: bool = False, **kw: Any
) -> Binding:
    return Binding(key, action, description, show=show, id=bid, **kw)


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        _b("j", "next_claim", "Next claim", "claims.next"),
        _b("k", "prev_claim", "Previous claim", "claims.prev"),
        _b("down", "next_claim", "Next claim", "claims.next_arrow"),
        _b("up", "prev_claim", "Previous claim", "claims.prev_arrow"),
        _b("g", "first_claim", "First claim", "claims.first"),
        _b("G", "last_claim", "Last claim", "claims.last"),
        _b("n", "next_open", "Next unfinished claim", "claims.next_open"),
        _b("p", "prev_open", "Previous unfinished claim", "claims.prev_open"),
        _b("slash", "search", "Search", "claims.search", show=True, key_display="/"),
        _b("f", "filter", "Filter", "claims.filter", show=True),
        _b("space", "toggle_focused", "Tick", "checklist.toggle", show=True),
        *[
            _b(str(n), f"toggle_item({n})", f"Toggle item {n}", f"checklist.toggle_{n}")
            for n in range(1, 10)
        ],
        _b("i", "add_item", "Add checklist item", "checklist.add"),
        _b("e", "edit_item", "Edit item label and note", "checklist.edit"),
        _b("d", "delete_item", "Delete item", "checklist.delete"),
        _b("ctrl+up", "move_item(-1)", "Move item up", "checklist.move_up"),
        _b("ctrl+down", "move_item(1)", "Move item down", "checklist.move_down"),
        _b("v", "verdict", "Verdict", "claim.verdict", show=True),
        _b("N", "add_note", "Add a note to the claim", "claim.note"),
        _b("K", "kinds", "Change the claim's kinds", "claim.kinds"),
        _b("plus", "add_claim", "Add a claim the detector missed", "claim.add", key_display="+"),
        _b("s", "split_claim", "Split the claim", "claim.split"),
        _b("M", "merge_claim", "Merge with the next claim", "claim.merge"),
        _b("D", "delete_claim", "Remove the claim", "claim.delete"),
        _b("r", "resolve", "Resolve merge conflicts", "claim.resolve"),
        _b("a", "attach_source", "Attach a source", "sources.attach"),
        _b("x", "remove_source", "Remove the highlighted source", "sources.remove"),
        _b("A", "annotate_source", "Annotate the highlighted source", "sources.annotate"),
        _b("c", "check_claim", "Check sources", "sources.check", show=True),
        _b("C", "check_all", "Check all claims' sources", "sources.check_all"),
        _b("u", "undo", "Undo", "history.undo", show=True),
        _b("ctrl+r", "redo", "Redo", "history.redo"),
        _b("o", "open_article", "Open an article (path or URL)", "article.open"),
        _b("E", "export", "Export a report", "article.export"),
        _b("T", "threshold", "Claim detection threshold", "article.threshold"),
        _b("escape", "cancel_work", "Cancel running work", "work.cancel"),
    ]

    def __init__(
        self,
        store: Store,
        article_id: str,
        *,
        poll_interval: float = 1.0,
        settings: Any = None,
        claims: list[Claim] | None = None,
        rows: list[Option] | None = None,
    ) -> None:
        """``claims`` and ``rows`` (list options) may be prepared by a worker for big articles."""
        super().__init__()
        self.store = store
        self.settings = settings
        self.article = store.article(article_id)
        self.claims: list[Claim] = claims if claims is not None else store.claims(article_id)
        self._rows = rows
        self.pos: dict[str, int] = {}
        self.view: list[str] = []
        self.filter: str | None = None
        self.selected_id: str | None = None
        self.poll_interval = poll_interval
        self.pending: set[tuple[str, str]] = set()
        self.busy = ""
        self._ticks: list[tuple[str, str, bool]] = []
        self._poll_timer: Timer | None = None
        self._external_seen = store.external_changes
        self._index()
        self.view = [c.id for c in self.claims]
        self.selected_id = self.view[0] if self.view else None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # Plain Statics instead of Header and Footer: a third of the startup time was theirs.
        yield Static(id="title-bar")
        yield Static(id="meta-bar")
        with Horizontal(id="body"):
            yield from self._panes()
        with Horizontal(id="work"):
            yield Static(id="work-label")
        yield Static(id="keys-bar")

    def _panes(self) -> ComposeResult:
        with Vertical(id="article-pane"):
            yield ArticleView(id="article")
        with Vertical(id="side"):
            yield ClaimList(id="claims")
            with VerticalScroll(id="detail"):
                yield Static(id="claim-text")
                yield Static(id="conflicts")
                yield Static(Content.styled("Checklist", "bold $accent"), classes="section")
                yield OptionList(id="checklist")
                yield Static(Content.styled("Sources", "bold $accent"), classes="section")
                yield OptionList(id="sources")
                yield Static(Content.styled("Notes", "bold $accent"), classes="section")
                yield Static(id="notes")
                yield Static(id="claim-meta")

    def on_mount(self) -> None:
        self.query_one("#article-pane").border_title = "Article"
        self.query_one("#detail").border_title = "Claim"
        self.query_one("#meta-bar", Static).update(article_meta(self.article))
        self.query_one("#keys-bar", Static).update(keys_hint(self.app))
        self.query_one("#article", ArticleView).set_article(
            self.article.text, self.claims, self.selected_id
        )
        self._fill_claims()
        self._show_selected()
        self.query_one("#claims", ClaimList).focus()
        if not self.claims:
            self.notify(
                "No check-worthy claims were found in this article. Press + to add one "
                "from a passage, or o to open another article.",
                markup=False,
                timeout=8,
            )
        self._poll_timer = (
            self.set_interval(self.poll_interval, self._poll_store)
            if self.poll_interval > 0
            else None
        )

    def on_screen_suspend(self) -> None:
        if self._poll_timer is not None:
            self._poll_timer.pause()

    def on_screen_resume(self) -> None:
        if self._poll_timer is not None:
            self._poll_timer.resume()

    def on_resize(self) -> None:
        narrow = self.size.width < 100
        self.set_class(narrow, "narrow")
        self.query_one("#body").set_class(narrow, "narrow")
        self._update_title()

    # ------------------------------------------------------------------ state

    def _index(self) -> None:
        self.pos = {c.id: i for i, c in enumerate(self.claims)}

    @property
    def current(self) -> Claim | None:
        if self.selected_id is None or self.selected_id not in self.pos:
            return None
        return self.claims[self.pos[self.selected_id]]

    def _update_title(self) -> None:
        decided = sum(1 for c in self.claims if c.verdict.is_final)
        width = self.app.size.width or 160
        title = one_line(self.article.title, max(16, min(80, width - 38))) or "factcheck"
        self.title = title
        shown = f" · filter: {self.filter} ({len(self.view)} shown)" if self.filter else ""
        self.sub_title = f"{decided} of {len(self.claims)} claims decided{shown}"
        self._set(
            "#title-bar",
            Content.assemble((title, "bold"), "  —  ", (self.sub_title, "$text-muted")),
        )

    def _fill_claims(self) -> None:
        self.view = [c.id for c in self.claims if self._matches(c)]
        claims = [self.claims[self.pos[cid]] for cid in self.view]
        index = self.view.index(self.selected_id) if self.selected_id in self.view else 0
        if self.view and self.selected_id not in self.view:
            self.selected_id = self.view[0]
        widget = self.query_one("#claims", ClaimList)
        rows, self._rows = self._rows, None
        if rows is not None and len(rows) == len(claims):
            widget.show_rows(rows, index if self.view else None)
        else:
            widget.show_claims(claims, index if self.view else None)
        widget.border_title = f"Claims ({len(self.view)}/{len(self.claims)})"
        self._update_title()

    def _matches(self, claim: Claim) -> bool:
        f = self.filter
        if f is None:
            return True
        kind, _, value = f.partition(":")
        if kind == "verdict":
            return claim.verdict.value == value
        if kind == "kind":
            return value in claim.kinds
        if kind == "broken":
            return any(
                s.latest is not None and s.latest.outcome not in OK_OUTCOMES
                for s in claim.live_sources
            )
        if kind == "unfinished":
            return not claim.verdict.is_final
        if kind == "conflicts":
            return bool(claim.conflicts)
        if kind == "changed":
            return claim.status != "active"
        return True

    def _show_selected(self) -> None:
        with self.app.batch_update():
            self._fill_detail()

    def _fill_detail(self) -> None:
        claim = self.current
        checklist = self.query_one("#checklist", OptionList)
        sources = self.query_one("#sources", OptionList)
        item_at = checklist.highlighted
        source_at = sources.highlighted
        self.query_one("#article", ArticleView).select(claim.id if claim else None)
        if claim is None:
            checklist.clear_options()
            sources.clear_options()
            message = (
                "No claim matches the filter (f changes it)."
                if self.claims
                else "This article has no claims. Press + to add one from a passage."
            )
            self._set("#claim-text", Content(message))
            for wid in ("#conflicts", "#notes", "#claim-meta"):
                self._set(wid, Content(""))
            return
        self._set("#claim-text", claim_header(claim))
        conflicts = self.query_one("#conflicts", Static)
        conflicts.update(conflicts_content(claim))
        conflicts.display = bool(claim.conflicts)
        items = claim.items
        checklist.set_options(Option(item_row(n, it), id=it.id) for n, it in enumerate(items, 1))
        if not items:
            checklist.add_option(
                Option(Content.styled("No checklist items (i adds one).", "italic"), disabled=True)
            )
        else:
            checklist.highlighted = min(item_at or 0, len(items) - 1)
        live = claim.live_sources
        sources.set_options(
            Option(source_row(n, s, pending=(claim.id, s.id) in self.pending), id=s.id)
            for n, s in enumerate(live, 1)
        )
        if not live:
            sources.add_option(
                Option(Content.styled("No sources (a attaches one).", "italic"), disabled=True)
            )
        else:
            sources.highlighted = min(source_at or 0, len(live) - 1)
        self._set("#notes", notes_content(claim))
        self._set("#claim-meta", meta_content(claim))

    def _replace(self, claim: Claim, *, light: bool = False) -> None:
        """A claim came back from the store: repaint its row, its article span, the detail.

        ``light`` is for edits that change no item count (a tick, a verdict): the detail
        keeps its widgets and only the rows and texts that show the change are repainted.
        """
        index = self.pos.get(claim.id)
        if index is None:
            self.reload()
            return
        self.claims[index] = claim
        if claim.id in self.view:
            self.query_one("#claims", ClaimList).repaint_row(
                self.view.index(claim.id), claim_row(claim)
            )
        self.query_one("#article", ArticleView).update_claim(claim)
        self._update_title()
        if claim.id != self.selected_id:
            return
        checklist = self.query_one("#checklist", OptionList)
        items = claim.items
        if light and items and checklist.option_count == len(items):
            for n, item in enumerate(items):
                row = item_row(n + 1, item)
                if checklist.get_option_at_index(n).prompt != row:
                    checklist.replace_option_prompt_at_index(n, row)
            self._set("#claim-text", claim_header(claim))
            self._set("#claim-meta", meta_content(claim))
        else:
            self._show_selected()

    def _set(self, selector: str, content: Content) -> None:
        """Update a Static only when its content changes: every update costs a layout."""
        static = self.query_one(selector, Static)
        if static.content != content:
            static.update(content)

    def reload(self, select: str | None = None) -> None:
        """Read the article and its claims again (undo, a structural edit, another process)."""
        self.article = self.store.article(self.article.id)
        self.claims = self.store.claims(self.article.id)
        self._index()
        if select is not None:
            self.selected_id = select
        if self.selected_id not in self.pos:
            self.selected_id = self.claims[0].id if self.claims else None
        self.query_one("#meta-bar", Static).update(article_meta(self.article))
        self.query_one("#article", ArticleView).set_article(
            self.article.text, self.claims, self.selected_id
        )
        self._fill_claims()
        self._show_selected()

    def select_claim(self, claim_id: str) -> None:
        if claim_id not in self.pos:
            return
        if claim_id not in self.view:
            self.filter = None
            self.selected_id = claim_id
            self._fill_claims()
        self.query_one("#claims", ClaimList).highlighted = self.view.index(claim_id)
        if self.selected_id != claim_id:
            self.selected_id = claim_id
            self._show_selected()

    # ------------------------------------------------------------------ events

    @on(OptionList.OptionHighlighted, "#claims")
    def _claim_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        claim_id = event.option.id
        if claim_id is not None and claim_id != self.selected_id:
            self.selected_id = claim_id
            self._show_selected()

    @on(OptionList.OptionSelected, "#checklist")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_toggle_item(event.option_index + 1)

    @on(ArticleView.ClaimClicked)
    def _article_clicked(self, event: ArticleView.ClaimClicked) -> None:
        self.select_claim(event.claim_id)

    def _poll_store(self) -> None:
        if self.busy == "open":
            return
        try:
            changed = self.store.refresh()
        except FactcheckError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        # A read elsewhere may already have picked the change up: count it too.
        seen, self._external_seen = self._external_seen, self.store.external_changes
        if changed or seen != self._external_seen:
            try:
                self.reload()
            except FactcheckError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(
                "Refreshed: another window or command changed this store.",
                title="Updated",
                markup=False,
            )

    # ------------------------------------------------------------------ navigation

    def _focused_inner_list(self) -> OptionList | None:
        focused = self.focused
        if isinstance(focused, OptionList) and focused.id in ("checklist", "sources"):
            return focused
        return None

    def action_next_claim(self) -> None:
        self._move(1)

    def action_prev_claim(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        inner = self._focused_inner_list()
        if inner is not None:
            (inner.action_cursor_down if step > 0 else inner.action_cursor_up)()
            return
        if not self.view:
            return
        at = self.view.index(self.selected_id) if self.selected_id in self.view else 0
        self._highlight(max(0, min(len(self.view) - 1, at + step)))

    def _highlight(self, index: int) -> None:
        """Select a row now, not when the list's message arrives: a key typed right after
        (c, v, space) must act on the claim the user sees selected."""
        self.query_one("#claims", ClaimList).highlighted = index
        claim_id = self.view[index]
        if claim_id != self.selected_id:
            self.selected_id = claim_id
            self._show_selected()

    def action_first_claim(self) -> None:
        if self.view:
            self._highlight(0)

    def action_last_claim(self) -> None:
        if self.view:
            self._highlight(len(self.view) - 1)

    def _find_open(self, step: int) -> None:
        if not self.view:
            return
        at = self.view.index(self.selected_id) if self.selected_id in self.view else -step
        n = len(self.view)
        for k in range(1, n + 1):
            cid = self.view[(at + step * k) % n]
            claim = self.claims[self.pos[cid]]
            done, total = claim.progress
            if not claim.verdict.is_final or done < total:
                self._highlight(self.view.index(cid))
                return
        self.notify("Every claim shown is finished.", markup=False)

    def action_next_open(self) -> None:
        self._find_open(1)

    def action_prev_open(self) -> None:
        self._find_open(-1)

    def action_search(self) -> None:
        def done(hit: object) -> None:
            if not isinstance(hit, _dialogs().SearchHit):
                return
            article = self.query_one("#article", ArticleView)
            if hit.claim_id is not None:
                self.select_claim(hit.claim_id)
                return
            claim_id = article.claim_at(hit.start)
            if claim_id is not None:
                self.select_claim(claim_id)
            article.show_match(hit.start, hit.end)

        self.app.push_screen(_dialogs().SearchScreen(self.article.text, self.claims), done)

    def action_filter(self) -> None:
        counts: dict[str, int] = {}
        for claim in self.claims:
            counts[f"verdict:{claim.verdict.value}"] = (
                counts.get(f"verdict:{claim.verdict.value}", 0) + 1
            )
            for kind in claim.kinds:
                counts[f"kind:{kind}"] = counts.get(f"kind:{kind}", 0) + 1
        choices: list[tuple[str, Content]] = [
            (
                "all",
                Content.assemble(
                    ("All claims", "bold"), (f"\u00a0\u00a0{len(self.claims)}", "$text-muted")
                ),
            )
        ]
        special = [
            ("unfinished", "Without a final verdict"),
            ("broken", "With broken sources"),
            ("conflicts", "With merge conflicts"),
            ("changed", "Changed or removed in the article"),
        ]
        for key, label in special:
            count = sum(1 for c in self.claims if self._matches_key(c, key))
            choices.append(
                (key, Content.assemble((label, "bold"), (f"\u00a0\u00a0{count}", "$text-muted")))
            )
        for verdict in Verdict:
            key = f"verdict:{verdict.value}"
            choices.append(
                (
                    key,
                    Content.assemble(
                        ("verdict ", "$text-muted"),
                        (f"{VERDICT_BADGE[verdict]} {verdict.value}", VERDICT_STYLE[verdict]),
                        (f"\u00a0\u00a0{counts.get(key, 0)}", "$text-muted"),
                    ),
                )
            )
        for kind in KINDS:
            key = f"kind:{kind}"
            choices.append(
                (
                    key,
                    Content.assemble(
                        ("kind ", "$text-muted"),
                        kind,
                        (f"\u00a0\u00a0{counts.get(key, 0)}", "$text-muted"),
                    ),
                )
            )

        def done(choice: object) -> None:
            if not isinstance(choice, str):
                return
            self.filter = None if choice == "all" else choice
            self._fill_claims()
            self._show_selected()

        self.app.push_screen(
            _dialogs().ChoiceDialog("Show claims", choices, current=self.filter or "all"), done
        )

    def _matches_key(self, claim: Claim, key: str) -> bool:
        saved, self.filter = self.filter, key
        try:
            return self._matches(claim)
        finally:
            self.filter = saved

    # ------------------------------------------------------------------ edits

    def _store_call(self, edit: str, *args: Any, **kwargs: Any) -> Any:
        self.flush_ticks()
        if self.busy == "open":
            self.notify("Please wait: an article is being opened.", markup=False)
            return None
        try:
            return getattr(self.store, edit)(self.article.id, *args, **kwargs)
        except FactcheckError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None
        except Exception as exc:  # a bug must cost one edit, not the session
            self.log.error(f"{edit} failed: {exc!r}")
            self.notify(
                f"Could not {edit.replace('_', ' ')}: {exc}", severity="error", markup=False
            )
            return None

    def _save(self, edit: str, *args: Any, **kwargs: Any) -> Claim | None:
        """Run one store edit for the selected claim and show the result, or the error."""
        claim = self.current
        if claim is None:
            self.notify("No claim is selected.", severity="warning", markup=False)
            return None
        updated = self._store_call(edit, claim.id, *args, **kwargs)
        if updated is not None:
            self._replace(updated, light=edit == "set_verdict")
        return updated

    def _ask(
        self, title: str, fields: list[Field], then: Any, intro: Content | None = None
    ) -> None:
        def done(values: object) -> None:
            if isinstance(values, dict):
                then(values)

        self.app.push_screen(_dialogs().FormDialog(title, fields, intro), done)

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
        if self.busy == "open":
            self.notify("Please wait: an article is being opened.", markup=False)
            return
        # Shown at once, written durably right after the frame is painted (in order, and
        # before any other edit or quitting); a failed write puts the old state back.
        item = items[number - 1]
        item.done = not item.done
        self._ticks.append((claim.id, item.id, item.done))
        self._replace(claim, light=True)
        if len(self._ticks) == 1:
            self.call_after_refresh(self.flush_ticks)

    def flush_ticks(self, *, show: bool = True) -> None:
        """Write the ticks shown but not yet saved."""
        while self._ticks:
            claim_id, item_id, done = self._ticks.pop(0)
            try:
                updated = self.store.tick(self.article.id, claim_id, item_id, done)
            except FactcheckError as exc:
                self.notify(f"Not saved: {exc}", severity="error", markup=False)
                try:
                    updated = self.store.claim(self.article.id, claim_id)
                except FactcheckError:
                    continue
            if show and not any(t[0] == claim_id for t in self._ticks):
                self._replace(updated, light=True)

    def on_unmount(self) -> None:
        self.flush_ticks(show=False)

    def _item_index(self) -> int | None:
        claim = self.current
        if claim is None or not claim.items:
            self.notify("This claim has no checklist items (i adds one).", markup=False)
            return None
        highlighted = self.query_one("#checklist", OptionList).highlighted
        return min(highlighted or 0, len(claim.items) - 1)

    def action_toggle_focused(self) -> None:
        index = self._item_index()
        if index is not None:
            self.action_toggle_item(index + 1)

    def action_add_item(self) -> None:
        if self.current is None:
            return

        def then(values: dict[str, str]) -> None:
            if self._save("add_item", values["label"]) is not None:
                claim = self.current
                if claim is not None:
                    self.query_one("#checklist", OptionList).highlighted = len(claim.items) - 1

        self._ask("New checklist item", [_dialogs().Field("label", "Label")], then)

    def action_edit_item(self) -> None:
        index = self._item_index()
        claim = self.current
        if index is None or claim is None:
            return
        item = claim.items[index]

        def then(values: dict[str, str]) -> None:
            self._save("edit_item", item.id, label=values["label"], note=values["note"])

        self._ask(
            f"Item {index + 1} of claim {claim.number}",
            [
                _dialogs().Field("label", "Label", item.label),
                _dialogs().Field("note", "Note", item.note),
            ],
            then,
        )

    def action_delete_item(self) -> None:
        index = self._item_index()
        claim = self.current
        if index is None or claim is None:
            return
        label = one_line(claim.items[index].label, 40)
        if self._save("delete_item", claim.items[index].id) is not None:
            self.notify(f"Deleted item {index + 1} ({label}); u undoes.", markup=False)

    def action_move_item(self, offset: int) -> None:
        index = self._item_index()
        claim = self.current
        if index is None or claim is None:
            return
        target = index + offset
        if not 0 <= target < len(claim.items):
            return
        if self._save("move_item", claim.items[index].id, offset) is not None:
            self.query_one("#checklist", OptionList).highlighted = target

    def action_verdict(self) -> None:
        claim = self.current
        if claim is None:
            return
        labels = getattr(self.settings, "verdict_labels", None) or {}

        def chosen(value: object) -> None:
            if not isinstance(value, str):
                return
            verdict = Verdict(value)
            claim = self.current
            if claim is None:
                return
            open_required = [i for i in claim.items if i.required and not i.done]
            if verdict.is_final and open_required:
                names = "; ".join(one_line(i.label, 50) for i in open_required[:5])

                def confirmed(answer: object) -> None:
                    if answer is True:
                        self._save("set_verdict", verdict)

                self.app.push_screen(
                    _dialogs().ConfirmDialog(
                        Content.assemble(
                            (
                                f"{len(open_required)} required checklist item(s) are not ticked: ",
                                "bold",
                            ),
                            safe(names),
                            f"\n\nSet the verdict to {verdict.value} anyway?",
                        ),
                        yes="Set it",
                    ),
                    confirmed,
                )
                return
            self._save("set_verdict", verdict)

        self.app.push_screen(_dialogs().VerdictPicker(claim.verdict, labels), chosen)

    def action_add_note(self) -> None:
        if self.current is None:
            return
        self._ask(
            "Note on the claim",
            [_dialogs().Field("text", "Note")],
            lambda v: self._save("add_note", v["text"]),
        )

    def action_kinds(self) -> None:
        claim = self.current
        if claim is None:
            return

        def done(kinds: object) -> None:
            if isinstance(kinds, list):
                self._save("set_kinds", kinds)

        self.app.push_screen(_dialogs().KindsDialog(claim), done)

    def action_add_claim(self) -> None:
        text = self.article.text

        def then(values: dict[str, str]) -> None:
            span = _find_passage(text, values["passage"])
            if span is None:
                self.notify(
                    "That passage is not in the article (copy it from the text).",
                    severity="warning",
                    markup=False,
                )
                return
            claim = self._store_call("add_claim_span", *span)
            if claim is not None:
                self.filter = None
                self.reload(select=claim.id)
                self.notify(f"Added claim {claim.number}; u undoes.", markup=False)

        self._ask(
            "Add a claim",
            [
                _dialogs().Field(
                    "passage", "Passage of the article", placeholder="words copied from the text"
                )
            ],
            then,
        )

    def action_split_claim(self) -> None:
        claim = self.current
        if claim is None:
            return

        def then(values: dict[str, str]) -> None:
            words = values["words"].strip()
            at = claim.text.find(words) if words else -1
            if at <= 0:
                self.notify(
                    "Give words from inside the claim where its second part begins.",
                    severity="warning",
                    markup=False,
                )
                return
            parts = self._store_call("split_claim", claim.id, at)
            if parts:
                self.reload(select=parts[0].id)
                self.notify(f"Split claim {claim.number} in two.", markup=False)

        self._ask(
            f"Split claim {claim.number}",
            [
                _dialogs().Field(
                    "words", "The second part starts with", placeholder="words from the claim"
                )
            ],
            then,
            intro=safe(claim.text),
        )

    def action_merge_claim(self) -> None:
        claim = self.current
        if claim is None:
            return
        index = self.pos[claim.id]
        if index + 1 >= len(self.claims):
            self.notify("The last claim has no next claim to merge with.", markup=False)
            return
        following = self.claims[index + 1]

        def confirmed(answer: object) -> None:
            if answer is True:
                merged = self._store_call("merge_claims", claim.id, following.id)
                if merged is not None:
                    self.reload(select=merged.id)

        self.app.push_screen(
            _dialogs().ConfirmDialog(
                Content(f"Merge claim {claim.number} with claim {following.number}?"),
                yes="Merge",
            ),
            confirmed,
        )

    def action_delete_claim(self) -> None:
        claim = self.current
        if claim is None:
            return
        if self._store_call("delete_claim", claim.id) is not None:
            index = self.pos[claim.id]
            following = self.claims[index + 1].id if index + 1 < len(self.claims) else None
            self.reload(select=following)
            self.notify(f"Removed claim {claim.number}; u undoes.", markup=False)

    def action_resolve(self) -> None:
        claim = self.current
        if claim is None or not claim.conflicts:
            self.notify("This claim has no merge conflicts.", markup=False)
            return
        choices: list[tuple[str, Content]] = []
        for n, conflict in enumerate(claim.conflicts):
            where = one_line(str(conflict.get("path") or conflict.get("field") or "?"), 50)
            for choice, label, key in (
                ("mine", "keep mine", "ours"),
                ("theirs", "take theirs", "theirs"),
            ):
                choices.append(
                    (
                        f"{n}:{choice}",
                        Content.assemble(
                            (f"{n + 1}. {label} ", "bold"),
                            safe(where),
                            " = ",
                            safe(one_line(repr(conflict.get(key)), 60)),
                        ),
                    )
                )

        def done(value: object) -> None:
            if isinstance(value, str):
                index, _, choice = value.partition(":")
                if self._save("resolve_conflict", int(index), choice) is not None:
                    self.notify(f"Conflict resolved: {choice}.", markup=False)

        self.app.push_screen(
            _dialogs().ChoiceDialog(f"Conflicts of claim {claim.number}", choices), done
        )

    # ------------------------------------------------------------------ sources

    def _source_index(self) -> int | None:
        claim = self.current
        if claim is None or not claim.live_sources:
            self.notify("This claim has no sources (a attaches one).", markup=False)
            return None
        highlighted = self.query_one("#sources", OptionList).highlighted
        return min(highlighted or 0, len(claim.live_sources) - 1)

    def action_attach_source(self) -> None:
        if self.current is None:
            return
        self._ask(
            "Attach a source",
            [
                _dialogs().Field("url", "URL", placeholder="https://…"),
                _dialogs().Field("note", "Note (optional)"),
            ],
            lambda v: self._save("add_source", v["url"].strip(), note=v["note"]),
        )

    def action_remove_source(self) -> None:
        index = self._source_index()
        claim = self.current
        if index is None or claim is None:
            return
        if self._save("remove_source", claim.live_sources[index].id) is not None:
            self.notify(f"Removed source {index + 1}; u undoes.", markup=False)

    def action_annotate_source(self) -> None:
        index = self._source_index()
        claim = self.current
        if index is None or claim is None:
            return
        source = claim.live_sources[index]
        self._ask(
            f"Note on source {index + 1}",
            [_dialogs().Field("note", "Note", source.note)],
            lambda v: self._save("annotate_source", source.id, v["note"]),
            intro=safe(source.url),
        )

    def action_check_claim(self) -> None:
        if self.current is not None:
            self.check_sources([self.current.id])

    def action_check_all(self) -> None:
        self.check_sources(None)

    @work(exclusive=True, group="fetch", exit_on_error=False)
    async def check_sources(self, claim_ids: list[str] | None) -> None:
        from factcheck.checking import check_targets_async, fetch_settings, targets

        claims = (
            [self.claims[self.pos[c]] for c in claim_ids if c in self.pos]
            if claim_ids is not None
            else list(self.claims)
        )
        todo = targets(claims)
        if not todo:
            self.notify("No sources to check (a attaches one).", markup=False)
            return
        s = self.settings
        settings = fetch_settings(
            concurrency=getattr(s, "fetch_concurrency", 50),
            timeout=getattr(s, "fetch_timeout", 20.0),
            max_bytes=getattr(s, "fetch_max_bytes", 5 * 1024 * 1024),
            proxy=getattr(s, "fetch_proxy", None),
            per_host=getattr(s, "fetch_per_host", 8),
            allow_private=bool(getattr(self.app, "allow_private", False)),
        )
        self.pending = {(t.claim.id, t.source_id) for t in todo}
        finished: list[CheckResult] = []
        self._work_start(f"Checking {len(todo)} source(s) — escape cancels", len(todo))
        touched = {t.claim.id for t in todo}
        if self.selected_id in touched:
            self._show_selected()

        def on_result(_index: int, result: CheckResult) -> None:
            finished.append(result)
            self.pending.discard((result.claim_id, result.source_id))
            self._work_advance(f"Checked {len(finished)} of {len(todo)} source(s) — escape cancels")
            at = self.pos.get(result.claim_id)
            if at is None:
                return
            claim = self.claims[at]
            for src in claim.sources:
                if src.id == result.source_id:
                    src.checks.append(result.check)
            self._replace(claim)

        cancelled = False
        try:
            await check_targets_async(todo, settings, on_result)
        except asyncio.CancelledError:
            cancelled = True
            raise
        except Exception as exc:
            self.notify(f"Checking failed: {exc}", severity="error", markup=False)
        finally:
            self.pending.clear()
            self._work_end()
            if finished:
                try:
                    self.store.record_checks(
                        self.article.id, [(r.claim_id, r.source_id, r.check) for r in finished]
                    )
                except FactcheckError as exc:
                    self.notify(str(exc), severity="error", markup=False)
            for cid in touched:
                with contextlib.suppress(FactcheckError):
                    self._replace(self.store.claim(self.article.id, cid))
            broken = sum(1 for r in finished if r.check.outcome not in OK_OUTCOMES)
            verb = "Cancelled after checking" if cancelled else "Checked"
            self.notify(
                f"{verb} {len(finished)} of {len(todo)} source(s): {broken} broken.",
                severity="warning" if broken or cancelled else "information",
                markup=False,
            )

    # ------------------------------------------------------------------ work and progress

    def _work_start(self, label: str, total: int | None) -> None:
        # The bar is mounted only while work runs: an idle ProgressBar still animates.
        work = self.query_one("#work")
        for bar in self.query("#work-bar"):
            bar.remove()
        bar = ProgressBar(id="work-bar", show_eta=False, total=total)
        work.mount(bar)
        self.query_one("#work-label", Static).update(Content(label))
        work.display = True

    def _work_end(self) -> None:
        self.query_one("#work").display = False
        for bar in self.query("#work-bar"):
            bar.remove()

    def _work_advance(self, label: str) -> None:
        for bar in self.query("#work-bar").results(ProgressBar):
            bar.advance(1)
        self.query_one("#work-label", Static).update(Content(label))

    def action_cancel_work(self) -> None:
        running = [w for w in self.workers if w.is_running and w.group in ("fetch", "open")]
        if running:
            for worker in running:
                worker.cancel()
            self.notify("Cancelled.", markup=False)
            return
        if self.filter:
            self.filter = None
            self._fill_claims()
            self._show_selected()

    # ------------------------------------------------------------------ history

    def _history(self, what: str) -> None:
        event = self._store_call(what)
        if event is None:
            return
        select = (
            event.claim_id
            if event.claim_id in {c.id for c in self.store.claims(self.article.id)}
            else None
        )
        self.reload(select=select)
        verb = "Undid" if what == "undo" else "Redid"
        self.notify(f"{verb}: {event.action.replace('-', ' ')}.", markup=False)

    def action_undo(self) -> None:
        self._history("undo")

    def action_redo(self) -> None:
        self._history("redo")

    # ------------------------------------------------------------------ articles

    def action_open_article(self) -> None:
        self._ask(
            "Open an article",
            [
                _dialogs().Field(
                    "source", "Path or URL", placeholder="article.html, notes.md or https://…"
                )
            ],
            lambda v: self.open_source(v["source"].strip(), False) if v["source"].strip() else None,
        )

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_source(self, source: str, as_text: bool) -> None:
        from pathlib import Path

        from factcheck.claims import extract_claims
        from factcheck.ingest import NoArticleError, load_article

        worker = get_current_worker()
        app = self.app
        app.call_from_thread(
            self._work_start, f"Loading {one_line(source, 60)} — escape cancels", None
        )
        self.busy = "open"
        try:
            try:
                loaded = load_article(
                    source,
                    allow_private=bool(getattr(app, "allow_private", False)),
                    as_text=as_text,
                )
            except NoArticleError as exc:
                app.call_from_thread(self._offer_plain_text, source, str(exc))
                return
            if worker.is_cancelled:
                return
            size = len(loaded.text)
            app.call_from_thread(
                self.query_one("#work-label", Static).update,
                Content(f"Finding claims in {size / 1024:,.0f} KB of text — escape cancels"),
            )
            detected = extract_claims(
                loaded.text, min_score=getattr(app, "min_score", None), title=loaded.title
            )
            if worker.is_cancelled:
                return
            app.call_from_thread(
                self.query_one("#work-label", Static).update,
                Content(f"Saving {len(detected):,} claims…"),
            )
            src = loaded.source
            if src and src != "-" and "://" not in src:
                src = str(Path(src).expanduser().resolve())
            result = self.store.add_article(
                loaded.text,
                title=loaded.title,
                url=loaded.url,
                source=src,
                links=loaded.links,
                meta={
                    "published": loaded.published,
                    "author": loaded.author,
                    "site": loaded.site,
                    "canonical_url": loaded.canonical_url,
                    "encoding": loaded.encoding,
                },
                detected=detected,
            )
            notices = list(loaded.notices)
            changes = result.changes
            if not result.created and changes.any:
                notices.append(
                    f"The article changed since it was added: {len(changes.added)} claim(s) "
                    f"added, {len(changes.removed)} removed, {len(changes.edited)} edited."
                )
            if worker.is_cancelled:
                return
            claims = self.store.claims(result.article.id)
            rows = [Option(claim_row(c), id=c.id) for c in claims]
            if worker.is_cancelled:
                return
            app.call_from_thread(self._switch_article, result.article.id, notices, claims, rows)
        except FactcheckError as exc:
            app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
        except Exception as exc:
            app.call_from_thread(
                self.notify, f"Could not open {source}: {exc}", severity="error", markup=False
            )
        finally:
            self.busy = ""
            if self.is_attached:
                app.call_from_thread(self._work_end)

    def _offer_plain_text(self, source: str, message: str) -> None:
        def answer(yes: object) -> None:
            if yes is True:
                self.open_source(source, True)

        self.app.push_screen(
            _dialogs().ConfirmDialog(
                Content.assemble(safe(message), "\n\nOpen all the page's text as plain text?"),
                yes="Open as text",
            ),
            answer,
        )

    def _switch_article(
        self, article_id: str, notices: list[str], claims: list[Claim], rows: list[Option]
    ) -> None:
        screen = MainScreen(
            self.store,
            article_id,
            poll_interval=self.poll_interval,
            settings=self.settings,
            claims=claims,
            rows=rows,
        )
        if len(self.app.screen_stack) > 1:
            self.app.switch_screen(screen)
        else:  # the first article's screen is the app's default one and stays below
            self.app.push_screen(screen)
        for notice in notices:
            screen.notify(notice, markup=False, timeout=8)

    def action_export(self) -> None:
        from factcheck.report import EXTENSIONS, suggested_filename

        choices = [
            (fmt, Content.assemble((f"{fmt:<12}", "bold"), f"{ext} file"))
            for fmt, ext in EXTENSIONS.items()
        ]

        def chose(fmt: object) -> None:
            if not isinstance(fmt, str):
                return
            from pathlib import Path

            default = str(Path.cwd() / suggested_filename(self.article, fmt))
            self._ask(
                f"Export a {fmt} report",
                [_dialogs().Field("path", "Write to", default)],
                lambda v: self._export(fmt, v["path"].strip() or default),
            )

        self.app.push_screen(_dialogs().ChoiceDialog("Export a report", choices), chose)

    def _export(self, fmt: str, path_text: str) -> None:
        from pathlib import Path

        path = Path(path_text).expanduser()
        try:
            warnings = _write_report(self.store, self.article.id, fmt, self.settings, path)
        except FactcheckError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        except OSError as exc:
            self.notify(f"Could not write {path}: {exc.strerror}", severity="error", markup=False)
            return
        self.notify(
            f"Wrote the {fmt} report to {path.resolve()}",
            title="Exported",
            markup=False,
            timeout=10,
        )
        for warning in warnings[:3]:
            self.notify(warning, severity="warning", markup=False)

    def action_threshold(self) -> None:
        from factcheck.claims import DEFAULT_MIN_SCORE

        current = getattr(self.app, "min_score", None)
        current = DEFAULT_MIN_SCORE if current is None else current

        def then(values: dict[str, str]) -> None:
            try:
                value = float(values["score"])
            except ValueError:
                value = -1.0
            if not 0 <= value <= 1:
                self.notify(
                    "The threshold is a number from 0 to 1.", severity="error", markup=False
                )
                return
            self.app.min_score = value  # type: ignore[attr-defined]
            self.notify(
                f"Claims need a score of {value:.2f} in articles opened from now on (o).",
                markup=False,
            )

        self._ask(
            "Claim detection threshold",
            [_dialogs().Field("score", "Minimum score (0–1)", f"{current:.2f}")],
            then,
            intro=Content("Lower finds more claims, higher only the clearest ones."),
        )


def _dialogs() -> Any:
    """The dialogs module, imported on first use (it pulls in Input, Button, SelectionList)."""
    import factcheck.tui.dialogs

    return factcheck.tui.dialogs


def keys_hint(app: Any) -> Content:
    """The most used keys, as the user's keymap sets them."""
    from factcheck.tui.commands import all_actions

    wanted = [
        ("app.help", "help"),
        ("claims.search", "search"),
        ("claims.filter", "filter"),
        ("checklist.toggle", "tick"),
        ("claim.verdict", "verdict"),
        ("sources.attach", "source"),
        ("sources.check", "check"),
        ("history.undo", "undo"),
        ("app.quit", "quit"),
    ]
    keys = {a.id: a.keys for a in all_actions(app)}
    parts: list[str | tuple[str, str]] = []
    for bid, label in wanted:
        if bid in keys:
            parts += [(keys[bid].split(",")[0], "bold $accent"), f" {label}  "]
    parts += [("ctrl+p", "bold $accent"), " all commands"]
    return Content.assemble(*parts)


def _find_passage(text: str, passage: str) -> tuple[int, int] | None:
    """Where a passage typed or pasted by the user sits in the article, spaces forgiven."""
    import re

    words = passage.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, text) or re.search(pattern, text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def _write_report(store: Store, article_id: str, fmt: str, settings: Any, path: Any) -> list[str]:
    try:
        from factcheck.reporting import write_report  # the lead's glue module, when present
    except ImportError:
        write_report = None
    if write_report is not None:
        return list(write_report(store, article_id, fmt, settings, path))
    from factcheck.fileio import write_atomic
    from factcheck.report import ReportOptions, render_report

    options = ReportOptions.from_settings(settings, checked_by=store.author)
    text, warnings = render_report(
        store.article(article_id), store.claims(article_id), fmt, options
    )
    write_atomic(path, text.encode("utf-8"))
    return warnings


__all__ = ["MainScreen", "Worker"]
