"""Tests for factcheck.sentences.split_sentences: features, exact spans, bad input, speed."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck.sentences import split_sentences


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def check_invariants(text: str) -> list[tuple[int, int]]:
    spans = split_sentences(text)
    prev_end = 0
    for s, e in spans:
        assert isinstance(s, int) and isinstance(e, int)
        assert 0 <= prev_end <= s < e <= len(text), (spans, text)
        piece = text[s:e]
        assert piece == piece.strip(), (piece, text)
        prev_end = e
    # Nothing but whitespace is left out.
    covered = 0
    for s, e in spans:
        assert text[covered:s].strip() == "", (text[covered:s], text)
        covered = e
    assert text[covered:].strip() == ""
    return spans


# (name, text, expected sentences)
CASES: list[tuple[str, str, list[str]]] = [
    ("simple", "The bridge opened. Traffic fell.", ["The bridge opened.", "Traffic fell."]),
    ("question", "Who paid? The council did.", ["Who paid?", "The council did."]),
    ("exclamation", "It worked! Everyone cheered.", ["It worked!", "Everyone cheered."]),
    ("double punct", "Really?! Yes, really.", ["Really?!", "Yes, really."]),
    # abbreviations
    (
        "Mr Dr",
        "Mr. Lee met Dr. Okafor today. They talked.",
        ["Mr. Lee met Dr. Okafor today.", "They talked."],
    ),
    ("US mid", "The U.S. Senate voted on Friday.", ["The U.S. Senate voted on Friday."]),
    (
        "US end",
        "She moved to the U.S. The move was hard.",
        ["She moved to the U.S.", "The move was hard."],
    ),
    ("US lower", "Prices in the U.S. rose again.", ["Prices in the U.S. rose again."]),
    (
        "eg ie",
        "Use fruit, e.g. Apples, or grain, i.e. Oats, for this.",
        ["Use fruit, e.g. Apples, or grain, i.e. Oats, for this."],
    ),
    (
        "etc end",
        "They sold pens, paper, etc. The shop closed later.",
        ["They sold pens, paper, etc.", "The shop closed later."],
    ),
    ("etc mid", "They sold pens, paper, etc. and more.", ["They sold pens, paper, etc. and more."]),
    ("Jan No", "On Jan. 5 the No. 9 bus stopped.", ["On Jan. 5 the No. 9 bus stopped."]),
    ("St Gen", "Gen. Ames spoke at St. Mary's hall.", ["Gen. Ames spoke at St. Mary's hall."]),
    ("Inc mid", "Acme Inc. said profits rose.", ["Acme Inc. said profits rose."]),
    (
        "Inc end",
        "He works for Acme Inc. It makes tools.",
        ["He works for Acme Inc.", "It makes tools."],
    ),
    ("vs", "It was Leeds vs. Hull in the final.", ["It was Leeds vs. Hull in the final."]),
    (
        "pm end",
        "The polls close at 8 p.m. Results come later.",
        ["The polls close at 8 p.m.", "Results come later."],
    ),
    ("am start", "At 6 a.m. Mrs. Diaz opened the shop.", ["At 6 a.m. Mrs. Diaz opened the shop."]),
    (
        "pm day",
        "It starts at 9 p.m. Friday in the hall.",
        ["It starts at 9 p.m. Friday in the hall."],
    ),
    # initials
    (
        "initials",
        "The book by J. K. Rowling sold well. Fans queued.",
        ["The book by J. K. Rowling sold well.", "Fans queued."],
    ),
    ("initial mid", "Ask Anna B. Cole about it.", ["Ask Anna B. Cole about it."]),
    (
        "I end",
        "It was just you and I. Then it rained.",
        ["It was just you and I.", "Then it rained."],
    ),
    # numbers
    (
        "decimal",
        "Growth was 3.5 percent. It was 2.1 before.",
        ["Growth was 3.5 percent.", "It was 2.1 before."],
    ),
    (
        "thousands",
        "About 80,000 people came. Most stayed.",
        ["About 80,000 people came.", "Most stayed."],
    ),
    (
        "euro thousands",
        "The bill was 1.234,5 euros in total.",
        ["The bill was 1.234,5 euros in total."],
    ),
    ("number end", "The budget was $4.50. Nobody paid.", ["The budget was $4.50.", "Nobody paid."]),
    (
        "year end",
        "It happened in 1998. Then it stopped.",
        ["It happened in 1998.", "Then it stopped."],
    ),
    ("page", "See p. 12 for details.", ["See p. 12 for details."]),
    # ellipses
    ("ellipsis mid", "Well... let me think about it.", ["Well... let me think about it."]),
    ("ellipsis end", "He waited.... Nobody came.", ["He waited....", "Nobody came."]),
    ("unicode ellipsis", "She paused… Then she spoke.", ["She paused…", "Then she spoke."]),
    ("spaced ellipsis", "It was . . . not what I expected.", ["It was . . . not what I expected."]),
    # quotes and brackets
    ("quote closes", 'He left." She stayed.', ['He left."', "She stayed."]),
    (
        "quote said",
        '"We won," she said. "It was close."',
        ['"We won," she said.', '"It was close."'],
    ),
    ("quote lower", '"Stop!" he shouted at them.', ['"Stop!" he shouted at them.']),
    ("curly quote", "“It is done.” The mayor smiled.", ["“It is done.”", "The mayor smiled."]),
    (
        "paren inside",
        "The plan (it was new.) failed badly.",
        ["The plan (it was new.) failed badly."],
    ),
    (
        "paren closes",
        "The plan failed. (It was new.) Nobody knew why.",
        ["The plan failed.", "(It was new.)", "Nobody knew why."],
    ),
    (
        "footnote",
        "It is a city.[3] The river runs north.",
        ["It is a city.[3]", "The river runs north."],
    ),
    ("abbrev number", "Call Acme Corp. 555 0100 today.", ["Call Acme Corp. 555 0100 today."]),
    ("emoticon", "Great food! :) We will come back.", ["Great food! :)", "We will come back."]),
    ("stray punct", "Is it open? ? Nobody knows.", ["Is it open? ?", "Nobody knows."]),
    ("dash after !", "Then -- boom! -- it fell.", ["Then -- boom! -- it fell."]),
    ("dash new sentence", "Who won? - Nobody did.", ["Who won?", "- Nobody did."]),
    # lists
    (
        "numbered inline",
        "1) Check the source 2) Call the author",
        ["1) Check the source", "2) Call the author"],
    ),
    ("numbered dot", "1. Read it. 2. Check it.", ["1. Read it.", "2. Check it."]),
    (
        "numbered lines",
        "Steps:\n1. Read the text\n2. Mark the claims\n3. Check them",
        ["Steps:", "1. Read the text", "2. Mark the claims", "3. Check them"],
    ),
    (
        "bullets lines",
        "Key points\n- prices rose\n- wages fell\n",
        ["Key points", "- prices rose", "- wages fell"],
    ),
    ("bullets inline", "• first point • second point", ["• first point", "• second point"]),
    ("letters inline", "a. The red one b. The blue one", ["a. The red one", "b. The blue one"]),
    # URLs and e-mail addresses
    (
        "url",
        "Read https://example.org/a.b/c.html. It explains all.",
        ["Read https://example.org/a.b/c.html.", "It explains all."],
    ),
    (
        "url mid",
        "See www.example.com/News.Today for more.",
        ["See www.example.com/News.Today for more."],
    ),
    (
        "email",
        "Write to Ann.Lee@example.com. She replies fast.",
        ["Write to Ann.Lee@example.com.", "She replies fast."],
    ),
    ("domain", "The site example.co.uk is down.", ["The site example.co.uk is down."]),
    # glued sentences
    ("no space", "It rained.Then it stopped.", ["It rained.", "Then it stopped."]),
    # line breaks
    (
        "headline",
        "Tram line opens\nThe city opened its tram line on Monday.",
        ["Tram line opens", "The city opened its tram line on Monday."],
    ),
    (
        "blank line",
        "First part without end\n\nsecond part",
        ["First part without end", "second part"],
    ),
    (
        "blank line after abbrev",
        "We met the Dr.\n\nThen we left.",
        ["We met the Dr.", "Then we left."],
    ),
    (
        "comma line",
        "The mayor, who spoke first,\nsaid no.",
        ["The mayor, who spoke first,\nsaid no."],
    ),
    (
        "wrapped",
        "The council met on Tuesday to discuss the new budget for\n"
        "the coming year and agreed to raise spending on schools\n"
        "and libraries by a small amount.",
        [
            "The council met on Tuesday to discuss the new budget for\n"
            "the coming year and agreed to raise spending on schools\n"
            "and libraries by a small amount."
        ],
    ),
    (
        "short paragraphs per line",
        "Council backs tram plan\n"
        + "The council voted for the tram plan on a wet Monday night, 30 to 12.\n"
        + "The vote came after a long debate about the cost of the new tram line.\n"
        + "Work on the line starts next spring and ends in the summer of 2027.",
        [
            "Council backs tram plan",
            "The council voted for the tram plan on a wet Monday night, 30 to 12.",
            "The vote came after a long debate about the cost of the new tram line.",
            "Work on the line starts next spring and ends in the summer of 2027.",
        ],
    ),
    (
        "colon lines",
        "Key findings:\nCrime fell by 4%.\nHe said:\n“It works.”",
        ["Key findings:", "Crime fell by 4%.", "He said:\n“It works.”"],
    ),
    ("paragraph separator", "First part\u2029second part", ["First part", "second part"]),
    ("crlf", "One line\r\nAnother line", ["One line", "Another line"]),
    (
        "period at line end",
        "Shares of Acme Inc.\nSmith sold his stake.",
        ["Shares of Acme Inc.", "Smith sold his stake."],
    ),
    (
        "title at line end",
        "It was signed by Dr.\nLee yesterday.",
        ["It was signed by Dr.\nLee yesterday."],
    ),
    (
        "paragraph per line",
        "Mayor loses vote\nThe council rejected the plan on Monday.\nIt was the second defeat.",
        [
            "Mayor loses vote",
            "The council rejected the plan on Monday.",
            "It was the second defeat.",
        ],
    ),
    # other scripts
    ("cjk", "今天下雨了。我们在家。", ["今天下雨了。", "我们在家。"]),
    ("devanagari", "यह एक वाक्य है। यह दूसरा है।", ["यह एक वाक्य है।", "यह दूसरा है।"]),
    ("arabic", "هذه جملة. هذه أخرى.", ["هذه جملة.", "هذه أخرى."]),
    ("hebrew", "זה משפט. זה עוד משפט.", ["זה משפט.", "זה עוד משפט."]),
    ("mixed", "Le prix est 5 €. 价格很高。 Done.", ["Le prix est 5 €.", "价格很高。", "Done."]),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_cases(name: str, text: str, expected: list[str]) -> None:
    assert sents(text) == expected
    check_invariants(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   \n\t  ", []),
        ("no end at all", [(0, 13)]),
        ("  padded text  ", [(2, 13)]),
        (".", [(0, 1)]),
        ("?!", [(0, 2)]),
        ("...", [(0, 3)]),
    ],
)
def test_edge_spans(text: str, expected: list[tuple[int, int]]) -> None:
    assert split_sentences(text) == expected


BAD_INPUTS = [
    "a\x00b. C\x07d.",
    "\x1b[31mred text.\x1b[0m Next one.",
    "lone \ud800 surrogate. Next \udfff one.",
    "\ud83d",
    "\u202eThis is reversed. \u202dAnd this.",
    "مرحبا. Hello. שלום!",
    "\u200b\u200b. \u200b",
    "\x0c\x0b\x1c\x1d\x1e\x1f\x85\u2028\u2029",
    "..... !!!! ???? …… 。。。",
    '(((((""""))))).',
    "Mr. Mrs. Dr. U.S. e.g. i.e. etc. vs. No. St.",
    "1. 2. 3. a) b) c) • • •",
    "http://a.b/c. d@e.f. www.g.h.",
    "\n\n\n\n",
]


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_bad_input_never_crashes(text: str) -> None:
    spans = check_invariants(text)
    assert all(text[s:e].strip() for s, e in spans)


