"""Reviewer summaries of an article's checks: Markdown, HTML, CSV, JSON and ClaimReview JSON-LD.

Pure functions: model objects in, a document and plain-English warnings out. No I/O except
reading the bundled JSON Schema. The CLI (``factcheck report``) and the TUI's Export action
write the document where the user asked.

    >>> text, warnings = render_report(article, claims, "md", ReportOptions(generated_at=now))
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import msgspec

from factcheck.errors import InputError
from factcheck.model import Article, Claim
from factcheck.report._csv import COLUMNS as CSV_COLUMNS
from factcheck.report._csv import render_csv
from factcheck.report._data import (
    REPORT_VERSION,
    ReportOptions,
    build_report_data,
    report_scope,
)
from factcheck.report._html import render_html
from factcheck.report._markdown import render_markdown
from factcheck.report.claimreview import build_claimreview

__all__ = [
    "CSV_COLUMNS",
    "EXTENSIONS",
    "FORMATS",
    "REPORT_VERSION",
    "ReportOptions",
    "build_claimreview",
    "build_report_data",
    "render_report",
    "report_schema",
    "suggested_filename",
]

FORMATS: tuple[str, ...] = ("md", "html", "csv", "json", "claimreview")

#: File name endings for each format (what an Export action should suggest).
EXTENSIONS: dict[str, str] = {
    "md": ".md",
    "html": ".html",
    "csv": ".csv",
    "json": ".json",
    "claimreview": ".jsonld",
}

_ALIASES = {"markdown": "md", "htm": "html", "jsonld": "claimreview", "json-ld": "claimreview"}


def _format(fmt: str) -> str:
    name = (fmt or "").strip().lower()
    name = _ALIASES.get(name, name)
    if name not in FORMATS:
        raise InputError(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return name


def _json_text(data: Any) -> str:
    """Indented JSON, UTF-8 as is, with < > & escaped so it is safe inside an HTML page."""
    raw = msgspec.json.encode(data)
    for char, escaped in ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026")):
        if char in raw:
            raw = raw.replace(char, escaped)
    return msgspec.json.format(raw, indent=2).decode("utf-8") + "\n"


def render_report(
    article: Article, claims: list[Claim], fmt: str, options: ReportOptions
) -> tuple[str, list[str]]:
    """The report on ``article`` in format ``fmt``, and warnings about what is missing.

    Deleted claims are left out; every other claim is in the report, checked or not.
    Raises ``InputError`` for a format not in ``FORMATS``.
    """
    fmt = _format(fmt)
    with report_scope():
        return _render(article, claims, fmt, options)


def _render(
    article: Article, claims: list[Claim], fmt: str, options: ReportOptions
) -> tuple[str, list[str]]:
    if fmt == "claimreview":
        reviews, warnings = build_claimreview(article, claims, options)
        return _json_text(reviews), warnings
    data = build_report_data(article, claims, options)
    warnings = list(data["warnings"])
    if fmt == "md":
        return render_markdown(data), warnings
    if fmt == "html":
        return render_html(data), warnings
    if fmt == "csv":
        return render_csv(data, bom=options.csv_bom), warnings
    return _json_text(data), warnings


@cache
def _schema_text() -> str:
    return resources.files(__package__).joinpath("report.schema.json").read_text("utf-8")


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``--format json`` output."""
    return json.loads(_schema_text())  # a fresh copy each time


def suggested_filename(article: Article, fmt: str) -> str:
    """A safe default file name for a report, e.g. ``report-1a2b3c4d.html``."""
    fmt = _format(fmt)
    safe = (ch for ch in article.id if ch.isascii() and (ch.isalnum() or ch in "-_"))
    stem = "".join(safe)[:16] or "article"
    kind = "claimreview-" if fmt == "claimreview" else "report-"
    return f"{kind}{stem}{EXTENSIONS[fmt]}"
