"""Claim detection: which sentences of an article a fact-checker should look at, and why.

``extract_claims(text)`` splits the text into sentences (``factcheck.sentences``), keeps a
quote together with its attribution (also over several sentences, and a news-style quote
running over paragraphs), drops what is not a claim (a repeated headline, boilerplate,
bylines, datelines, questions, imperatives) and scores every remaining unit from 0 to 1 with
hand-set, explainable weights: numbers, dates, quotes, sources, comparisons, causal wording,
predictions, policy and legislative facts, past events, named entities, and opinion or
promise wording that lowers the score. Figures weigh by what they are: money, shares and large
counts most, above all about a public matter (the economy, a budget, crime, a war); a length
of time or an age least. Records ("the lowest rate ever recorded", "a 45-year low") weigh more;
one person's story, a plan or a request, and a quote told as a story ("I said, '...'") less.
A unit that carries a checkable fact (a number, a date, a quote with a named speaker, a named
source) always reaches the default threshold, unless it is an opinion or a promise, or talk
about the speaker or the listener ("I", "you") with no public subject. In a document, a
sentence that restates an earlier one (most of its words, and all of its figures) weighs less:
it is checked where it first appears. ``score_sentence`` applies the same scoring to one
sentence without document context (for benchmarks and the TUI).

Kinds name what a checker would check, one to three per claim: ``statistic`` for a quantity to
look up (not a length of time, not "the two"), ``comparison`` for two figures, an explicit
comparison, a superlative or a record (not "more than 20,000", which is the quantity itself),
``date-event`` for when something happened (not a date that only sets the period of a figure),
``attribution`` for a cited outlet, report or study, or reported speech without a direct
quote, ``quote`` for a direct quote (its checklist covers who said it), ``causal`` (not a mere
purpose, "so that") and ``prediction``.

Every feature that fired is reported as a short reason in plain English (article text inside
a reason is cut short and stripped of control characters). The checkable pieces are
:class:`~factcheck.model.Fact` objects whose ``start``/``end`` are offsets into the article:
``number`` (``value`` a float, ``unit`` such as ``%``, ``€``, ``people``, ``km``), ``date``
(``value`` an ISO date, year-month or year where it can be read), ``quote`` (the words between
the quote marks), ``speaker`` (the name; when a pronoun was resolved, ``start``/``end`` point
at the pronoun, so ``text`` may differ from the article there), ``outlet`` and ``entity``.

Pure Python with precompiled regular expressions and word sets, no models, no downloads.
Expensive patterns only run on sentences that contain their trigger (a digit, a quote mark, a
month, a speech verb, ...), and cue words are looked up in sets.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from factcheck.errors import InputError
from factcheck.model import KINDS, DetectedClaim, Fact

__all__ = [
    "DEFAULT_MIN_SCORE",
    "extract_claims",
    "is_boilerplate",
    "parse_number",
    "score_sentence",
]


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


#: Claims scoring below this are left out unless the caller asks for a different threshold.
DEFAULT_MIN_SCORE: float = 0.5

_MAX_MERGE = 12  # at most this many sentences are joined to keep a quote whole
_MAX_MERGE_CHARS = 4000

# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĜĞĠĢĤĦĨĪĮİĴĶĹĻĽŁŃŅŇŌŐŒŔŘŚŜŞŠŢŤŪŬŮŰŲŴŶŸŹŻŽ"
_LO = "a-zß-öø-ÿāăąćĉċčďđēėęěĝğġģĥħĩīįıĵķĺļľłńņňōőœŕřśŝşšţťūŭůűųŵŷźżž"
_CAPWORD = (
    rf"(?:(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Jr|Sr|Mt)\.|[{_UP}]\.(?=\s)"
    rf"|[{_UP}]{{2,}}(?![{_LO}])|[{_UP}](?:[{_LO}]|['’\-][{_UP}{_LO}])[{_LO}{_UP}'’\-]*)"
)
_CONNECT = r"(?:of|the|de|du|des|la|le|van|von|der|den|da|di|del|al|bin|ibn|y|for|&)"
_NAME = rf"{_CAPWORD}(?:[ \u00a0]+(?:{_CONNECT}[ \u00a0]+)?{_CAPWORD}){{0,5}}"
_ENTITY_RE = re.compile(
    rf"(?=[{_UP}])(?<![\w'’\-]){_CAPWORD}(?:[ \u00a0]+(?:{_CONNECT}[ \u00a0]+){{0,2}}{_CAPWORD})+"
)
_CAPS_RE = re.compile(rf"(?<![\w'’\-])(?:[{_UP}][{_LO}]+|[{_UP}]{{2,}}\b)")

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d|21\d\d)"
_DATE_RE = re.compile(
    rf"(?=[\dA-Zltnye])(?<![\w\-/])(?:"
    rf"(?P<iso>(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01]))"
    rf"|(?P<num>(?P<nd>{_DAY})[/.](?P<nm>0?[1-9]|1[0-2])[/.](?P<ny>{_YEAR}))"
    rf"|(?:(?P<wd1>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<dmy>(?P<d1>{_DAY})\s+(?:of\s+)?"
    rf"(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?)"
    rf"|(?:(?P<wd2>{_WEEKDAY}),?\s+)?(?P<mdy>(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?![\d,.]\d)"
    rf"(?:,?\s+(?P<y2>{_YEAR}))?)"
    rf"|(?P<my>(?P<m3>{_MONTH}),?\s+(?:of\s+)?(?P<y3>{_YEAR}))"
    rf"|(?P<decade>(?:the\s+)?(?:mid-|early\s|late\s)?(?:1[5-9]|20)\d0(?:'s|s))"
    rf"|(?P<wd>{_WEEKDAY})"
    rf"|(?P<rel>(?:last|next|this|earlier\s+this|later\s+this)\s+(?:week|month|year|decade|"
    rf"century|spring|summer|autumn|fall|winter|{_WEEKDAY})|yesterday|\d+\s+(?:years|months|weeks|"
    rf"days)\s+ago)"
    rf")(?![\w\-])"
)

_CURRENCY = r"(?:US\$|A\$|C\$|NZ\$|HK\$|R\$|\$|€|£|¥|₹|₽|₩|₺|(?:EUR|USD|GBP|CHF|JPY)[ \u00a0]?)"
_DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 80,000  1,234.5
    r"|\d{1,3}(?:\.\d{3})+,\d+"  # 1.234,5
    r"|\d{1,3}(?:\.\d{3}){2,}"  # 1.234.567
    r"|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:,\d+)?"  # 80 000 (non-breaking space)
    r"|\d+(?:[.,]\d+)?"  # 42  3.5  3,5
    r"|[.,]\d+"  # .5
)
_MAGNITUDE = (
    r"(?:[ \u00a0]?(?:million|billion|trillion|thousand|hundred|mn|bn|mln|crore|lakh)\b"
    r"|(?:k|K)\b|(?:m|M|B|bn)(?=\W|$))"
)
_UNIT_WORDS = (
    r"people|persons|residents|inhabitants|citizens|deaths|dead|died|victims|casualties|cases|"
    r"infections|patients|children|kids|women|men|adults|students|workers|employees|jobs|"
    r"soldiers|troops|refugees|migrants|voters|votes|seats|homes|houses|households|families|"
    r"schools|hospitals|beds|doctors|nurses|companies|firms|countries|states|cities|"
    r"km|kilometres|kilometers|miles|mi|metres|meters|m|cm|mm|feet|ft|inches|yards|"
    r"kg|kilograms|grams|g|tonnes|tons|t|lbs?|pounds|ounces|litres|liters|gallons|barrels|"
    r"hectares|ha|acres|sq[ .]?km|km²|m²|square (?:kilo)?met(?:re|er)s|square miles|"
    r"euros?|dollars?|cents|pence|yen|yuan|rupees|francs|pesos|roubles|rubles|"
    r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades|centuries|"
    r"mph|km/h|kmh|knots|GW|MW|kW|kWh|MWh|GWh|TWh|degrees|points|times|fold|"
    r"per[ \u00a0]?cent|percent|percentage[ \u00a0]points?"
)
_NUMBER_RE = re.compile(
    rf"(?<![\w.,\-/])(?<![A-Za-z]-)(?:(?P<cur>{_CURRENCY})[ \u00a0]?)?"
    rf"(?P<num>{_DIGITS})(?!/\d)(?P<mag>{_MAGNITUDE})?"
    rf"(?:(?P<sym>[ \u00a0]?(?:%|‰|°[CF]?|€|£|\$|pp\b))"
    rf"|(?:[ \u00a0\-](?P<unit>(?:(?:million|billion|thousand)[ \u00a0])?(?:{_UNIT_WORDS})"
    rf"|year-old|month-old|week-old|day-old)(?![\w]))"
    rf"|(?P<ord>st|nd|rd|th)\b)?"
)

_SMALL = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "one": 1,
    "a": 1,
    "dozen": 12,
}
_FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_SCALE = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNITS_1_9 = "one|two|three|four|five|six|seven|eight|nine"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_WORDNUM_RE = re.compile(
    rf"(?<![\w\-])(?P<w>(?:one|two|three|a)[\s\-](?:third|quarter|fifth|tenth)s?|(?:(?:{_TENS})(?:[\-\s](?:{_UNITS_1_9}))?|{_TEENS}|"
    rf"two|three|four|five|six|seven|eight|nine|a|one|a dozen|dozen)"
    rf"(?:\s(?:hundred|thousand|million|billion|trillion))*"
    rf"|(?:hundreds|thousands|millions|billions|tens of thousands|dozens)\s+of|half\s+of)"
    rf"(?:[\s\-](?P<unit>percent|per cent|{_UNIT_WORDS}))?(?![\w])",
    re.IGNORECASE,
)

# Cue words. The text is lower-cased once and cut into word tokens; single words are looked
# up in a dict and phrases are checked from their first word, which is much faster than a
# large case-insensitive regular expression. Word lists are general English, written here.
_FAMILY_WORDS: dict[str, str] = {
    "superlative": """largest biggest highest lowest smallest greatest fastest slowest strongest
        weakest richest poorest oldest youngest longest shortest deadliest worst least fewest""",
    "weakcmp": "best most top leading",
    "comparative": """twice doubled doubles tripled triples quadrupled halved outpaced outpaces
        exceeded exceeds surpassed surpasses""",
    "change": """increase increased increases increasing decrease decreased decreases decreasing
        rose risen rising rises fell fallen falls falling dropped drops declined decline declines
        declining grew grown grows growing growth shrank shrunk soared surged plunged plummeted
        jumped climbed slumped tumbled cut cuts slashed raised reduced reduction lost gained rise
        drop""",
    "causal": "because caused causes causing triggered therefore consequently prompted sparked",
    "prediction": """expects expect forecast forecasts forecasted predicts predict predicted
        projected projection projections""",
    "attribution": """said says told stated announced claimed reported confirmed denied admitted
        acknowledged revealed testified wrote tweeted posted estimated concluded""",
    "evidence": """study studies survey poll polls census statistics report figures data analysis
        audit investigation research researchers scientists experts officials estimates""",
    "policy": """voted bill bills law laws legislation act amendment treaty resolution veto vetoed
        signed passed enacted repealed ratified budget deficit surplus debt tax taxes taxed
        tariff tariffs spending spent funding funded program programs programme programmes
        medicare medicaid welfare pension pensions unemployment unemployed inflation gdp
        recession economy wage wages income incomes poverty crime murder murders homicide
        homicides prison prisons troops army navy military nuclear weapons missile missiles
        sanctions invaded invasion war embargo export exports import imports trade oil emissions
        insurance premiums healthcare subsidy subsidies subsidized congress senate parliament
        court ruled convicted sentenced charged arrested indicted elected appointed nominated
        administration government federal billion million trillion dollars percent jobs salary
        salaries loan loans mortgage mortgages rates death deaths killed died population vote
        votes""",
    "action": """was were never created built closed opened won lost sent sold bought paid
        borrowed hired fired approved rejected proposed supported opposed introduced launched
        established founded destroyed attacked occupied withdrew released received none zero
        nobody didn't""",
    "opinion": "i'll we'll let's frankly",
    "modal": "should must would could might if can will shall let",
    "evaluative": """great wonderful terrible good bad important proud fantastic tremendous
        beautiful incredible amazing disaster disastrous dangerous wrong fair unfair ridiculous
        outrageous shameful hope dream value values believe deserve deserves vision future
        leadership strength courage opportunity freedom""",
    "address": "you your yours",
}
# Phrases: "a|b" is a choice, "*" any one word, "ED" a past participle, "YEAR" a year from
# 2020 on.
_FAMILY_PHRASES: dict[str, str] = {
    "superlative": """the|its|their|our|his|her only; number one; record high|low|level|levels|
        number; for the first time""",
    "weakcmp": "the|its|their|our|his|her first; at least|most",
    "scope": """in the world; in history; in the country; in the nation; in america; in europe;
        on record; ever recorded; of all time; in decades; in a generation; since records;
        first time in|since; in living memory; year|decade high|low; all time high|low""",
    "comparative": """more|less|fewer|greater|higher|lower|larger|bigger|smaller|better|worse
        than; as many|much|high|low|large|big|few|little as; compared to|with;
        three|four|five|ten times; half as|the; than ever|any|anyone|anybody""",
    "change": "up from; down from; went|gone|go|goes|going up|down|from",
    "causal": """due to; cause of; led|leads|lead|leading to; result|resulted|results|resulting
        in; as a result; thanks to; blamed|blame for|on; responsible for; contributed to;
        owing to; linked to; attributed to; the reason; so that; driven by; in response to;
        because of""",
    "prediction": """expected to; is|are set to; likely|unlikely to; on track to;
        will reach|rise|fall|cost|double|increase|decrease|grow|be|have|become|create|lose;
        in the coming""",
    "attribution": """according to; states|claims|reports|found|showed|shows|show that;
        in a statement; in an interview""",
    "policy": """social security; health care; interest rate|rates; supreme court;
        minimum wage""",
    "action": """has|have|had been; did not; there are|were|is|was;
        no one; not a single; every single""",
    "opinion": """i think|believe|feel|hope|want|wish|will|intend|promise|pledge|support|oppose|
        favor|favour|would|can|suppose|guess|agree|disagree|know|understand|say;
        i'd like; i would like; i'm going to; i'm proud|not; i am proud; i am not going;
        i don't think|know; we will|must|should|need|can; we're going to; we are going to;
        we've got to; we have to; let me|us; thank you; in my opinion|view|judgment; my view;
        you know; of course; believe me; ladies and gentlemen; my friends|fellow; god bless;
        seems to me; it's time""",
    "modal": "ought to; need|needs|got|want|wants|going to",
    "request": """calling|call|calls|called on; i'm|i am|we're|we are asking; will ask;
        plans|plan|planning to; urge|urging|urged congress|parliament|lawmakers""",
    "effect": """plan|plans|bill|bills|proposal|proposals|budget|law|laws|policy|policies|program|
        programs|amendment|treaty|deal|tax|taxes|cuts|cut|legislation would|will|could|cost|
        costs|raise|raises|cut|cuts|add|adds|increase|increases|reduce|reduces|eliminate|
        eliminates|provide|provides|require|requires|give|gives|take|takes""",
}
_IRREGULAR_PP = _words(
    """had gone done made given taken won lost seen built become been grown risen fallen paid
    sent sold bought spent cut put set kept left brought thought told said shown known
    written driven broken chosen begun run"""
)