def test_lone_surrogate_keeps_exact_offsets() -> None:
    text = "First \ud800 one. Second one."
    assert sents(text) == ["First \ud800 one.", "Second one."]


def test_rejects_non_str() -> None:
    with pytest.raises(TypeError):
        split_sentences(b"bytes.")  # type: ignore[arg-type]


_ALPHABET = [
    *"abcXYZ .,!?;:'\"()[]-\n\t…。1234567890@/",
    "Mr.",
    "U.S.",
    "e.g.",
    " ",
    " ",
    "\n\n",
    "\u00a0",
    "\ud800",
    "é",
    "ש",
    "中",
    "\x00",
    "•",
    "https://x.y/z.",
    "...",
    ". . .",
    "1)",
    "a.m.",
]


def test_random_strings_keep_invariants() -> None:
    rng = random.Random(1234)
    for _ in range(1500):
        n = rng.randint(0, 60)
        text = "".join(rng.choice(_ALPHABET) for _ in range(n))
        check_invariants(text)


def test_random_sentences_are_found() -> None:
    """Generated prose: every sentence we wrote comes back as one span."""
    rng = random.Random(99)
    words = ["city", "council", "budget", "rose", "by", "percent", "said", "the", "new", "plan"]
    for _ in range(200):
        parts = []
        for _ in range(rng.randint(1, 6)):
            body = " ".join(rng.choice(words) for _ in range(rng.randint(2, 9)))
            parts.append(body[0].upper() + body[1:] + rng.choice([".", "!", "?"]))
        text = " ".join(parts)
        assert sents(text) == parts


