"""Sentence segmentation with exact character spans.

``split_sentences(text)`` returns ``[(start, end), ...]`` such that ``text[start:end]`` is one
sentence without surrounding whitespace; spans are in order and never overlap.

How it works, in one pass:

1. One compiled regex finds every *candidate* boundary: runs of sentence-ending punctuation
   (``. ! ? …`` and the CJK / Devanagari enders), line breaks and inline bullets.
2. Each candidate gets a few cheap context checks: the token before it (abbreviation, initial,
   multi-dot abbreviation such as ``U.S.``, number, list marker), what follows (whitespace,
   lower/upper case, a digit, a quote), closing quotes and brackets, URLs and e-mail addresses.
3. Line breaks end a line that has no final punctuation (a headline, a list item) unless the
   line obviously continues (it ends with a comma or a function word, or the paragraph is
   hard-wrapped text); a blank line always ends a sentence.

Conventions: a sentence that ends inside a quotation ends there (``'"We won. It was close,"
she said.'`` gives two spans; ``factcheck.claims`` joins a quote back with its attribution);
inline numbered lists ("1) ... 2) ...") and bullets give one span per item; after an ambiguous
abbreviation ("U.S.", "Inc.", "etc.") a sentence ends only before a typical sentence opener
("The", "It", "However", ...), so "the U.S. Senate" stays whole while "in the U.S. Trump said"
is not split either (a known limit).

Work per candidate is bounded (look-behind windows of a few dozen characters), so the whole
thing is linear in the length of the text; there is no per-character Python loop. Pure Python,
standard library only, nothing heavy at import time. Any ``str`` is accepted, including control
characters, right-to-left text and lone surrogates.
"""

from __future__ import annotations

import heapq
import re

__all__ = ["split_sentences"]

# --------------------------------------------------------------------------------------------
# Word lists (a general English list, written for this module)


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


# Titles and other abbreviations that (almost) always precede a name: never a boundary.
_PREPOSITIVE = _words(
    """mr mrs ms mx dr prof gen sen rep gov lt col sgt capt cmdr adm maj brig rev hon supt insp
    cpl pvt messrs mme mlle msgr fr mt ft pres amb atty det gens sens reps govs lieut cdr"""
)

# Other common abbreviations (matched case-insensitively). After one of them a sentence ends
# only when the next word is a typical sentence opener ("... and Co. They said ...").
_ABBREVIATIONS = _words(
    """jr sr co corp inc ltd llc plc bros dept depts univ assn assoc est approx etc vs v al ca cf
    ibid esp misc ave blvd rd st hwy ln sq fig figs vol vols no nos nr p pp ch chap sec art
    para paras op ed eds min max mins hr hrs yr yrs mo mos km kg mg lb lbs oz gal pt pts qt tbsp
    tsp dept intl natl govt admin comm cong div mfg mgr mkt tel ext ref refs viz seq incl excl
    abbr adj adv aka attn avg bldg cap capt cent cir cres ct dist dr e g eg ie i ea elev eng
    equiv esq gov hosp hts jct mgmt mt mtn no n pl pop prov ps pub rte sgt sr sta ste supp
    vet wk wks pct mln bln"""
)

# Capitalised-only abbreviations (months, week days, US states): case-sensitive.
_CAP_ABBREVIATIONS = _words(
    """Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat
    Sun Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss
    Mo Mont Neb Nebr Nev Okla Ore Oreg Pa Penn Tenn Tex Va Vt Wash Wis Wisc Wyo
    Ont Que Alta"""
)

# Abbreviations that are followed by a number ("No. 5", "p. 55", "Jan. 12").
_NUMBER_ABBREVIATIONS = _words(
    """no nos nr p pp vol vols fig figs ch chap sec art para paras op ca approx tel ext num ed
    jan feb mar apr jun jul aug sep sept oct nov dec rev vs v pt pts rs"""
)

# Multi-dot abbreviations that never end a sentence.
_NEVER_END = frozenset({"e.g", "i.e", "cf", "viz", "eg", "ie"})

