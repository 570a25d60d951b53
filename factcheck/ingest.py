"""Load an article from a file, an HTML page, a URL or stdin.

The result is the reading text (what the checker reads and what claims are split from), the
page's metadata and the hyperlinks of the article body with character offsets into the
reading text, so that each link can become a candidate source of the claim around it.

HTML goes through trafilatura (main text only); its internal tree, with links kept, is walked
here to build the text and the link offsets in one pass. Markdown lives in factcheck.markdown.
Heavy imports (trafilatura, lxml, charset-normalizer) happen inside the functions that need
them so that ``import factcheck`` stays fast.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urljoin, urlsplit

from factcheck.errors import FetchError, InputError
from factcheck.model import Link

if TYPE_CHECKING:
    from lxml.etree import _Element

    from factcheck.fetch import FetchSettings

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LoadedArticle",
    "NoArticleError",
    "TextBuilder",
    "clean_text",
    "find_bare_urls",
    "load_article",
    "load_text",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
KINDS = ("text", "markdown", "html")
_MB = 1024 * 1024
_HUGE_PAGE = 3_000_000  # characters of HTML


class NoArticleError(InputError):
    """An HTML page in which no article text was found (it may still be read as plain text)."""


@dataclass(slots=True)
class LoadedArticle:
    """An article as read from its source: reading text, metadata and body links."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None
    canonical_url: str | None = None
    links: list[Link] = field(default_factory=list)
    source: str = ""
    kind: str = "text"
    encoding: str = "utf-8"
    notices: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- text hygiene

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_WS_RE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Normalise newlines, replace lone surrogates, drop control characters (not \\n, \\t), NFC."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE_RE.sub("\ufffd", text)
    text = _CONTROL_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


class TextBuilder:
    """Builds reading text from a stream of words and breaks, keeping link offsets exact.

    Whitespace inside a block collapses to one space; ``line()`` asks for a newline and
    ``para()`` for a blank line before the next word. Breaks and spaces are only written
    between two words, so the text never starts or ends with whitespace.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._space = False
        self._break = 0
        self._open: list[list[Any]] = []  # [href, start | None, end]
        self.links: list[Link] = []

    @property
    def length(self) -> int:
        return self._length

    @property
    def empty(self) -> bool:
        return self._length == 0

    def _write(self, chunk: str) -> None:
        self._parts.append(chunk)
        self._length += len(chunk)

    def word(self, word: str) -> None:
        """Write a run of non-space text, preceded by the pending separator."""
        if not word:
            return
        if self._length:
            if self._break:
                self._write("\n" * self._break)
            elif self._space:
                self._write(" ")
        self._space = False
        self._break = 0
        start = self._length
        self._write(word)
        for link in self._open:
            if link[1] is None:
                link[1] = start
            link[2] = self._length

    def text(self, text: str | None) -> None:
        """Write flowing text: any whitespace run becomes one space."""
        if not text:
            return
        collapsed = _WS_RE.sub(" ", text)
        if collapsed[0] == " ":
            self.space()
            collapsed = collapsed[1:]
        trailing = collapsed.endswith(" ")
        if trailing:
            collapsed = collapsed[:-1]
        self.word(collapsed)
        if trailing:
            self.space()

    def preformatted(self, text: str | None) -> None:
        """Write text whose line breaks and indentation matter (code)."""
        if not text:
            return
        for i, line in enumerate(text.split("\n")):
            if i:
                self.line()
            line = line.rstrip()
            if line.strip():
                self.word(line)

    def space(self) -> None:
        if self._length:
            self._space = True

    def line(self) -> None:
        if self._length:
            self._break = max(self._break, 1)

    def para(self) -> None:
        if self._length:
            self._break = 2

    def marker(self, marker: str) -> None:
        """A list bullet or number at the start of a line, followed by a space."""
        self.word(marker)
        self._space = True

    def open_link(self, href: str | None) -> None:
        self._open.append([href, None, 0])

    def close_link(self) -> None:
        if not self._open:
            return
        href, start, end = self._open.pop()
        if href and start is not None and end > start:
            self.links.append(Link(href=href, start=start, end=end))

    def build(self) -> tuple[str, list[Link]]:
        while self._open:
            self.close_link()
        text = "".join(self._parts)
        links = sorted(self.links, key=lambda link: (link.start, link.end))
        for link in links:
            link.text = text[link.start : link.end]
        return text, links


# --------------------------------------------------------------------------- bare URLs

_URL_RE = re.compile(
    r"(?<![\w@/.-])(?:https?://|www\.)[^\s<>\"'`\u00a0\u2018-\u201f\u3000]+", re.IGNORECASE
)
_TRAILING = ".,;:!?'\"*_~…»›"
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def find_bare_urls(text: str) -> list[Link]:
    """Bare http(s) and www. URLs in text, trailing punctuation and unmatched brackets excluded."""
    links: list[Link] = []
    for match in _URL_RE.finditer(text):
        url = match.group(0)
        while url:
            last = url[-1]
            unmatched = last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last])
            if last in _TRAILING or unmatched:
                url = url[:-1]
            else:
                break
        scheme_only = re.fullmatch(r"(?i)(https?://|www\.)", url)
        if not url or scheme_only or "." not in url.split("://", 1)[-1]:
            continue
        href = url if url.lower().startswith("http") else "https://" + url
        start = match.start()
        links.append(Link(href=href, start=start, end=start + len(url), text=url))
    return links


# --------------------------------------------------------------------------- decoding

_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "a PDF (application/pdf)"),
    (b"\x89PNG\r\n\x1a\n", "an image (image/png)"),
    (b"\xff\xd8\xff", "an image (image/jpeg)"),
    (b"GIF87a", "an image (image/gif)"),
    (b"GIF89a", "an image (image/gif)"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "an old office document"),
]
_READS = "factcheck reads HTML, Markdown and text"
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# WHATWG: these labels mean windows-1252 on the web.
_CODEC_ALIASES = {"latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252"}
_DISPLAY = {
    "cp1252": "windows-1252",
    "cp1250": "windows-1250",
    "cp1251": "windows-1251",
    "cp1253": "windows-1253",
    "cp1254": "windows-1254",
    "cp1255": "windows-1255",
    "cp1256": "windows-1256",
    "cp1257": "windows-1257",
    "cp1258": "windows-1258",
    "latin_1": "iso-8859-1",
    "utf_16": "utf-16",
    "utf_32": "utf-32",
    "shift_jis": "shift_jis",
}
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def _codec(label: str | None) -> str | None:
    """The Python codec for an encoding label, or None if Python does not know it."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    return _CODEC_ALIASES.get(name, name)


