"""The article reader: the text wrapped to the pane, claims highlighted in place.

A Line API widget (like toolong's log view): it wraps the text itself, so it knows the line
of every character and renders only the visible lines. Moving the selection repaints a few
lines instead of rebuilding the whole article, and the selected claim is scrolled exactly
into view. Untrusted text only ever becomes plain Segments, never markup.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from factcheck.model import Claim
from factcheck.textsafe import clean_same_length

_WORD = re.compile(r"\S+\s*|\s+")


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    claim_id: str
    verdict: str


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text`` at ``width`` cells: (start, end) offsets of each line."""
    width = max(4, width)
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        end_of_line = pos + len(raw)
        measure = len if raw.isascii() else cell_len
        if measure(raw) <= width:
            lines.append((pos, end_of_line))
            pos = end_of_line + 1
            continue
        line_start = pos
        used = 0
        for match in _WORD.finditer(raw):
            word = match.group()
            w_start = pos + match.start()
            core = word.rstrip()
            trailing = len(word) - len(core)
            w = measure(core)
            if used and used + w > width:
                lines.append((line_start, w_start))
                line_start = w_start
                used = 0
            while w > width:  # a word longer than the line: hard break
                cut = _cut_at_width(core, width)
                lines.append((w_start, w_start + cut))
                w_start += cut
                line_start = w_start
                core = core[cut:]
                w = cell_len(core)
            used += w + trailing
        lines.append((line_start, end_of_line))
        pos = end_of_line + 1
    return lines


def _cut_at_width(word: str, width: int) -> int:
    if word.isascii():
        return width
    used = 0
    for i, ch in enumerate(word):
        used += cell_len(ch)
        if used > width:
            return max(1, i)
    return len(word)