# Words that typically open a sentence: after an ambiguous abbreviation ("U.S.", "Inc.", "etc.")
# a capitalised opener from this list means the abbreviation also ended the sentence.
_OPENERS = _words(
    """The A An This That These Those It Its He She They We I You His Her Their Our My Your
    There Here But And Or So Yet However Meanwhile Moreover Furthermore Nevertheless Still In On
    At For After Before When While If As Although Though Since Because Once Until Unless What
    Why How Who Whom Whose Where Which Some Many Most All Both Each Every No Not Also Then Now
    Today Yesterday Tomorrow Last Next First Second Finally Instead Despite During Under Over
    According Earlier Later Such Even Just Only Please Let Do Does Did Is Are Was Were Can
    Could Would Should Shall Might Must Has Have Had Mr Mrs Ms Dr Another Other Others
    Officials Police Authorities Critics Experts Several Few Neither Either Thus Therefore
    Hence Indeed Overall Similarly Likewise Additionally Besides Otherwise Eventually
    Currently Recently Previously Ultimately Although"""
)

# Lower-case words that do not end a line (a line break after them continues the sentence).
_CONTINUE_WORDS = _words(
    """the a an of to and or but nor in on at by for with from into onto upon that which who
    as than whose whom its his her their our my your is are was were be been being has have
    had will would can could should may might must not no"""
)

_MONTHS_DAYS = _words(
    """January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Jan Feb Mar Apr Jun Jul Aug Sep
    Sept Oct Nov Dec Mon Tue Wed Thu Fri Sat Sun"""
)

_PREPOSITIONS_CAP = _words(
    "At By Before After Until Till From Around About Since On Shortly Just Starting"
)

# --------------------------------------------------------------------------------------------
# Regular expressions

_ENDERS = ".!?…‼⁇⁈⁉"
_CJK_ENDERS = "。！？｡．।॥؟۔"
_CLOSERS = "\"'”’»›)]}」』）］】〉》“"
_OPENERS_PUNCT = "\"'“‘«‹([{「『（［【〈《"
_BULLETS = "•◦▪‣⁃●■▸►"
_LINE_BREAKS = "\n\r\u2028\u2029\x85\x0b\x0c"

_BREAK_SET = frozenset(_LINE_BREAKS)
_LINE_END_PUNCT = frozenset(_ENDERS + _CJK_ENDERS + _CLOSERS + ":;")
_BULLET_SET = frozenset(_BULLETS)

# Compiled on the first call, not at import time (``import factcheck.sentences`` stays fast).
_CANDIDATE: re.Pattern[str]
_WS: re.Pattern[str]
_NON_WS: re.Pattern[str]
_NEXT_WORD: re.Pattern[str]
_MULTI_DOT: re.Pattern[str]
_NUMBERISH: re.Pattern[str]
_BLANK_LINE: re.Pattern[str]
_LIST_PREFIX: re.Pattern[str]
_LINE_START_MARKER: re.Pattern[str]
_FOOTNOTE: re.Pattern[str]
_EMOTICON: re.Pattern[str]
_URLISH: re.Pattern[str]
_compiled = False


