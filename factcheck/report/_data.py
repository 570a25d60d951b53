"""The report as plain data: one dict that every format renders.

Building the content once keeps the five formats saying the same thing. The dict is
exactly what ``--format json`` prints; its shape is documented by ``report.schema.json``.
Every string that came from outside (article, claims, notes, page titles, URLs) is
cleaned here of control characters, so the renderers only have to escape.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any, TypeVar, cast

from factcheck.model import OK_OUTCOMES, Article, Claim, Source, Verdict

#: The version of the JSON report layout; bumped on any incompatible change.
REPORT_VERSION = 1

ALL_CLEAR = "Nothing: every claim has a final verdict, its required items and working sources."

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# C0 and C1 controls except tab and newline, plus DEL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Embedding, override and isolate characters can reorder what a reader sees; show them.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# http(s), a host, and no whitespace anywhere (browsers drop tabs and newlines inside URLs).
_WEB_URL = re.compile(r"(?i)https?://[^\s/?#\\]+\S*\Z")
# A UTC timestamp: date, hours and minutes, optional seconds and fraction, Z or +00:00.
_UTC_STAMP = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]00:?00)\Z"
)
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
# Dates that tools write when they have none; never a real publication date.
_PLACEHOLDER_DATES = frozenset({date(1900, 1, 1), date(1970, 1, 1)})


F = TypeVar("F", bound=Callable[..., Any])
_MEMOS: list[Any] = []


def memo(fn: F) -> F:
    """A cache for the text helpers: repeated labels, names and times are escaped once.

    The caches are unbounded while a report is built (a report is bounded), and
    ``clear_memos`` empties them after each report, so outside text is not kept in memory
    by a long-running TUI and every report starts cold.
    """
    cached = cache(fn)
    _MEMOS.append(cached)
    return cast(F, cached)


def clear_memos() -> None:
    for cached in _MEMOS:
        cached.cache_clear()


_scope_lock = threading.Lock()
_scope_depth = 0
_gc_was_enabled = False


@contextmanager
def report_scope() -> Iterator[None]:
    """While a report is built: caches on and the cyclic GC paused; both undone at the end.

    A report builds many small containers that hold no cycles, so pausing the GC saves the
    repeated rescans. Nested and concurrent scopes share one pause; the last one out clears
    the caches and restores the GC as it was.
    """
    global _scope_depth, _gc_was_enabled
    with _scope_lock:
        if _scope_depth == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _scope_depth += 1
    try:
        yield
    finally:
        with _scope_lock:
            _scope_depth -= 1
            if _scope_depth == 0:
                clear_memos()
                if _gc_was_enabled:
                    gc.enable()


@dataclass(slots=True)
class ReportOptions:
    """What a report needs beyond the article: who publishes it, when it was made, labels.

    ``checked_by`` is the person making the report (shown as "Report generated … by").
    ``checkers`` adds names to "Checked by", which otherwise lists the authors of the
    latest change to each claim, item, source and note; pass every author in the
    article's history here so that people whose edits were later overwritten count too.
    ``generated_at`` is passed in (UTC ISO 8601) so that output is deterministic.
    ``verdict_labels`` maps verdict ids to a team's own labels; ids never change.
    ``claimreview_url_pattern`` may use ``{article_id}``, ``{claim_id}`` and ``{number}``.
    ``csv_bom`` starts CSV output with a UTF-8 byte order mark so spreadsheets
    (Excel above all) read accents correctly; turn it off for scripts.
    """

    organisation_name: str | None = None
    organisation_url: str | None = None
    claimreview_url_pattern: str | None = None
    checked_by: str | None = None
    generated_at: str = field(default_factory=lambda: utc_now())
    verdict_labels: dict[str, str] = field(default_factory=dict)
    csv_bom: bool = True
    checkers: list[str] = field(default_factory=list)

    @classmethod
    def from_settings(
        cls,
        settings: Any,
        *,
        checked_by: str | None = None,
        generated_at: str | None = None,
        checkers: list[str] | None = None,
    ) -> ReportOptions:
        """Options from a ``factcheck.config.Settings`` (or anything with the same attributes)."""
        return cls(
            organisation_name=getattr(settings, "organisation_name", None),
            organisation_url=getattr(settings, "organisation_url", None),
            claimreview_url_pattern=getattr(settings, "claimreview_url_pattern", None),
            checked_by=checked_by,
            generated_at=generated_at or utc_now(),
            verdict_labels=dict(getattr(settings, "verdict_labels", None) or {}),
            checkers=list(checkers or []),
        )


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --- text and values from outside -------------------------------------------------------------


def clean(text: object) -> str:
    """Untrusted text made safe to show: no control characters, bidi controls made visible."""
    if text is None:
        return ""
    s = text if isinstance(text, str) else str(text)
    if s.isprintable():
        return s
    s = _NEWLINES.sub("\n", s)
    s = _CONTROLS.sub("", s)
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", s)


@memo
def one_line(text: object) -> str:
    """``clean`` and fold every run of whitespace (newlines too) into one space."""
    if not text:
        return ""
    s = text if isinstance(text, str) else str(text)
    if s.isprintable() and "  " not in s and s.strip() == s:
        return s
    return " ".join(clean(s).split())


@memo
def opt(text: object) -> str | None:
    """A cleaned single-line string, or None when there is nothing to show."""
    return one_line(text) or None


@memo
def is_web_url(url: str | None) -> bool:
    """True for an absolute http(s) URL that a browser reads exactly as we do."""
    return bool(url) and url.isprintable() and _WEB_URL.match(url) is not None


@memo
def real_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` for a genuine date; None for none, garbage or placeholders like 0001-01-01."""
    if not value or not isinstance(value, str):
        return None
    day: date | None = None
    m = _ISO_DATE.match(value)
    if m:
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    else:
        try:
            day = parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError):
            return None
    if day.year < 1900 or day in _PLACEHOLDER_DATES:
        return None
    return day.isoformat()