class ArticleView(ScrollView, can_focus=True):
    """The article text with claim spans styled by verdict; click a claim to select it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article--unchecked",
        "article--in-progress",
        "article--true",
        "article--mostly-true",
        "article--misleading",
        "article--false",
        "article--unverifiable",
        "article--selected",
        "article--match",
    }

    class ClaimClicked(Message):
        def __init__(self, claim_id: str) -> None:
            super().__init__()
            self.claim_id = claim_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._spans: list[_Span] = []
        self._ends: list[int] = []
        self._lines: list[tuple[int, int]] = []
        self._line_starts: list[int] = []
        self._wrap_width = 0
        self.selected: str | None = None
        self._selected_range: tuple[int, int] | None = None
        self._match: tuple[int, int] | None = None
        self._styles: dict[str, Style] = {}

    # ------------------------------------------------------------------ data

    def set_article(self, text: str, claims: list[Claim], selected: str | None = None) -> None:
        # Same length as the original so offsets stay valid; tabs become spaces.
        self._text = clean_same_length(text).replace("\t", " ")
        self._wrap_width = 0
        self.set_claims(claims, selected)

    def set_claims(self, claims: list[Claim], selected: str | None = None) -> None:
        n = len(self._text)
        spans = [
            _Span(c.start, c.end, c.id, c.verdict.value)
            for c in claims
            if 0 <= c.start < c.end <= n and not c.deleted
        ]
        spans.sort(key=lambda s: (s.start, s.end))
        self._spans = spans
        self._ends = []
        running = 0
        for s in spans:  # running maximum, so bisect finds every span that reaches a line
            running = max(running, s.end)
            self._ends.append(running)
        self.selected = selected
        self._selected_range = self._range_of(selected)
        self._rewrap()
        self.refresh()

    def update_claim(self, claim: Claim) -> None:
        """A claim's verdict changed: restyle it without recomputing anything else."""
        for span in self._spans:
            if span.claim_id == claim.id:
                span.verdict = claim.verdict.value
        self._refresh_range((claim.start, claim.end))

    def select(self, claim_id: str | None, *, scroll: bool = True) -> None:
        old = self._selected_range
        self.selected = claim_id
        self._selected_range = self._range_of(claim_id)
        if old:
            self._refresh_range(old)
        if self._selected_range:
            self._refresh_range(self._selected_range)
            if scroll:
                self.scroll_to_offset(*self._selected_range)

    def show_match(self, start: int, end: int) -> None:
        """Mark a search match and scroll it into view."""
        self._match = (start, end)
        self.refresh()
        self.scroll_to_offset(start, end)

    def _range_of(self, claim_id: str | None) -> tuple[int, int] | None:
        if claim_id is None:
            return None
        for span in self._spans:
            if span.claim_id == claim_id:
                return span.start, span.end
        return None

    def line_of(self, offset: int) -> int:
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def scroll_to_offset(self, start: int, end: int) -> None:
        if not self._lines:
            return
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if first >= top and last < top + height:
            return
        target = first - max(0, (height - (last - first + 1)) // 3)
        self.scroll_to(y=max(0, min(first, target)), animate=False, immediate=True)

    def _refresh_range(self, rng: tuple[int, int]) -> None:
        if not self._lines:
            return
        first, last = self.line_of(rng[0]), self.line_of(max(rng[0], rng[1] - 1))
        self.refresh_lines(first, last - first + 1)

    # ------------------------------------------------------------------ layout

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        if width == self._wrap_width and self._lines:
            return
        self._wrap_width = width
        self._lines = wrap_offsets(self._text, width) if self._text else []
        self._line_starts = [s for s, _ in self._lines]
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self, _event: events.Resize) -> None:
        self._rewrap()
        if self._selected_range:
            self.call_after_refresh(self.scroll_to_offset, *self._selected_range)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self.refresh()

    def _style(self, name: str) -> Style:
        """Component and base styles, computed once per theme or CSS change."""
        style = self._styles.get(name)
        if style is None:
            if name == "base":
                style = self.rich_style
            else:
                style = self.get_component_rich_style(name, partial=True)
            self._styles[name] = style
        return style

    # ------------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._wrap_width != width:
            self._rewrap()
        line_no = y + int(self.scroll_offset.y)
        base = self._style("base")
        if not 0 <= line_no < len(self._lines):
            return Strip.blank(width, base)
        start, end = self._lines[line_no]
        segments = self._segments(start, end, base)
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    def _segments(self, start: int, end: int, base: Style) -> list[Segment]:
        text = self._text
        marks: list[tuple[int, int, Style]] = []
        i = bisect_right(self._ends, start)
        spans = self._spans
        while i < len(spans) and spans[i].start < end:
            span = spans[i]
            if span.end > start:
                style = self._style(f"article--{span.verdict}")
                if span.claim_id == self.selected:
                    style = style + self._style("article--selected")
                marks.append((max(start, span.start), min(end, span.end), style))
            i += 1
        if self._match and self._match[0] < end and self._match[1] > start:
            style = self._style("article--match")
            marks.append((max(start, self._match[0]), min(end, self._match[1]), style))
        if not marks:
            return [Segment(text[start:end], base)]
        # Paint character by character runs: later marks win over earlier ones.
        bounds = sorted({start, end, *(m[0] for m in marks), *(m[1] for m in marks)})
        segments: list[Segment] = []
        for a, b in itertools.pairwise(bounds):
            style = base
            for m_start, m_end, m_style in marks:
                if m_start <= a and b <= m_end:
                    style = style + m_style
            segments.append(Segment(text[a:b], style))
        return segments

    def offset_at(self, x: int, y: int) -> int | None:
        line_no = y + int(self.scroll_offset.y)
        if not 0 <= line_no < len(self._lines):
            return None
        start, end = self._lines[line_no]
        used = 0
        for i in range(start, end):
            used += cell_len(self._text[i])
            if used > x:
                return i
        return None

    def claim_at(self, offset: int) -> str | None:
        i = bisect_right(self._ends, offset)
        while i < len(self._spans) and self._spans[i].start <= offset:
            if self._spans[i].end > offset:
                return self._spans[i].claim_id
            i += 1
        return None

    def on_click(self, event: events.Click) -> None:
        content = event.get_content_offset(self)
        if content is None:
            return
        offset = self.offset_at(content.x, content.y)
        if offset is None:
            return
        claim_id = self.claim_at(offset)
        if claim_id is not None:
            self.post_message(self.ClaimClicked(claim_id))