def _compile_lexicon() -> tuple[
    dict[str, tuple[str, ...]], dict[str, list[tuple[tuple[frozenset[str], ...], str]]]
]:
    single: dict[str, tuple[str, ...]] = {}
    for fam, words in _FAMILY_WORDS.items():
        for w in words.split():
            single[w] = (*single.get(w, ()), fam)
    phrases: dict[str, list[tuple[tuple[frozenset[str], ...], str]]] = {}
    for fam, spec in _FAMILY_PHRASES.items():
        for phrase in re.sub(r"\s*\|\s*", "|", spec).split(";"):
            parts = phrase.split()
            if not parts:
                continue
            rest = tuple(frozenset(p.split("|")) for p in parts[1:])
            for first in parts[0].split("|"):
                phrases.setdefault(first, []).append((rest, fam))
    return single, phrases


_SINGLE, _PHRASES = _compile_lexicon()
_SINGLE_KEYS = frozenset(_SINGLE)
# Word tokens: punctuation (except the apostrophe inside a word) becomes a "#" token, so a
# phrase never runs over a comma or a dash; "#" is in no word list. (A regular expression is
# several times faster here than str.translate with a table.)
# A hyphen or a slash inside a compound only separates words ("number-one", "km/h"); a
# hyphen standing alone (" - ") is punctuation.
_PUNCT_RE = re.compile(r"[!\"#$%&()*+,.:;<=>?@\[\\\]^_`{|}~“”‘«»„—–…\u00a0\u200b]+")


def _word_list(low: str) -> list[str]:
    low = _PUNCT_RE.sub(" # ", low)
    if "-" in low:
        low = low.replace(" -", " # ").replace("- ", " # ").replace("-", " ")
    if "/" in low:
        low = low.replace("/", " ")
    return low.replace("' ", " ").replace(" '", " ").split()


def _part_regex(want: frozenset[str]) -> str:
    if "*" in want:
        return r"[a-z'\-]+"
    if "ED" in want:
        return r"(?:[a-z]+ed|" + "|".join(sorted(_IRREGULAR_PP)) + ")"
    if "YEAR" in want:
        return r"(?:20[2-9]\d|21\d\d)"
    return "(?:" + "|".join(re.escape(w) for w in sorted(want)) + ")"


# Words too common to be worth a search of their own: a phrase is looked for only when its
# least common literal word is in the chunk ("as a result" when "result" is there).
_COMMON = _words(
    """the of in for on by is as at are their his her its our my not has have had a an to and
    was were it be so that this with i we you they he she there no did do which who one"""
)


_Phrases = tuple[list[tuple[str, str]], re.Pattern[str] | None, list[str]]


def _compile_phrases() -> dict[str, _Phrases]:
    """Key word -> (literal phrases, regex, families of the regex groups).

    A phrase of plain words is spelled out into every combination of its choices and found
    with a substring test on the chunk's words joined by single spaces (" up from "), which
    is far cheaper than a regular expression; only phrases with a wildcard use one (group
    ``gN`` of a match names ``families[N]``).
    """
    literal_by_key: dict[str, list[tuple[str, str]]] = {}
    regex_by_key: dict[str, list[tuple[str, str]]] = {}
    for first, cands in _PHRASES.items():
        for rest, fam in cands:
            parts = (frozenset({first}), *rest)
            literal = [p for p in parts if not p & {"*", "ED", "YEAR"}]
            key_part = next((p for p in literal if not p <= _COMMON), parts[0])
            if len(literal) == len(parts):
                spelled = [""]
                for p in parts:
                    spelled = [f"{a} {w}" for a in spelled for w in sorted(p)]
                for key in key_part:
                    literal_by_key.setdefault(key, []).extend((f"{ph} ", fam) for ph in spelled)
            else:
                pattern = r"\s+".join(_part_regex(p) for p in parts)
                for key in key_part:
                    regex_by_key.setdefault(key, []).append((pattern, fam))
    out: dict[str, _Phrases] = {}
    for key in literal_by_key.keys() | regex_by_key.keys():
        lits = list(dict.fromkeys(literal_by_key.get(key, [])))
        uniq = list(dict.fromkeys(regex_by_key.get(key, [])))
        rx = None
        if uniq:
            alts = "|".join(f"(?P<g{i}>{pat})" for i, (pat, _f) in enumerate(uniq))
            rx = re.compile(rf"(?<![\w'])(?:{alts})(?![\w'])")
        out[key] = (lits, rx, [f for _p, f in uniq])
    return out