def _display(codec: str) -> str:
    return _DISPLAY.get(codec, codec.replace("_", "-"))


def _what_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte order mark: mostly Latin text has a zero in every other byte."""
    head = data[:4096]
    if len(head) < 8 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    if zeros_odd > 0.7 * len(odd) and zeros_even < 0.05 * len(even):
        return "utf-16-le"
    if zeros_even > 0.7 * len(even) and zeros_odd < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    head = data[:65536]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    return controls > max(8, len(head) // 100)


def _mostly_garbage(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    bad = sum(
        1 for ch in sample if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cn")
    )
    bad -= sample.count("\n") + sample.count("\t") + sample.count("\r")
    return bad > max(8, len(sample) // 50)


def decode_bytes(
    data: bytes, *, kind: str = "text", declared: str | None = None, name: str = "the input"
) -> tuple[str, str, list[str]]:
    """Decode bytes to text: BOM, then UTF-8, then the declared charset, then detection.

    Returns (text, encoding name, notices). Raises InputError for binary data.
    """
    notices: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            label = "utf-8" if codec == "utf-8-sig" else codec
            if label != "utf-8":
                notices.append(f"decoded as {label} (byte order mark)")
            return text, label, notices
    what = _what_binary(data)
    if what:
        raise InputError(f"{name} is {what}; {_READS}")
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        if not _mostly_garbage(text):
            notices.append(f"decoded as {utf16} (detected)")
            return text, utf16, notices
    if _looks_binary(data):
        raise InputError(f"{name} looks like a binary file, not text; {_READS}")
    try:
        return data.decode("utf-8"), "utf-8", notices
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[str, str]] = []
    if declared:
        candidates.append((declared, "declared by the server"))
    if kind == "html":
        match = _META_CHARSET_RE.search(data[:8192])
        if match:
            candidates.append((match.group(1).decode("ascii", "replace"), "declared in the page"))
    for label, how in candidates:
        codec = _codec(label)
        if codec and codec not in ("utf_8", "utf_16", "utf_32"):
            try:
                text = data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
            notices.append(f"decoded as {_display(codec)} ({how})")
            return text, _display(codec), notices
    from charset_normalizer import from_bytes

    matches = from_bytes(data[: 4 * _MB])
    best = matches.best()
    codec = _codec(best.encoding) if best is not None else None
    if best is not None and codec != "cp1252":
        # ties go to windows-1252, by far the most common legacy encoding of Western text:
        # charset-normalizer often names cp1250 for bytes that read the same either way
        same = {_codec(name) for name in best.could_be_from_charset}
        for match in matches:
            if (
                _codec(match.encoding) == "cp1252"
                and match.chaos <= best.chaos
                and match.coherence >= best.coherence - 0.02
            ):
                same.add("cp1252")
        if "cp1252" in same:
            codec = "cp1252"
    if codec is None:
        codec = "cp1252"
        how = "guessed; detection failed"
    else:
        how = "detected"
    text = data.decode(codec, errors="replace")
    if _mostly_garbage(text):
        raise InputError(f"{name} looks like a binary file, not text; {_READS}")
    notices.append(f"decoded as {_display(codec)} ({how})")
    return text, _display(codec), notices


# --------------------------------------------------------------------------- sniffing

_HTML_SNIFF_RE = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS_RE = re.compile(r"<(?:p|div|article|h[1-6]|br|a\s+href)\b", re.IGNORECASE)
_MD_SNIFF_RE = re.compile(
    r"^#{1,6}\s+\S|\[[^\]\n]+\]\([^)\s]+\)|^```|^\s*[-*+]\s+\S.*\n\s*[-*+]\s+\S|\*\*\S|^>\s",
    re.MULTILINE,
)


def sniff_kind(text: str) -> str:
    """Guess whether text is HTML, Markdown or plain text."""
    head = text[:4096]
    if _HTML_SNIFF_RE.match(head) or len(_HTML_TAGS_RE.findall(head)) >= 3:
        return "html"
    if _MD_SNIFF_RE.search(head):
        return "markdown"
    return "text"


_EXT_KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


# --------------------------------------------------------------------------- public API


def _size(n: int) -> str:
    value = n / _MB
    if value >= 1:
        return f"{value:.1f}".removesuffix(".0") + " MB"
    return f"{n / 1024:.1f}".removesuffix(".0") + " KB"


def _too_big(name: str, size: int, max_bytes: int) -> InputError:
    return InputError(f"{name} is {_size(size)}; the limit is {_size(max_bytes)}")


def load_article(
    source: str | os.PathLike[str],
    *,
    allow_private: bool = False,
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    as_text: bool = False,
    kind: str | None = None,
    fetch_settings: FetchSettings | None = None,
) -> LoadedArticle:
    """Load an article from a path, an http(s) URL or "-" (stdin).

    ``as_text`` reads an HTML page as all its visible text instead of extracting the article;
    ``kind`` ("text", "markdown", "html") overrides the guess from the extension or content;
    ``fetch_settings`` (for URLs) replaces the settings made from allow_private and max_bytes.
    Raises InputError (NoArticleError for HTML without an article) or FetchError.
    """
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    raw = os.fspath(source)
    if raw == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8", errors="surrogatepass")
        if len(data) > max_bytes:
            raise InputError(f"standard input is over the limit of {_size(max_bytes)}")
        article = load_text(data, kind=kind or "auto", as_text=as_text, name="standard input")
        article.source = "-"
        return article
    if re.match(r"(?i)^https?://", raw):
        if fetch_settings is None:
            from factcheck.fetch import FetchSettings

            fetch_settings = FetchSettings(allow_private=allow_private, max_bytes=max_bytes)
        return _load_url(raw, settings=fetch_settings, as_text=as_text, kind=kind)
    if re.match(r"(?i)^[a-z][a-z0-9+.-]*://", raw):
        scheme = raw.split(":", 1)[0]
        raise InputError(f"cannot read {scheme}: URLs; give a file, an http(s) URL or '-'")
    path = Path(raw).expanduser()
    try:
        info = path.stat()
    except FileNotFoundError:
        hint = ""
        if re.match(r"(?i)^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/|$)", raw):
            hint = f" (for a web page, give the whole URL: https://{raw})"
        raise InputError(f"{raw}: no such file{hint}") from None
    except PermissionError:
        raise InputError(f"{raw}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{raw}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{raw} is a directory; give an article file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{raw} is not a regular file")
    if info.st_size > max_bytes:
        raise _too_big(raw, info.st_size, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{raw}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{raw}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:  # the file grew while we looked
        raise _too_big(raw, len(data), max_bytes)
    file_kind = kind or _EXT_KINDS.get(path.suffix.lower(), "auto")
    article = load_text(data, kind=file_kind, as_text=as_text, name=raw)
    article.source = raw
    return article


def load_text(
    data: bytes | str,
    *,
    kind: str,
    url: str | None = None,
    as_text: bool = False,
    charset: str | None = None,
    name: str = "the input",
) -> LoadedArticle:
    """Build a LoadedArticle from bytes or text of a kind: text, markdown, html or auto.

    ``url`` is the page's address (relative links resolve against it); ``charset`` is the one
    declared by a server; ``name`` names the input in error messages.
    """
    if kind not in (*KINDS, "auto"):
        raise InputError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    notices: list[str] = []
    encoding = "utf-8"
    if isinstance(data, bytes):
        text, encoding, notices = decode_bytes(
            data, kind="html" if kind in ("html", "auto") else kind, declared=charset, name=name
        )
    else:
        text = data
    text = clean_text(text)
    if not text.strip():
        raise InputError(f"{name} is empty")
    if kind == "auto":
        kind = sniff_kind(text)
    if kind == "html":
        article = _from_html(text, url=url, as_text=as_text, name=name)
    elif kind == "markdown" and not as_text:
        from factcheck.markdown import markdown_to_article

        article = markdown_to_article(text)
    else:
        article = _from_plain(text)
        kind = "text"
    if not article.text.strip():
        raise InputError(f"{name} has no text")
    article.kind = kind
    article.url = url
    article.encoding = encoding
    article.notices = notices + article.notices
    article.source = url or name
    return article


def _from_plain(text: str) -> LoadedArticle:
    lines = [line.rstrip() for line in text.split("\n")]
    body = "\n".join(lines).strip("\n")
    # collapse runs of blank lines into one blank line; keep the author's line breaks
    body = re.sub(r"\n(?:[ \t]*\n)+", "\n\n", body).strip()
    return LoadedArticle(text=body, links=find_bare_urls(body))


# --------------------------------------------------------------------------- HTML


def _http_href(href: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL for a link, or None for fragments, javascript:, mailto: etc."""
    if not href:
        return None
    href = "".join(ch for ch in href.strip() if ch >= " " and ch != "\x7f")
    if not href or href.startswith("#"):
        return None
    if base:
        try:
            href = urljoin(base, href)
        except ValueError:
            return None
    parts = urlsplit(href)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if base and href.split("#", 1)[0] == base.split("#", 1)[0] and "#" in href:
        return None  # a fragment of the page itself
    return href