def real_timestamp(value: str | None) -> str | None:
    """The timestamp as given when it starts with a real date, else None."""
    if value and real_date(value):
        return one_line(value)
    return None


# --- verdicts and sources ---------------------------------------------------------------------


def verdict_labels(options: ReportOptions) -> dict[Verdict, str]:
    """Each verdict's label: the team's own where configured, else the id in words."""
    labels: dict[Verdict, str] = {}
    custom = options.verdict_labels or {}
    for v in Verdict:
        label = one_line(custom.get(v.value, ""))
        labels[v] = label or v.value.replace("-", " ").capitalize()
    return labels


def source_state(source: Source) -> str:
    """``ok``, ``broken`` or ``unchecked`` (never fetched)."""
    check = source.latest
    if check is None:
        return "unchecked"
    return "ok" if check.outcome in OK_OUTCOMES else "broken"


def _as_text(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("text", "value", "label", "fact"):
            if isinstance(value.get(key), str):
                return one_line(value[key])
        return one_line(", ".join(f"{k}: {v}" for k, v in value.items()))
    return one_line(value if isinstance(value, (str, int, float)) else str(value))


def _evidence(raw: dict[str, Any] | None) -> dict[str, Any] | None:
    if not raw or not isinstance(raw, dict):
        return None
    out: dict[str, Any] = {}
    for key in ("found", "missing", "snippets"):
        items = raw.get(key) or []
        if isinstance(items, (str, dict)):
            items = [items]
        texts: list[str] = []
        if isinstance(items, list):
            for i in items:
                t = one_line(i) if type(i) is str else _as_text(i)
                if t:
                    texts.append(t)
        out[key] = texts
    score = raw.get("score")
    out["score"] = (
        float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None
    )
    return out


def claimant(claim: Claim) -> str | None:
    """Who made the claim: the first speaker fact, if the detector found one."""
    for fact in claim.facts:
        if fact.kind == "speaker":
            name = one_line(fact.value if isinstance(fact.value, str) and fact.value else fact.text)
            if name:
                return name
    return None


# --- the report --------------------------------------------------------------------------------


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _verdict_info(labels: dict[Verdict, str]) -> dict[Verdict, dict[str, Any]]:
    return {
        v: {
            "id": v.value,
            "label": labels[v],
            "final": v.is_final,
            "rating": v.rating,
            "description": v.description,
        }
        for v in Verdict
    }


def _claim_data(
    claim: Claim, verdicts: dict[Verdict, dict[str, Any]]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One claim as data, plus its changes as (at, by) pairs for 'who checked it and when'."""
    changes: list[tuple[str, str]] = []
    if claim.updated_by or claim.updated_at:
        changes.append((claim.updated_at, claim.updated_by))

    items = []
    done = required_open = 0
    line = one_line
    for item in claim.items:
        if item.done:
            done += 1
        elif item.required:
            required_open += 1
        by, at = item.updated_by, item.updated_at
        if by or at:
            changes.append((at, by))
        items.append(
            {
                "label": line(item.label) if item.label else "",
                "done": bool(item.done),
                "required": bool(item.required),
                "note": (line(item.note) or None) if item.note else None,
                "updated_by": (line(by) or None) if by else None,
                "updated_at": (line(at) or None) if at else None,
            }
        )

    sources = []
    counts = {"ok": 0, "broken": 0, "unchecked": 0}
    for src in claim.live_sources:
        # Inlined source_state(src): this loop runs for every source of every claim.
        check = src.checks[-1] if src.checks else None
        if check is None:
            state = "unchecked"
        elif check.outcome in OK_OUTCOMES:
            state = "ok"
        else:
            state = "broken"
        counts[state] += 1
        if src.updated_by or src.updated_at:
            changes.append((src.updated_at, src.updated_by))
        url = one_line(src.url)
        if check is None:
            entry: dict[str, Any] = {
                "url": url,
                "state": state,
                "origin": one_line(src.origin) or "manual",
                "note": opt(src.note),
                "outcome": None,
                "http_status": None,
                "final_url": None,
                "title": None,
                "checked_at": None,
                "error": None,
                "evidence": None,
            }
        else:
            final = opt(check.final_url)
            status = check.status
            entry = {
                "url": url,
                "state": state,
                "origin": one_line(src.origin) or "manual",
                "note": opt(src.note),
                "outcome": one_line(check.outcome),
                "http_status": status if type(status) is int else None,
                "final_url": final if final != url else None,
                "title": opt(check.title),
                "checked_at": opt(check.checked_at),
                "error": opt(check.error),
                "evidence": _evidence(check.evidence) if check.evidence else None,
            }
        sources.append(entry)

    notes = []
    for note in claim.live_notes:
        if note.author or note.at:
            changes.append((note.at, note.author))
        text = clean(note.text).strip()
        if text:
            notes.append({"text": text, "author": opt(note.author), "at": opt(note.at)})

    verdict = claim.verdict if isinstance(claim.verdict, Verdict) else Verdict(claim.verdict)
    attention: list[str] = []
    if verdict is Verdict.UNCHECKED:
        attention.append("no verdict yet")
    elif verdict is Verdict.IN_PROGRESS:
        attention.append("verdict still in progress")
    if required_open:
        attention.append(_plural(required_open, "required checklist item") + " not ticked")
    if counts["broken"]:
        for entry in sources:
            if entry["state"] == "broken":
                why = ", ".join(
                    x
                    for x in (
                        entry["outcome"],
                        f"HTTP {entry['http_status']}" if entry["http_status"] else "",
                    )
                    if x
                )
                attention.append(f"broken source {entry['url']}" + (f" ({why})" if why else ""))
    if counts["unchecked"]:
        attention.append(_plural(counts["unchecked"], "source") + " not fetched yet")
    if verdict.is_final and not sources:
        attention.append("verdict given without any source")
    if claim.status == "changed":
        attention.append("claim text changed in the article since it was detected")
    elif claim.status == "removed":
        attention.append("claim no longer appears in the article")
    if claim.conflicts:
        attention.append(_plural(len(claim.conflicts), "unresolved merge conflict"))

    last_at, last_by = max(changes) if changes else ("", "")
    data = {
        "number": claim.number,
        "id": one_line(claim.id),
        "text": one_line(claim.text),
        "previous_text": opt(claim.previous_text),
        "status": claim.status,
        "kinds": [one_line(k) for k in claim.kinds],
        "score": float(claim.score),
        "claimant": claimant(claim),
        "verdict": dict(verdicts[verdict]),
        "checklist": {
            "done": done,
            "total": len(items),
            "required_open": required_open,
            "items": items,
        },
        "sources": {**counts, "total": len(sources), "items": sources},
        "notes": notes,
        "last_changed_by": opt(last_by) or opt(claim.updated_by),
        "last_changed_at": opt(last_at) or opt(claim.updated_at),
        "needs_attention": attention,
    }
    return data, changes


def build_report_data(
    article: Article, claims: list[Claim], options: ReportOptions
) -> dict[str, Any]:
    """The report as JSON-ready data (what ``--format json`` prints)."""
    with report_scope():
        return _build_report_data(article, claims, options)


def _build_report_data(
    article: Article, claims: list[Claim], options: ReportOptions
) -> dict[str, Any]:
    labels = verdict_labels(options)
    verdicts = _verdict_info(labels)
    live = sorted((c for c in claims if not c.deleted), key=lambda c: c.number)
    claim_rows = []
    authors: set[str] = set()
    times: list[str] = []
    for claim in live:
        row, changes = _claim_data(claim, verdicts)
        claim_rows.append(row)
        for at, by in changes:
            name = one_line(by)
            if name:
                authors.add(name)
            if at:
                times.append(at)

    per_verdict = {v.value: 0 for v in Verdict}
    checklist_done = checklist_total = 0
    src = {"ok": 0, "broken": 0, "unchecked": 0, "total": 0}
    for row in claim_rows:
        per_verdict[row["verdict"]["id"]] += 1
        checklist_done += row["checklist"]["done"]
        checklist_total += row["checklist"]["total"]
        for key in src:
            src[key] += row["sources"][key]

    attention = [
        {"number": r["number"], "id": r["id"], "reasons": r["needs_attention"]}
        for r in claim_rows
        if r["needs_attention"]
    ]
    for name in options.checkers or []:
        name = one_line(name)
        if name:
            authors.add(name)
    times.sort()
    warnings = _content_warnings(article, claim_rows, bool(authors))
    return {
        "report_version": REPORT_VERSION,
        "generated_at": one_line(options.generated_at),
        "generated_by": opt(options.checked_by),
        "article": {
            "id": one_line(article.id),
            "title": opt(article.title),
            "url": opt(article.url),
            "canonical_url": opt(article.canonical_url),
            "source": opt(article.source),
            "published": real_date(article.published),
            "author": opt(article.author),
            "site": opt(article.site),
        },
        "checked_by": sorted(authors, key=lambda a: (a.casefold(), a)),
        "first_change_at": opt(times[0]) if times else None,
        "last_change_at": opt(times[-1]) if times else None,
        "summary": {
            "claims": len(claim_rows),
            "verdicts": [
                {"id": v.value, "label": labels[v], "count": per_verdict[v.value]} for v in Verdict
            ],
            "final": sum(1 for r in claim_rows if r["verdict"]["final"]),
            "checklist": {"done": checklist_done, "total": checklist_total},
            "sources": src,
            "needs_attention": len(attention),
        },
        "needs_attention": attention,
        "claims": claim_rows,
        "warnings": warnings,
    }


def _content_warnings(article: Article, rows: list[dict[str, Any]], authors: bool) -> list[str]:
    warnings: list[str] = []
    missing = [
        name
        for name, value in (
            ("title", one_line(article.title)),
            ("URL", article.url),
            ("publication date", real_date(article.published)),
        )
        if not value
    ]
    if missing:
        warnings.append("The article has no " + " and no ".join(missing) + ".")
    if not rows:
        warnings.append("The article has no claims: there is nothing to report yet.")
        return warnings
    open_ = sum(1 for r in rows if not r["verdict"]["final"])
    if open_:
        warnings.append(
            f"{_plural(open_, 'claim')} of {len(rows)} {'has' if open_ == 1 else 'have'}"
            " no final verdict."
        )
    broken = sum(r["sources"]["broken"] for r in rows)
    if broken:
        warnings.append(f"{_plural(broken, 'source')} could not be fetched or did not load.")
    if not authors:
        warnings.append("No change records an author: 'checked by' is unknown.")
    return warnings


@memo
def human_time(value: str | None) -> str:
    """``2026-11-25T20:04:40Z`` as ``2026-11-25 20:04 UTC``; anything unparsable as it is."""
    if not value:
        return ""
    m = _UTC_STAMP.match(value)
    if m:  # the common case: our own UTC timestamps
        return f"{m[1]} {m[2]} UTC"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return one_line(value)
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def percent(done: int, total: int) -> str:
    return f"{round(100 * done / total)}%" if total else "–"


@memo
def sheet_time(value: str | None) -> str:
    """A timestamp as ``YYYY-MM-DD HH:MM:SS`` in UTC, which spreadsheets read as a date-time."""
    if not value:
        return ""
    m = _UTC_STAMP.match(value)
    if m:
        return f"{m[1]} {m[2]}:{m[3] or '00'}"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return one_line(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")