def _compile() -> None:
    """Compile the regular expressions (once)."""
    global _CANDIDATE, _WS, _NON_WS, _NEXT_WORD, _MULTI_DOT, _NUMBERISH, _BLANK_LINE
    global _LIST_PREFIX, _LINE_START_MARKER, _FOOTNOTE, _EMOTICON, _URLISH
    global _compiled
    # One character class first, so that the regex engine scans fast; the kind of candidate is
    # told by its first character.
    _CANDIDATE = re.compile(
        r"[" + re.escape(_ENDERS + _CJK_ENDERS) + _LINE_BREAKS + _BULLETS + r")]"
        r"(?:[" + re.escape(_ENDERS + _CJK_ENDERS) + r"]|[ \u00a0]\.)*"
        r"[" + re.escape(_CLOSERS) + r"]*"
    )

    _WS = re.compile(r"\s*")
    _NON_WS = re.compile(r"\S")
    _NEXT_WORD = re.compile(r"[^\W_]{1,40}")
    _MULTI_DOT = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z][a-z]\.[A-Z]")
    _NUMBERISH = re.compile(r"[\d.,]*\d")
    # A paragraph break: a line break, optional spaces, another line break; or a paragraph
    # separator (U+2029) or form feed on its own.
    _BLANK_LINE = re.compile(
        r"(?:\r\n|[" + _LINE_BREAKS + r"])[ \t\f\v]*(?:\r\n|[\n\r\u2028\u2029\x85])|[\u2029\x0c]"
    )
    _LIST_PREFIX = re.compile(
        r"\s*(?:[" + _BULLETS + r"*\-–—]\s*)?\(?"
        r"(?:\d{1,3}|[A-Za-z]|(?i:x?(?:i{1,3}|iv|vi{0,3}|ix)|x{1,2}))"  # number, letter, roman
        r"(?:\.\)|[.)])"
    )
    _LINE_START_MARKER = re.compile(
        r"[ \t]*(?:[" + _BULLETS + r"*\-–—+](?=\s|\d)|\(?(?:\d{1,3}|[A-Za-z])(?:\.\)|\)|\.)\s)"
    )
    _FOOTNOTE = re.compile(
        r"(?:\[\d{1,3}\])+(?=\s+[\"“‘(]?[A-Z])|\d{1,3}(?:,? \d{1,3}){0,4}(?=\s+[\"“‘(]?[A-Z][a-z])"
    )
    _EMOTICON = re.compile(r"[:;=][-'^]?[()DPpOo3\]\[/\\|*]+(?=\s|$)")
    _URLISH = re.compile(r"[/@:]|www\.|\.(?:com|org|net|gov|edu|io|uk|de|fr)\b", re.I)
    _compiled = True


_LOOKBACK = 80  # characters inspected before a candidate
_WRAP_MIN = 45  # a hard-wrapped paragraph has lines at least this long


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return exact ``(start, end)`` character spans.

    ``text[start:end]`` is the sentence with no leading or trailing whitespace (as ``str.strip``
    defines it). Spans are in order and do not overlap. Empty or blank text gives ``[]``.
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences() needs a str, not {type(text).__name__}")
    n = len(text)
    if n == 0:
        return []
    if not _compiled:
        _compile()
    cuts = _find_cuts(text)
    spans: list[tuple[int, int]] = []
    prev = 0
    for cut in cuts:
        _add_span(text, prev, cut, spans)
        prev = cut
    _add_span(text, prev, n, spans)
    return spans


