"""Reviewer summaries: Markdown, HTML, CSV and JSON content, safety and the JSON Schema."""

from __future__ import annotations

import csv
import io
import json
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from markdown_it import MarkdownIt

from factcheck.errors import InputError
from factcheck.model import (
    Article,
    Check,
    ChecklistItem,
    Claim,
    Fact,
    Note,
    Source,
    Verdict,
)
from factcheck.report import (
    CSV_COLUMNS,
    FORMATS,
    ReportOptions,
    build_report_data,
    render_report,
    report_schema,
    suggested_filename,
)

NOW = "2026-03-05T09:30:00Z"


def options(**kw: Any) -> ReportOptions:
    base: dict[str, Any] = {
        "organisation_name": "Example Checks",
        "organisation_url": "https://checks.example",
        "claimreview_url_pattern": "https://checks.example/{article_id}#claim-{number}",
        "checked_by": "Ana Ruiz",
        "generated_at": NOW,
    }
    base.update(kw)
    return ReportOptions(**base)


def article(**kw: Any) -> Article:
    base: dict[str, Any] = {
        "id": "a1b2c3d4e5f6",
        "text": "…",
        "title": "Jobless rate hits record low, minister says",
        "url": "https://news.example/2026/03/jobless",
        "published": "2026-03-01T07:00:00Z",
        "author": "Jo Writer",
        "site": "Example News",
    }
    base.update(kw)
    return Article(**base)


def claim(number: int, text: str, **kw: Any) -> Claim:
    return Claim(
        id=kw.pop("id", f"claim{number:03d}"),
        article_id="a1b2c3d4e5f6",
        number=number,
        text=text,
        start=0,
        end=len(text),
        **kw,
    )


def item(label: str, done: bool = False, required: bool = False, by: str = "", at: str = ""):
    return ChecklistItem(
        id=f"item-{label[:8]}",
        label=label,
        done=done,
        required=required,
        updated_by=by,
        updated_at=at,
    )


def realistic() -> tuple[Article, list[Claim]]:
    c1 = claim(
        1,
        "Unemployment fell to 3.9% in February, the lowest since 1974.",
        kinds=["statistic", "quote"],
        score=0.93,
        facts=[Fact(kind="speaker", text="Minister Ann Lee")],
        verdict=Verdict.MOSTLY_TRUE,
        checklist=[
            item("Find the original statistic", True, True, "ana", "2026-03-02T10:00:00Z"),
            item("Check the period compared", False),
            ChecklistItem(id="gone", label="Deleted step", deleted=True),
        ],
        sources=[
            Source(
                id="s1",
                url="https://stats.example/lfs",
                updated_by="ana",
                updated_at="2026-03-02T09:00:00Z",
                checks=[
                    Check(
                        outcome="redirected",
                        status=200,
                        final_url="https://stats.example/lfs/2026-02",
                        title="Labour force survey, February 2026",
                        checked_at="2026-03-02T09:05:00Z",
                        evidence={
                            "found": ["3.9%", "February"],
                            "missing": ["1974"],
                            "snippets": ["fell to 3.9 per cent"],
                            "score": 0.67,
                        },
                    )
                ],
            ),
            Source(
                id="s2",
                url="https://archive.example/old-page",
                checks=[Check(outcome="not-found", status=404, error="HTTP 404 Not Found")],
            ),
            Source(id="s3", url="https://deleted.example/", deleted=True),
        ],
        notes=[
            Note(
                id="n1",
                text="Called the statistics office.",
                author="ben",
                at="2026-03-03T08:00:00Z",
            ),
            Note(id="n2", text="Deleted note", deleted=True),
        ],
        updated_by="ana",
        updated_at="2026-03-04T16:00:00Z",
    )
    c2 = claim(2, "Crime | doubled since 2010.", kinds=["comparison"], score=0.7)
    c3 = claim(
        3,
        "The new bridge cost £2bn.",
        kinds=["statistic"],
        verdict=Verdict.FALSE,
        status="changed",
        previous_text="The new bridge cost £3bn.",
        sources=[Source(id="s4", url="https://gov.example/bridge")],
        updated_by="chen",
        updated_at="2026-03-03T12:00:00Z",
    )
    c4 = claim(4, "A deleted claim that must never show.", deleted=True)
    c5 = claim(
        5,
        "Exports will grow next year.",
        kinds=["prediction"],
        verdict=Verdict.IN_PROGRESS,
        checklist=[item("Ask the forecaster", False, True)],
    )
    return article(), [c5, c4, c3, c2, c1]  # out of order on purpose