def _absolute_links(tree: Any, base: str | None) -> Any:
    """Resolve links against the page itself (trafilatura only knows the site root) and unlink
    what is no http(s) target: fragments, javascript:, mailto:."""
    for anchor in tree.iter("a"):
        href = _http_href(anchor.get("href"), base)
        if href:
            anchor.set("href", href)
        elif anchor.get("href") is not None:
            del anchor.attrib["href"]
    return tree


def _parse_html(text: str) -> Any:
    from trafilatura.utils import load_html

    tree = load_html(text)
    if tree is None:
        raise InputError("the page could not be parsed as HTML")
    return tree


def _meta_content(tree: Any, *selectors: tuple[str, str]) -> str | None:
    for attr, value in selectors:
        for node in tree.iter("meta"):
            if (node.get(attr) or "").strip().lower() == value:
                content = (node.get("content") or "").strip()
                if content:
                    return content
    return None


def _canonical(tree: Any, page_url: str | None) -> str | None:
    for node in tree.iter("link"):
        rels = (node.get("rel") or "").lower().split()
        if "canonical" in rels:
            found = _http_href(node.get("href"), page_url)
            if found:
                return found
    og_url = _meta_content(tree, ("property", "og:url"))
    return _http_href(og_url, page_url) if og_url else None