def _add_span(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    if b <= a:
        return
    seg = text[a:b]
    stripped = seg.strip()
    if not stripped:
        return
    s = a + (len(seg) - len(seg.lstrip()))
    spans.append((s, s + len(stripped)))


# --------------------------------------------------------------------------------------------


class _State:
    """Per-call state: where the current sentence starts, cached paragraph facts."""

    __slots__ = ("block_end", "block_wrapped", "sent_start")

    def __init__(self) -> None:
        self.sent_start = 0
        self.block_end = -1
        self.block_wrapped = False


def _find_cuts(text: str) -> list[int]:
    st = _State()
    cuts: list[int] = []
    n = len(text)
    # Cuts before the items of inline lists ("1) ... 2) ..."), found when the list starts.
    pending: list[int] = [n + 1]  # a heap, with a sentinel
    for m in _CANDIDATE.finditer(text):
        start = m.start()
        if start >= pending[0]:
            while pending[0] <= start:
                c = heapq.heappop(pending)
                if c > st.sent_start and _has_content(text, st, c):
                    cuts.append(c)
                    st.sent_start = c
        first = text[start]
        if (first == "." or first == ")") and start > 0 and text[start - 1] in "1a":
            lst = _list_start(text, start)
            if lst is not None:
                head, items = lst
                if head > st.sent_start and _has_content(text, st, head):
                    cuts.append(head)
                    st.sent_start = head
                for c in items:
                    heapq.heappush(pending, c)
        if first == ")":
            # A ")" is a candidate only for lists; punctuation glued after it is a real one.
            g = m.group()
            if len(g) < 2 or (g[1] not in _ENDERS and g[1] not in _CJK_ENDERS):
                continue
            start += 1
            first = g[1]
        if first in _BREAK_SET:
            cut = _decide_newline(text, start, st)
        elif first in _BULLET_SET:
            cut = _decide_bullet(text, start, st)
        else:
            g = m.group()
            if start > m.start():
                g = g[1:]  # after a ")"
            term = g.rstrip(_CLOSERS)
            cut = _decide_term(text, _Cand(start, term, g[len(term) :]), st)
        if cut > st.sent_start and cut < n:
            cuts.append(cut)
            st.sent_start = cut
    while len(pending) > 1:
        c = heapq.heappop(pending)
        if c > st.sent_start and _has_content(text, st, c):
            cuts.append(c)
            st.sent_start = c
    return cuts


def _has_content(text: str, st: _State, i: int) -> bool:
    """Has the current sentence any non-space character before ``i``? When it has none, the
    sentence start moves up to ``i``, so that no stretch of whitespace is scanned twice."""
    if _NON_WS.search(text, st.sent_start, i) is None:
        if i > st.sent_start:
            st.sent_start = i
        return False
    return True


def _decide_bullet(text: str, i: int, st: _State) -> int:
    """An inline bullet ("• first • second") starts a new item when preceded by whitespace."""
    if i > 0 and not text[i - 1].isspace():
        return -1
    if i + 1 < len(text) and not (text[i + 1].isspace() or text[i + 1].isalnum()):
        return -1
    if not _has_content(text, st, i):
        return -1
    return i


def _token_before(text: str, i: int, floor: int = 0) -> str:
    """The whitespace-delimited token that ends at ``i`` (bounded look-behind, not before
    ``floor``, the start of the current sentence)."""
    lo = i - _LOOKBACK if i > _LOOKBACK else 0
    if lo < floor:
        lo = floor
    window = text[lo:i]
    if not window or window[-1].isspace():
        return ""
    parts = window.rsplit(None, 1)
    return parts[-1] if parts else ""


def _word_before(text: str, i: int) -> str:
    """The word before position ``i`` (skipping whitespace), bounded."""
    lo = i - _LOOKBACK if i > _LOOKBACK else 0
    parts = text[lo:i].rsplit(None, 1)
    return parts[-1] if parts else ""


class _Cand:
    """A run of sentence-ending punctuation (``term``) and the closers after it (``close``)."""

    __slots__ = ("_end", "close", "start", "term")

    def __init__(self, start: int, term: str, close: str) -> None:
        self.start = start
        self.term = term
        self.close = close
        self._end = start + len(term) + len(close)

    def end(self) -> int:
        return self._end


def _decide_term(text: str, m: _Cand, st: _State) -> int:
    n = len(text)
    term = m.term
    close = m.close
    tstart = m.start
    end = m.end()
    if end >= n:
        return -1
    # CJK / Devanagari enders need no following space.
    if term[-1] in _CJK_ENDERS:
        return end
    c = text[end]
    if c == " " and end + 1 < n and not text[end + 1].isspace():
        ws_end = end + 1  # the common case: one space
    else:
        if not c.isspace():
            return _decide_glued(text, m, st, end)
        ws_end = _WS.match(text, end).end()
        if ws_end >= n:
            return -1
        if ws_end - end > 1 and _is_blank_between(text, end, ws_end):
            return end  # the paragraph ends here anyway
    nxt = text[ws_end]

    if "." in term and len(term) > 1 and ("!" not in term and "?" not in term):
        return _decide_ellipsis(text, m, st, ws_end)
    if term[0] == "…":
        return _decide_ellipsis(text, m, st, ws_end)

    if nxt in _ENDERS:
        return -1  # "Really? ?" - stray punctuation stays with its sentence
    if (nxt == ":" or nxt == ";" or nxt == "=") and (em := _EMOTICON.match(text, ws_end)):
        return em.end() if _NON_WS.search(text, em.end(), em.end() + 3) else -1

    if "." not in term:  # ! ? and friends
        if nxt in "-–—":
            # "and -- voila! -- you have cake" goes on; "What now? - Posted ..." does not.
            k = ws_end
            while k < n and k < ws_end + 6 and (text[k] in "-–— "):
                k += 1
            return end if k < n and text[k].isupper() else -1
        if nxt.islower():
            if close:
                return -1  # '"Stop!" he said.'
            tok = _token_before(text, tstart, st.sent_start)
            if tok[:1].isupper() and tok[1:].islower() and "!" in term:
                return -1  # "Yahoo! in the ..."
            return end
        return end

    # A single period (possibly followed by closers).
    if _is_list_marker(text, st, end):
        return -1  # "1.) The first item", "• 9. The first item"
    tok = _token_before(text, tstart, st.sent_start)
    core = tok.lstrip(_OPENERS_PUNCT)
    if nxt.islower():
        if close:
            return -1
        if not core or core[-1].isdigit():
            return -1  # "for 1. above"
        return -1 if _is_abbreviation_like(core) else end
    if nxt.isdigit():
        if close:
            return end
        low = core.lower()
        if low in _NUMBER_ABBREVIATIONS or low in _PREPOSITIVE or core.endswith("°"):
            return -1
        if low in _ABBREVIATIONS or core in _CAP_ABBREVIATIONS or _MULTI_DOT.fullmatch(core):
            return -1  # "Acme Corp. 713 ...", "Washington, D.C. 20006"
        return end
    if close:
        return end
    if not core:
        return end
    if (ws_end - end > 1 or text[end] != " ") and _has_break(text, end, ws_end):
        # A period at the end of a line, and the next line starts with a capital: a boundary
        # unless the period belongs to a title or an initial ("Dr.\nSmith", "J.\nSmith").
        low = core.lower()
        if low not in _PREPOSITIVE and not (len(core) == 1 and core.isalpha()):
            return end
    return _decide_word_period(text, core, tstart, ws_end, st)


def _has_break(text: str, a: int, b: int) -> bool:
    return any(ch in _BREAK_SET for ch in text[a:b])


def _is_blank_between(text: str, a: int, b: int) -> bool:
    return _BLANK_LINE.search(text, a, b) is not None


def _is_abbreviation_like(core: str) -> bool:
    low = core.lower()
    if low in _ABBREVIATIONS or low in _PREPOSITIVE or core in _CAP_ABBREVIATIONS:
        return True
    if len(core) == 1 and core.isalpha():
        return True
    return bool(_MULTI_DOT.fullmatch(core))


def _is_list_marker(text: str, st: _State, end: int) -> bool:
    """True when the sentence so far is only a list marker such as "1." or "• 9." or "a."."""
    start = st.sent_start
    if end - start > 16:
        return False
    return _LIST_PREFIX.fullmatch(text, start, end) is not None


def _next_word(text: str, j: int) -> str:
    k = j
    n = len(text)
    while k < n and k < j + 3 and text[k] in _OPENERS_PUNCT:
        k += 1
    wm = _NEXT_WORD.match(text, k)
    return wm.group() if wm else ""


def _decide_word_period(text: str, core: str, tstart: int, j: int, st: _State) -> int:
    """A period after ``core`` followed by whitespace and a non-lower-case character at ``j``."""
    end_cut = tstart + 1
    nxt = text[j]
    low = core.lower()
    if low in _PREPOSITIVE and core[0].isalpha():
        return -1
    if low in _NEVER_END:
        return -1
    if len(core) == 1 and core.isalpha():
        if core.islower():
            return -1
        # A capital letter: an initial ("J. K. Rowling") unless it clearly ends a sentence.
        if not nxt.isupper():
            return end_cut if not nxt.isalpha() and nxt not in _OPENERS_PUNCT else -1
        word = _next_word(text, j)
        prev = _word_before(text, tstart - len(core))
        prev_lower = prev[:1].islower()
        if core == "I" and prev_lower:
            return end_cut  # "... you and I. Did you"
        if prev_lower and word in _OPENERS and word != "I":
            return end_cut  # "vitamin C. The"
        return -1
    if _MULTI_DOT.fullmatch(core):
        if low in ("a.m", "p.m"):
            return _decide_time(text, tstart, j, st)
        return end_cut if _next_is_opener(text, j) else -1
    if low in _ABBREVIATIONS or core in _CAP_ABBREVIATIONS:
        return end_cut if _next_is_opener(text, j) else -1
    return end_cut


def _next_is_opener(text: str, j: int) -> bool:
    nxt = text[j]
    if nxt in '"“‘«':
        return j + 1 < len(text) and text[j + 1].isupper()
    word = _next_word(text, j)
    return word in _OPENERS


def _decide_time(text: str, tstart: int, j: int, st: _State) -> int:
    """After "a.m." / "p.m.": a boundary before a capitalised word, unless the next word is a
    day, month or time zone, or the sentence so far is only a time phrase ("At 5 a.m. Mr...")."""
    word = _next_word(text, j)
    if not word or not word[0].isupper():
        return -1 if word else tstart + 1
    if word in _MONTHS_DAYS or (word.isupper() and 2 <= len(word) <= 4):
        return -1
    if tstart - st.sent_start <= 40:
        seg = text[st.sent_start : tstart]
        words = seg.split()
        if len(words) <= 4 and words and words[0] in _PREPOSITIONS_CAP:
            return -1
    return tstart + 1


def _decide_ellipsis(text: str, m: _Cand, st: _State, j: int) -> int:
    """Ellipses: "...." (period + ellipsis) ends a sentence before a capital; "..." and "…" end
    one before a capital word other than "I"; the spaced ". . ." marks an omission."""
    term = m.term
    tstart = m.start
    nxt = text[j]
    dots = term.count(".") + 3 * term.count("…")
    spaced = " " in term or "\u00a0" in term
    upper_next = nxt.isupper() or (nxt in "\"'“‘«" and j + 1 < len(text) and text[j + 1].isupper())
    if not upper_next:
        return -1
    if spaced:
        if dots >= 4:
            attached = tstart > 0 and not text[tstart - 1].isspace()
            if attached:
                return tstart + 1  # "compounds. . . . The" -> ". . . The" opens the next one
            return m.end()
        return -1
    word = _next_word(text, j)
    if word == "I" and dots <= 3:
        return -1
    return m.end()


def _decide_glued(text: str, m: _Cand, st: _State, j: int) -> int:
    """Punctuation directly followed by a non-space character ("world.Today")."""
    nxt = text[j]
    if (nxt == "[" or nxt.isdigit()) and "." in m.term:
        return _decide_footnote(text, m, j)
    if not nxt.isupper():
        return -1
    term = m.term
    tstart = m.start
    close = m.close
    if close:
        return m.end()
    if term != "." and "." in term:
        return -1
    # The next word must look like an ordinary capitalised word ("Today", not "NET" or "S").
    word_m = _NEXT_WORD.match(text, j)
    word = word_m.group() if word_m else ""
    if len(word) < 2 or not word[1:].islower():
        return -1
    after = word_m.end() if word_m else j
    if after + 1 < len(text) and text[after] in "@/.:" and not text[after + 1].isspace():
        return -1
    tok = _token_before(text, tstart, st.sent_start)
    core = tok.lstrip(_OPENERS_PUNCT)
    if not core or _URLISH.search(tok):
        return -1
    if term == ".":
        low = core.lower()
        if low in _PREPOSITIVE or low in _ABBREVIATIONS or core in _CAP_ABBREVIATIONS:
            return -1
        if "." in core or len(core) < 2:
            return -1
        if not (core.isalpha() and core[1:].islower()) and not _NUMBERISH.fullmatch(core):
            return -1
    return m.end()


def _decide_footnote(text: str, m: _Cand, j: int) -> int:
    """A reference right after the period: "martyr.[1] The", "(1987).1 According"."""
    fm = _FOOTNOTE.match(text, j)
    if fm is None:
        return -1
    if text[j] != "[":
        before = text[m.start - 1] if m.start > 0 else " "
        if not (before.isalpha() or before == ")"):
            return -1  # a decimal number such as 3.5
    return fm.end()


# --------------------------------------------------------------------------------------------
# Line breaks


def _decide_newline(text: str, i: int, st: _State) -> int:
    if i > 0 and text[i - 1] in _BREAK_SET:
        return -1  # an empty line: the break before it decided
    n = len(text)
    after = i + 2 if text.startswith("\r\n", i) else i + 1
    if (after < n and text[after] in _BREAK_SET) or text[i] in "\u2029\x0c":
        # A blank line right after: a boundary if this sentence has any content.
        if not _has_content(text, st, i):
            return -1
        return after
    # The content of the line that ends here.
    line_lo = max(st.sent_start, i - 400)
    k = _last_line_start(text, line_lo, i)
    line = text[k:i].strip()
    if not line:
        return -1
    # Blank line (paragraph break): always a boundary.
    ws_end = _WS.match(text, after).end()
    if ws_end >= n:
        return -1
    if _is_blank_between(text, i, ws_end):
        return after
    last = line[-1]
    if last in _ENDERS or last in _CJK_ENDERS:
        return -1  # decided by the punctuation candidate
    if last in _CLOSERS and len(line) > 1 and line[-2] in _ENDERS:
        return -1
    # The next line starts a list item: boundary.
    if _LINE_START_MARKER.match(text, after):
        return after
    if last == ":":
        # "Key findings:" / "Hi David:" above a capitalised line is a line of its own;
        # 'He said:' above a quotation or a lower-case line goes on.
        return after if text[ws_end].isupper() or text[ws_end].isdigit() else -1
    if last in ",;-–—(/&+":
        return -1
    lastword = line.rsplit(None, 1)[-1]
    if lastword in _CONTINUE_WORDS:
        return -1
    if _block_is_wrapped(text, k, st):
        return -1
    nxt = text[ws_end]
    if nxt.islower() and len(line) >= _WRAP_MIN:
        return -1
    return after


def _last_line_start(text: str, lo: int, i: int) -> int:
    best = lo
    for ch in "\n\r\u2028\u2029\x85\x0b\x0c":
        p = text.rfind(ch, lo, i)
        if p + 1 > best:
            best = p + 1
    return best


def _block_is_wrapped(text: str, line_start: int, st: _State) -> bool:
    """Is the paragraph around ``line_start`` hard-wrapped (lines of similar, long length)?"""
    if line_start < st.block_end:
        return st.block_wrapped
    bm = _BLANK_LINE.search(text, line_start)
    bend = bm.start() if bm else len(text)
    # Look at a bounded slice of the block: enough to judge the wrapping.
    lines = [x.rstrip() for x in text[line_start : min(bend, line_start + 4000)].splitlines()]
    body = [len(x) for x in lines[:-1]]
    wrapped = False
    if len(body) >= 2:
        width = max(body)
        if _WRAP_MIN <= width <= 140:
            close = sum(1 for w in body if w >= width - 20)
            # Wrapped lines mostly end mid-sentence; one paragraph per line ends with punctuation.
            ended = sum(1 for x in lines[:-1] if x and x[-1] in _LINE_END_PUNCT)
            wrapped = close >= 0.75 * len(body) and ended <= 0.5 * len(body)
    st.block_end = bend
    st.block_wrapped = wrapped
    return wrapped


# --------------------------------------------------------------------------------------------
# Inline numbered lists: "1) first 2) second", "1. The first item 2. The second item"


def _list_start(text: str, p: int) -> tuple[int, list[int]] | None:
    """Is the "." or ")" at ``p`` the marker of a list's first item ("1.", "1)", "1.)", "a.")?
    Return (where to cut before the list or -1, cuts before the following items)."""
    start = p - 1
    if start > 0 and not text[start - 1].isspace():
        return None
    style = text[p]
    if style == "." and text.startswith(")", p + 1):
        style = ".)"
    after = p + len(style)
    if after >= len(text) or not text[after].isspace():
        return None
    # The list must start a line, the text, or follow the end of a sentence or a colon.
    before = text[max(0, start - 40) : start].rstrip(" \t")
    if before and before[-1] not in ".!?:;\n\r" + _CLOSERS:
        return None
    found = _follow_list(text, after, text[start], style)
    if not found:
        return None
    return (start if before else -1), found


def _follow_list(text: str, pos: int, first: str, style: str) -> list[int]:
    found: list[int] = []
    cur = first
    window = 400
    while True:
        nxt = chr(ord(cur[-1]) + 1) if not cur.isdigit() else str(int(cur) + 1)
        if nxt.isdigit() is False and not nxt.isalpha():
            break
        pat = " " + nxt + style + " "
        p = text.find(pat, pos, pos + window)
        if p < 0:
            p2 = text.find("\n" + nxt + style + " ", pos, pos + window)
            if p2 < 0:
                break
            p = p2
        found.append(p + 1)
        pos = p + len(pat)
        cur = nxt
        if len(found) > 200:
            break
    return found