# --- API ---------------------------------------------------------------------------------------


def test_formats_and_unknown_format() -> None:
    assert FORMATS == ("md", "html", "csv", "json", "claimreview")
    art, claims = realistic()
    with pytest.raises(InputError, match="unknown report format 'pdf'"):
        render_report(art, claims, "pdf", options())


def test_output_is_deterministic() -> None:
    art, claims = realistic()
    for fmt in FORMATS:
        first = render_report(art, claims, fmt, options())
        assert first == render_report(art, claims, fmt, options()), fmt
        assert first[0].strip(), fmt


def test_suggested_filename_and_options_from_settings() -> None:
    assert suggested_filename(article(id="../../etc"), "html") == "report-etc.html"
    assert suggested_filename(article(), "claimreview").endswith(".jsonld")

    settings = SimpleNamespace(
        organisation_name="Org",
        organisation_url="https://org.example",
        claimreview_url_pattern=None,
        verdict_labels={"false": "Wrong"},
    )
    opts = ReportOptions.from_settings(
        settings, checked_by="me", generated_at=NOW, checkers=["dara"]
    )
    assert (opts.organisation_name, opts.checked_by, opts.generated_at) == ("Org", "me", NOW)
    assert opts.verdict_labels == {"false": "Wrong"} and opts.checkers == ["dara"]


def test_checkers_from_the_history_join_checked_by() -> None:
    art, claims = realistic()
    text, warnings = render_report(art, claims, "md", options(checkers=["dara", "ana", " "]))
    assert "**Checked by:** ana, ben, chen, dara" in text
    bare = [claim(1, "x")]
    _, warnings = render_report(art, bare, "md", options(checkers=["eve"]))
    assert not any("checked by' is unknown" in w for w in warnings)


# --- Markdown ----------------------------------------------------------------------------------


