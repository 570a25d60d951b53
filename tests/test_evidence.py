"""Evidence matching: numbers, dates, quotes and names in page text; text from bodies."""

from __future__ import annotations

import pytest

from factcheck.evidence import decode_body, find_evidence, page_text
from factcheck.model import Fact


def num(text: str, value: float | None = None, unit: str | None = None) -> Fact:
    return Fact("number", text, value=value, unit=unit)


@pytest.mark.parametrize(
    "page",
    [
        "About 80,000 people came.",
        "About 80 000 people came.",
        "About 80\u00a0000 people came.",
        "About 80\u202f000 people came.",
        "About 80000 people came.",
        "About 80k people came.",
        "About 80K people came.",
        "About 80 thousand people came.",
        "About 80.000 people came.",
        "About 0.08 million people came.",
    ],
)
def test_number_formats_match(page: str) -> None:
    for fact in (num("80,000", 80000.0), num("80k"), num("80 thousand"), num("80000")):
        ev = find_evidence(page, [fact])
        assert ev["found"] == [fact.text], (page, fact.text)
        assert ev["score"] == 1.0


@pytest.mark.parametrize(
    ("fact", "page"),
    [
        (num("1.5 million", 1.5e6), "It cost $1,500,000 in total."),
        (num("1,500,000"), "It cost 1.5 million in total."),
        (num("£2.3bn", 2.3e9, "£"), "a bill of 2.3 billion pounds"),
        (num("3,5 %", 3.5, "%"), "inflation of 3.5%"),
        (num("12%", 12.0, "%"), "up 12 per cent"),
        (num("12 percent", 12.0, "%"), "up 12%"),
        (num("12 per cent", 12.0, "%"), "up 12 percent on the year"),
        (num("4.2%", 4.2, "%"), "at 4,2 %"),
    ],
)
def test_scaled_numbers_and_percentages(fact: Fact, page: str) -> None:
    assert find_evidence(page, [fact])["found"] == [fact.text]


@pytest.mark.parametrize(
    ("fact", "page"),
    [
        (num("80,000", 80000.0), "About 8,000 people came, or 800,000 by some counts."),
        (num("12%", 12.0, "%"), "There were 12 ministers."),  # a bare 12 is not 12 %
        (num("1.5 million", 1.5e6), "It cost 15 million."),
        (num("42"), "Call 1420 or 4242."),
    ],
)
def test_different_numbers_do_not_match(fact: Fact, page: str) -> None:
    ev = find_evidence(page, [fact])
    assert ev["missing"] == [fact.text] and ev["score"] == 0.0


@pytest.mark.parametrize(
    ("fact", "page"),
    [
        (Fact("date", "4 May 2023", value="2023-05-04"), "On May 4, 2023 the report came out."),
        (Fact("date", "May 4, 2023", value="2023-05-04"), "Published 2023-05-04."),
        (Fact("date", "May 4th, 2023"), "le 4 May 2023"),
        (Fact("date", "4 May 2023"), "dated 04/05/2023"),
        (Fact("date", "4 May 2023"), "dated 05/04/2023"),
        (Fact("date", "May 2023", value="2023-05"), "on 12 May 2023"),
        (Fact("date", "2019", value="2019"), "the lowest since 2019."),
        (Fact("date", "September 2021"), "in Sept. 2021"),
    ],
)
def test_dates_match_across_formats(fact: Fact, page: str) -> None:
    assert find_evidence(page, [fact])["found"] == [fact.text]


def test_dates_that_differ_are_missing() -> None:
    ev = find_evidence(
        "On 5 May 2023 and in 2020.",
        [Fact("date", "4 May 2023", value="2023-05-04"), Fact("date", "2019", value="2019")],
    )
    assert ev["missing"] == ["4 May 2023", "2019"]


PAGE = (
    "The minister spoke for an hour. “We will never abandon the people of this valley, "
    "whatever it costs us,” Jean-Luc Ménard told reporters in Lyon on Tuesday. Figures from "
    "Reuters showed 2,400 homes were flooded."
)


