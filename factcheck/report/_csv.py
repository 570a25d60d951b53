"""The report as CSV: one row per claim, RFC 4180 quoting, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Any

from factcheck.report._data import sheet_time

COLUMNS: tuple[str, ...] = (
    "number",
    "text",
    "kinds",
    "verdict",
    "verdict_id",
    "checklist_done",
    "checklist_total",
    "sources_ok",
    "sources_broken",
    "sources_total",
    "notes",
    "needs_attention",
    "last_changed_by",
    "last_changed_at_utc",
    "claim_id",
)

# A spreadsheet treats a cell starting with one of these as a formula (or a DDE command).
_FORMULA_START = frozenset("=+-@\t\r")


def safe_cell(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading formula character gets an apostrophe."""
    if text and (text[0] in _FORMULA_START or text.lstrip()[:1] in _FORMULA_START):
        return "'" + text
    return text


def render_csv(data: dict[str, Any], *, bom: bool = True) -> str:
    buf = io.StringIO()
    if bom:
        buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for c in data["claims"]:
        notes = "\n".join(
            " ".join(n["text"].split()) + (f" ({n['author']})" if n["author"] else "")
            for n in c["notes"]
        )
        writer.writerow(
            (
                c["number"],
                safe_cell(c["text"]),
                safe_cell(", ".join(c["kinds"])),
                safe_cell(c["verdict"]["label"]),
                safe_cell(c["verdict"]["id"]),
                c["checklist"]["done"],
                c["checklist"]["total"],
                c["sources"]["ok"],
                c["sources"]["broken"],
                c["sources"]["total"],
                safe_cell(notes),
                safe_cell("; ".join(c["needs_attention"])),
                safe_cell(c["last_changed_by"] or ""),
                safe_cell(sheet_time(c["last_changed_at"])),
                safe_cell(c["id"]),
            )
        )
    return buf.getvalue()