def md_to_html(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def test_markdown_content() -> None:
    art, claims = realistic()
    text, warnings = render_report(art, claims, "md", options())
    assert text.startswith("# Fact-check report: Jobless rate hits record low, minister says\n")
    assert "<https://news.example/2026/03/jobless>" in text
    assert "2026-03-01, by Jo Writer, on Example News" in text
    assert "**Checked by:** ana, ben, chen" in text
    assert "2026-03-02 09:00 UTC to 2026-03-04 16:00 UTC" in text
    assert "2026-03-05 09:30 UTC by Ana Ruiz" in text
    # Summary: claims per verdict, checklist completion, sources ok and broken.
    assert "| Mostly true | 1 |" in text
    assert "| Unchecked | 1 |" in text
    assert "| False | 1 |" in text
    assert "| **All claims** | **4** |" in text
    assert "| Checklist items ticked | 1 of 3 (33%) |" in text
    assert "| Sources ok | 1 of 3 |" in text
    assert "| Sources broken | 1 |" in text
    assert "| Sources not fetched yet | 1 |" in text
    # Claims in number order; the deleted claim, item, source and note never show.
    order = [text.index(f"### Claim {n}:") for n in (1, 2, 3, 5)]
    assert order == sorted(order)
    for hidden in ("Claim 4", "A deleted claim", "Deleted step", "deleted.example", "Deleted note"):
        assert hidden not in text
    assert "### Claim 1: Mostly true" in text
    assert (
        "- [x] Find the original statistic *(required)* (ticked by ana on 2026-03-02 10:00" in text
    )
    assert "- [ ] Check the period compared" in text
    assert "1. **ok** <https://stats.example/lfs> (HTTP 200, redirected" in text
    assert "   - Final URL: <https://stats.example/lfs/2026-02>" in text
    assert "   - Evidence found: 3.9%; February" in text
    assert "   - Evidence missing: 1974" in text
    assert "2. **broken** <https://archive.example/old-page> (HTTP 404, not\\-found)" not in text
    assert "2. **broken** <https://archive.example/old-page> (HTTP 404, not-found)" in text
    assert "   - Error: HTTP 404 Not Found" in text
    assert "- Called the statistics office. (by ben on 2026-03-03 08:00 UTC)" in text
    assert "- **Claimant:** Minister Ann Lee" in text
    assert "- **Last changed:** by ana on 2026-03-04 16:00 UTC" in text
    assert "the text changed in the article: it was “The new bridge cost £3bn.”" in text
    # Unchecked claims and broken sources are listed, never hidden.
    attention = text[text.index("## Needs attention") : text.index("## Claims")]
    assert (
        "- **Claim 1:** broken source https://archive.example/old-page (not-found, HTTP 404)"
        in (attention)
    )
    assert "- **Claim 2:** no verdict yet" in attention
    assert "- **Claim 3:** 1 source not fetched yet; claim text changed" in attention
    assert "- **Claim 5:** verdict still in progress; 1 required checklist item not ticked" in (
        attention
    )
    assert "2 claims of 4 have no final verdict." in warnings
    assert "1 source could not be fetched or did not load." in warnings


def test_markdown_escapes_untrusted_text() -> None:
    hostile = claim(
        1,
        "# Rates | fell <script>alert(1)</script> *a* [x](javascript:alert(1)) `c` &lt;b&gt;",
        id="`<script>alert(1)</script>`",
        verdict=Verdict.FALSE,
        notes=[Note(id="n", text="1. not a list\n<img src=x onerror=alert(1)>", author="<b>")],
        sources=[Source(id="s", url="javascript:alert(1)")],
    )
    opts = options(verdict_labels={"false": "False | wrong <i>"})
    art = article(title="A | B <script>", id="x`<img src=x onerror=alert(1)>`")
    text, _ = render_report(art, [hostile], "md", opts)
    html = md_to_html(text)
    assert "<script" not in html and "<img" not in html and "<i>" not in html
    assert 'href="javascript' not in html and "<em>a</em>" not in html
    assert "<code>c</code>" not in html
    # The verdict label with a pipe does not add a column to the summary table.
    table = html[html.index("<table>") : html.index("</table>")]
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        assert len(re.findall(r"<t[dh][ >]", row)) == 2, row
    assert "False | wrong &lt;i&gt;" in table
    # The claim text starting with "#" stays a quote, not a heading; the note is no list.
    assert "<blockquote>\n<p># Rates | fell &lt;script&gt;" in html
    assert "&amp;lt;b&amp;gt;" in html  # entities in the text are shown, not decoded
    assert "<ol>" not in html.split("Notes")[-1]


# --- HTML --------------------------------------------------------------------------------------


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> TagCollector:
    parser = TagCollector()
    parser.feed(text)
    parser.close()
    return parser


def test_html_content() -> None:
    art, claims = realistic()
    text, _ = render_report(art, claims, "html", options())
    page = parse_html(text)
    visible = re.sub(r" ([:,.)])", r"\1", " ".join(" ".join(page.text).split()))
    for expected in (
        "Fact-check report: Jobless rate hits record low, minister says",
        "Checked by ana, ben, chen",
        "Mostly true 1",
        "Checklist items ticked 1 of 3 (33%)",
        "Sources broken 1",
        "Claim 2: no verdict yet",
        "Find the original statistic (required) (ticked by ana on 2026-03-02 10:00 UTC)",
        "Final URL: https://stats.example/lfs/2026-02",
        "Evidence found: 3.9%; February",
        "Evidence missing: 1974",
        "Called the statistics office. (by ben on 2026-03-03 08:00 UTC)",
        "Last changed by ana on 2026-03-04 16:00 UTC",
    ):
        assert expected in visible, expected
    assert "A deleted claim" not in visible
    hrefs = [a.get("href") for tag, a in page.tags if tag == "a"]
    assert "https://stats.example/lfs/2026-02" in hrefs
    assert "#claim-2" in hrefs
    assert "@media print" in text


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</style><script>alert(2)</script>",
    "' onmouseover='alert(3)",
]


