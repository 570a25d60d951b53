"""Write a reviewer report for a stored article: the glue between ``store`` and ``report``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from factcheck.fileio import write_atomic


def report_text(store: Any, article_id: str, fmt: str, settings: Any) -> tuple[str, list[str]]:
    from factcheck.report import ReportOptions, render_report

    article = store.article(article_id)
    claims = store.claims(article_id)
    authors = sorted({e.author for e in store.history(article_id) if e.author})
    options = ReportOptions.from_settings(settings, checked_by=store.author, checkers=authors)
    return render_report(article, claims, fmt, options)


def write_report(
    store: Any, article_id: str, fmt: str, settings: Any, path: Path | None
) -> list[str]:
    """Render the report and write it to ``path`` atomically (stdout when ``path`` is None)."""
    text, warnings = report_text(store, article_id, fmt, settings)
    data = text.encode("utf-8")
    if path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(path, data)
    return warnings