def _base_href(tree: Any, page_url: str | None) -> str | None:
    for node in tree.iter("base"):
        href = node.get("href")
        if href:
            return urljoin(page_url, href) if page_url else href
    return page_url


def _clean_meta(value: Any) -> str | None:
    if not value or not isinstance(value, str):
        return None
    value = " ".join(clean_text(value).split())
    return value or None


def _from_html(text: str, *, url: str | None, as_text: bool, name: str) -> LoadedArticle:
    tree = _parse_html(text)
    canonical = _canonical(tree, url)
    base = _base_href(tree, url) or canonical
    if as_text:
        builder = TextBuilder()
        _walk_visible_html(tree, builder, base)
        body, links = builder.build()
        title = None
        for node in tree.iter("title"):
            title = _clean_meta(node.text_content())
            break
        return LoadedArticle(text=body, title=title, links=links, canonical_url=canonical)

    from trafilatura.core import bare_extraction

    doc: Any = None
    for favor_recall in (False, True):
        doc = bare_extraction(
            _absolute_links(tree if not favor_recall else _parse_html(text), base),
            url=base,
            include_links=True,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            favor_recall=favor_recall,
            # the fallback comparisons grow faster than the page: skip them on huge pages
            fast=len(text) > _HUGE_PAGE,
        )
        if doc is not None and doc.body is not None and "".join(doc.body.itertext()).strip():
            break
        doc = None
    if doc is None:
        raise NoArticleError(
            f"found no article text in {name}; open it with --as-text to read all its text"
        )
    title = _clean_meta(doc.title)
    _drop_teasers(doc.body, base or canonical, base)
    builder = TextBuilder()
    _walk_extracted(doc.body, builder, base, title)
    body, links = builder.build()
    if not body.strip() or _looks_like_menu(body, tree):
        raise NoArticleError(
            f"found no article text in {name}; open it with --as-text to read all its text"
        )
    return LoadedArticle(
        text=body,
        title=title,
        published=_clean_meta(doc.date),
        author=_clean_meta(doc.author),
        site=_clean_meta(doc.sitename),
        canonical_url=canonical,
        links=links,
    )