def hostile_claims() -> tuple[Article, list[Claim]]:
    claims = []
    for n, bad in enumerate(HOSTILE, 1):
        claims.append(
            claim(
                n,
                f"Claim {bad} text",
                kinds=[bad],
                facts=[Fact(kind="speaker", text=bad)],
                verdict=Verdict.FALSE,
                checklist=[item(bad, True, by=bad, at=bad)],
                sources=[
                    Source(
                        id=f"s{n}",
                        url=bad,
                        note=bad,
                        checks=[
                            Check(
                                outcome=bad,
                                final_url="javascript:alert(1)",
                                title=bad,
                                error=bad,
                                evidence={"found": [bad], "missing": [bad], "snippets": [bad]},
                            )
                        ],
                    ),
                    Source(id=f"t{n}", url="JaVaScRiPt:alert(1)"),
                    Source(id=f"u{n}", url="java\nscript:alert(1)"),
                    Source(id=f"v{n}", url="data:text/html,<script>alert(1)</script>"),
                ],
                notes=[Note(id=f"n{n}", text=bad, author=bad, at=bad)],
                updated_by=bad,
                updated_at=bad,
            )
        )
    art = article(title=HOSTILE[0], url="javascript:alert(1)", author=HOSTILE[1], site=HOSTILE[4])
    return art, claims


def test_html_escapes_everything_and_loads_nothing() -> None:
    art, claims = hostile_claims()
    labels = {v.value: HOSTILE[1] for v in Verdict}
    text, _ = render_report(
        art, claims, "html", options(verdict_labels=labels, checked_by=HOSTILE[0])
    )
    assert "<script" not in text.lower()
    assert "<img" not in text.lower()
    page = parse_html(text)
    names = [tag for tag, _ in page.tags]
    for forbidden in ("script", "img", "iframe", "object", "embed", "link", "base", "form"):
        assert forbidden not in names
    assert names.count("style") == 1
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "srcset", "background", "action", "formaction")
            if name == "href":
                assert value and (value.startswith("#") or value.startswith("https://")), value
    metas = [a for tag, a in page.tags if tag == "meta"]
    csp = next(a["content"] for a in metas if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in (csp or "") and "script-src" not in (csp or "")
    # The hostile strings are still there for a reader, as text.
    visible = "".join(page.text)
    assert '"><img src=x onerror=alert(1)>' in visible
    assert "javascript:alert(1)" in visible


def test_html_style_block_is_ours_alone() -> None:
    art, claims = hostile_claims()
    text, _ = render_report(art, claims, "html", options())
    style = text[text.index("<style>") : text.index("</style>")]
    assert "alert" not in style and "url(" not in style and "@import" not in style


# --- CSV ---------------------------------------------------------------------------------------


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_csv_rows_round_trip() -> None:
    art, claims = realistic()
    claims[3].notes.append(Note(id="q", text='Said "no", then\nyes', author="dara"))
    text, _ = render_report(art, claims, "csv", options())
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "").replace("then\nyes", "")
    rows = read_csv(text)
    assert rows[0] == list(CSV_COLUMNS)
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "5"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["text"] == "Unemployment fell to 3.9% in February, the lowest since 1974."
    assert first["kinds"] == "statistic, quote"
    assert (first["verdict"], first["verdict_id"]) == ("Mostly true", "mostly-true")
    assert (first["checklist_done"], first["checklist_total"]) == ("1", "2")
    assert (first["sources_ok"], first["sources_broken"], first["sources_total"]) == ("1", "1", "2")
    assert first["notes"] == "Called the statistics office. (ben)"
    assert first["last_changed_by"] == "ana"
    assert first["last_changed_at_utc"] == "2026-03-04 16:00:00"
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["text"] == "Crime | doubled since 2010."
    assert second["notes"] == 'Said "no", then yes (dara)'
    assert second["needs_attention"] == "no verdict yet"


def test_csv_neutralises_formulas_but_keeps_numbers() -> None:
    texts = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", "  =HYPERLINK(1)", "ok = fine"]
    claims = [
        claim(n, t, kinds=["=k"], notes=[Note(id="n", text="=evil()", author="@me")])
        for n, t in enumerate(texts, 1)
    ]
    opts = options(verdict_labels={"unchecked": "-unchecked"})
    text, _ = render_report(article(), claims, "csv", opts)
    rows = read_csv(text)[1:]
    for row, original in zip(rows, texts, strict=True):
        record = dict(zip(CSV_COLUMNS, row, strict=True))
        if original == "ok = fine":
            assert record["text"] == "ok = fine"
        else:
            assert record["text"].startswith("'"), record["text"]
        assert record["kinds"] == "'=k"
        assert record["verdict"] == "'-unchecked"
        assert record["notes"].startswith("'=evil()")
        for numeric in ("number", "checklist_done", "checklist_total", "sources_total"):
            assert record[numeric].isdigit(), (numeric, record[numeric])
    for cell in (c for r in rows for c in r):
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_csv_without_bom() -> None:
    text, _ = render_report(article(), [claim(1, "x")], "csv", options(csv_bom=False))
    assert text.startswith("number,text,")


