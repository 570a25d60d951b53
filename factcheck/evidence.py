"""Evidence: which of a claim's facts a fetched page actually contains.

``page_text`` turns a body into readable text (trafilatura for HTML, with a plain
all-the-text fallback); ``find_evidence`` looks for every fact in it:

* numbers whatever their formatting (80,000 / 80 000 / 80000 / 80k / 80 thousand;
  1.5 million / 1,500,000; 12% / 12 per cent / 12 percent);
* dates in several formats (2023-05-04, 4 May 2023, May 4, 2023, 04/05/2023, May 2023, 2023);
* quoted passages fuzzily (rapidfuzz), keeping the best matching window and its similarity;
* names (speakers, outlets, entities), accent- and case-insensitively, a surname alone
  counting for a person.

No I/O, no markup: snippets are plain text without control characters.
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz import fuzz

from factcheck.model import Fact

QUOTE_THRESHOLD = 85.0  # partial_ratio needed for a quote to count as found
NAME_THRESHOLD = 90.0
SNIPPET_MAX = 300
_CONTEXT = 70  # characters either side of a number or name in its snippet

__all__ = ["decode_body", "detect_encoding", "find_evidence", "page_text", "parse_numbers"]

# --------------------------------------------------------------------------- text from bodies

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.I
)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _valid_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def detect_encoding(body: bytes, charset: str | None = None, html: bool = False) -> str:
    """The codec for a body: BOM, declared charset, <meta charset>, UTF-8 if it decodes,
    then a detector (for bodies of 1 KB or more), else Windows-1252."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if body.startswith(bom):
            return enc
    declared = _valid_codec(charset)
    if declared is None and html:
        m = _META_CHARSET.search(body[:4096])
        if m:
            declared = _valid_codec(m.group(1).decode("ascii", "ignore"))
    if declared:
        return declared
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if len(body) >= 1024:  # less is too little for a detector to be right
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(body[:200_000]).best()
            if best is not None and best.encoding and _valid_codec(best.encoding):
                return _valid_codec(best.encoding) or "cp1252"
        except Exception:  # a detector failure must not lose the page
            pass
    return "cp1252"  # the web's default


def decode_body(body: bytes, charset: str | None = None, html: bool = False) -> str:
    """Bytes to text: BOM, declared charset, <meta charset>, UTF-8, a detector, Windows-1252."""
    encoding = detect_encoding(body, charset, html)
    return body.decode(encoding, errors="replace").lstrip("\ufeff")