def _host(url: str | None) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def _remove_keeping_tail(el: _Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


_MEDIA_RE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|mp[34]|docx?|xlsx?|zip)$", re.IGNORECASE)


def _is_teaser(el: _Element, page: str, base: str | None) -> bool:
    """A block that is one link to another page of the same site, plus at most a short label
    ("Related:", "Also on example.com"): a teaser for another article, not part of this one."""
    refs = list(el.iter("ref"))
    if len(refs) != 1:
        return False
    href = _http_href(refs[0].get("target"), base)
    if not href or _host(href) != _host(page):
        return False
    path = urlsplit(href).path.rstrip("/")
    if not path or path == urlsplit(page).path.rstrip("/") or _MEDIA_RE.search(path):
        return False
    anchor = re.findall(r"\w+", "".join(refs[0].itertext()))
    words = re.findall(r"\w+", "".join(el.itertext()))
    # a headline: a few words, not a whole paragraph that happens to be linked
    return 4 <= len(anchor) <= 25 and len(words) - len(anchor) <= 4


def _drop_teasers(body: _Element, page: str | None, base: str | None) -> None:
    """Drop links to related articles of the same site that trafilatura kept in the body."""
    if not page or not _host(page):
        return
    for el in list(body.iter("p")):
        if _is_teaser(el, page, base):
            _remove_keeping_tail(el)
    for lst in list(body.iter("list")):
        items = [child for child in lst if child.tag == "item"]
        if len(items) >= 2 and all(_is_teaser(item, page, base) for item in items):
            _remove_keeping_tail(lst)


def _looks_like_menu(body: str, tree: Any) -> bool:
    """Too few words for an article, or words that are nearly all link text on the page
    (what trafilatura's fallbacks return for a page of menus)."""
    words = re.findall(r"\w+", body.lower())
    if len(words) < 20:
        return True
    if len(words) > 300:
        return False
    anchors: Counter[str] = Counter()
    for anchor in tree.iter("a"):
        anchors.update(re.findall(r"\w+", anchor.text_content().lower()))
    linked = sum((Counter(words) & anchors).values())
    return linked >= 0.8 * len(words)


_BLOCK_X = {"p", "head", "quote", "list", "table", "div", "doc", "body", "main", "article"}
_BLOCK_X |= {"section", "code_block", "fw", "note"}


def _same_words(a: str, b: str) -> bool:
    return " ".join(re.findall(r"\w+", a.lower())) == " ".join(re.findall(r"\w+", b.lower()))


