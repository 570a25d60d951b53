"""Make untrusted text safe to show: no control characters, bidi overrides made visible.

Articles, page titles and imported files come from outside. Before any of it reaches a
terminal (CLI output or a widget) it goes through here; widgets additionally never parse
it as markup.
"""

from __future__ import annotations

import re

# C0 and C1 controls except tab and newline, DEL, and lone surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Bidirectional overrides and isolates can reorder what a reader sees (Trojan Source).
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_BIDI_NAMES = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
}


def clean(text: str) -> str:
    """Text with control characters removed (tab and newline kept), bidi controls shown."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return _BIDI.sub(lambda m: f"<{_BIDI_NAMES[m.group()]}>", text)


def one_line(text: str, limit: int | None = None) -> str:
    """``clean`` folded onto one line, optionally cut to ``limit`` characters."""
    line = " ".join(clean(text).split())
    if limit is not None and len(line) > limit:
        line = line[: max(0, limit - 1)] + "…"
    return line


def clean_stored(text: str) -> str:
    """For text about to be stored as an article: controls and lone surrogates removed.

    Unlike ``clean`` it keeps bidi characters (right-to-left text needs them); they are made
    visible only when shown.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def clean_same_length(text: str) -> str:
    """Like ``clean`` but character for character, so offsets into the text stay valid:
    controls become spaces and bidi controls a visible replacement mark."""
    text = _CONTROL.sub(" ", text.replace("\r", " "))
    return _BIDI.sub("\ufffd", text)
