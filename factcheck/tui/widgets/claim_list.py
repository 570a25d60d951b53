"""The claims list: a virtualised OptionList whose rows can be repainted one at a time."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from factcheck.model import Claim
from factcheck.tui.render import claim_row

ROW_HEIGHT = 2


class ClaimList(OptionList):
    """One row of exactly two lines per claim (``text-wrap: nowrap`` in app.tcss).

    OptionList measures every option by wrapping it, and replace_option_prompt_at_index
    drops that layout for all rows; with 2,000 claims either costs far more than a keypress
    may. Rows here never change height, so the layout is computed by arithmetic and a
    repaint only forgets the rendered strips. (Relies on OptionList's line cache, checked
    on Textual 8.2.8.)
    """

    def _update_lines(self) -> None:
        if not self.scrollable_content_region:
            return
        cache = self._line_cache
        count = len(self.options)
        first = len(cache.lines) // ROW_HEIGHT
        if first < count:
            rows = range(first, count)
            cache.index_to_line.update({i: i * ROW_HEIGHT for i in rows})
            cache.heights.update(dict.fromkeys(rows, ROW_HEIGHT))
            cache.lines.extend([(i, n) for i in rows for n in range(ROW_HEIGHT)])
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, count * ROW_HEIGHT)
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def show_claims(self, claims: list[Claim], highlighted: int | None) -> None:
        self.show_rows([Option(claim_row(c), id=c.id) for c in claims], highlighted)

    def show_rows(self, rows: list[Option], highlighted: int | None) -> None:
        self.set_options(rows)
        if rows:
            self.highlighted = highlighted if highlighted is not None else 0

    def repaint_row(self, index: int, prompt: Content) -> None:
        # A new Option object: the render cache (keyed by option) misses for this row only.
        old = self.get_option_at_index(index)
        option = Option(prompt, id=old.id)
        self._options[index] = option
        del self._option_to_index[old]
        self._option_to_index[option] = index
        if old.id is not None:
            self._id_to_option[old.id] = option
        line = index * ROW_HEIGHT
        self.refresh_lines(line, ROW_HEIGHT)
