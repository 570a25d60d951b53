"""The claims list: a virtualised OptionList whose rows can be repainted one at a time."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from factcheck.model import Claim
from factcheck.tui.render import claim_row


class ClaimList(OptionList):
    """One fixed-height row per claim (``text-wrap: nowrap`` in app.tcss).

    OptionList.replace_option_prompt_at_index drops the layout of every row; with 2,000
    claims that costs more than a keypress may. Rows here never change height, so a
    repaint only forgets the rendered strips.
    """

    def show_claims(self, claims: list[Claim], highlighted: int | None) -> None:
        self.set_options(Option(claim_row(c), id=c.id) for c in claims)
        if claims:
            self.highlighted = highlighted if highlighted is not None else 0

    def repaint_row(self, index: int, prompt: Content) -> None:
        option = self.get_option_at_index(index)
        option._set_prompt(prompt)
        self._option_render_cache.clear()
        self.refresh()