_PHRASE_RX = _compile_phrases()
_PHRASE_KEYS = frozenset(_PHRASE_RX)


class _Cues(dict[str, list[str]]):
    """Family -> cue words or phrases of a lower-cased chunk; ``first`` is in reading order."""

    __slots__ = ("low",)

    def __init__(self, low: str) -> None:
        super().__init__()
        self.low = low

    def first(self, fam: str) -> str:
        words = self[fam]
        if len(words) == 1:
            return words[0]
        # earliest in the text; at the same place the longer phrase ("because of")
        return min(words, key=lambda w: (_find_word(self.low, w), -len(w)))


def _find_word(low: str, w: str) -> int:
    pos = low.find(w)
    return pos if pos >= 0 else len(low)


def _find_cues(low: str, toks: frozenset[str], joined: str) -> _Cues:
    """The cue words and phrases of a lower-cased chunk, by family.

    ``joined`` is the chunk's word list joined by single spaces, with a space at both ends.
    """
    fired = _Cues(low)
    for w in toks & _SINGLE_KEYS:
        for fam in _SINGLE[w]:
            if fam in fired:
                fired[fam].append(w)
            else:
                fired[fam] = [w]
    for w in toks & _PHRASE_KEYS:
        lits, rx, fams = _PHRASE_RX[w]
        for lit, fam in lits:
            if lit in joined:
                phrase = lit.strip()
                if fam in fired:
                    fired[fam].append(phrase)
                else:
                    fired[fam] = [phrase]
        if rx is None:
            continue
        for m in rx.finditer(joined):
            fam = fams[int((m.lastgroup or "g0")[1:])]
            phrase = m.group()
            if fam in fired:
                fired[fam].append(phrase)
            else:
                fired[fam] = [phrase]
    return fired


_QUOTE_RE = re.compile(
    r"“(?P<a>[^“”\n]{1,3000})”|\"(?P<b>[^\"\n]{1,3000})\"|«(?P<c>[^«»\n]{1,3000})»"
    r"|„(?P<d>[^„“”\n]{1,3000})[“”]"
)

_SPEECH = (
    r"(?:said|says|say|added|adds|told|tells|asked|asks|explained|explains|stated|states|"
    r"wrote|writes|noted|notes|insisted|insists|argued|argues|warned|warns|continued|"
    r"replied|recalled|claimed|claims|declared|announced|tweeted|remarked|responded|"
    r"admitted|acknowledged|conceded|testified|suggested|observed|commented|concluded|"
    r"described|describes)"
)
_ROLE = r"(?:the|a|an|his|her|their|its)\s+[a-z][a-z\-]+(?:\s+[a-z][a-z\-]+)?"
_AFTER_QUOTE_RE = re.compile(
    rf"[ \u00a0]*,?[ \u00a0]*(?:(?P<pro>he|she|they|I|we|He|She|They|We)\s+(?:also\s+)?{_SPEECH}"
    rf"|{_SPEECH}\s+(?P<n1>{_NAME}|{_ROLE})|(?P<n2>{_NAME}|{_ROLE})\s+(?:also\s+)?{_SPEECH})"
)
_BEFORE_QUOTE_RE = re.compile(
    rf"(?:(?P<pro>\b(?:[Hh]e|[Ss]he|[Tt]hey))|(?P<n>{_NAME}))(?:,[^,\"“”]{{1,80}},)?\s+"
    rf"(?:also\s+|then\s+|later\s+)?{_SPEECH}"
    rf"(?:\s+[^\"“”.]{{0,60}}?)?\s*[:,]?\s*$"
)
_ACCORDING_RE = re.compile(rf"(?:according to|in the words of)\s+(?P<n>(?:the\s+)?{_NAME})")

_OUTLET_RE = re.compile(
    rf"(?=[{_UP}a-z])\b(?:[Aa]ccording\s+to\s+(?:the\s+)?(?P<a>{_NAME}|(?:(?:a|an|the|new|recent|latest|"
    rf"official|local)\s+)*(?:police|officials|authorities|researchers|scientists|experts|"
    rf"analysts|data|figures|statistics|estimates|reports?|studies|study|survey|poll|"
    rf"census|sources|witnesses|prosecutors))"
    rf"|[Aa]s\s+(?:the\s+)?(?P<b>{_NAME})\s+(?:reports|reported|has\s+reported|notes|noted|"
    rf"wrote|writes|first\s+reported)"
    rf"|(?<![Aa]s\s)(?<![Aa]s\sthe\s)(?P<c>{_NAME})\s+(?:reported|reports|has\s+reported|"
    rf"first\s+reported)(?!\s+(?:to|for))"
    rf"|\btold\s+(?:the\s+)?(?P<d>{_NAME})"
    rf"|\b(?:in\s+)?an?\s+(?:interview|statement)\s+(?:with|to)\s+(?:the\s+)?(?P<e>{_NAME})"
    rf"|\b(?:report|study|survey|poll|analysis|statement|data|figures|statistics|estimates?)"
    rf"\s+(?:published\s+)?(?:by|from)\s+(?:the\s+)?(?P<f>{_NAME})"
    rf"|\b(?:wrote|writing|published|reported)\s+in\s+(?:the\s+)?(?P<g>{_NAME}))"
)

_BOILERPLATE_RE = re.compile(
    r"^[\s\"“'‘(\[]*(?:continue\s+reading|read\s+more|read\s+also|read\s+the\s+full|"
    r"see\s+also|related\s*:|related\s+(?:articles?|stories|coverage)|more\s*:|"
    r"more\s+on\s+this|advertisement|sponsored|sign\s+up|subscribe|newsletter|"
    r"follow\s+us|follow\s+@|share\s+(?:this|on)|click\s+here|tap\s+here|"
    r"(?:video|watch|photos?|pictures?|images?|gallery|listen|audio|live|graphic|map|"
    r"infographic)\s*[:\-–—|]|"
    r"(?:photo|image|picture|credit|caption|source|illustration)s?\s*(?:by\s|:|\|)|"
    r"(?:photograph|photo|image|picture)\s+(?:by|courtesy)|©|\(c\)\s|copyright\b|"
    r"all\s+rights\s+reserved|original(?:ly)?\s+(?:article\s+)?published|"
    r"this\s+(?:article|story)\s+(?:was|is|has\s+been|first)\s+"
    r"(?:originally\s+|first\s+)?(?:published|updated|amended|corrected|appeared)|"
    r"first\s+published|published\s*:|updated\s*:|last\s+updated|posted\s*:|"
    r"reporting\s+by|editing\s+by|additional\s+reporting|writing\s+by|"
    r"contact\s+the\s+(?:author|reporter)|get\s+the\s+latest|download\s+(?:the|our)\s+app|"
    r"listen\s+to\s+this\s+article|\d+\s+min(?:ute)?\s+read|share\s*$|comments?\s*$|"
    r"sources?\s*$|references\s*$|external\s+links|tags?\s*:|filed\s+under|"
    r"skip\s+to|jump\s+to|back\s+to\s+top|print\s+this|email\s+this|"
    r"we\s+use\s+cookies|accept\s+cookies|terms\s+of\s+(?:use|service)|privacy\s+policy)",
    re.IGNORECASE,
)
# first words of the boilerplate lines above; other lines are not tried against them
_BOILER_FIRST = _words(
    """continue read see related more advertisement sponsored sign subscribe newsletter follow
    share click tap video watch photo photos picture pictures image images gallery listen audio
    live graphic map infographic credit credits caption captions source sources illustration
    photograph copyright all original originally this first published updated last posted
    reporting editing additional writing contact get download comments comment references
    external tags tag filed skip jump back print email we accept terms privacy c"""
)
_BYLINE_RE = re.compile(
    rf"^\s*(?:[Bb]y|BY)\s+{_NAME}(?:\s*(?:,|and|&|\|)\s*(?:the\s+)?{_NAME}){{0,3}}"
    r"(?:\s*[,|]\s*[A-Za-z ]{1,40})?\s*\.?\s*$"
)
_IMPERATIVE_RE = re.compile(
    r"^[\s\"“'‘(]*(?:Click|Read|Subscribe|Sign|Share|Follow|Watch|See|Find|Get|Join|Learn|"
    r"Take|Let's|Let(?!\s+(?:me|us)\b)|Don't|Do\s+not|Please|Call|Visit|Download|Try|Imagine|Consider|"
    r"Remember|Note|Look|Listen|Tell|Send|Register|Go|Come|Make|Keep|Stop|Check|Contact|"
    r"Give|Help|Enjoy|Discover|Explore|Buy|Order|Book|Use|Add|Put|Think|Ask|Vote|Write|"
    r"Support|Donate|Stay|Start|Save|Never\s+forget|Be|Don’t)\b(?![\-'’])"
)
_QUESTION_END_RE = re.compile(r"\?[\s\"”’'»)\]]*$")
_ASKED_TAIL_RE = re.compile(r"\?[\"”’'»]\s*,?\s*(?:\w+\s+){1,4}(?:asked|wondered|asks)\b[^.]*\.?$")
_FINAL_PUNCT = ".!?\"”’'»)…:;"
_ATTRIB_TAIL_RE = re.compile(
    rf"^(?:(?:he|she|they|it|I|we)\s+(?:also\s+)?{_SPEECH}|{_SPEECH}\s+|"
    rf"(?:{_NAME}|{_ROLE})\s+(?:also\s+)?{_SPEECH}[\s.,])"
)