# --- JSON and its schema -----------------------------------------------------------------------

_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def validate(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """A small JSON Schema checker for the keywords report.schema.json uses."""
    errors: list[str] = []
    if "oneOf" in schema:
        matches = [s for s in schema["oneOf"] if not validate(value, s, path)]
        if len(matches) != 1:
            errors.append(f"{path}: matches {len(matches)} of oneOf")
        return errors
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != const {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in enum")
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = False
        for kind in kinds:
            if kind == "integer":
                ok |= isinstance(value, int) and not isinstance(value, bool)
            elif kind == "number":
                ok |= isinstance(value, (int, float)) and not isinstance(value, bool)
            else:
                ok |= isinstance(value, _TYPES[kind]) and not (
                    kind != "boolean" and isinstance(value, bool)
                )
        if not ok:
            return [f"{path}: {value!r} is not {kinds}"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: below minimum")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: above maximum")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        errors += [f"{path}: missing {k}" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            errors += [f"{path}: unexpected {k}" for k in value if k not in props]
        for key, sub in props.items():
            if key in value:
                errors += validate(value[key], sub, f"{path}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: too few items")
        if "items" in schema:
            for i, sub in enumerate(value):
                errors += validate(sub, schema["items"], f"{path}[{i}]")
    return errors


def test_shipped_schema_file_is_the_schema() -> None:
    shipped = Path(__file__).resolve().parents[1] / "factcheck" / "report" / "report.schema.json"
    schema = report_schema()
    assert json.loads(shipped.read_text(encoding="utf-8")) == schema
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "changed"
    assert report_schema()["title"] != "changed"  # callers get a copy


@pytest.mark.parametrize("case", ["realistic", "hostile", "empty", "bare"])
def test_json_matches_schema(case: str) -> None:
    if case == "realistic":
        art, claims = realistic()
    elif case == "hostile":
        art, claims = hostile_claims()
    elif case == "empty":
        art, claims = article(), []
    else:
        art, claims = Article(id="x", text="t"), [claim(1, "x")]
    text, warnings = render_report(art, claims, "json", options())
    data = json.loads(text)
    assert validate(data, report_schema()) == []
    assert data["warnings"] == warnings


def test_schema_validator_has_teeth() -> None:
    art, claims = realistic()
    data = json.loads(render_report(art, claims, "json", options())[0])
    data["claims"][0]["verdict"]["rating"] = "4"
    data["claims"][1]["sources"]["ok"] = -1
    data["article"]["published"] = "March 1"
    data["summary"]["extra"] = 1
    errors = validate(data, report_schema())
    assert len(errors) == 4, errors


def test_json_content() -> None:
    art, claims = realistic()
    text, _ = render_report(art, claims, "json", options(verdict_labels={"false": "Wrong"}))
    data = json.loads(text)
    assert data["report_version"] == 1
    assert data["generated_at"] == NOW and data["generated_by"] == "Ana Ruiz"
    assert data["article"]["published"] == "2026-03-01"
    assert data["checked_by"] == ["ana", "ben", "chen"]
    assert [c["number"] for c in data["claims"]] == [1, 2, 3, 5]
    counts = {v["id"]: v["count"] for v in data["summary"]["verdicts"]}
    assert counts == {
        "unchecked": 1,
        "in-progress": 1,
        "true": 0,
        "mostly-true": 1,
        "misleading": 0,
        "false": 1,
        "unverifiable": 0,
    }
    assert data["summary"]["sources"] == {"ok": 1, "broken": 1, "unchecked": 1, "total": 3}
    third = data["claims"][2]
    assert third["verdict"] == {
        "id": "false",
        "label": "Wrong",
        "final": True,
        "rating": 1,
        "description": "Not accurate.",
    }
    source = data["claims"][0]["sources"]["items"][0]
    assert source["state"] == "ok" and source["final_url"] == "https://stats.example/lfs/2026-02"
    assert source["evidence"]["found"] == ["3.9%", "February"]
    assert [a["number"] for a in data["needs_attention"]] == [1, 2, 3, 5]
    # Safe to paste inside a <script type="application/ld+json"> or <script> block.
    hostile_text, _ = render_report(*hostile_claims(), "json", options())
    assert "<" not in hostile_text and ">" not in hostile_text
    assert "</script>" in json.dumps(json.loads(hostile_text))


# --- missing things ----------------------------------------------------------------------------


def test_article_with_no_claims() -> None:
    for fmt in FORMATS:
        text, warnings = render_report(article(), [], fmt, options())
        assert text.strip(), fmt
        assert any("no claims" in w or "list is empty" in w for w in warnings), (fmt, warnings)
    md, _ = render_report(article(), [], "md", options())
    assert "No claims were found in this article." in md
    assert "| **All claims** | **0** |" in md
    assert "| Checklist items ticked | 0 of 0 (–) |" in md
    csv_text, _ = render_report(article(), [], "csv", options())
    assert read_csv(csv_text) == [list(CSV_COLUMNS)]
    assert json.loads(render_report(article(), [], "claimreview", options())[0]) == []


def test_claims_without_verdicts_are_listed_not_hidden() -> None:
    claims = [claim(n, f"Claim number {n} has a figure of {n}0%.") for n in (1, 2, 3)]
    md, warnings = render_report(article(), claims, "md", options())
    assert "3 claims of 3 have no final verdict." in warnings
    attention = md[md.index("## Needs attention") : md.index("## Claims")]
    assert all(f"- **Claim {n}:** no verdict yet" in attention for n in (1, 2, 3))
    assert md.count("### Claim") == 3
    html, _ = render_report(article(), claims, "html", options())
    assert html.count('<section class="claim"') == 3
    _, cr_warnings = render_report(article(), claims, "claimreview", options())
    assert "3 claims have no final verdict and are not in the ClaimReview output" in (
        " ".join(cr_warnings)
    )


@pytest.mark.parametrize("published", [None, "", "0001-01-01T00:00:00Z", "1970-01-01", "soon"])
def test_missing_metadata(published: str | None) -> None:
    bare = Article(id="b00", text="t", published=published)
    claims = [claim(1, "x", verdict=Verdict.TRUE)]
    md, warnings = render_report(bare, claims, "md", options(checked_by=None))
    assert "The article has no title and no URL and no publication date." in warnings
    assert "# Fact-check report: untitled article" in md
    assert "- **Article:** no URL" in md
    assert "no date or author recorded" in md
    assert "No change records an author: 'checked by' is unknown." in warnings
    assert "**Checked by:** nobody recorded" in md
    assert "0001" not in md and "1970" not in md
    data = json.loads(render_report(bare, claims, "json", options())[0])
    assert data["article"]["published"] is None


def test_control_characters_are_removed_and_bidi_shown() -> None:
    c = claim(1, "Rates\x1b[31m fell\x07 \u202eevil\u202c", notes=[Note(id="n", text="a\x00b")])
    for fmt in ("md", "html", "csv", "json"):
        text, _ = render_report(article(title="T\x1b]0;x\x07"), [c], fmt, options())
        assert "\x1b" not in text and "\x07" not in text and "\x00" not in text, fmt
        assert "\u202e" not in text and "U+202E" in text, fmt


def test_build_report_data_is_the_json_document() -> None:
    art, claims = realistic()
    data = build_report_data(art, claims, options())
    assert json.loads(render_report(art, claims, "json", options())[0]) == data


def test_report_leaves_no_cached_text_and_restores_the_gc() -> None:
    import gc

    from factcheck.report import _data

    art, claims = realistic()
    assert gc.isenabled()
    for fmt in FORMATS:
        render_report(art, claims, fmt, options())
        assert gc.isenabled()
        assert all(m.cache_info().currsize == 0 for m in _data._MEMOS), fmt
    build_report_data(art, claims, options())
    assert all(m.cache_info().currsize == 0 for m in _data._MEMOS)
    gc.disable()
    try:
        render_report(art, claims, "md", options())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_warnings_are_in_the_document() -> None:
    bare = Article(id="b00", text="t")
    md, warnings = render_report(bare, [claim(1, "x")], "md", options())
    section = md[md.index("## Warnings") : md.index("## Claims")]
    assert all(f"- {w}" in section for w in warnings) and warnings
    html, _ = render_report(bare, [claim(1, "x")], "html", options())
    assert all(f"<li>{escape(w)}</li>" in html for w in warnings)
