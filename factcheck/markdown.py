"""Markdown to reading text: the syntax goes, the words and the links stay.

markdown-it-py parses the document (CommonMark plus tables and strikethrough); the token stream
is written through ingest.TextBuilder so that each link ([text](href), [text][ref], <autolink>,
bare URL) keeps exact offsets into the reading text. Images, HTML tags, heading hashes, emphasis
markers, code fences and blockquote markers are dropped; list items become lines with a bullet
("•") or their number. A YAML front matter block gives title, author, date and URL.
"""

from __future__ import annotations

import html
import re
from typing import Any

from factcheck.ingest import (
    LoadedArticle,
    TextBuilder,
    _http_href,
    _same_words,
    _walk_visible_html,
    find_bare_urls,
)

__all__ = ["markdown_to_article"]

_FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "date": "published",
    "published": "published",
    "url": "url",
    "canonical_url": "canonical_url",
    "canonical": "canonical_url",
    "site": "site",
}
_TAG_RE = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_A_OPEN_RE = re.compile(
    r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))[^>]*>""", re.IGNORECASE
)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split a YAML front matter block (simple "key: value" lines) from the document."""
    match = _FRONT_RE.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if not sep:
            if line.strip() and not line.startswith((" ", "\t", "-", "#")):
                return {}, text  # not front matter after all
            continue
        field = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'").strip()
        if field and value and field not in meta:
            meta[field] = value
    return meta, text[match.end() :]


def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


class _Writer:
    def __init__(self) -> None:
        self.out = TextBuilder()
        self.lists: list[list[Any]] = []  # [ordered, next number]
        self.in_link = 0
        self.title: str | None = None
        self.first_block = True

    def inline_text(self, text: str) -> None:
        """Flowing text; bare URLs in it become links unless already inside one."""
        if self.in_link:
            self.out.text(text)
            return
        pos = 0
        for link in find_bare_urls(text):
            self.out.text(text[pos : link.start])
            self.out.open_link(link.href)
            self.out.text(text[link.start : link.end])
            self.out.close_link()
            pos = link.end
        self.out.text(text[pos:])

    def html_fragment(self, fragment: str) -> None:
        """An HTML block: its visible text and its links, tags dropped."""
        from lxml import etree
        from lxml.html import fragment_fromstring

        try:
            root = fragment_fromstring(fragment, create_parent="div")
        except (etree.ParserError, ValueError, AssertionError):  # lxml asserts on odd input
            self.out.text(html.unescape(_TAG_RE.sub(" ", fragment)))
            return
        _walk_visible_html(root, self.out, None)

    def html_tag(self, tag: str) -> None:
        """Inline HTML: <br> breaks the line, <a href> opens a link, </a> closes it."""
        if _BR_RE.fullmatch(tag):
            self.out.line()
        elif match := _A_OPEN_RE.fullmatch(tag):
            href = next((g for g in match.group(1, 2, 3) if g is not None), "")
            self.in_link += 1
            self.out.open_link(_http_href(html.unescape(href), None))
        elif re.fullmatch(r"(?i)<a(?:\s[^>]*)?>", tag):
            self.in_link += 1
            self.out.open_link(None)
        elif re.fullmatch(r"(?i)</a\s*>", tag) and self.in_link:
            self.in_link -= 1
            self.out.close_link()

    def inline(self, children: list[Any]) -> None:
        for tok in children:
            kind = tok.type
            if kind == "text":
                self.inline_text(tok.content)
            elif kind == "code_inline":
                self.out.text(tok.content)
            elif kind == "softbreak":
                self.out.space()
            elif kind == "hardbreak":
                self.out.line()
            elif kind == "link_open":
                self.in_link += 1
                self.out.open_link(_http_href(str(tok.attrs.get("href") or ""), None))
            elif kind == "link_close":
                self.in_link = max(0, self.in_link - 1)
                self.out.close_link()
            elif kind == "html_inline":
                self.html_tag(tok.content.strip())
            # images, emphasis and strikethrough markers add no words

    def block(self, tokens: list[Any]) -> None:
        heading_level = 0
        for tok in tokens:
            kind = tok.type
            if kind == "heading_open":
                self.out.para()
                heading_level = int(tok.tag[1:])
            elif kind == "heading_close":
                self.out.para()
                heading_level = 0
            elif kind == "inline":
                first, self.first_block = self.first_block, False
                if heading_level == 1:
                    heading = _plain_inline(tok.children or [])
                    if self.title is None:
                        self.title = heading
                        if first:
                            continue  # the first-level heading on top is the title
                    elif first and heading and _same_words(heading, self.title):
                        continue
                self.inline(tok.children or [])
            elif kind in ("paragraph_open", "paragraph_close"):
                if not tok.hidden:
                    self.out.para()
            elif kind in ("bullet_list_open", "ordered_list_open"):
                if not self.lists:
                    self.out.para()
                else:
                    self.out.line()
                start = int(tok.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else 0
                self.lists.append([kind == "ordered_list_open", start])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
                if not self.lists:
                    self.out.para()
                else:
                    self.out.line()
            elif kind == "list_item_open":
                self.out.line()
                if self.lists and self.lists[-1][0]:
                    self.out.marker(f"{self.lists[-1][1]}.")
                    self.lists[-1][1] += 1
                else:
                    self.out.marker("•")
            elif kind == "list_item_close":
                self.out.line()
            elif kind in ("blockquote_open", "blockquote_close", "hr", "table_open", "table_close"):
                self.out.para()
            elif kind == "tr_open":
                self.out.line()
            elif kind in ("th_open", "td_open"):
                self.out.space()
                if self._cell_index(tok):
                    self.out.word("|")
                    self.out.space()
            elif kind in ("fence", "code_block"):
                self.first_block = False
                self.out.para()
                self.out.preformatted(tok.content.strip("\n"))
                self.out.para()
            elif kind == "html_block":
                self.first_block = False
                self.out.para()
                self.html_fragment(tok.content)
                self.out.para()

    def _cell_index(self, tok: Any) -> int:
        return int((tok.meta or {}).get("cell_index", 0) or 0)


def _plain_inline(children: list[Any]) -> str | None:
    parts = [tok.content for tok in children if tok.type in ("text", "code_inline")]
    title = " ".join("".join(parts).split())
    return title or None


def _iso_date(value: str | None) -> str | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}", value or "")
    return match.group(0) if match else None


def markdown_to_article(text: str) -> LoadedArticle:
    """Reading text, links with offsets and metadata from a Markdown document."""
    meta, body = _front_matter(text)
    tokens = _parser().parse(body)
    # number the cells of each row so that the writer knows where a separator goes
    index = 0
    for tok in tokens:
        if tok.type == "tr_open":
            index = 0
        elif tok.type in ("th_open", "td_open"):
            tok.meta = {**(tok.meta or {}), "cell_index": index}
            index += 1
    writer = _Writer()
    writer.title = meta.get("title")
    writer.block(tokens)
    reading, links = writer.out.build()
    article = LoadedArticle(
        text=reading,
        title=writer.title,
        published=_iso_date(meta.get("published")),
        author=meta.get("author"),
        site=meta.get("site"),
        canonical_url=_http_href(meta.get("canonical_url") or meta.get("url"), None),
        links=links,
        kind="markdown",
    )
    return article