_SENTENCE_STARTERS = _words(
    """the a an in on at but and or so if when after before while this that these those it he
    she we they i his her their our my its as for from with by since until although though
    yet however meanwhile yesterday today tomorrow last next some many most all both each
    every no not there here then now also still even only just what who why how where which
    whose according during under over about against among between into through without
    despite once because instead thus hence indeed overall later earlier another other such
    several few one two three four five six seven eight nine ten speaking asked"""
)
_ORG_WORDS = _words(
    """university department ministry council court agency association organization
    organisation institute commission committee party bank company corporation inc ltd llc
    group news times post journal press service office bureau government police army force
    forces union nations states republic kingdom house senate congress parliament hospital
    school college foundation fund federation league club airlines airport station street
    road avenue river mountain island lake sea ocean north south east west day act medicine
    science church museum centre center network channel radio television tv magazine herald
    tribune guardian telegraph monde reuters bbc cnn nbc abc cbs fox afp ap who un eu nato
    county city province region district global international national world federal royal
    health board authority administration institution society trust"""
)
_PLACE_FIRST = frozenset({"new", "los", "las", "san", "santa", "saint", "st.", "port", "fort"})
_MONTH_WORDS = _words(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday"""
)
_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
_HONORIFICS = re.compile(
    r"^(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Sir|Dame|Lord|President|Senator|"
    r"Governor|Mayor|Minister|Judge|Justice|Chancellor|General|Pope|King|Queen|Prince|"
    r"Princess|Secretary|Premier|Sheikh|Ayatollah|Chief|Officer|Detective|Inspector)\b\.?"
)

# --------------------------------------------------------------------------------------------
# Weights: hand-set, not trained. Logit = bias + sum of the features that fired.
# --------------------------------------------------------------------------------------------

_BIAS = -1.4
_W = {
    "number": 1.9,
    "number_unit": 0.5,
    "time_span": -0.9,
    "big_number": 0.5,
    "public_figure": 0.5,
    "personal": -0.4,
    "repeat": -0.7,
    "request": -0.6,
    "quote_unnamed": -0.6,
    "superlative_record": 0.6,
    "wordnum": 1.0,
    "wordnum_small": 0.4,
    "date": 1.1,
    "date_weak": 0.3,
    "quote": 1.2,
    "speaker": 0.5,
    "outlet": 0.7,
    "attribution": 0.7,
    "evidence": 0.3,
    "superlative": 1.1,
    "comparative": 0.9,
    "change": 0.7,
    "causal": 0.6,
    "prediction": 0.2,
    "policy": 0.65,
    "policy_more": 0.25,
    "action": 0.45,
    "entity": 0.5,
    "propername": 0.35,
    "opinion": -1.1,
    "opinion_more": -0.6,
    "modal": -0.45,
    "modal_more": -0.25,
    "evaluative": -0.35,
    "address": -0.35,
    "very_short": -1.6,
    "short": -0.5,
    "long": 0.3,
    "first_person": -0.35,
    "past": 0.5,
    "record": 0.35,
    "weakcmp": 0.3,
    "scope": 0.5,
    "effect": 0.6,
    "named_fact": 0.4,
}


# --------------------------------------------------------------------------------------------
# Value parsing
# --------------------------------------------------------------------------------------------


def parse_number(digits: str, magnitude: str | None = None) -> float | None:
    """A float from ``80,000``, ``1.2``, ``3,5``, ``1.234.567`` or ``1.234,5`` (times ``k``...)."""
    s = digits.replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "").strip()
    if not s:
        return None
    commas, dots = s.count(","), s.count(".")
    try:
        if commas and dots:
            if s.rfind(",") > s.rfind("."):  # 1.234,5
                s = s.replace(".", "").replace(",", ".")
            else:  # 1,234.5
                s = s.replace(",", "")
        elif commas:
            parts = s.split(",")
            # "3,5" is a decimal comma; "80,000" groups thousands
            s = s.replace(",", ".") if commas == 1 and len(parts[1]) != 3 else s.replace(",", "")
        elif dots > 1:
            s = s.replace(".", "")  # 1.234.567
        value = float(s)
    except ValueError:
        return None
    if magnitude:
        m = magnitude.strip()
        ml = m.lower()
        if ml in ("k", "thousand"):
            value *= 1e3
        elif ml in ("m", "mn", "mln", "million"):
            value *= 1e6
        elif ml in ("b", "bn", "billion"):
            value *= 1e9
        elif ml == "trillion":
            value *= 1e12
        elif ml == "hundred":
            value *= 100
        elif ml == "lakh":
            value *= 1e5
        elif ml == "crore":
            value *= 1e7
    return value


def _parse_word_number(words: str) -> float | None:
    parts = re.split(r"[\s\-]+", words.lower())
    if len(parts) == 2 and parts[1].rstrip("s") in _FRACTIONS:
        num = 1 if parts[0] in ("a", "one") else _SMALL.get(parts[0])
        return num / _FRACTIONS[parts[1].rstrip("s")] if num else None
    total = 0.0
    current = 0.0
    seen = False
    for w in re.split(r"[\s\-]+", words.lower()):
        if w in _SMALL:
            current += _SMALL[w]
            seen = True
        elif w in _SCALE:
            scale = _SCALE[w]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _iso_date(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    try:
        if g["iso"]:
            return f"{g['iy']}-{g['im']}-{g['id']}"
        if g["num"]:
            return f"{g['ny']}-{int(g['nm']):02d}-{int(g['nd']):02d}"
        if g["dmy"] or g["mdy"]:
            day = g["d1"] or g["d2"]
            mon = g["m1"] or g["m2"]
            year = g["y1"] or g["y2"]
            month = _MONTHS[mon[:3].lower()]
            d = int(re.sub(r"\D", "", day))
            if year:
                return f"{year}-{month:02d}-{d:02d}"
            return f"--{month:02d}-{d:02d}"
        if g["my"]:
            return f"{g['y3']}-{_MONTHS[g['m3'][:3].lower()]:02d}"
    except (KeyError, ValueError):
        return None
    return None


# --------------------------------------------------------------------------------------------
# Per-unit analysis
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Unit:
    """One candidate claim: a sentence, or sentences joined to keep a quote whole."""

    start: int
    end: int
    sent_starts: list[int]
    entities: list[re.Match[str]] | None = None  # found in one pass over the whole text


def _is_unbalanced(chunk: str) -> bool:
    if chunk.count('"') % 2:
        return True
    if chunk.count("“") > chunk.count("”"):
        return True
    return chunk.count("«") > chunk.count("»")


def _build_units(text: str, spans: list[tuple[int, int]]) -> list[_Unit]:
    """Join sentences so that a quote stays whole and keeps its attribution."""
    units: list[_Unit] = []
    n = len(spans)
    i = 0
    while i < n:
        s, e = spans[i]
        j = i
        # An introduction ending in a colon belongs to the quote that follows it.
        if (
            text[e - 1] == ":"
            and j + 1 < n
            and text[spans[j + 1][0]] in _QUOTE_OPENERS
            and not _is_unbalanced(text[s:e])
        ):
            j += 1
        # An open quote: take the following sentences until it closes. A quote may run on
        # over a paragraph break, but only if it does close within reach.
        if _is_unbalanced(text[s : spans[j][1]]):
            k = j
            while (
                k + 1 < n
                and k - i < _MAX_MERGE
                and spans[k + 1][1] - s < _MAX_MERGE_CHARS
                and _is_unbalanced(text[s : spans[k][1]])
                and not (
                    # a new paragraph that opens its own quote: the news convention for a
                    # quote running over several paragraphs, each kept as its own unit
                    "\n\n" in text[spans[k][1] : spans[k + 1][0]]
                    and text[spans[k + 1][0]] in _QUOTE_OPENERS
                )
            ):
                k += 1
            if not _is_unbalanced(text[s : spans[k][1]]):
                j = k
            else:
                while (
                    j + 1 < n
                    and j - i < _MAX_MERGE
                    and "\n\n" not in text[spans[j][1] : spans[j + 1][0]]
                    and _is_unbalanced(text[s : spans[j][1]])
                ):
                    j += 1
        starts = [spans[k][0] for k in range(i, j + 1)]
        # A closed quote followed by a sentence that is only its attribution: "…." she said.
        end = spans[j][1]
        if (
            j + 1 < n
            and any(c in text[max(s, end - 3) : end] for c in '"”»')
            and "\n" not in text[end : spans[j + 1][0]]
            and spans[j + 1][1] - spans[j + 1][0] < 200
            and _ATTRIB_TAIL_RE.match(text, spans[j + 1][0])
        ):
            j += 1
            starts.append(spans[j][0])
        units.append(_Unit(s, spans[j][1], starts))
        i = j + 1
    return units


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())


def is_boilerplate(sentence: str) -> str | None:
    """Why a sentence is page furniture rather than content (a short reason), or None."""
    s = sentence.strip()
    if not s:
        return "empty"
    first = s[:12].lstrip("\"“'‘([ ").split(" ", 1)[0].lower().strip(":-–—|.,()")
    if (not first[:1].isalpha() or first in _BOILER_FIRST) and _BOILERPLATE_RE.match(s):
        return "boilerplate"
    if len(s) < 120 and _BYLINE_RE.match(s):
        return "a byline"
    return None


def _is_dateline(chunk: str, date_spans: list[tuple[int, int]], offset: int) -> bool:
    if not date_spans or len(chunk) > 80:
        return False
    chars = list(chunk)
    for a, b in date_spans:
        for k in range(a - offset, min(b - offset, len(chars))):
            chars[k] = " "
    rest = "".join(chars)
    return not re.sub(r"[\s,.\-–—|/:()]|(?i:updated|published|posted|am|pm|\d)", "", rest)


def _person_like(name: str) -> bool:
    words = name.replace(".", ". ").split()
    if not words:
        return False
    if _HONORIFICS.match(name):
        return True
    if len(words) < 2 or len(words) > 4:
        return False
    low = [w.lower().strip(".,") for w in words]
    if low[0] in _PLACE_FIRST or low[0] in _SENTENCE_STARTERS:
        return False
    if any(w in _ORG_WORDS or w in _MONTH_WORDS for w in low):
        return False
    return not any(w.isupper() and len(w) > 1 for w in words)


def _strip_starter(name: str) -> str:
    """``name`` without leading sentence-starter words ("The", "In", ...), spacing kept."""
    name = name.strip()
    while True:
        m = _FIRST_WORD_RE.match(name)
        if not m or m.group(1).lower() not in _SENTENCE_STARTERS:
            return "" if name.lower() in _SENTENCE_STARTERS else name
        name = name[m.end() :]


_FIRST_WORD_RE = re.compile(r"(\S+)\s+")


_UNSAFE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _short(s: str, n: int = 60) -> str:
    """Article text as it may appear inside a reason: one line, no control characters."""
    if len(s) <= n and s.isprintable() and "  " not in s:
        return s  # the usual case: nothing to remove (isprintable is False for \n, \t, Cf...)
    s = " ".join(_UNSAFE_RE.sub("", s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


@dataclass(slots=True)
class _Context:
    text: str
    persons: list[tuple[int, str]] = field(default_factory=list)  # (start, name), in order
    last_speaker: tuple[int, str] | None = None  # (end of the quote, name) of the last quote
    # content words of the units seen so far, and a few sketch keys -> the units that have them
    seen: list[frozenset[str]] = field(default_factory=list)
    sketches: dict[str, list[int]] = field(default_factory=dict)
    said: set[frozenset[str]] = field(default_factory=set)  # exact repeats, found at once

    def repeats(self, content: frozenset[str], chunk: str) -> bool:
        """True if most of ``content`` was already said in one earlier unit; then remember it.

        Candidates come from a min-hash-like sketch (the first and the last word in
        alphabetical order): two units sharing most of their words very likely share one of
        these, and only those candidates are compared.
        """
        if content in self.said:
            return True
        self.said.add(content)
        keys = (min(content), max(content))
        cands: set[int] = set()
        for k in keys:
            ids = self.sketches.get(k)
            if ids is None:
                self.sketches[k] = [len(self.seen)]
            else:
                cands.update(ids[-_REPEAT_CANDIDATES:])
                ids.append(len(self.seen))
        self.seen.append(content)
        if not cands:
            return False
        allowed = len(content) * (1.0 - _REPEAT_SHARE)  # words that may be new
        for i in cands:
            new = content - self.seen[i]
            # "ended 1 - 1" after "ended 0 - 0", "Kane won the award" after "Lukaku won the
            # award": a new figure or a new name is a new fact
            if len(new) <= allowed and not any(
                w[:1].isdigit() or w.capitalize() in chunk or w.upper() in chunk for w in new
            ):
                return True
        return False


def _last_person_before(ctx: _Context, pos: int) -> str | None:
    i = bisect_right(ctx.persons, (pos, "")) - 1
    while i >= 0:
        start, name = ctx.persons[i]
        if start < pos and _person_like(name):
            return name
        i -= 1
    return None


# "Unemployment claims have hit ...": a noun, not a speech verb
_NOUN_NOT_VERB_RE = re.compile(r"(?<=s)\s+(?:have|has|had|are|were|is|was|rose|fell|of|for)\b")
_NOT_SPEAKERS = _words(
    """you everybody everyone somebody someone nobody anybody anyone let americans american
    people"""
)
_GENERIC_SUBJECTS = _words(
    """officials police authorities experts critics residents witnesses sources analysts
    researchers scientists reports studies media people many others some both most it this
    that there what which who one"""
)
_NAMED_SAYS_RE = re.compile(
    rf"(?=[{_UP}a-z])(?<![\w'’])(?P<n>{_NAME})(?:,[^,\"“”]{{1,80}},|\s+(?:of|for|from|at)\s+[^,\"“”]{{1,60}},)?"
    rf"\s+(?:also\s+|later\s+|then\s+|has\s+|"
    rf"had\s+)?{_SPEECH}\b"
    rf"|\b{_SPEECH}\s+(?P<m>{_NAME})"
)


def _find_speaker(
    ctx: _Context, u: _Unit, qs: int, qe: int, entities: list[Fact]
) -> tuple[str, int, int] | None:
    """Who said the quote at ``qs:qe`` (name and offsets of the name or the pronoun)."""
    text = ctx.text
    m = _AFTER_QUOTE_RE.match(text, qe, min(u.end, qe + 150))
    if m:
        if m.group("pro"):
            who = _last_person_before(ctx, qs)
            if who:
                return who, m.start("pro"), m.end("pro")
            return None
        g = "n1" if m.group("n1") else "n2"
        name = m.group(g).strip(" ,.")
        if name.split()[0].lower() not in _SENTENCE_STARTERS or name.lower().startswith("the "):
            return name, m.start(g), m.start(g) + len(name)
    lo = max(u.start, qs - 200)
    before = text[lo:qs]
    # the pattern ends in a speech verb just before the quote: look for one there first
    b = (
        _BEFORE_QUOTE_RE.search(before)
        if _SPEECH_ANY_RE.search(before, max(0, len(before) - 75))
        else None
    )
    if b and b.group("pro"):
        who = _last_person_before(ctx, lo + b.start())
        if who:
            return who, lo + b.start("pro"), lo + b.end("pro")
    elif b:
        name = _strip_starter(b.group("n"))
        if name:
            off = lo + b.end("n") - len(name)
            return name, off, off + len(name)
    a = _ACCORDING_RE.search(before)
    if a:
        name = a.group("n").strip(" ,.")
        return name, lo + a.start("n"), lo + a.start("n") + len(name)
    # Fallback: a speech verb in the unit and a named person before the quote.
    if _SPEECH_ANY_RE.search(text, u.start, u.end):
        for ent in reversed(entities):
            if ent.start < qs and _person_like(ent.text):
                return ent.text, ent.start, ent.end
    return None


_BY_YEAR_RE = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?(?:20[2-9]\d|21\d\d)\b")
_THAN_RE = re.compile(
    r"\b(?:more|less|fewer|(?!rather|other|whether|either|neither|never|ever|over|under|after)"
    r"[a-z]{3,}er)\b(?:\s+[\w'\-]+){0,5}?\s+than\b"
)
_SPEECH_END_RE = re.compile(rf"\b{_SPEECH}\s*[:,]?\s*$")
_SPEECH_ANY_RE = re.compile(rf"\b{_SPEECH}\b|\bin the words of\b")
# Which units may hold a date, from their words (set operations, no pattern scan): a month
# or weekday name, "yesterday", "last/next/this" with a period; "May" and "March" only
# capitalised. Dates written with digits only are hinted by the digits (a bare year is found
# with the numbers).
_DATE_NAMES = _words(
    """january february april june july august september october november december jan feb
    apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday
    sunday yesterday"""
)
_DATE_RELATIVE = _words("last next this")
_MARCH = _words("march mar")
_DATE_PERIODS = _words("week month year decade century spring summer autumn fall winter")
_DATE_DIGIT_HINT = re.compile(r"\d[\-/.]\d").search


def _may_have_date(chunk: str, toks: frozenset[str], has_digit: bool) -> bool:
    if toks & _DATE_NAMES:
        return True
    if ("may" in toks and "May" in chunk) or (toks & _MARCH and "Mar" in chunk):
        return True
    if toks & _DATE_RELATIVE and toks & _DATE_PERIODS:
        return True
    return has_digit and (
        "ago" in toks or "0s" in chunk or "0's" in chunk or _DATE_DIGIT_HINT(chunk) is not None
    )


_NUMWORD_TRIGGERS = _words(
    """two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion trillion dozen dozens hundreds thousands
    millions billions half third thirds quarter quarters fifth fifths tenth tenths"""
)
_YEAR_BEFORE = _words(
    """in since until till during year years circa early late mid from between before after
    fiscal january february march april may june july august september october november
    december"""
)


def _looks_like_year(text: str, start: int, end: int) -> bool:
    """A plain 4-digit number is a year unless it counts something: "1709 schoolchildren"."""
    before = text[max(0, start - 12) : start].split()
    if before and before[-1].lower().strip("(,'’") in _YEAR_BEFORE:
        return True
    after = text[end : end + 2]
    if after[:1] == " " and after[1:2].islower():
        return False  # followed by a lower-case word: it counts something ("2000 people")
    return 1500 <= int(text[start:end]) <= 2100


_OUTLET_TRIGGERS = _words(
    """according reports reported report told interview statement study survey poll analysis
    data figures statistics estimate estimates wrote writing published writes notes noted"""
)
_QUOTE_CHARS = ('"', "“", "«", "„")
_QUOTE_OPENERS = frozenset('"“«„')
_CONTINUED_QUOTE_REACH = 2000
_HARD_FLOOR = 0.62  # a sentence with a checkable fact is always shown at the default threshold
_SOFT_FLOOR = 0.52


def _quotes_a_question(chunk: str) -> bool:
    """True for a statement that ends by quoting a question: 'He asked: "Why?"' is not one."""
    body = chunk.rstrip(" \t\n\r)]")
    if not body or body[-1] not in "\"”»'’":
        return False
    closing = body[-1]
    opener = {"”": "“", "»": "«", "’": "‘"}.get(closing, closing)
    pos = body.rfind(opener, 0, len(body) - 1)
    if pos <= 0:
        return False
    lead = body[:pos]
    return len(lead.split()) >= 4 and not _SPEECH_END_RE.search(lead)


@dataclass(slots=True)
class _Result:
    score: float
    kinds: list[str]
    reasons: list[str]
    facts: list[Fact]
    excluded: str | None


def _analyse(ctx: _Context, u: _Unit) -> _Result:
    """Features, facts and score of one unit (offsets into ``ctx.text``)."""
    text = ctx.text
    chunk = text[u.start : u.end]
    low = chunk.lower().replace("’", "'")
    word_list = _word_list(low)
    toks = frozenset(word_list)
    joined = " " + " ".join(word_list) + " "
    has_digit = _DIGIT_SEARCH(chunk) is not None
    facts: list[Fact] = []
    reasons: list[str] = []
    kinds: set[str] = set()
    logit = _BIAS
    hard = soft = False

    # ---- exclusions ----
    excl = is_boilerplate(chunk) if len(chunk) < 400 else None
    asks = bool(_QUESTION_END_RE.search(chunk) or _ASKED_TAIL_RE.search(chunk))
    if excl is None and asks and not _quotes_a_question(chunk):
        excl = "a question, not a claim"
    imperative = excl is None and bool(_IMPERATIVE_RE.match(chunk))

    # ---- dates ----
    date_spans: list[tuple[int, int]] = []
    strong_dates: list[str] = []
    weak_dates: list[str] = []
    if _may_have_date(chunk, toks, has_digit):
        for m in _DATE_RE.finditer(text, u.start, u.end):
            facts.append(Fact("date", m.group(), m.start(), m.end(), _iso_date(m)))
            date_spans.append((m.start(), m.end()))
            if m.group("rel") or m.group("wd"):
                weak_dates.append(m.group())
            else:
                strong_dates.append(m.group())
        if excl is None and _is_dateline(chunk, date_spans, u.start):
            excl = "a dateline"

    def in_date(a: int, b: int) -> bool:
        return any(a < de and b > ds for ds, de in date_spans)

    # ---- numbers ----
    numbers: list[str] = []
    with_unit: list[str] = []
    spans_of_time = 0  # "for 15 years", "a 12-year-old": a length of time or an age
    big_numbers = 0  # money, shares, large counts: the figures checkers look up
    vague_amounts = 0
    years: list[str] = []
    ordinals: list[str] = []
    if has_digit:
        for m in _NUMBER_RE.finditer(text, u.start, u.end):
            if in_date(m.start(), m.end()):
                continue
            digits = m.group("num")
            if m.group("ord"):
                ordinals.append(m.group())
                facts.append(
                    Fact("number", m.group(), m.start(), m.end(), parse_number(digits), None)
                )
                continue
            plain = not (m.group("cur") or m.group("mag") or m.group("sym") or m.group("unit"))
            if plain and _YEAR_FULL(digits) and _looks_like_year(text, m.start(), m.end()):
                facts.append(Fact("date", digits, m.start("num"), m.end("num"), digits))
                years.append(digits)
                continue
            value = parse_number(digits, m.group("mag"))
            unit = None
            if m.group("cur"):
                unit = m.group("cur").strip()
            elif m.group("sym"):
                unit = m.group("sym").strip()
            elif m.group("unit"):
                unit = " ".join(m.group("unit").lower().split())
                if unit in ("per cent", "percent", "percentage point", "percentage points"):
                    unit = "%" if "cent" in unit else "percentage points"
            mag = (m.group("mag") or "").strip()
            if mag == "m" and not m.group("cur"):
                value = parse_number(digits)  # "5m" without a currency: five metres
                unit = unit or "m"
            elif mag in ("M", "B") and not m.group("cur"):
                value = parse_number(digits, mag)
            facts.append(Fact("number", m.group().strip(), m.start(), m.end(), value, unit))
            numbers.append(m.group().strip())
            if unit:
                with_unit.append(m.group().strip())
            if unit in _TIME_UNITS or (unit and unit.endswith("-old")):
                spans_of_time += 1
            elif (
                m.group("cur")
                or unit in _SHARE_UNITS
                or (value is not None and value >= 1000 and not _YEAR_FULL(digits))
            ):
                big_numbers += 1
    spelled: list[str] = []
    if toks & _NUMWORD_TRIGGERS or "per cent" in low or "percent" in low:
        for m in _WORDNUM_RE.finditer(text, u.start, u.end):
            if in_date(m.start(), m.end()):
                continue
            w = m.group("w")
            wl = w.lower()
            unit = m.group("unit")
            if wl in ("a", "one"):
                continue
            if wl in ("a dozen", "dozen") and not unit:
                continue
            value = None if wl.endswith(" of") else _parse_word_number(w)
            if unit:
                unit = "%" if "cent" in unit.lower() else " ".join(unit.lower().split())
            facts.append(Fact("number", m.group(), m.start(), m.end(), value, unit))
            spelled.append(m.group())
            if unit:
                with_unit.append(m.group())
            if unit in _TIME_UNITS:
                spans_of_time += 1
            elif unit in _SHARE_UNITS or (value is not None and value >= 1000):
                big_numbers += 1
            elif wl.startswith(_LARGE_OR_SHARE):
                vague_amounts += 1  # "half of", "thousands of": a share or a count, not exact

    if numbers:
        logit += _W["number"]
        hard = True
    elif spelled or ordinals:
        # "five players", "fifty words", "ten percent" (not "two things", "21st century")
        soft = any(
            f.kind == "number"
            and f.text in spelled
            and (
                (isinstance(f.value, float) and f.value >= 5)
                or (f.unit and f.unit not in _VAGUE_UNITS)
            )
            for f in facts
        )
        logit += _W["wordnum"] if soft or big_numbers else _W["wordnum_small"]
    only_time = spans_of_time > 0 and spans_of_time == len(numbers) + len(spelled)
    if only_time:
        # "for 15 years", "three weeks ago", "a 10-year-old": when or how long, not a statistic
        logit += _W["time_span"]
        soft = True
        reasons.append(f"gives a length of time or an age: {_short(with_unit[0], 40)}")
    elif numbers or spelled or ordinals:
        if numbers or soft or big_numbers or vague_amounts:
            # a quantity to look up ("2.4 million jobs", "fifty schools"), not "two things"
            kinds.add("statistic")
        if with_unit:
            logit += _W["number_unit"]
            reasons.append(f"contains a number with a unit: {_short(with_unit[0], 40)}")
        else:
            reasons.append(f"contains a number: {_short((numbers or spelled or ordinals)[0], 40)}")
        if big_numbers:
            logit += _W["big_number"]
    if strong_dates or years:
        logit += _W["date"]
        reasons.append(f"contains a date: {_short((strong_dates or years)[0], 40)}")
        hard = True
    elif weak_dates:
        logit += _W["date_weak"]
        reasons.append(f"refers to a time: {_short(weak_dates[0], 40)}")
        soft = True

    # ---- named entities ----
    sent_starts = u.sent_starts
    entities: list[Fact] = []
    capwords = 0
    found = u.entities if u.entities is not None else _ENTITY_RE.finditer(text, u.start, u.end)
    for m in found:
        name = m.group()
        start = m.start()
        k = start - 1
        while k >= u.start and text[k] in "\"“‘'([«„ ":
            k -= 1
        if k < u.start or (k + 1) in sent_starts or text[k] in ".!?:\n":
            stripped = _strip_starter(name)
            if stripped != name:
                start += len(name) - len(stripped)
                name = stripped
            if len(name.split()) < 2:
                continue
        if name[0] in "JFMASOND" and all(
            w.lower().strip(".,") in _MONTH_WORDS for w in name.split()
        ):
            continue
        f = Fact("entity", name, start, start + len(name))
        entities.append(f)
        ctx.persons.append((start, name))
    facts.extend(entities)
    if entities:
        logit += _W["entity"]
        names = ", ".join(e.text for e in entities[:3])
        reasons.append(f"names people or organisations: {_short(names, 60)}")
    else:
        for m in _CAPS_RE.finditer(text, u.start, u.end):
            k = m.start() - 1
            if k > u.start and text[k] == " " and text[k - 1] not in '.!?:\n"“':
                capwords += 1
                break
        if capwords:
            logit += _W["propername"]
            reasons.append("mentions a proper name")

    # ---- quotes and speakers ----
    speakers: list[str] = []
    quoted = False
    continued: str | None = None
    if any(c in chunk for c in _QUOTE_CHARS):
        for q in _QUOTE_RE.finditer(text, u.start, u.end):
            g = next(k for k in "abcd" if q.group(k) is not None)
            inner = q.group(g)
            if len(inner.split()) < 3:
                continue  # a quoted term, not a direct quote
            facts.append(Fact("quote", inner, q.start(g), q.end(g)))
            quoted = True
            sp = _find_speaker(ctx, u, q.start(), q.end(), entities)
            if sp:
                facts.append(Fact("speaker", sp[0], sp[1], sp[2]))
                speakers.append(sp[0])
                ctx.last_speaker = (q.end(), sp[0])
            elif (
                ctx.last_speaker
                and 0 <= q.start() - ctx.last_speaker[0] < _CONTINUED_QUOTE_REACH
                and q.start() == u.start
            ):
                # a quote paragraph of its own continues the previous speaker's quote
                continued = ctx.last_speaker[1]
                ctx.last_speaker = (q.end(), continued)
        if not quoted and _is_unbalanced(chunk):
            # the opening of a quote that the splitter could not close
            for mark in _QUOTE_CHARS:
                pos = chunk.find(mark)
                if pos >= 0 and len(chunk[pos + 1 :].split()) >= 3:
                    inner = chunk[pos + 1 :].rstrip()
                    a = u.start + pos + 1
                    facts.append(Fact("quote", inner, a, a + len(inner)))
                    quoted = True
                    sp = _find_speaker(ctx, u, a - 1, u.end, entities)
                    if sp:
                        facts.append(Fact("speaker", sp[0], sp[1], sp[2]))
                        speakers.append(sp[0])
                        ctx.last_speaker = (u.end, sp[0])
                    break
    if quoted and continued and not speakers:
        logit += _W["quote"] + _W["speaker"]
        kinds.add("quote")
        reasons.append(f"direct quote, continuing {_short(continued, 40)}")
        hard = True
    elif quoted:
        logit += _W["quote"]
        kinds.add("quote")
        if speakers:
            hard = True
            logit += _W["speaker"]
            reasons.append(f"direct quote attributed to {_short(speakers[0], 40)}")
        else:
            if toks & _CONVERSATION or toks & _NOT_SPEAKERS:
                # "I said, '...'", "somebody told me, '...'": a story told, more than a claim
                logit += _W["quote_unnamed"]
            reasons.append("contains a direct quote")

    # ---- outlets ----
    outlets: list[str] = []
    if toks & _OUTLET_TRIGGERS:
        for m in _OUTLET_RE.finditer(text, u.start, u.end):
            g = next(k for k in "abcdefg" if m.group(k) is not None)
            name = m.group(g).strip()
            if g == "c":
                name = _strip_starter(name)
            if not name or name.lower() in _PRONOUNS:
                continue
            off = m.end(g) - len(name)
            facts.append(Fact("outlet", name, off, off + len(name)))
            outlets.append(name)
    if outlets:
        logit += _W["outlet"]
        kinds.add("attribution")
        reasons.append(f"cites an outlet: {_short(outlets[0], 40)}")
        if outlets[0][:1].isupper():
            hard = True

    # ---- reported speech by a named source: "Professor Eastman said ..." ----
    if not speakers and toks & _SPEECH_WORDS:
        for m in _NAMED_SAYS_RE.finditer(text, u.start, u.end):
            g = "n" if m.group("n") else "m"
            name = _strip_starter(m.group(g)).strip(" ,.")
            if (
                not name
                or name.startswith(("I'", "I’"))
                or name.lower() in _GENERIC_SUBJECTS
                or name.lower() in _PRONOUNS
                or name.lower() in _NOT_SPEAKERS
                or name in outlets
                or (g == "n" and _NOUN_NOT_VERB_RE.match(text, m.end()))
            ):
                continue
            off = m.start(g) + m.group(g).find(name)
            if not _person_like(name):
                # "Professor X, Director of Y, and Chairman of Z, says": the person comes first
                person = next((e for e in entities if e.start < off and _person_like(e.text)), None)
                if person is not None:
                    name, off = person.text, person.start
            facts.append(Fact("speaker", name, off, off + len(name)))
            speakers.append(name)
            break
        if speakers:
            logit += _W["speaker"]
            kinds.add("attribution")
            reasons.append(f"attributed to {_short(speakers[0], 40)}")
            hard = True

    # ---- cue words ----
    fired = _find_cues(low, toks, joined)
    if has_digit and "by" in toks:
        ym = _BY_YEAR_RE.search(low)
        if ym:
            fired.setdefault("prediction", []).append(ym.group())
    if "than" in toks:
        cm = _THAN_RE.search(low)
        if cm:
            fired.setdefault("comparative", []).append(" ".join(cm.group().split()))
    if "attribution" in fired:
        if not (outlets or speakers):
            logit += _W["attribution"]
            reasons.append(f"attributes the statement: '{fired.first('attribution')}'")
        if "evidence" in fired:
            kinds.add("attribution")  # "a study found", "according to the census"
    if "evidence" in fired:
        logit += _W["evidence"]
        reasons.append(f"refers to evidence: '{fired.first('evidence')}'")
    cmp_words = fired.get("comparative", []) + fired.get("superlative", [])
    if "comparative" in fired:
        logit += _W["comparative"]
    if "superlative" in fired:
        logit += _W["superlative"]
    if cmp_words:
        if any(not _qualifies_number(low, w) for w in cmp_words):
            kinds.add("comparison")  # not for "more than 20,000": that is the quantity itself
        first_cmp = min(cmp_words, key=lambda w: (_find_word(low, w), -len(w)))
        reasons.append(f"comparison: '{first_cmp}'")
    if "change" in fired:
        logit += _W["change"]
        if len(numbers) + len(spelled) >= 2 or any(" from" in w for w in fired["change"]):
            kinds.add("comparison")  # "from 35 percent down to 21 percent", "up from 3%"
        reasons.append(f"describes a change: '{fired.first('change')}'")
    if "causal" in fired:
        logit += _W["causal"]
        if any(w not in _PURPOSE_ONLY for w in fired["causal"]):
            kinds.add("causal")
        reasons.append(f"causal wording: '{fired.first('causal')}'")
    if "prediction" in fired:
        logit += _W["prediction"]
        kinds.add("prediction")
        reasons.append(f"prediction: '{fired.first('prediction')}'")
    if "policy" in fired:
        n = len(set(fired["policy"]))
        logit += _W["policy"] + _W["policy_more"] * min(n - 1, 2)
        reasons.append(f"policy or public-record subject: '{fired.first('policy')}'")
        if (numbers or spelled) and not only_time:
            # a figure about the economy, a budget, crime, a war...: what checkers look up first
            logit += _W["public_figure"]
    elif toks & _THIRD_SINGULAR and not (speakers or outlets or quoted):
        # "she rallied her community", "he finished high school": one person's story
        logit += _W["personal"]
        reasons.append("about one person's story, which lowers the score")
    if "action" in fired:
        logit += _W["action"]
        reasons.append(f"states what happened: '{fired.first('action')}'")
    if "opinion" in fired:
        logit += _W["opinion"] + _W["opinion_more"] * min(len(fired["opinion"]) - 1, 1)
        reasons.append(f"opinion or intention lowers the score: '{fired.first('opinion')}'")
    if "effect" in fired:
        # "his plan would raise taxes": a checkable claim about what a policy does
        logit += _W["effect"]
        reasons.append(f"says what a policy does: '{fired.first('effect')}'")
    elif "modal" in fired:
        logit += _W["modal"] + _W["modal_more"] * min(len(fired["modal"]) - 1, 2)
    if "request" in fired:
        # "I'm calling on Congress to ...", "the firm plans to invest ...": a plan or a request,
        # not yet a fact about the world
        logit += _W["request"]
        reasons.append(f"a plan or a request lowers the score: '{fired.first('request')}'")
    if "evaluative" in fired:
        logit += _W["evaluative"]
    if "address" in fired:
        logit += _W["address"]
    past = _past_verb(chunk, toks)
    if past:
        logit += _W["past"]
        reasons.append(f"reports a past event: '{past}'")
    if "superlative" in fired and years and "since" in toks and "scope" not in fired:
        fired["scope"] = ["since " + years[0]]  # "the highest since 1990"
    if "scope" in fired:
        logit += _W["scope"]
        if cmp_words:
            reasons.append(f"sweeping scope: '{fired.first('scope')}'")
            if "superlative" in fired:
                # "the lowest rate ever recorded": a record to look up
                logit += _W["superlative_record"]
        elif any(p.endswith((" high", " low")) for p in fired["scope"]):
            # "a 45-year low", "an all-time high": a record
            kinds.add("comparison")
            logit += _W["superlative_record"]
            reasons.append(f"a record: '{fired.first('scope')}'")
    if "weakcmp" in fired:
        logit += _W["weakcmp"]
        if not cmp_words:
            reasons.append(f"comparison: '{fired.first('weakcmp')}'")
            if "scope" in fired:
                kinds.add("comparison")  # "the best on record"
    if not quoted and toks & _FIRST_PERSON:
        # "I voted against it", "we cut taxes": a first-person record is checkable;
        # first-person talk without a past event is mostly opinion or promise
        logit += _W["record"] if past and "opinion" not in fired else _W["first_person"]
    elif (
        (entities or capwords)
        and "address" not in fired
        and "opinion" not in fired
        and "modal" not in fired
    ):
        # a plain third-person statement about a named country, person or body
        logit += _W["named_fact"]

    words = chunk.count(" ") + 1
    if words < 5:
        logit += _W["very_short"]
    elif words < 9:
        logit += _W["short"]
    elif words > 25:
        logit += _W["long"]

    if imperative:
        if hard:
            logit -= 1.5
            hard = soft = False
        else:
            excl = "an instruction to the reader, not a claim"

    if "comparison" not in kinds and years and "since" in toks and "first" in toks:
        kinds.add("comparison")  # a record: "the first victory since 1958"
    if (
        (strong_dates or years or weak_dates)
        and "statistic" not in kinds
        and (past or toks & _PAST_AUX or (strong_dates and not kinds))
    ):
        # when something happened; a date that only sets the period of a figure is checked
        # with the figure
        kinds.add("date-event")
    if len(kinds) > 3:
        for k in _LEAST_SPECIFIC:
            if len(kinds) > 3:
                kinds.discard(k)
    if (ordinals or spelled) and past and not numbers:
        soft = True  # "in the 18th minute ... failed", "five players were booked"
    if "opinion" in fired and not speakers and not outlets:
        hard = soft = False  # a promise or an opinion that happens to contain a number
    elif (
        not quoted
        and not speakers
        and not outlets
        and "policy" not in fired
        and toks & _CONVERSATION
    ):
        # "I've been speaking out since day 1", "you asked me two questions": talk about the
        # speaker or the listener, not a public fact, is scored on its words alone
        hard = soft = False
    content = toks - _STOPWORDS
    if len(content) >= _REPEAT_MIN_WORDS and ctx.repeats(content, chunk) and not excl:
        # the document already said this: the checker checks it once, where it first appears
        logit += _W["repeat"]
        reasons.append("repeats an earlier sentence, which lowers the score")
    score = 1.0 / (1.0 + math.exp(-logit))
    if hard:
        score = max(score, _HARD_FLOOR)
    elif soft:
        score = max(score, _SOFT_FLOOR)
    if excl:
        score = 0.0
    ordered = [k for k in KINDS if k in kinds] or ["other"]
    if not reasons:
        reasons.append("a plain statement with no specific checkable feature")
    facts.sort(key=lambda f: (f.start, f.end))
    return _Result(round(score, 4), ordered, reasons, facts, excl)


_NOT_PAST = _words(
    """need needed indeed seed feed speed proceed succeed exceed united interested concerned
    supposed used hundred kindred red bed shed bleed breed deed greed weed embed""",
)
_IRREGULAR_PAST = _words(
    """went took gave made sent sold bought paid built won lost cut spent did came grew rose fell
    brought began became left kept met ran saw told thought wrote drove broke chose led
    fought stood understood knew put set shot struck sank swore hid held""",
)
_IRREGULAR_ALT = "|".join(sorted(_IRREGULAR_PAST))
_TIME_UNITS = _words(
    """year years month months week weeks day days hour hours minute minutes second seconds
    decades centuries"""
)
_LARGE_OR_SHARE = ("half", "hundreds", "thousands", "millions", "billions", "tens of")
_SHARE_UNITS = frozenset({"%", "‰", "percentage points", "percentage point", "pp"})
_VAGUE_UNITS = _words("times years year days day months weeks hours minutes seconds decades points")
# A past-tense verb after a subject ("the committee voted", "they had already cut"): the verb
# is found first, then the words before it are checked, which is much cheaper than one
# pattern tried at every word.
_PAST_SUBJECT_RE = re.compile(
    r"(?:^|[^\w'’])(?:I|[Ww]e|[Hh]e|[Ss]he|[Tt]hey|[Ii]t|who|that|which|[A-Z][a-z]+|[A-Z]{2,}|"
    r"(?!(?:the|a|an|of|in|to|for|with|on|at|by|from|and|or|but|very|more|most|so|too|be|"
    r"been|being|is|are|was|were|get|got|gets|become|became|feel|felt|seem|seemed|look|"
    r"looked|well|not|all|any|some|many|much)\b)[a-z]+)"
    r"(?:\s+|'ve\s+|'d\s+)(?:has\s+|have\s+|had\s+)?"
    r"(?:[a-z]+ly\s+|also\s+|just\s+|already\s+|never\s+|not\s+|then\s+){0,2}$"
)


def _past_verb(chunk: str, toks: frozenset[str]) -> str | None:
    """The first past-tense verb that follows a subject, or None.

    Candidates come from the word tokens (a lower-case word ending in -ed, or an irregular
    past form); only their places in the text are checked, which is much cheaper than a
    pattern tried at every word.
    """
    cands = [t for t in toks if t[-2:] == "ed" and len(t) > 3 and t not in _NOT_PAST]
    irregular = toks & _IRREGULAR_PAST
    if irregular:
        cands.extend(irregular)
    if not cands:
        return None
    hits: list[tuple[int, str]] = []
    n = len(chunk)
    for v in cands:
        pos = chunk.find(v)
        while pos >= 0:
            end = pos + len(v)
            if (pos == 0 or not (chunk[pos - 1].isalnum() or chunk[pos - 1] in "'’_")) and (
                end == n or not (chunk[end].isalnum() or chunk[end] in "'’_")
            ):
                hits.append((pos, v))
            pos = chunk.find(v, end)
    hits.sort()
    for pos, v in hits:
        if v.isascii() and v.isalpha() and _PAST_SUBJECT_RE.search(chunk, max(0, pos - 48), pos):
            return v
    return None


_DIGIT_SEARCH = re.compile(r"\d").search
_YEAR_FULL = re.compile(r"1[5-9]\d\d|20\d\d|21\d\d").fullmatch
_SPEECH_WORDS = frozenset(_SPEECH[3:-1].split("|"))
_CONVERSATION = frozenset({"i", "i'm", "i've", "i'd", "me", "my", "you", "you're", "your"})
_STOPWORDS = _words(
    """the a an and or but of to in on at for with by from is are was were be been being it
    it's its this that these those we we're we've our you your they they're their he she his
    her i i'm i've me my not no so as if than then there here have has had do does did will
    would can could should just very also about all any some more most other such only same
    too what which who how when where why up down out over again once now well said says
    that's there's don't didn't going get got #"""
)
_REPEAT_MIN_WORDS = 4
_REPEAT_SHARE = 0.6
_REPEAT_CANDIDATES = 6  # the latest units sharing a sketch key that are compared
_PAST_AUX = frozenset({"was", "were", "had", "did"})
_PURPOSE_ONLY = frozenset({"so that"})
_LEAST_SPECIFIC = ("date-event", "attribution", "causal", "prediction")  # dropped first
_QUANTITY_QUALIFIERS = frozenset(
    """more than|less than|fewer than|as many as|as much as|as few as|as little as|as high as|
    as low as|at least|at most""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
_NUMBER_AHEAD_RE = re.compile(
    r"\s*(?:[$€£¥]|\d|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|"
    r"thousands|million|millions|billion|billions|half|dozens|tens|double|twice|triple)\b)"
)


def _qualifies_number(low: str, phrase: str) -> bool:
    """True when every "more than" (...) in ``low`` only qualifies a number after it."""
    if phrase not in _QUANTITY_QUALIFIERS:
        return False
    pos = low.find(phrase)
    found = False
    while pos >= 0:
        found = True
        if not _NUMBER_AHEAD_RE.match(low, pos + len(phrase)):
            return False
        pos = low.find(phrase, pos + 1)
    return found


_THIRD_SINGULAR = frozenset({"he", "she", "his", "her", "him", "himself", "herself"})
_FIRST_PERSON = frozenset(
    {"i", "i'm", "i've", "i'd", "me", "my", "we", "we're", "we've", "our", "us"}
)


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise InputError(f"article text must be a string, not {type(text).__name__}")
    return text


def _check_min_score(min_score: float | None) -> float:
    if min_score is None:
        return DEFAULT_MIN_SCORE
    if isinstance(min_score, bool):
        raise InputError(f"min score must be a number from 0 to 1, not {min_score!r}")
    try:
        value = float(min_score)
    except (TypeError, ValueError):
        raise InputError(f"min score must be a number from 0 to 1, not {min_score!r}") from None
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise InputError(f"min score must be between 0 and 1, not {min_score}")
    return value


def extract_claims(
    text: str, *, min_score: float | None = None, title: str | None = None
) -> list[DetectedClaim]:
    """The check-worthy claims of an article, in reading order.

    ``min_score`` (0..1, default :data:`DEFAULT_MIN_SCORE`) drops weaker candidates;
    ``title`` lets a headline repeated as the first line be recognised and skipped.
    Every claim satisfies ``claim.text == text[claim.start:claim.end]``; fact offsets are
    offsets into ``text`` too.
    """
    from factcheck.sentences import split_sentences

    text = _check_text(text)
    threshold = _check_min_score(min_score)
    if title is not None and not isinstance(title, str):
        raise InputError(f"title must be a string, not {type(title).__name__}")
    if not text.strip():
        return []
    spans = sorted((s, e) for s, e in split_sentences(text) if 0 <= s < e <= len(text))
    if not spans:
        return []
    units = _build_units(text, spans)
    _assign_entities(text, units)
    ctx = _Context(text)
    skip_first = _headline_index(text, units, title)

    out: list[DetectedClaim] = []
    for idx, u in enumerate(units):
        r = _analyse(ctx, u)
        if idx == skip_first or r.excluded or r.score < threshold:
            continue
        out.append(
            DetectedClaim(
                text[u.start : u.end], u.start, u.end, r.score, r.kinds, r.reasons, r.facts
            )
        )
    return out


def _assign_entities(text: str, units: list[_Unit]) -> None:
    """Scan for names once over the whole text and hand each unit its own matches."""
    k = 0
    n = len(units)
    for u in units:
        u.entities = []
    for m in _ENTITY_RE.finditer(text):
        s = m.start()
        while k < n and units[k].end <= s:
            k += 1
        if k == n:
            break
        u = units[k]
        if s < u.start or u.entities is None:
            continue
        if m.end() > u.end:
            u.entities = None  # runs over the end of the unit: scan this unit on its own
        else:
            u.entities.append(m)


def _headline_index(text: str, units: list[_Unit], title: str | None) -> int | None:
    """0 if the first unit is a headline repeated at the top of the body, else None."""
    if not units:
        return None
    u = units[0]
    if text[: u.start].strip():
        return None
    first = text[u.start : u.end]
    nf = _norm(first)
    if not nf:
        return None
    if title and nf == _norm(title):
        return 0
    line_end = text.find("\n", u.start)
    if line_end == -1 or line_end < u.end or first.rstrip()[-1:] in _FINAL_PUNCT:
        return None  # not a line of its own, or it ends like a sentence
    if first.count(" ") > 20:
        return None
    if title and _norm(title).startswith(nf):
        return 0
    # a short unpunctuated first line that the article repeats further down
    if len(nf) > 8 and nf in _norm(text[u.end : u.end + 50_000]):
        return 0
    return None


def score_sentence(sentence: str) -> tuple[float, list[str], list[str]]:
    """Score one sentence on its own: (score 0..1, kinds, reasons).

    The same features and weights as :func:`extract_claims`, without article context.
    Excluded sentences (questions, boilerplate, bylines, imperatives) score 0 and give the
    reason for the exclusion.
    """
    sentence = _check_text(sentence)
    if not sentence.strip():
        return 0.0, ["other"], []
    start = len(sentence) - len(sentence.lstrip())
    end = len(sentence.rstrip())
    r = _analyse(_Context(sentence), _Unit(start, end, [start]))
    if r.excluded:
        return 0.0, r.kinds, [r.excluded]
    return r.score, r.kinds, r.reasons
