"""Check an article's sources: gather them from the store, fetch them, record the results.

The glue between ``store`` and ``fetch``; the CLI and the TUI both call it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from factcheck.model import Check, Claim


@dataclass(slots=True)
class Target:
    claim: Claim
    source_id: str
    url: str
    previous: Check | None


@dataclass(slots=True)
class CheckResult:
    claim_number: int
    claim_id: str
    source_id: str
    url: str
    check: Check
    changes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        c = self.check
        return {
            "claim": self.claim_number,
            "url": self.url,
            "outcome": c.outcome,
            "status": c.status,
            "final_url": c.final_url,
            "redirects": c.redirects,
            "content_type": c.content_type,
            "title": c.title,
            "canonical_url": c.canonical_url,
            "published": c.published,
            "size": c.size,
            "sha256": c.sha256,
            "checked_at": c.checked_at,
            "elapsed_ms": c.elapsed_ms,
            "error": c.error,
            "evidence": c.evidence,
            "changes": self.changes,
        }


def targets(claims: list[Claim]) -> list[Target]:
    return [
        Target(claim, src.id, src.url, src.latest) for claim in claims for src in claim.live_sources
    ]


def changes_since(previous: Check | None, current: Check) -> list[str]:
    """What a re-check shows that the last check did not: status, final URL, content."""
    if previous is None:
        return []
    out = []
    if previous.outcome != current.outcome:
        out.append(f"outcome {previous.outcome} -> {current.outcome}")
    if previous.status != current.status:
        out.append(f"status {previous.status} -> {current.status}")
    if (previous.final_url or previous.url) != (current.final_url or current.url):
        out.append(f"final URL {previous.final_url} -> {current.final_url}")
    if previous.sha256 and current.sha256 and previous.sha256 != current.sha256:
        out.append("content changed")
    return out


def fetch_settings(
    *,
    concurrency: int = 50,
    timeout: float = 20.0,
    allow_private: bool = False,
    max_bytes: int = 5 * 1024 * 1024,
    proxy: str | None = None,
    per_host: int = 8,
) -> Any:
    from factcheck.fetch import FetchSettings

    return FetchSettings(
        concurrency=max(1, concurrency),
        per_host=max(1, per_host),
        deadline=timeout,
        allow_private=allow_private,
        max_bytes=max_bytes,
        proxy=proxy,
    )


async def check_targets_async(
    todo: list[Target],
    settings: Any,
    on_result: Callable[[int, CheckResult], None] | None = None,
) -> list[CheckResult | None]:
    """Fetch every target; results in input order (None for any not finished when cancelled)."""
    from factcheck.fetch import check_urls_async

    results: list[CheckResult | None] = [None] * len(todo)

    def done(index: int, check: Check) -> None:
        t = todo[index]
        result = CheckResult(
            t.claim.number, t.claim.id, t.source_id, t.url, check, changes_since(t.previous, check)
        )
        results[index] = result
        if on_result is not None:
            on_result(index, result)

    await check_urls_async(
        [t.url for t in todo],
        settings,
        on_result=done,
        facts=[t.claim.facts for t in todo],
        claim_texts=[t.claim.text for t in todo],
    )
    return results


def check_article(
    store: Any,
    article_id: str,
    *,
    claim: str | int | None = None,
    progress: Callable[[int, int], None] | None = None,
    **settings_kwargs: Any,
) -> list[CheckResult]:
    """Fetch the sources of an article (or one claim) and record every result in the store."""
    claims = [store.claim(article_id, claim)] if claim is not None else store.claims(article_id)
    todo = targets(claims)
    if not todo:
        return []
    settings = fetch_settings(**settings_kwargs)
    count = 0

    def on_result(_index: int, _result: CheckResult) -> None:
        nonlocal count
        count += 1
        if progress is not None:
            progress(count, len(todo))

    results = asyncio.run(check_targets_async(todo, settings, on_result))
    finished = [r for r in results if r is not None]
    store.record_checks(article_id, [(r.claim_id, r.source_id, r.check) for r in finished])
    return finished