def _walk_extracted(root: _Element, out: TextBuilder, base: str | None, title: str | None) -> None:
    """Walk trafilatura's internal tree (p, head, list/item, table/row/cell, ref, hi, lb...)."""
    skip_title = [bool(title)]

    def walk(el: _Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head" and skip_title[0] and out.empty:
            skip_title[0] = False
            if title and _same_words("".join(el.itertext()), title):
                return
        if tag == "graphic":
            return
        if tag == "lb":
            out.line()
            return
        if tag in _BLOCK_X:
            out.para()
        elif tag == "item":
            out.line()
            parent = el.getparent()
            if parent is not None and parent.get("rend") == "ol":
                siblings = [child for child in parent if child.tag == "item"]
                out.marker(f"{siblings.index(el) + 1}.")
            else:
                out.marker("•")
        elif tag == "row":
            out.line()
        elif tag == "cell":
            if el.getprevious() is not None:
                out.space()
                out.word("|")
            out.space()
        elif tag == "code" and "\n" in "".join(el.itertext()).strip():
            out.para()
            out.preformatted("".join(el.itertext()).strip("\n"))
            out.para()
            return
        if tag == "ref":
            out.open_link(_http_href(el.get("target"), base))
        out.text(el.text)
        for child in el:
            walk(child)
            out.text(child.tail)  # a block child has already asked for its break
        if tag == "ref":
            out.close_link()
        if tag in _BLOCK_X:
            out.para()
        elif tag in ("item", "row"):
            out.line()

    walk(root)


_SKIP_HTML = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_SKIP_HTML |= {"canvas", "select", "option", "datalist", "embed", "math", "title", "button"}
_BLOCK_HTML = {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside"}
_BLOCK_HTML |= {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "table"}
_BLOCK_HTML |= {"blockquote", "figure", "figcaption", "form", "hr", "address", "fieldset"}
_BLOCK_HTML |= {"details", "summary", "caption", "body", "html", "center", "hgroup", "menu"}


def _hidden(el: Any) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _walk_visible_html(root: Any, out: TextBuilder, base: str | None) -> None:
    """All the visible text of an HTML page, with its links (for --as-text)."""

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP_HTML or _hidden(el):
            return
        if tag == "br":
            out.line()
            return
        if tag == "pre":
            out.para()
            out.preformatted(el.text_content().strip("\n"))
            out.para()
            return
        if tag in _BLOCK_HTML:
            out.para()
        elif tag == "li":
            out.line()
            out.marker("•")
        elif tag == "tr":
            out.line()
        elif tag in ("td", "th"):
            out.space()
            if el.getprevious() is not None:
                out.word("|")
                out.space()
        if tag == "a":
            out.open_link(_http_href(el.get("href"), base))
        out.text(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.text(child.tail)
        if tag == "a":
            out.close_link()
        if tag in _BLOCK_HTML:
            out.para()
        elif tag in ("li", "tr"):
            out.line()

    body = root.find(".//body")
    walk(body if body is not None else root)


# --------------------------------------------------------------------------- URLs

_HTML_TYPES = {"text/html", "application/xhtml+xml", "application/xml", "text/xml"}
_MD_TYPES = {"text/markdown", "text/x-markdown"}


def _unsupported(url: str, ctype: str) -> str:
    major = ctype.split("/", 1)[0]
    noun = {"image": "an image", "video": "a video", "audio": "an audio file", "font": "a font"}
    if ctype == "application/pdf":
        what = "a PDF"
    elif major in noun:
        what = noun[major]
    else:
        what = "not a web page"
    return f"{url} is {what} ({ctype}); {_READS}"


def _load_url(
    url: str, *, settings: FetchSettings, as_text: bool, kind: str | None
) -> LoadedArticle:
    from factcheck.fetch import fetch_document

    try:
        doc = fetch_document(url, settings)
    except FetchError as exc:
        outcome = getattr(exc, "outcome", None)
        check = getattr(exc, "check", None)
        if outcome == "unsupported":
            ctype = (getattr(check, "content_type", None) or "").split(";", 1)[0].strip().lower()
            raise InputError(_unsupported(url, ctype or "not a web page")) from None
        if outcome == "too-large":
            raise InputError(f"{url} is over the limit of {_size(settings.max_bytes)}") from None
        raise
    final = doc.final_url or url
    ctype = (doc.content_type or "").split(";", 1)[0].strip().lower()
    if ctype == "application/pdf" or ctype.startswith(("image/", "video/", "audio/", "font/")):
        raise InputError(_unsupported(url, ctype))
    body: bytes = doc.body or b""
    if not body.strip():
        raise InputError(f"{url} returned an empty page")
    if kind is None:
        path = urlsplit(final).path.lower()
        if ctype in _HTML_TYPES:
            kind = "html"
        elif ctype in _MD_TYPES or path.endswith((".md", ".markdown")):
            kind = "markdown"
        elif ctype == "text/plain":
            kind = "text"
        else:
            what = _what_binary(body)
            if what:
                raise InputError(f"{url} is {what}; {_READS}")
            kind = "auto"
    article = load_text(body, kind=kind, url=final, as_text=as_text, charset=doc.charset, name=url)
    article.source = url
    article.kind = "url"
    return article