def test_quote_found_exactly_and_fuzzily() -> None:
    exact = Fact("quote", "We will never abandon the people of this valley")
    close = Fact("quote", "We will never abandon the people of the valley, whatever it costs")
    wrong = Fact("quote", "Taxes will be cut for every family next spring")
    ev = find_evidence(PAGE, [exact, close, wrong])
    assert ev["found"] == [exact.text, close.text]
    assert ev["missing"] == [wrong.text]
    by_fact = {s["fact"]: s for s in ev["snippets"]}
    assert by_fact[exact.text]["similarity"] == 1.0
    assert 0.85 <= by_fact[close.text]["similarity"] < 1.0
    assert "abandon the people of this valley" in by_fact[close.text]["snippet"]
    assert 0.6 < ev["score"] < 0.67


def test_names_ignore_case_and_accents_and_surname_counts() -> None:
    facts = [
        Fact("speaker", "Jean-Luc Menard"),
        Fact("outlet", "reuters"),
        Fact("speaker", "Pierre Ménard"),  # surname only
        Fact("entity", "Lyon"),
        Fact("entity", "Marseille"),
    ]
    ev = find_evidence(PAGE, facts)
    assert ev["found"] == ["Jean-Luc Menard", "reuters", "Pierre Ménard", "Lyon"]
    assert ev["missing"] == ["Marseille"]
    sims = {s["fact"]: s["similarity"] for s in ev["snippets"]}
    assert sims["Pierre Ménard"] == 0.8 and sims["Lyon"] == 1.0
    assert "Reuters" in next(s["snippet"] for s in ev["snippets"] if s["fact"] == "reuters")


def test_no_facts_uses_the_claim() -> None:
    ev = find_evidence(PAGE, [], "Ménard said they will never abandon the people of this valley")
    assert ev["found"] == [] and ev["missing"] == []
    assert ev["claim_similarity"] is not None and ev["score"] == ev["claim_similarity"] > 0.7
    assert find_evidence("", [num("5")])["missing"] == ["5"]
    assert find_evidence(PAGE, [])["score"] == 0.0


def test_duplicate_facts_count_once_and_snippets_are_clean() -> None:
    page = "Line one\x1b[2J has 2,400\x07 homes\nand more."
    ev = find_evidence(page, [num("2,400"), num("2,400"), num("2400")])
    assert ev["found"] == ["2,400", "2400"]
    for snippet in ev["snippets"]:
        assert "\x1b" not in snippet["snippet"] and "\x07" not in snippet["snippet"]
        assert "\n" not in snippet["snippet"]


def test_page_text_from_html_and_text() -> None:
    html = (
        "<html><head><title>T</title><style>.x{color:red}</style>"
        "<script>var secret = 'not text';</script></head><body>"
        "<nav>Home | News | Sport</nav><article><h1>Flood report</h1>"
        + "".join(
            f"<p>Paragraph {i}: the river rose by 2.5 metres and 2,400 homes were flooded "
            f"across the valley, officials said on Tuesday.</p>"
            for i in range(6)
        )
        + "</article><table><tr><td>Cost</td><td>€12m</td></tr></table></body></html>"
    )
    text = page_text(html.encode(), "text/html; charset=utf-8", "https://example.com/a")
    assert "2,400 homes" in text and "var secret" not in text
    full = page_text(html.encode(), "text/html", "https://example.com/a", include_all=True)
    assert "€12m" in full and "var secret" not in full and ".x{color" not in full
    assert page_text(b"Plain 80 000 words", "text/plain") == "Plain 80 000 words"
    assert page_text(b"\x89PNG\r\n\x1a\n", "image/png") == ""
    short = page_text(b"<html><body><p>Just 12% here.</p></body></html>", "text/html")
    assert "12%" in short


def test_decode_body_charsets() -> None:
    latin = "Café à 12 €".encode("cp1252")
    assert decode_body(latin, "windows-1252") == "Café à 12 €"
    assert decode_body(latin, None) == "Café à 12 €"  # not UTF-8: detected
    meta = b'<meta charset="iso-8859-1"><p>caf\xe9</p>'
    assert "café" in decode_body(meta, None, html=True)
    assert decode_body("ü".encode(), "no-such-charset") == "ü"
    assert decode_body(b"\xef\xbb\xbfhello", None) == "hello"