def test_long_line_without_punctuation_is_fast_and_one_span() -> None:
    text = "word " * 200_000  # 1 MB, one line, no sentence end
    t0 = time.perf_counter()
    spans = split_sentences(text)
    elapsed = time.perf_counter() - t0
    assert spans == [(0, len(text) - 1)]
    assert elapsed < 2.0


def test_pathological_inputs_stay_linear() -> None:
    for unit in ("a.", "A.b ", ". ", "\n", "1) ", "Mr. ", "x@y.", "....", "“”"):
        text = unit * 20_000
        t0 = time.perf_counter()
        check_invariants(text)
        assert time.perf_counter() - t0 < 3.0, unit


def test_many_sentences_speed() -> None:
    text = (
        "The mayor said on Monday that the U.S. plan cost $3.5 million. Critics disagreed.\n\n"
    ) * 5000
    t0 = time.perf_counter()
    spans = split_sentences(text)
    assert time.perf_counter() - t0 < 2.0
    assert len(spans) == 10_000


def test_import_is_fast(tmp_path: Path) -> None:
    """``import factcheck.sentences`` (bytecode cached, as after an install) under 20 ms."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pyc")
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    code = (
        # re and typing are standard modules that any program has loaded anyway; what is timed
        # is what this package adds.
        "import time, re, typing; t = time.perf_counter(); import factcheck.sentences; "
        "print(time.perf_counter() - t); import sys; print('textual' in sys.modules)"
    )
    times = []
    for _ in range(6):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=root,
        )
        seconds, textual = out.stdout.split()
        times.append(float(seconds))
        assert textual == "False"
    # About 1 ms on an idle machine; the bound leaves room for a loaded CI box.
    assert min(times[1:]) < 0.02, times


def test_public_api() -> None:
    import factcheck

    assert factcheck.split_sentences("Ab cd. Ef gh.") == [(0, 6), (7, 13)]