def _all_text(html: str) -> str:
    """Every visible text node of an HTML document, one block per line."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        doc = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return re.sub(r"<[^>]*>", " ", html)
    for bad in doc.xpath("//script|//style|//noscript|//template|//svg|//head"):
        bad.getparent().remove(bad) if bad.getparent() is not None else None
    for br in doc.iter("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"):
        br.tail = "\n" + (br.tail or "")
    text = doc.text_content()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def page_text(body: bytes, content_type: str, url: str = "", *, include_all: bool = False) -> str:
    """Readable text of a page: trafilatura's main text for HTML (all the text when it finds
    none), the decoded text for text/*; "" for anything else.

    With ``include_all`` the rest of the page's text follows the main text, so that facts in
    tables, captions or side boxes the extractor dropped are still found.
    """
    mime, _, params = (content_type or "").partition(";")
    mime = mime.strip().lower()
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip()
    if mime in _HTML_TYPES or (not mime and body[:1024].lstrip().lower().startswith(b"<")):
        html = decode_body(body, charset, html=True)
        main = ""
        try:
            import trafilatura

            main = (
                trafilatura.extract(
                    html,
                    url=url or None,
                    include_comments=False,
                    include_tables=True,
                    favor_recall=True,
                    deduplicate=False,
                )
                or ""
            )
        except Exception:  # a page that breaks the extractor still has text
            main = ""
        if main and not include_all:
            return main
        everything = _all_text(html)
        return f"{main}\n\n{everything}" if main else everything
    if mime.startswith("text/") or not mime:
        return decode_body(body, charset)
    return ""


# --------------------------------------------------------------------------- folding


_FOLD_CACHE: dict[str, str] = {}
_PUNCT_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2026": ".",
}


def _fold_char(ch: str) -> str:
    """One character folded to exactly one character (so offsets never move)."""
    folded = _FOLD_CACHE.get(ch)
    if folded is None:
        if ch in _PUNCT_MAP:
            folded = _PUNCT_MAP[ch]
        elif ch.isascii():
            folded = ch.lower() if ch.isprintable() else " "
        elif unicodedata.category(ch).startswith("C"):
            folded = " "
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
            if len(folded) != 1:
                lower = ch.lower()
                folded = lower if len(lower) == 1 else ch
        _FOLD_CACHE[ch] = folded
    return folded


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class _Folded:
    """Case-, accent- and quote-folded text, the same length as the (whitespace-normalised)
    text it came from, so a match's offsets are offsets into that text."""

    def __init__(self, text: str) -> None:
        folded = text.replace("\u0130", "I").lower()  # İ is the one letter whose lower() grows
        if not folded.isascii():
            folded = _NON_ASCII.sub(lambda m: _fold_char(m.group()), folded)
        self.text = folded
        self.original = text

    def span(self, start: int, end: int) -> tuple[int, int]:
        return start, end


def _fold(text: str) -> str:
    return _Folded(" ".join(text.split())).text


def _snippet(text: str, start: int, end: int, context: int = _CONTEXT) -> str:
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    snippet = " ".join(text[lo:hi].split())
    snippet = "".join(ch for ch in snippet if unicodedata.category(ch)[0] != "C")
    if len(snippet) > SNIPPET_MAX:
        snippet = snippet[: SNIPPET_MAX - 1] + "…"
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) and not snippet.endswith("…") else ""
    return f"{prefix}{snippet}{suffix}"


# --------------------------------------------------------------------------- numbers

_SEP = "[ \u00a0\u202f\u2009']"
_NUMBER_RE = re.compile(
    rf"""
    (?<![\w.,])
    (?P<num>
        \d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?
      | \d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?
      | \d{{1,3}}(?:{_SEP}\d{{3}})+(?![.,]?\d)(?:[.,]\d+)?
      | \d+(?:[.,]\d+)?
    )
    (?!\d)
    (?:[ \u00a0]?(?P<mag>thousand|million|billion|trillion|bn|mn|tn|k|m|b)(?![a-z]))?
    (?:[ \u00a0]?(?P<pct>%|per[ \u00a0]?cent(?![a-z])|percent(?![a-z])|pct(?![a-z])
        |percentage[ \u00a0]points?))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MAGNITUDE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}


def _readings(num: str) -> set[float]:
    """Every plausible value of a written number (``1.500`` is 1500 or 1.5)."""
    s = re.sub(_SEP, " ", num)
    values: set[float] = set()
    if " " in s:
        whole, dec = s, ""
        m = re.match(r"^([\d ]+)(?:[.,](\d+))?$", s)
        if m:
            whole, dec = m.group(1).replace(" ", ""), m.group(2) or ""
            values.add(float(f"{whole}.{dec}" if dec else whole))
        return values
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        if s.rfind(",") > s.rfind("."):  # 1.234,5
            values.add(float(s.replace(".", "").replace(",", ".")))
        else:  # 1,234.5
            values.add(float(s.replace(",", "")))
    elif commas > 1 or (commas == 1 and len(s.split(",")[1]) == 3):
        values.add(float(s.replace(",", "")))
    elif commas == 1:
        values.add(float(s.replace(",", ".")))
    elif dots > 1:
        values.add(float(s.replace(".", "")))
    elif dots == 1:
        values.add(float(s))
        if len(s.split(".")[1]) == 3:
            values.add(float(s.replace(".", "")))
    else:
        values.add(float(s))
    return values


def _key(value: float) -> str:
    return f"{value:.9g}"


def parse_numbers(text: str) -> Iterable[tuple[set[str], bool, int, int]]:
    """(value keys, is a percentage, start, end) for every number written in ``text``."""
    for m in _NUMBER_RE.finditer(text):
        try:
            base = _readings(m.group("num"))
        except ValueError:
            continue
        mag = (m.group("mag") or "").lower()
        values = set(base)
        if mag:
            factor = _MAGNITUDE[mag]
            scaled = {v * factor for v in base}
            values = scaled | base if mag in ("m", "b") else scaled
        keys = {_key(v) for v in values if math.isfinite(v)}
        yield keys, bool(m.group("pct")), m.start(), m.end()


def _fact_number_keys(fact: Fact) -> tuple[set[str], bool]:
    unit = (fact.unit or "").lower()
    text = fact.text or ""
    percent = unit in ("%", "percent", "per cent", "percentage points") or bool(
        re.search(r"%|per\s?cent|percent", text, re.I)
    )
    keys: set[str] = set()
    for found, pct, _s, _e in parse_numbers(text):
        keys |= found
        percent = percent or pct
    if isinstance(fact.value, int | float) and math.isfinite(float(fact.value)):
        keys.add(_key(float(fact.value)))
    return keys, percent


# --------------------------------------------------------------------------- dates

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH = (
    r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_DAY = r"(?P<{g}>\d{{1,2}})(?:st|nd|rd|th)?"
_DATE_RE = re.compile(
    "|".join(
        [
            r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})",
            _DAY.format(g="d1") + r"(?:\s+of)?\s+" + _MONTH.format(g="m1") + r",?\s+(?P<y1>\d{4})",
            _MONTH.format(g="m2") + r"\s+" + _DAY.format(g="d2") + r",?\s+(?P<y2>\d{4})",
            _MONTH.format(g="m3") + r",?\s+(?P<y3>\d{4})",
            r"(?P<na>\d{1,2})[/.](?P<nb>\d{1,2})[/.](?P<ny>\d{4})",
        ]
    )
)  # matched against folded (lower-case) text


def _iso(year: int, month: int, day: int | None = None) -> str | None:
    if not (1 <= month <= 12) or not (1000 <= year <= 2999):
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not (1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


_YEAR_RE = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _date_matches(text: str) -> Iterable[re.Match[str]]:
    """_DATE_RE matches, looked for only around four-digit years (every format has one):
    running the full pattern over a long page is slow."""
    done = -1
    for year in _YEAR_RE.finditer(text):
        if year.start() < done:
            continue
        lo = max(0, year.start() - 32)
        for m in _DATE_RE.finditer(text, lo, min(len(text), year.end() + 12)):
            if m.start() <= year.start() and m.end() >= year.end() and m.start() >= done:
                done = m.end()
                yield m
                break


def parse_dates(text: str, folded: str | None = None) -> Iterable[tuple[set[str], int, int]]:
    """(ISO readings, start, end) for every date written in ``text``.

    ``folded`` is ``text`` already folded (same length), when the caller has it."""
    for m in _date_matches(folded if folded is not None else _Folded(text).text):
        g = m.groupdict()
        found: set[str | None] = set()
        if g["iy"]:
            found.add(_iso(int(g["iy"]), int(g["im"]), int(g["id"])))
        elif g["y1"]:
            found.add(_iso(int(g["y1"]), _MONTHS[g["m1"]], int(g["d1"])))
        elif g["y2"]:
            found.add(_iso(int(g["y2"]), _MONTHS[g["m2"]], int(g["d2"])))
        elif g["y3"]:
            found.add(_iso(int(g["y3"]), _MONTHS[g["m3"]]))
        elif g["ny"]:
            a, b, y = int(g["na"]), int(g["nb"]), int(g["ny"])
            found.add(_iso(y, b, a))  # day first
            found.add(_iso(y, a, b))  # month first
        readings = {d for d in found if d}
        if readings:
            yield readings, m.start(), m.end()


def _fact_date(fact: Fact) -> str | None:
    value = fact.value if isinstance(fact.value, str) else None
    if value and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return value
    for readings, _s, _e in parse_dates(fact.text or ""):
        return sorted(readings)[0]
    year = re.fullmatch(r"\s*(\d{4})\s*", fact.text or "")
    return year.group(1) if year else None


# --------------------------------------------------------------------------- matching


class _Page:
    def __init__(self, text: str) -> None:
        self.text = " ".join(text.split())
        self._folded: _Folded | None = None
        self._numbers: dict[str, list[tuple[bool, int, int]]] | None = None
        self._dates: list[tuple[set[str], int, int]] | None = None

    @property
    def folded(self) -> _Folded:
        if self._folded is None:
            self._folded = _Folded(self.text)
        return self._folded

    @property
    def numbers(self) -> dict[str, list[tuple[bool, int, int]]]:
        if self._numbers is None:
            self._numbers = {}
            for keys, pct, start, end in parse_numbers(self.text):
                for key in keys:
                    self._numbers.setdefault(key, []).append((pct, start, end))
        return self._numbers

    @property
    def dates(self) -> list[tuple[set[str], int, int]]:
        if self._dates is None:
            self._dates = list(parse_dates(self.text, self.folded.text))
        return self._dates

    def folded_find(self, needle: str, whole_words: bool = True) -> tuple[int, int] | None:
        needle = _fold(needle).strip()
        if not needle:
            return None
        if whole_words:
            m = re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", self.folded.text)
            return self.folded.span(m.start(), m.end()) if m else None
        pos = self.folded.text.find(needle)
        return self.folded.span(pos, pos + len(needle)) if pos != -1 else None

    def fuzzy(self, needle: str) -> tuple[float, int, int]:
        """Best partial_ratio of ``needle`` against a window of the page, and that window."""
        folded = _fold(needle).strip()
        if not folded or not self.folded.text:
            return 0.0, 0, 0
        alignment = fuzz.partial_ratio_alignment(folded, self.folded.text)
        if alignment is None:
            return 0.0, 0, 0
        start, end = self.folded.span(alignment.dest_start, alignment.dest_end)
        return float(alignment.score), start, end


def _match_number(page: _Page, fact: Fact) -> tuple[float, str] | None:
    keys, percent = _fact_number_keys(fact)
    for key in keys:
        for pct, start, end in page.numbers.get(key, ()):
            if percent and not pct:
                continue
            return 1.0, _snippet(page.text, start, end)
    return None


def _match_date(page: _Page, fact: Fact) -> tuple[float, str] | None:
    wanted = _fact_date(fact)
    if wanted is None:
        span = page.folded_find(fact.text)
        return (1.0, _snippet(page.text, *span)) if span else None
    if len(wanted) == 4:
        m = re.search(rf"(?<![\d.,]){wanted}(?![\d])", page.text)
        return (1.0, _snippet(page.text, m.start(), m.end())) if m else None
    for readings, start, end in page.dates:
        if any(r == wanted or (len(wanted) == 7 and r.startswith(wanted)) for r in readings):
            return 1.0, _snippet(page.text, start, end)
    return None


def _match_quote(page: _Page, fact: Fact) -> tuple[float, str] | None:
    quote = (fact.text or "").strip().strip("\"'“”‘’«» ")
    if len(_fold(quote)) < 12:
        span = page.folded_find(quote)
        return (1.0, _snippet(page.text, *span, context=30)) if span else None
    score, start, end = page.fuzzy(quote)
    if score < QUOTE_THRESHOLD:
        return None
    return score / 100, _snippet(page.text, start, end, context=0)


def _match_name(page: _Page, fact: Fact) -> tuple[float, str] | None:
    name = " ".join((fact.text or "").split())
    if not name:
        return None
    span = page.folded_find(name)
    if span:
        return 1.0, _snippet(page.text, *span)
    words = [w for w in re.split(r"\s+", name) if w]
    if fact.kind == "speaker" and len(words) >= 2 and len(words[-1]) >= 3:
        span = page.folded_find(words[-1])
        if span:
            return 0.8, _snippet(page.text, *span)
    if len(name) >= 6:
        score, start, end = page.fuzzy(name)
        if score >= NAME_THRESHOLD:
            return score / 100, _snippet(page.text, start, end)
    return None


_MATCHERS = {
    "number": _match_number,
    "date": _match_date,
    "quote": _match_quote,
    "speaker": _match_name,
    "outlet": _match_name,
    "entity": _match_name,
}


def _clean(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def find_evidence(page_text: str, facts: Sequence[Fact], claim_text: str = "") -> dict[str, Any]:
    """Which facts the page contains.

    Returns ``{"found": [fact texts], "missing": [fact texts], "snippets": [{"fact", "kind",
    "snippet", "similarity"}], "score": 0..1, "claim_similarity": 0..1 or None}``. The score
    is the mean similarity over the facts (1.0 for an exact number, date or name, the fuzzy
    similarity for quotes, 0 for a missing fact); with no facts it is the similarity of the
    best window of the page to the whole claim.
    """
    page = _Page(page_text or "")
    found: list[str] = []
    missing: list[str] = []
    snippets: list[dict[str, Any]] = []
    total = 0.0
    seen: set[tuple[str, str]] = set()
    counted = 0
    for fact in facts:
        key = (fact.kind, " ".join((fact.text or "").split()).lower())
        if not key[1] or key in seen:
            continue
        seen.add(key)
        counted += 1
        matcher = _MATCHERS.get(fact.kind, _match_name)
        match = matcher(page, fact) if page.text else None
        label = _clean(fact.text or "")
        if match is None:
            missing.append(label)
            continue
        similarity, snippet = match
        found.append(label)
        total += similarity
        snippets.append(
            {
                "fact": label,
                "kind": fact.kind,
                "snippet": snippet,
                "similarity": round(similarity, 3),
            }
        )
    claim_similarity: float | None = None
    if claim_text.strip() and page.text:
        score, _start, _end = page.fuzzy(claim_text)
        claim_similarity = round(score / 100, 3)
    score = total / counted if counted else (claim_similarity or 0.0)
    return {
        "found": found,
        "missing": missing,
        "snippets": snippets,
        "score": round(score, 3),
        "claim_similarity": claim_similarity,
    }
